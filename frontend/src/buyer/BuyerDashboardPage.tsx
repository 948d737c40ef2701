// The buyer's workspace: every need of the organisation the person acts for, drafts too, with
// what waits for them. Changes arrive live as "N updates – show", never reshuffling the table.
import "./buyer.css";
import { Alert, Button, Heading, Link as DsLink, Paragraph, Spinner, Table } from "@digdir/designsystemet-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery, useSubscription } from "urql";
import { SignInFirst } from "../account/CreateOrganisationPage";
import { describeErrors } from "../app/errors";
import { formatDateTime } from "../app/format";
import { usePageTitle } from "../app/Layout";
import { useSession } from "../app/session";
import { useLiveCursor } from "../app/useLive";
import { graphql } from "../gql";
import type { BuyerNeedRowFragment } from "../gql/graphql";
import { BuyerNeedRow } from "./BuyerNeedRow";
import { CoBuyerRequests } from "./CoBuyerRequests";
import { answersFor } from "./coBuyers";
import { takeLastVisit } from "./lastVisit";
import { ScrollTable } from "../app/ScrollTable";

const BuyerDashboardDocument = graphql(`
  query BuyerDashboard($buyerIds: [ID!]!, $first: Int!, $after: String) {
    needs(filter: { buyerIds: $buyerIds }, first: $first, after: $after) {
      nodes {
        ...BuyerNeedRow
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const BuyerNeedEventsDocument = graphql(`
  subscription BuyerNeedEvents($after: String) {
    needEvents(after: $after) {
      cursor
      need {
        id
        status
        buyer {
          id
        }
      }
    }
  }
`);

const BuyerNotificationsDocument = graphql(`
  subscription BuyerNotifications($after: String) {
    notifications(after: $after) {
      cursor
      notification {
        id
        need {
          id
        }
      }
    }
  }
`);

export function BuyerDashboardPage() {
  const { t } = useTranslation();
  const { me, activeOrganisation, loading } = useSession();
  usePageTitle(t("buyer.dashboard.title"));
  if (loading) return <Spinner aria-label={t("common.loading")} />;
  if (!me) return <SignInFirst />;
  // Requests to buy together: for every buyer the person administers, the one they act for first.
  const answering = answersFor(me.memberships).sort((a, b) => Number(b.id === activeOrganisation?.id) - Number(a.id === activeOrganisation?.id));
  if (!activeOrganisation || activeOrganisation.kind !== "MUNICIPALITY") {
    return (
      <>
        <Heading level={1} data-size="lg" tabIndex={-1}>
          {t("buyer.dashboard.title")}
        </Heading>
        <Paragraph>{t("buyer.dashboard.notBuyer")}</Paragraph>
        <CoBuyerRequests organisations={answering} />
      </>
    );
  }
  return <Dashboard key={activeOrganisation.id} organisation={activeOrganisation} answering={answering} />;
}

type DashboardProps = { organisation: { id: string; name: string }; answering: { id: string; name: string }[] };

function Dashboard({ organisation, answering }: DashboardProps) {
  const { t, i18n } = useTranslation();
  const [since] = useState(() => takeLastVisit(organisation.id, new Date()));
  const after = useLiveCursor();
  const { needs, data, fetching, error, hasMore, showMore, reload } = useNeedPages(organisation.id, after === null);
  const updates = useUpdates(after, organisation.id, needs.map((n) => n.id));
  const show = () => {
    updates.clear();
    reload();
  };
  return (
    <div>
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("buyer.dashboard.title")}
      </Heading>
      <Paragraph>{t("buyer.dashboard.intro", { organisation: organisation.name })}</Paragraph>
      <Paragraph data-size="sm" className="muted">
        {since ? t("buyer.dashboard.since", { when: formatDateTime(since, i18n.language) }) : t("buyer.dashboard.firstVisit")}
      </Paragraph>
      <CoBuyerRequests organisations={answering} />
      <Button asChild>
        <Link to="/buyer/needs/new/about">{t("buyer.dashboard.new")}</Link>
      </Button>
      <section aria-labelledby="buyer-needs-heading" className="buyer-needs">
        <Heading level={2} data-size="md" id="buyer-needs-heading">
          {t(hasMore ? "buyer.dashboard.needsShown" : "buyer.dashboard.needs", { count: needs.length })}
        </Heading>
        <div role="status" aria-live="polite">
          {updates.count > 0 && (
            <Button variant="secondary" onClick={show} data-testid="buyer-updates">
              {t("buyer.dashboard.updates", { count: updates.count })}
            </Button>
          )}
        </div>
        {error && <Alert data-color="danger">{describeErrors(error, t).map((e) => e.message).join(" ")}</Alert>}
        {fetching && !data && <Spinner aria-label={t("common.loading")} />}
        {data && needs.length === 0 && <Paragraph>{t("buyer.dashboard.empty")}</Paragraph>}
        {needs.length > 0 && (
          <ScrollTable label={t("buyer.dashboard.caption")} className="buyer-table">
            <caption className="visually-hidden">{t("buyer.dashboard.caption")}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t("buyer.dashboard.need")}</Table.HeaderCell>
                <Table.HeaderCell>{t("buyer.dashboard.status")}</Table.HeaderCell>
                <Table.HeaderCell>{t("buyer.dashboard.waiting")}</Table.HeaderCell>
                <Table.HeaderCell>{t("buyer.dashboard.unread")}</Table.HeaderCell>
                <Table.HeaderCell>{t("buyer.dashboard.bookings")}</Table.HeaderCell>
                <Table.HeaderCell>{t("buyer.dashboard.interested")}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {needs.map((n) => (
                <BuyerNeedRow key={n.id} need={n} since={since} />
              ))}
            </Table.Body>
          </ScrollTable>
        )}
        {hasMore && (
          <Button variant="secondary" onClick={showMore} disabled={fetching}>
            {t("buyer.dashboard.more")}
          </Button>
        )}
      </section>
      <Paragraph data-size="sm">
        <DsLink asChild>
          <Link to="/">{t("buyer.dashboard.pipeline")}</Link>
        </DsLink>
      </Paragraph>
    </div>
  );
}

/** Needs per page: a few screens of rows, and well inside the API's query complexity limit. */
const PAGE = 25;

/** The organisation's needs, a page at a time; "show more" keeps the rows already shown. */
function useNeedPages(organisationId: string, pause: boolean) {
  const [pageAfter, setPageAfter] = useState<string | null>(null);
  const [earlier, setEarlier] = useState<BuyerNeedRowFragment[]>([]);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: BuyerDashboardDocument,
    variables: { buyerIds: [organisationId], first: PAGE, after: pageAfter },
    pause,
  });
  const current = data?.needs.nodes ?? [];
  const needs = [...earlier.filter((n) => !current.some((c) => c.id === n.id)), ...current];
  return {
    needs,
    data,
    fetching,
    error,
    hasMore: data?.needs.pageInfo.hasNextPage ?? false,
    showMore: () => {
      setEarlier(needs);
      setPageAfter(data?.needs.pageInfo.endCursor ?? null);
    },
    reload: () => {
      setEarlier([]);
      if (pageAfter === null) refetch({ requestPolicy: "network-only" });
      else setPageAfter(null);
    },
  };
}

/** Events about this organisation's needs since the page was read; shown when asked. */
function useUpdates(after: string | null, organisationId: string, needIds: string[]) {
  const [count, setCount] = useState(0);
  useEffect(() => setCount(0), [after]);
  useSubscription({ query: BuyerNeedEventsDocument, variables: { after }, pause: !after }, (_, e) => {
    if (e.needEvents.need.buyer.id === organisationId || needIds.includes(e.needEvents.need.id)) setCount((c) => c + 1);
    return e;
  });
  useSubscription({ query: BuyerNotificationsDocument, variables: { after }, pause: !after }, (_, e) => {
    const id = e.notifications.notification.need?.id;
    if (id && needIds.includes(id)) setCount((c) => c + 1);
    return e;
  });
  return { count, clear: () => setCount(0) };
}
