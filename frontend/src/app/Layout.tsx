// The page frame: skip link, header, the page, footer. Each page names itself in the document
// title through usePageTitle, and focus moves to the main heading on navigation.
import { Link as DsLink, SkipLink } from "@digdir/designsystemet-react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation } from "react-router";
import { Header } from "./Header";
import { NotificationLive } from "./notificationsLive";

export function Layout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    // After a route change (not the first page), start reading at the new page's heading.
    if (first.current) {
      first.current = false;
      return;
    }
    // Also when focus is still on the link or button that navigated (a "continue" button
    // that stays on the next step, say): a keyboard user should not start from the bottom.
    const heading = document.querySelector<HTMLElement>("main h1");
    if (heading) heading.focus();
  }, [pathname]);
  return (
    <NotificationLive>
      <div className="app">
        <SkipLink href="#main">{t("shell.skipToContent")}</SkipLink>
        <Header />
        <main id="main" className="app-main" tabIndex={-1}>
          <Outlet />
        </main>
        <footer className="app-footer">
          <nav aria-label={t("shell.footerNav")}>
            <ul className="inline-list">
              <li>
                <DsLink asChild>
                  <Link to="/accessibility">{t("shell.accessibility")}</Link>
                </DsLink>
              </li>
              <li>
                <DsLink href="/ocds/releases">{t("shell.openData")}</DsLink>
              </li>
              <li>
                <DsLink href="/graphql">{t("shell.api")}</DsLink>
              </li>
            </ul>
          </nav>
          <p>{t("shell.tagline")}</p>
        </footer>
      </div>
    </NotificationLive>
  );
}

/** Sets the document title to "<page> – Samspill". */
export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = title ? `${title} – Samspill` : "Samspill";
  }, [title]);
}
