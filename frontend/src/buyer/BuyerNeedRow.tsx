// One need on the buyer's dashboard: its status, and what waits for the buyer.
import { Link as DsLink, Table, Tag } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatNumber } from "../app/format";
import { graphql } from "../gql";
import type { BuyerNeedRowFragment } from "../gql/graphql";
import { countSince } from "./lastVisit";

export const BuyerNeedRowFragmentDoc = graphql(`
  fragment BuyerNeedRow on Need {
    id
    title
    status
    language
    updatedAt
    questions {
      id
      status
    }
    threads {
      id
      unreadCount
    }
    meetings {
      id
      bookings {
        bookedAt
      }
    }
    interestedOrganisations {
      markedAt
    }
  }
`);

/** The figures a row shows; pure, so the dashboard's counts are tested without a browser. */
export function rowCounts(need: BuyerNeedRowFragment, since: string | null) {
  return {
    waiting: need.questions.filter((q) => q.status === "OPEN").length,
    unread: need.threads.reduce((sum, th) => sum + th.unreadCount, 0),
    bookings: countSince(need.meetings.flatMap((m) => m.bookings.map((b) => b.bookedAt)), since),
    interested: need.interestedOrganisations.length,
  };
}

export function BuyerNeedRow({ need, since }: { need: BuyerNeedRowFragment; since: string | null }) {
  const { t, i18n } = useTranslation();
  const n = rowCounts(need, since);
  const cell = (value: number, testId: string) => (
    <Table.Cell data-testid={testId} className={value > 0 ? "count count--some" : "count"}>
      {formatNumber(value, i18n.language)}
    </Table.Cell>
  );
  return (
    <Table.Row data-testid={`buyer-need-${need.id}`}>
      <Table.HeaderCell scope="row">
        <DsLink asChild>
          <Link to={`/buyer/needs/${encodeURIComponent(need.id)}`} lang={need.language}>
            {need.title}
          </Link>
        </DsLink>
      </Table.HeaderCell>
      <Table.Cell>
        <Tag data-color={need.status === "DRAFT" ? "neutral" : "brand1"} data-size="sm">
          {t(`needStatus.${need.status}`)}
        </Tag>
      </Table.Cell>
      {cell(n.waiting, "waiting")}
      {cell(n.unread, "unread")}
      {cell(n.bookings, "bookings")}
      {cell(n.interested, "interested")}
    </Table.Row>
  );
}
