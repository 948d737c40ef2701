// The joint offer workspace at /offers/:id: where the offer stands, invitations to answer, the
// members and what each brings, the live coverage panel, inviting partners, the consortium
// thread and the history. Everything follows the offer's live events.
import { Alert, Heading, Link as DsLink, Paragraph, Spinner, Tag } from "@digdir/designsystemet-react";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { SignInFirst } from "../account/CreateOrganisationPage";
import { usePageTitle } from "../app/Layout";
import { useSession } from "../app/session";
import { graphql } from "../gql";
import { ConsortiumThread } from "./ConsortiumThread";
import { ContributionForm } from "./ContributionForm";
import { mayLeave } from "./changes";
import { CoveragePanel } from "./CoveragePanel";
import { EditOffer } from "./EditOffer";
import { InvitationAnswer } from "./InvitationAnswer";
import { useInvite } from "./invite";
import { InvitePanel } from "./InvitePanel";
import { useOfferLive, type OfferEvent } from "./live";
import { OfferActions } from "./OfferActions";
import { OfferHistory } from "./OfferHistory";
import { HandOverLead, LeaveOffer } from "./MemberChanges";
import { OfferMembers } from "./OfferMembers";
import { PartnerCallForm } from "./PartnerCallForm";
import { lotList, mine } from "./words";
import "./offers.css";

export const OfferWorkspaceFragmentDoc = graphql(`
  fragment OfferWorkspace on JointOffer {
    id
    status
    lots
    pitch
    partnerCall
    createdAt
    updatedAt
    submittedAt
    viewerIsMember
    viewerLeads
    lead {
      id
      name
    }
    need {
      id
      title
      language
      status
      maxLotsPerBidder
      lots {
        number
        title
        reserved
      }
    }
    ...OfferMembers
    ...OfferCoverage
    ...OfferHistory
  }
`);

const OfferPageDocument = graphql(`
  query OfferPage($id: ID!) {
    jointOffer(id: $id) {
      id
      ...OfferWorkspace
    }
  }
`);

export function OfferPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const { me, loading } = useSession();
  const [messages, setMessages] = useState(0);
  const onEvent = useCallback(
    (event: OfferEvent) => {
      if (event.offer.id === id && event.kind === "MESSAGE") setMessages((n) => n + 1);
    },
    [id],
  );
  const after = useOfferLive(onEvent);
  const [{ data, fetching }] = useQuery({ query: OfferPageDocument, variables: { id }, pause: !me });
  const [notice, setNotice] = useState<string | null>(null);
  const [, invite] = useInvite();
  const offer = data?.jointOffer;
  usePageTitle(offer?.need ? t("offers.page.title", { need: offer.need.title }) : t("offers.page.fallbackTitle"));
  if (!me && !loading) return <SignInFirst />;
  if ((fetching || loading) && !data) return <Spinner aria-label={t("common.loading")} />;
  if (!offer) {
    return (
      <>
        <Heading level={1} data-size="lg" tabIndex={-1}>
          {t("offers.page.notFound")}
        </Heading>
        <Paragraph>{t("offers.page.notFoundHelp")}</Paragraph>
      </>
    );
  }
  const myOrgIds = me?.memberships.map((m) => m.organisation.id) ?? [];
  const myMembers = mine(offer.members, myOrgIds);
  const invitations = myMembers.filter((m) => m.state === "INVITED");
  const accepted = myMembers.filter((m) => m.state === "ACCEPTED");
  const forming = offer.status === "FORMING" || offer.status === "READY";
  const taken = offer.members
    .filter((m) => !["DECLINED", "LEFT", "REJECTED"].includes(m.state))
    .map((m) => m.organisation.id);
  const onInvite = async (organisationId: string, name: string) => {
    const result = await invite({ offerId: offer.id, organisationId, role: "PARTNER", message: "" });
    setNotice(result.error ? t("offers.invite.failed", { name }) : t("offers.invite.sent", { name }));
  };
  const lots = lotList(offer.lots);
  return (
    <article className="offer-page">
      <header className="offer-page__head">
        <Tag data-color={offer.status === "SUBMITTED" ? "success" : "neutral"}>{t(`offers.statusName.${offer.status}`)}</Tag>
        <Heading level={1} data-size="lg" tabIndex={-1}>
          {t("offers.page.heading")}
          {offer.need && (
            <>
              {": "}
              <span lang={offer.need.language}>{offer.need.title}</span>
            </>
          )}
        </Heading>
        <Paragraph>
          {t("offers.page.ledBy", { lead: offer.lead.name })} ·{" "}
          {lots ? t("offers.page.lots", { lots }) : t("offers.page.wholeNeed")}
          {offer.need && (
            <>
              {" · "}
              <DsLink asChild>
                <Link to={`/needs/${encodeURIComponent(offer.need.id)}`}>{t("offers.page.toNeed")}</Link>
              </DsLink>
            </>
          )}
        </Paragraph>
        {offer.pitch && <Paragraph className="muted">{offer.pitch}</Paragraph>}
      </header>
      {!after && <Alert data-color="info">{t("need.liveConnecting")}</Alert>}
      {notice && (
        <Alert data-color="info" role="status">
          {notice}
        </Alert>
      )}
      {invitations.map((m) => (
        <InvitationAnswer key={m.organisation.id} offer={offer} invitation={m} onAnswered={setNotice} />
      ))}
      <OfferActions offer={offer} myOrgIds={myOrgIds} />
      <CoveragePanel offer={offer} onInvite={forming ? onInvite : undefined} />
      <OfferMembers offer={offer} />
      {forming &&
        accepted.map((m) => (
          <ContributionForm key={m.organisation.id} offerId={offer.id} offerLots={offer.lots} member={m} />
        ))}
      {offer.viewerLeads && forming && (
        <InvitePanel offerId={offer.id} taken={taken} onInvited={(name) => setNotice(t("offers.invite.sent", { name }))} />
      )}
      {offer.viewerLeads && forming && <PartnerCallForm offerId={offer.id} current={offer.partnerCall} />}
      {offer.viewerLeads && forming && offer.need && (
        <EditOffer key={`${offer.lots.join()}|${offer.pitch}`} offer={offer} need={offer.need} onSaved={setNotice} />
      )}
      {offer.viewerLeads && forming && <HandOverLead offer={offer} onDone={setNotice} />}
      {forming && mayLeave(offer.members, myOrgIds).map((m) => <LeaveOffer key={m.organisation.id} offer={offer} member={m} />)}
      {offer.viewerIsMember && accepted[0] && (
        <ConsortiumThread offerId={offer.id} organisationId={accepted[0].organisation.id} version={messages} />
      )}
      <OfferHistory offer={offer} />
    </article>
  );
}
