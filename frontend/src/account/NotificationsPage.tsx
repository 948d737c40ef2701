// What happened that concerns me, newest first; opening the page marks it read.
import { Button, Heading, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMutation, useQuery } from "urql";
import { formatDateTime } from "../app/format";
import { usePageTitle } from "../app/Layout";
import { useSession } from "../app/session";
import { graphql } from "../gql";
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
              {n.need && (
                <>
                  {": "}
                  <Link
                    to={`/needs/${encodeURIComponent(n.need.id)}`}
                    lang={n.need.language}
                    onClick={() => void markRead({ upTo: n.id }).then(() => refetchSession())}
                  >
                    {n.need.title}
                  </Link>
                </>
              )}
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
