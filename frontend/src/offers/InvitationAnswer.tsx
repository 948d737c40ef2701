// An invitation to my organisation: what the lead asks, whether accepting would clash with an
// offer we already bid in for the same lot (one bidding place per lot), accept or decline.
import { Alert, Button, Card, Heading, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";
import { codeOf } from "../app/errors";
import { ErrorSummary } from "../app/ErrorSummary";
import { useFormErrors } from "../account/useForm";
import { graphql } from "../gql";
import { competingOffer, lotList, type OfferLike } from "./words";

const MyOffersBriefDocument = graphql(`
  query MyOffersBrief {
    myJointOffers {
      id
      status
      lots
      lead {
        id
        name
      }
      need {
        id
      }
      members {
        organisation {
          id
          name
        }
        role
        state
      }
    }
  }
`);

const AnswerInvitationDocument = graphql(`
  mutation AnswerJointOfferInvitation($offerId: ID!, $organisationId: ID!, $accept: Boolean!) {
    answerJointOfferInvitation(offerId: $offerId, organisationId: $organisationId, accept: $accept) {
      id
      ...OfferWorkspace
    }
  }
`);

type Props = {
  /** Told in words once answered (the invitation then leaves the page). */
  onAnswered: (text: string) => void;
  offer: OfferLike & { lead: { name: string } };
  invitation: { organisation: { id: string; name: string }; role: string; message: string };
};

export function InvitationAnswer({ offer, invitation, onAnswered }: Props) {
  const { t } = useTranslation();
  const form = useFormErrors();
  const [{ data }] = useQuery({ query: MyOffersBriefDocument, requestPolicy: "network-only" });
  const [{ fetching }, answer] = useMutation(AnswerInvitationDocument);
  const org = invitation.organisation;
  const clash =
    invitation.role !== "SUBCONTRACTOR" && data ? competingOffer(data.myJointOffers, offer, org.id) : null;
  const clashText = clash
    ? t("offers.invitation.alreadyBidding", {
        name: org.name,
        lead: (clash.offer as { lead?: { name: string } }).lead?.name ?? "",
        what: lotList(clash.lots) ? t("offers.invitation.lots", { lots: lotList(clash.lots) }) : t("offers.invitation.thisNeed"),
      })
    : null;
  const onAnswer = async (accept: boolean) => {
    const result = await answer({ offerId: offer.id, organisationId: org.id, accept });
    if (result.error && codeOf(result.error) === "CONFLICT") {
      // The server refuses a second bidding place for a lot; say why in our words.
      form.set([{ field: null, message: clashText ?? t("offers.invitation.conflict") }]);
      return;
    }
    if (form.accept(result.error)) onAnswered(t(accept ? "offers.invitation.accepted" : "offers.invitation.declined"));
  };
  const headingId = `invitation-${org.id}`;
  return (
    <section aria-labelledby={headingId} data-testid="invitation">
    <Card data-color="accent">
      <Heading level={2} data-size="sm" id={headingId}>
        {t("offers.invitation.heading", { lead: offer.lead.name, name: org.name, role: t(`offers.role.${invitation.role}`) })}
      </Heading>
      {invitation.message && <Paragraph>“{invitation.message}”</Paragraph>}
      <ErrorSummary errors={form.errors} />
      {clashText && (
        <Alert data-color="warning" data-testid="invitation-clash">
          <Paragraph>{clashText}</Paragraph>
          <Paragraph>{t("offers.invitation.clashHelp")}</Paragraph>
        </Alert>
      )}
      <div className="actions">
          <Button disabled={fetching} onClick={() => onAnswer(true)}>
            {t("offers.invitation.accept", { name: org.name })}
          </Button>
          <Button variant="secondary" disabled={fetching} onClick={() => onAnswer(false)}>
            {t("offers.invitation.decline")}
          </Button>
      </div>
    </Card>
    </section>
  );
}
