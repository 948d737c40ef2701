// What happened that concerns me, newest first; opening the page marks it read.
import { Button, Heading, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMutation, useQuery } from "urql";
import { formatDateTime } from "../app/format";
import { CO_BUYER_REQUESTS_PATH } from "../buyer/coBuyers";
import { usePageTitle } from "../app/Layout";
import { useSession } from "../app/session";
import { graphql } from "../gql";
import type { NotificationsQuery } from "../gql/graphql";
import { SignInFirst } from "./CreateOrganisationPage";

const NotificationsDocument = graphql(`
  query Notifications {
    me {
      id
      notifications(first: 50) {
        nodes {
          id
          kind
          message
          createdAt
          readAt
          need {
            id
            title
            language
          }
        }
      }
    }
  }
`);

const MarkReadDocument = graphql(`
  mutation MarkNotificationsRead($upTo: ID!) {
    markNotificationsRead(upTo: $upTo)
  }
`);

export function NotificationsPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("notifications.title"));
  const { refetch: refetchSession } = useSession();
  const [{ data }, refetch] = useQuery({ query: NotificationsDocument, requestPolicy: "network-only" });
  const [, markRead] = useMutation(MarkReadDocument);
  if (data && !data.me) return <SignInFirst />;
  const items = data?.me?.notifications.nodes ?? [];
  const newest = items[0];
  const unread = items.some((n) => !n.readAt);
  return (
    <div>
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("notifications.title")}
      </Heading>
      {unread && newest && (
        <Button
          variant="secondary"
          onClick={async () => {
            await markRead({ upTo: newest.id });
            refetch({ requestPolicy: "network-only" });
            refetchSession();
          }}
        >
          {t("notifications.markAllRead")}
        </Button>
      )}
      {items.length === 0 && <Paragraph>{t("notifications.none")}</Paragraph>}
      <ul className="notification-list">
        {items.map((n) => (
          <li key={n.id} className={n.readAt ? "" : "unread"}>
            <Paragraph>
              {!n.readAt && <strong>{t("notifications.new")} </strong>}
              {t(`notifications.kind.${n.kind}`)}
              <Subject notification={n} onOpen={() => void markRead({ upTo: n.id }).then(() => refetchSession())} />
            </Paragraph>
            <Paragraph data-size="sm" className="muted">
              {formatDateTime(n.createdAt, i18n.language)}
            </Paragraph>
          </li>
        ))}
      </ul>
    </div>
  );
}

type Item = NonNullable<NotificationsQuery["me"]>["notifications"]["nodes"][number];

/** What a notification is about, as a link: its need, or where a request is answered. */
function Subject({ notification: n, onOpen }: { notification: Item; onOpen: () => void }) {
  const { t } = useTranslation();
  if (n.kind === "CO_BUYER_REQUEST") {
    // Answered on the buyer's dashboard, whether or not the need is public yet.
    return (
      <>
        {": "}
        {n.need && (
          <>
            <span lang={n.need.language}>{n.need.title}</span>
            {" – "}
          </>
        )}
        <Link to={CO_BUYER_REQUESTS_PATH} onClick={onOpen}>
          {t("notifications.answerCoBuyer")}
        </Link>
      </>
    );
  }
  if (!n.need) return null;
  return (
    <>
      {": "}
      <Link to={`/needs/${encodeURIComponent(n.need.id)}`} lang={n.need.language} onClick={onOpen}>
        {n.need.title}
      </Link>
    </>
  );
}
