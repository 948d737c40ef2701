// Where the offer stands and the next step: each member confirms the offer as it stands; when
// all have, the lead submits it to the buyer (after a "check before you send" step) or withdraws.
import { Alert, Button, Heading, Paragraph } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, type CombinedError } from "urql";
import { ErrorSummary } from "../app/ErrorSummary";
import { formatDateTime } from "../app/format";
import { useFormErrors } from "../account/useForm";
import { graphql } from "../gql";
import type { OfferMembersFragment } from "../gql/graphql";
import { mine } from "./words";

const ConfirmDocument = graphql(`
  mutation ConfirmJointOffer($offerId: ID!, $organisationId: ID!) {
    confirmJointOffer(offerId: $offerId, organisationId: $organisationId) {
      id
      ...OfferWorkspace
    }
  }
`);

const SubmitDocument = graphql(`
  mutation SubmitJointOffer($offerId: ID!) {
    submitJointOffer(offerId: $offerId) {
      id
      ...OfferWorkspace
    }
  }
`);

const WithdrawDocument = graphql(`
  mutation WithdrawJointOffer($offerId: ID!) {
    withdrawJointOffer(offerId: $offerId) {
      id
      ...OfferWorkspace
    }
  }
`);

type Props = { offer: OfferMembersFragment & { submittedAt?: string | null }; myOrgIds: string[] };

export function OfferActions({ offer, myOrgIds }: Props) {
  const { t, i18n } = useTranslation();
  const form = useFormErrors();
  const [asking, setAsking] = useState<"submit" | "withdraw" | null>(null);
  const [confirmState, confirm] = useMutation(ConfirmDocument);
  const [submitState, submit] = useMutation(SubmitDocument);
  const [withdrawState, withdraw] = useMutation(WithdrawDocument);
  const busy = confirmState.fetching || submitState.fetching || withdrawState.fetching;
  const accepted = offer.members.filter((m) => m.state === "ACCEPTED");
  const confirmed = accepted.filter((m) => m.confirmedAt).length;
  const toConfirm = mine(accepted, myOrgIds).filter((m) => !m.confirmedAt);
  const open = offer.status === "FORMING" || offer.status === "READY";
  const run = async (action: Promise<{ error?: CombinedError }>) => {
    setAsking(null);
    form.accept((await action).error);
  };
  return (
    <section aria-labelledby="status-heading">
      <Heading level={2} data-size="md" id="status-heading">
        {t("offers.status.heading")}
      </Heading>
      <ErrorSummary errors={form.errors} />
      <Paragraph role="status" data-testid="offer-status">
        <strong>{t(`offers.statusName.${offer.status}`)}</strong>
        {" – "}
        {offer.status === "FORMING" && t("offers.status.forming", { confirmed, total: accepted.length })}
        {offer.status === "READY" && t(offer.viewerLeads ? "offers.status.readyLead" : "offers.status.ready")}
        {offer.status === "SUBMITTED" &&
          t("offers.status.submitted", { when: offer.submittedAt ? formatDateTime(offer.submittedAt, i18n.language) : "" })}
        {["WITHDRAWN", "AWARDED", "NOT_AWARDED"].includes(offer.status) && t(`offers.status.${offer.status}`)}
      </Paragraph>
      <div className="actions">
        {open &&
          toConfirm.map((m) => (
            <Button key={m.organisation.id} disabled={busy} onClick={() => run(confirm({ offerId: offer.id, organisationId: m.organisation.id }))}>
              {t("offers.status.confirm", { name: m.organisation.name })}
            </Button>
          ))}
        {offer.viewerLeads && offer.status === "READY" && (
          <Button disabled={busy} onClick={() => setAsking("submit")}>
            {t("offers.status.submit")}
          </Button>
        )}
        {offer.viewerLeads && (open || offer.status === "SUBMITTED") && (
          <Button variant="tertiary" data-color="danger" disabled={busy} onClick={() => setAsking("withdraw")}>
            {t("offers.status.withdraw")}
          </Button>
        )}
      </div>
      {asking && (
        <Alert data-color={asking === "submit" ? "info" : "warning"} data-testid="offer-check">
          <Heading level={3} data-size="xs">
            {t(`offers.status.${asking}Check`)}
          </Heading>
          <Paragraph>{t(`offers.status.${asking}CheckHelp`)}</Paragraph>
          <div className="actions">
            <Button
              disabled={busy}
              onClick={() => run(asking === "submit" ? submit({ offerId: offer.id }) : withdraw({ offerId: offer.id }))}
            >
              {t(`offers.status.${asking}Yes`)}
            </Button>
            <Button variant="secondary" onClick={() => setAsking(null)}>
              {t("offers.status.cancel")}
            </Button>
          </div>
        </Alert>
      )}
    </section>
  );
}
