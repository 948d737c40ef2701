// A person's own data (GDPR): downloading all of it as one file, and deleting the account. The
// delete page says in plain words what is erased and what stays with the organisations, and asks
// for the password again, because it cannot be undone.
import { Alert, Button, Heading, Link as DsLink, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useMutation } from "urql";
import { reasonOf } from "../app/errors";
import { ErrorSummary } from "../app/ErrorSummary";
import { usePageTitle } from "../app/Layout";
import { useSession } from "../app/session";
import { graphql } from "../gql";
import { SignInFirst } from "./CreateOrganisationPage";
import { useFormErrors } from "./useForm";

/** Served by the server with the session cookie, as an attachment. */
const EXPORT_URL = "/account/export.json";

const DeleteAccountDocument = graphql(`
  mutation DeleteAccount($input: DeleteAccountInput!) {
    deleteAccount(input: $input)
  }
`);

/** The account page's section: download everything, or go to deleting the account. */
export function YourDataSection() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="data-heading" className="narrow">
      <Heading level={2} data-size="sm" id="data-heading">
        {t("personalData.heading")}
      </Heading>
      <Paragraph>{t("personalData.intro")}</Paragraph>
      <Paragraph>
        <DsLink href={EXPORT_URL} download="samspill-my-data.json">
          {t("personalData.download")}
        </DsLink>
      </Paragraph>
      <Paragraph>
        <DsLink asChild>
          <Link to="/account/delete">{t("personalData.delete.link")}</Link>
        </DsLink>
      </Paragraph>
    </section>
  );
}

/** Deleting the account, after reading what it means and giving the password again. */
export function DeleteAccountPage() {
  const { t } = useTranslation();
  usePageTitle(t("personalData.delete.title"));
  const { me, loading, restart } = useSession();
  const navigate = useNavigate();
  const form = useFormErrors();
  const [password, setPassword] = useState("");
  const [soleAdmin, setSoleAdmin] = useState(false);
  const [{ fetching }, remove] = useMutation(DeleteAccountDocument);
  if (loading) return null;
  if (!me) return <SignInFirst />;
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const result = await remove({ input: { password } });
    setSoleAdmin(reasonOf(result.error) === "SOLE_ADMIN");
    if (form.accept(result.error)) {
      navigate("/account/deleted", { replace: true });
      restart();
    }
  };
  return (
    <div className="narrow stack">
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("personalData.delete.title")}
      </Heading>
      <ErrorSummary errors={form.errors} />
      {soleAdmin && <AdminOf memberships={me.memberships} />}
      <Paragraph>{t("personalData.delete.intro")}</Paragraph>
      <WhatHappens />
      <form className="stack" onSubmit={onSubmit} noValidate>
        <Textfield
          id="password"
          type="password"
          autoComplete="current-password"
          label={t("personalData.delete.password")}
          description={t("personalData.delete.passwordHelp")}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={form.field("password")}
        />
        <div className="form-actions">
          <Button type="submit" data-color="danger" disabled={fetching}>
            {t("personalData.delete.submit")}
          </Button>
          <DsLink asChild>
            <Link to="/account">{t("personalData.delete.cancel")}</Link>
          </DsLink>
        </div>
      </form>
    </div>
  );
}

/** What is erased, what stays with the organisations, and the copy to keep first. */
function WhatHappens() {
  const { t } = useTranslation();
  return (
    <>
      <Heading level={2} data-size="xs">
        {t("personalData.delete.erasedHeading")}
      </Heading>
      <ul>
        {(["account", "memberships", "sessions", "own", "contact"] as const).map((k) => (
          <li key={k}>{t(`personalData.delete.erased.${k}`)}</li>
        ))}
      </ul>
      <Heading level={2} data-size="xs">
        {t("personalData.delete.staysHeading")}
      </Heading>
      <Paragraph>{t("personalData.delete.stays")}</Paragraph>
      <Paragraph>{t("personalData.delete.soleAdmin")}</Paragraph>
      <Paragraph>
        {t("personalData.delete.copyFirst")}{" "}
        <DsLink href={EXPORT_URL} download="samspill-my-data.json">
          {t("personalData.download")}
        </DsLink>
      </Paragraph>
    </>
  );
}

type Memberships = NonNullable<ReturnType<typeof useSession>["me"]>["memberships"];

/** After a SOLE_ADMIN refusal: the organisations the person runs, each with its members page. */
function AdminOf({ memberships }: { memberships: Memberships }) {
  const { t } = useTranslation();
  const admin = memberships.filter((m) => m.role === "ADMIN");
  return (
    <Alert data-color="warning">
      <Paragraph>{t("personalData.delete.adminOf")}</Paragraph>
      <ul>
        {admin.map((m) => (
          <li key={m.organisation.id}>
            <Link to={`/organisations/${encodeURIComponent(m.organisation.id)}/members`}>
              {t("personalData.delete.manage", { organisation: m.organisation.name })}
            </Link>
          </li>
        ))}
      </ul>
    </Alert>
  );
}

/** Where a deleted account lands: signed out, told what happened. */
export function AccountDeletedPage() {
  const { t } = useTranslation();
  usePageTitle(t("personalData.deleted.title"));
  return (
    <div className="narrow stack">
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("personalData.deleted.title")}
      </Heading>
      <Alert data-color="success" role="status">
        {t("personalData.deleted.body")}
      </Alert>
      <DsLink asChild>
        <Link to="/">{t("personalData.deleted.home")}</Link>
      </DsLink>
    </div>
  );
}
