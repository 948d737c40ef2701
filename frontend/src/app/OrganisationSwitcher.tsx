// For people in several organisations: which one they act for now.
import { Field, Label, Link as DsLink, Select } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useSession } from "./session";

export function OrganisationSwitcher() {
  const { t } = useTranslation();
  const { me, activeOrganisation, chooseOrganisation } = useSession();
  const memberships = me?.memberships ?? [];
  if (memberships.length === 0) {
    return (
      <DsLink asChild>
        <Link to="/organisations/new">{t("shell.createOrganisation")}</Link>
      </DsLink>
    );
  }
  return (
    <Field data-size="sm" className="org-switch">
      <Label htmlFor="org-switch">{t("shell.actingFor")}</Label>
      <Select
        id="org-switch"
        value={activeOrganisation?.id ?? ""}
        onChange={(e) => chooseOrganisation(e.target.value)}
      >
        {memberships.map((m) => (
          <Select.Option key={m.organisation.id} value={m.organisation.id}>
            {m.organisation.name}
          </Select.Option>
        ))}
      </Select>
    </Field>
  );
}
