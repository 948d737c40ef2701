// The bell: unread notifications for the signed-in person, counted live.
import { Badge } from "@digdir/designsystemet-react";
import { BellIcon } from "@navikt/aksel-icons";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useSubscription } from "urql";
import { graphql } from "../gql";
import { useSession } from "./session";
import { useLiveCursor } from "./useLive";

const NotificationLiveDocument = graphql(`
  subscription NotificationLive($after: String) {
    notifications(after: $after) {
      cursor
      notification {
        id
      }
    }
  }
`);

export function NotificationBell() {
  const { t } = useTranslation();
  const { me } = useSession();
  const after = useLiveCursor();
  const [arrived, setArrived] = useState(0);
  const base = me?.unreadNotificationCount ?? 0;
  // A fresh count from the server replaces what was counted live.
  useEffect(() => setArrived(0), [base]);
  useSubscription(
    { query: NotificationLiveDocument, variables: { after }, pause: !after || !me },
    (_prev, _event) => {
      setArrived((n) => n + 1);
      return _event;
    },
  );
  const unread = base + arrived;
  return (
    <Link to="/notifications" className="bell" data-testid="notification-bell">
      <BellIcon aria-hidden fontSize="1.5rem" />
      <span>{t("shell.notifications")}</span>
      {unread > 0 && <Badge count={unread} data-color="danger" aria-hidden="true" />}
      <span className="visually-hidden">{t("shell.unread", { count: unread })}</span>
    </Link>
  );
}
