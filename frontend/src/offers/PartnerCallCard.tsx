// A published call for partners: who leads, for which lots, what the group still lacks, and
// "ask to join" with a message and what we would bring.
import { Button, Card, Heading, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMutation } from "urql";
import { ErrorSummary } from "../app/ErrorSummary";
import { useFormErrors } from "../account/useForm";
import { graphql } from "../gql";
import type { PartnerCallItemFragment } from "../gql/graphql";
import { lotList, wholeNumber } from "./words";

export const PartnerCallItemFragmentDoc = graphql(`
  fragment PartnerCallItem on PartnerCall {
    offerId
    lots
    pitch
    text
    publishedAt
    lead {
      id
      name
    }
    need {
      id
      title
      language
    }
    gaps {
      lot
      title
      gaps {
        factor
        explanation
      }
    }
  }
`);

const AskToJoinDocument = graphql(`
  mutation AskToJoin($offerId: ID!, $organisationId: ID!, $message: String!, $contribution: ContributionInput) {
    askToJoinJointOffer(offerId: $offerId, organisationId: $organisationId, message: $message, contribution: $contribution) {
      id
    }
  }
`);

type Props = { call: PartnerCallItemFragment; organisation: { id: string; name: string } | null };

export function PartnerCallCard({ call, organisation }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState("");
  const [places, setPlaces] = useState("");
  const [sent, setSent] = useState(false);
  const form = useFormErrors();
  const [{ fetching }, ask] = useMutation(AskToJoinDocument);
  const lots = lotList(call.lots);
  const prefix = `call-${call.offerId.replace(/[^A-Za-z0-9]/g, "")}`;
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!organisation) return;
    const n = wholeNumber(places);
    if (n === "invalid") return form.set([{ field: "contribution.trainingPlaces", message: t("offers.contributionForm.wholeNumber") }]);
    const result = await ask({ offerId: call.offerId, organisationId: organisation.id, message, contribution: { trainingPlaces: n } });
    if (form.accept(result.error)) setSent(true);
  };
  const factors = [...new Set(call.gaps.flatMap((g) => g.gaps.map((x) => x.factor)))];
  return (
    <Card data-color="neutral">
      <Heading level={3} data-size="xs">
        {call.need ? (
          <Link to={`/needs/${encodeURIComponent(call.need.id)}`} lang={call.need.language}>
            {call.need.title}
          </Link>
        ) : (
          t("offers.page.heading")
        )}
      </Heading>
      <Paragraph data-size="sm">
        {t("offers.page.ledBy", { lead: call.lead.name })} · {lots ? t("offers.page.lots", { lots }) : t("offers.page.wholeNeed")}
      </Paragraph>
      <Paragraph>{call.text}</Paragraph>
      {factors.length > 0 && (
        <Paragraph data-size="sm">
          {t("offers.calls.lacks", { what: factors.map((f) => t(`offers.factor.${f}`, { defaultValue: f })).join(", ") })}
        </Paragraph>
      )}
      {sent ? (
        <Paragraph role="status">{t("offers.calls.sent")}</Paragraph>
      ) : organisation && !open ? (
        <div>
          <Button variant="secondary" data-size="sm" onClick={() => setOpen(true)}>
            {t("offers.calls.ask", { name: organisation.name })}
          </Button>
        </div>
      ) : organisation ? (
        <form className="stack" onSubmit={onSubmit} noValidate>
          <ErrorSummary errors={form.errors} fieldIds={{ message: `${prefix}-message`, "contribution.trainingPlaces": `${prefix}-places` }} />
          <Textfield id={`${prefix}-message`} multiline rows={2} label={t("offers.calls.message")} value={message} onChange={(e) => setMessage(e.target.value)} error={form.field("message")} />
          <Textfield id={`${prefix}-places`} inputMode="numeric" label={t("offers.calls.places")} value={places} onChange={(e) => setPlaces(e.target.value)} error={form.field("contribution.trainingPlaces")} />
          <div className="actions">
            <Button type="submit" disabled={fetching}>
              {t("offers.calls.send")}
            </Button>
            <Button type="button" variant="tertiary" onClick={() => setOpen(false)}>
              {t("offers.status.cancel")}
            </Button>
          </div>
        </form>
      ) : null}
    </Card>
  );
}
