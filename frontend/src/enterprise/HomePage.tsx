// /home for social enterprises and suppliers: needs suggested with the reasons, saved searches
// with what is new since the last visit, our joint offers and invitations, and calls for
// partners. Offers follow their live events; when a notification arrives (the bell's own
// subscription), the page reads its data afresh, so a newly announced need shows at once.
import { Button, Heading, Link as DsLink, Paragraph, Spinner } from "@digdir/designsystemet-react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { SignInFirst } from "../account/CreateOrganisationPage";
import { formatDateTime } from "../app/format";
import { usePageTitle } from "../app/Layout";
import { useNotificationArrivals } from "../app/notificationsLive";
import { useSession } from "../app/session";
import { graphql } from "../gql";
import { useOfferLive } from "../offers/live";
import { OfferCard } from "../offers/OfferCard";
import { PartnerCallCard } from "../offers/PartnerCallCard";
import { mine } from "../offers/words";
import { takeLastVisit } from "./lastVisit";
import { SavedSearchNews } from "./SavedSearchNews";
import { SuggestedNeeds } from "./SuggestedNeeds";
import "../offers/offers.css";

const HomeDocument = graphql(`
  query EnterpriseHome($id: ID!) {
    organisation(id: $id) {
      id
      name
      kind
      ...SuggestedNeeds
    }
    myJointOffers {
      id
      ...OfferCard
    }
    partnerCalls(first: 10) {
      offerId
      lead {
        id
      }
      ...PartnerCallItem
    }
  }
`);

export function HomePage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("enterprise.title"));
  const { me, loading, activeOrganisation: org } = useSession();
  // Read once per organisation on arrival; `undefined` while the session loads.
  const [since, setSince] = useState<string | null | undefined>(undefined);
  const orgId = org?.id;
  useEffect(() => {
    if (orgId) setSince(takeLastVisit(orgId, new Date()));
  }, [orgId]);
  const [{ data }, refetch] = useQuery({ query: HomeDocument, variables: { id: org?.id ?? "" }, pause: !org });
  const [fresh, setFresh] = useState(0);
  // A notification means something changed for us: read the page again from the server.
  const arrived = useNotificationArrivals();
  const seen = useRef(arrived);
  const [refreshedAt, setRefreshedAt] = useState<Date | null>(null);
  useEffect(() => {
    if (arrived === seen.current) return;
    seen.current = arrived;
    refetch({ requestPolicy: "network-only" });
    setRefreshedAt(new Date());
  }, [arrived, refetch]);
  useOfferLive((event) => {
    if (!data?.myJointOffers.some((o) => o.id === event.offer.id)) setFresh((n) => n + 1);
  });
  if (!me && !loading) return <SignInFirst />;
  if (org && org.kind !== "WISE" && org.kind !== "SUPPLIER") {
    return (
      <>
        <Heading level={1} data-size="lg" tabIndex={-1}>
          {t("enterprise.title")}
        </Heading>
        <Paragraph>{t("enterprise.notForBuyers")}</Paragraph>
      </>
    );
  }
  if (!data?.organisation || !me) return <Spinner aria-label={t("common.loading")} />;
  const myOrgIds = me.memberships.map((m) => m.organisation.id);
  const invitations = data.myJointOffers.filter((o) => mine(o.members, myOrgIds).some((m) => m.state === "INVITED"));
  const offers = data.myJointOffers.filter((o) => !invitations.includes(o)).slice(0, 5);
  const calls = data.partnerCalls.filter((c) => !myOrgIds.includes(c.lead.id)).slice(0, 5);
  return (
    <div className="enterprise-home">
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("enterprise.heading", { name: data.organisation.name })}
      </Heading>
      <Paragraph>{t("enterprise.intro")}</Paragraph>
      <Paragraph role="status" data-size="sm" className="muted" data-testid="home-refreshed">
        {refreshedAt ? t("enterprise.refreshed", { when: formatDateTime(refreshedAt.toISOString(), i18n.language) }) : ""}
      </Paragraph>
      <div className="two-columns">
        <SuggestedNeeds organisation={data.organisation} />
        <div>
          <section aria-labelledby="home-offers-heading">
            <Heading level={2} data-size="md" id="home-offers-heading">
              {t("enterprise.offers.heading")}
            </Heading>
            {fresh > 0 && (
              <Button
                variant="secondary"
                data-size="sm"
                onClick={() => {
                  setFresh(0);
                  refetch({ requestPolicy: "network-only" });
                }}
              >
                {t("offers.list.freshShow", { count: fresh })}
              </Button>
            )}
            <Paragraph>{t("enterprise.offers.invitations", { count: invitations.length })}</Paragraph>
            <ul className="offer-list" data-testid="home-offers">
              {[...invitations, ...offers].map((o) => (
                <li key={o.id}>
                  <OfferCard offer={o} myOrgIds={myOrgIds} />
                </li>
              ))}
            </ul>
            <DsLink asChild>
              <Link to="/offers">{t("enterprise.offers.all")}</Link>
            </DsLink>
          </section>
          {since !== undefined && <SavedSearchNews since={since} version={refreshedAt?.getTime() ?? 0} />}
        </div>
      </div>
      <section aria-labelledby="calls-heading">
        <Heading level={2} data-size="md" id="calls-heading">
          {t("offers.calls.heading")}
        </Heading>
        <Paragraph className="muted">{t("offers.calls.intro")}</Paragraph>
        {calls.length === 0 && <Paragraph>{t("offers.calls.none")}</Paragraph>}
        <DsLink asChild>
          <Link to="/calls">{t("enterprise.allCalls")}</Link>
        </DsLink>
        <ul className="offer-list" data-testid="home-calls">
          {calls.map((c) => (
            <li key={c.offerId}>
              <PartnerCallCard call={c} organisation={org} />
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
