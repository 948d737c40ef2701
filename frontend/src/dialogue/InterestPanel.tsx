// "We are interested": per lot or the whole need, for the organisation the person acts for.
// The buyer sees the organisation's name and the lots; the panel says so before anyone clicks.
import { Button, Checkbox, Fieldset, Heading, Paragraph } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import { ErrorSummary } from "../app/ErrorSummary";
import { formatDateTime } from "../app/format";
import { useFormErrors } from "../account/useForm";
import { graphql } from "../gql";

const MarkInterestDocument = graphql(`
  mutation MarkInterest($input: MarkInterestInput!) {
    markInterest(input: $input) {
      lotNumbers
      markedAt
    }
  }
`);

const WithdrawInterestDocument = graphql(`
  mutation WithdrawInterest($needId: ID!, $organisationId: ID!) {
    withdrawInterest(needId: $needId, organisationId: $organisationId)
  }
`);

type Need = {
  id: string;
  language: string;
  lots: { number: number; title: string }[];
  viewerInterests: { organisation: { id: string }; lotNumbers: number[]; markedAt: string }[];
};

type Props = { need: Need; organisation: { id: string; name: string }; onChange: () => void };

export function InterestPanel({ need, organisation, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const current = need.viewerInterests.find((i) => i.organisation.id === organisation.id);
  const [lots, setLots] = useState<number[]>(current?.lotNumbers ?? []);
  const form = useFormErrors();
  const [mark, markInterest] = useMutation(MarkInterestDocument);
  const [withdraw, withdrawInterest] = useMutation(WithdrawInterestDocument);
  const busy = mark.fetching || withdraw.fetching;
  const onMark = async (e: React.FormEvent) => {
    e.preventDefault();
    const result = await markInterest({ input: { needId: need.id, organisationId: organisation.id, lotNumbers: lots } });
    if (form.accept(result.error)) onChange();
  };
  const onWithdraw = async () => {
    const result = await withdrawInterest({ needId: need.id, organisationId: organisation.id });
    if (form.accept(result.error)) {
      setLots([]);
      onChange();
    }
  };
  return (
    <section aria-labelledby="interest-heading">
      <Heading level={3} data-size="sm" id="interest-heading">
        {t("participant.interest.heading")}
      </Heading>
      <Paragraph>{t("participant.interest.buyerSees", { name: organisation.name })}</Paragraph>
      <ErrorSummary errors={form.errors} fieldIds={{ lotNumbers: "interest-lots" }} />
      <Paragraph role="status" data-testid="interest-status">
        {current
          ? t(current.lotNumbers.length > 0 ? "participant.interest.markedLots" : "participant.interest.markedAll", {
              lots: current.lotNumbers.join(", "),
              when: formatDateTime(current.markedAt, i18n.language),
            })
          : t("participant.interest.none")}
      </Paragraph>
      <form className="stack narrow" onSubmit={onMark} noValidate>
        {need.lots.length > 0 && (
          <Fieldset id="interest-lots">
            <Fieldset.Legend>{t("participant.interest.lots")}</Fieldset.Legend>
            <Fieldset.Description>{t("participant.interest.lotsHelp")}</Fieldset.Description>
            {need.lots.map((lot) => (
              <Checkbox
                key={lot.number}
                label={
                  <>
                    {t("offers.coverage.lot", { lot: lot.number })}: <span lang={need.language}>{lot.title}</span>
                  </>
                }
                checked={lots.includes(lot.number)}
                onChange={(e) => setLots(e.target.checked ? [...lots, lot.number] : lots.filter((l) => l !== lot.number))}
              />
            ))}
          </Fieldset>
        )}
        <div className="actions">
          <Button type="submit" disabled={busy}>
            {t(current ? "participant.interest.update" : "participant.interest.mark")}
          </Button>
          {current && (
            <Button type="button" variant="secondary" disabled={busy} onClick={onWithdraw}>
              {t("participant.interest.withdraw")}
            </Button>
          )}
        </div>
      </form>
    </section>
  );
}
