// The lead publishes a call for partners (every signed-in user then sees the offer's gaps and
// may ask to join) or takes it down.
import { Button, Heading, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import { ErrorSummary } from "../app/ErrorSummary";
import { useFormErrors } from "../account/useForm";
import { graphql } from "../gql";

const SetCallDocument = graphql(`
  mutation SetPartnerCall($offerId: ID!, $text: String) {
    setPartnerCall(offerId: $offerId, text: $text) {
      id
      ...OfferWorkspace
    }
  }
`);

export function PartnerCallForm({ offerId, current }: { offerId: string; current: string | null | undefined }) {
  const { t } = useTranslation();
  const [text, setText] = useState(current ?? "");
  const form = useFormErrors();
  const [{ fetching }, setCall] = useMutation(SetCallDocument);
  const publish = async (value: string | null) => form.accept((await setCall({ offerId, text: value })).error);
  return (
    <section aria-labelledby="call-heading">
      <Heading level={2} data-size="md" id="call-heading">
        {t("offers.callForm.heading")}
      </Heading>
      <Paragraph className="muted">{t("offers.callForm.intro")}</Paragraph>
      <Paragraph role="status" data-testid="call-status">
        {current ? t("offers.callForm.published") : t("offers.callForm.notPublished")}
      </Paragraph>
      <ErrorSummary errors={form.errors} fieldIds={{ text: "call-text" }} />
      <form
        className="stack narrow"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void publish(text);
        }}
      >
        <Textfield id="call-text" multiline rows={3} label={t("offers.callForm.text")} description={t("offers.callForm.textHelp")} value={text} onChange={(e) => setText(e.target.value)} error={form.field("text")} />
        <div className="actions">
          <Button type="submit" disabled={fetching}>
            {t(current ? "offers.callForm.update" : "offers.callForm.publish")}
          </Button>
          {current && (
            <Button type="button" variant="secondary" disabled={fetching} onClick={() => publish(null)}>
              {t("offers.callForm.takeDown")}
            </Button>
          )}
        </div>
      </form>
    </section>
  );
}
