// /offers: my organisations' joint offers, invitations to answer first.
import { Alert, Button, Heading, Paragraph, Spinner } from "@digdir/designsystemet-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";
import { useQuery } from "urql";
import { SignInFirst } from "../account/CreateOrganisationPage";
import { usePageTitle } from "../app/Layout";
import { useSession } from "../app/session";
import { graphql } from "../gql";
import { useOfferLive } from "./live";
import { OfferCard } from "./OfferCard";
import { mine } from "./words";
import "./offers.css";

const MyOffersDocument = graphql(`
  query MyOffers {
    myJointOffers {
      id
      ...OfferCard
    }
  }
`);

export function OffersPage() {
  const { t } = useTranslation();
  usePageTitle(t("offers.list.title"));
  const { me, loading } = useSession();
  // What the page before said happened (leaving an offer): shown on arrival, then dropped from
  // the history entry so that a reload or going back does not say it again.
  const location = useLocation();
  const navigate = useNavigate();
  const [notice] = useState((location.state as { notice?: string } | null)?.notice);
  useEffect(() => {
    if (location.state) navigate(location.pathname, { replace: true, state: null });
  }, [location, navigate]);
  const [{ data }, refetch] = useQuery({ query: MyOffersDocument, pause: !me, requestPolicy: "cache-and-network" });
  // A new invitation is a new offer: counted, shown when asked, never pushed under the pointer.
  const [fresh, setFresh] = useState<string[]>([]);
  useOfferLive((event) => {
    const id = event.offer.id;
    if (!data?.myJointOffers.some((o) => o.id === id)) setFresh((f) => (f.includes(id) ? f : [...f, id]));
  });
  const showFresh = () => {
    refetch({ requestPolicy: "network-only" });
    setFresh([]);
  };
  if (!me && !loading) return <SignInFirst />;
  if (!data) return <Spinner aria-label={t("common.loading")} />;
  const myOrgIds = me?.memberships.map((m) => m.organisation.id) ?? [];
  const invited = data.myJointOffers.filter((o) => mine(o.members, myOrgIds).some((m) => m.state === "INVITED"));
  const others = data.myJointOffers.filter((o) => !invited.includes(o));
  return (
    <div>
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("offers.list.title")}
      </Heading>
      <Paragraph>{t("offers.list.intro")}</Paragraph>
      {notice && (
        <Alert data-color="success" role="status" data-testid="offers-notice">
          {notice}
        </Alert>
      )}
      {fresh.length > 0 && (
        <Button variant="secondary" onClick={showFresh}>
          {t("offers.list.freshShow", { count: fresh.length })}
        </Button>
      )}
      <section aria-labelledby="invitations-heading">
        <Heading level={2} data-size="md" id="invitations-heading">
          {t("offers.list.invitations")}
        </Heading>
        {invited.length === 0 && <Paragraph>{t("offers.list.noInvitations")}</Paragraph>}
        <ul className="offer-list" data-testid="offer-invitations">
          {invited.map((o) => (
            <li key={o.id}>
              <OfferCard offer={o} myOrgIds={myOrgIds} />
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="my-offers-heading">
        <Heading level={2} data-size="md" id="my-offers-heading">
          {t("offers.list.mine")}
        </Heading>
        {others.length === 0 && <Paragraph>{t("offers.list.none")}</Paragraph>}
        <ul className="offer-list" data-testid="my-offers">
          {others.map((o) => (
            <li key={o.id}>
              <OfferCard offer={o} myOrgIds={myOrgIds} />
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
