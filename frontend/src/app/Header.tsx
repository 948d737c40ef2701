// The header: brand, main navigation, language, and the signed-in person's organisation,
// notifications and account (or the way in).
import { Button, Link as DsLink } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { Link, NavLink, useNavigate } from "react-router";
import { useMutation } from "urql";
import { graphql } from "../gql";
import { LanguageSwitch } from "./LanguageSwitch";
import { NotificationBell } from "./NotificationBell";
import { OrganisationSwitcher } from "./OrganisationSwitcher";
import { useSession } from "./session";

const SignOutDocument = graphql(`
  mutation SignOut {
    logout
  }
`);

export function Header() {
  const { t } = useTranslation();
  const { me, restart, activeOrganisation } = useSession();
  const enterprise = activeOrganisation?.kind === "WISE" || activeOrganisation?.kind === "SUPPLIER";
  const navigate = useNavigate();
  const [, signOut] = useMutation(SignOutDocument);
  const onSignOut = async () => {
    await signOut({});
    restart();
    navigate("/");
  };
  return (
    <header className="app-header">
      <div className="app-header__row">
        <Link to="/" className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>Samspill</span>
        </Link>
        <nav aria-label={t("shell.mainNav")} className="app-nav">
          <NavLink to="/" end>
            {t("shell.needs")}
          </NavLink>
          <NavLink to="/partners">{t("shell.partners")}</NavLink>
          {me?.memberships.some((m) => m.organisation.kind === "MUNICIPALITY") && <NavLink to="/buyer">{t("buyer.nav")}</NavLink>}
          {enterprise && <NavLink to="/home">{t("enterprise.nav")}</NavLink>}
          {enterprise && <NavLink to="/offers">{t("offers.list.title")}</NavLink>}
          {enterprise && <NavLink to="/profile">{t("profiles.title")}</NavLink>}
          {me?.isPlatformAdmin && (
            <NavLink to="/admin/verification">{t("shell.verification")}</NavLink>
          )}
        </nav>
        <div className="app-header__tools">
          <LanguageSwitch />
          {me ? (
            <>
              <OrganisationSwitcher />
              <NotificationBell />
              <DsLink asChild>
                <Link to="/account">{me.name}</Link>
              </DsLink>
              <Button variant="tertiary" data-size="sm" onClick={onSignOut}>
                {t("shell.signOut")}
              </Button>
            </>
          ) : (
            <>
              <DsLink asChild>
                <Link to="/sign-in">{t("shell.signIn")}</Link>
              </DsLink>
              <DsLink asChild>
                <Link to="/register">{t("shell.register")}</Link>
              </DsLink>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
