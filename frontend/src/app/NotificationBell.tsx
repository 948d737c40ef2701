// The bell: unread notifications for the signed-in person, counted live.
import { Badge } from "@digdir/designsystemet-react";
import { BellIcon } from "@navikt/aksel-icons";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useNotificationArrivals } from "./notificationsLive";
import { useSession } from "./session";

export function NotificationBell() {
  const { t } = useTranslation();
  const { me } = useSession();
  const arrived = useNotificationArrivals();
  const base = me?.unreadNotificationCount ?? 0;
  // A fresh count from the server replaces what was counted live: count arrivals from then on.
  const [mark, setMark] = useState({ base, arrived });
  if (mark.base !== base) setMark({ base, arrived });
  const unread = base + arrived - (mark.base === base ? mark.arrived : arrived);
  return (
    <Link to="/notifications" className="bell" data-testid="notification-bell">
      <BellIcon aria-hidden fontSize="1.5rem" />
      <span>{t("shell.notifications")}</span>
      {unread > 0 && <Badge count={unread} data-color="danger" aria-hidden="true" />}
      <span className="visually-hidden">{t("shell.unread", { count: unread })}</span>
    </Link>
  );
}
