// My account: my organisations, how e-mail reaches me, my saved searches and API tokens, and my
// data (download it, or delete the account).
import { Button, Field, Heading, Label, Link as DsLink, Paragraph, Select, Textfield, Alert } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMutation, useQuery } from "urql";
import { formatDate } from "../app/format";
import { usePageTitle } from "../app/Layout";
import { graphql } from "../gql";
import type { EmailPreference } from "../gql/graphql";
import { SignInFirst } from "./CreateOrganisationPage";
import { YourDataSection } from "./PersonalDataPages";
import { useFormErrors } from "./useForm";
import { ErrorSummary } from "../app/ErrorSummary";

const AccountDocument = graphql(`
  query Account {
    me {
      id
      name
      email
      emailVerified
      emailNotifications
      memberships {
        role
        organisation {
          id
          name
          verified
        }
      }
      savedSearches {
        id
        name
        createdAt
      }
      apiTokens {
        id
        name
        createdAt
      }
    }
  }
`);

const RequestVerificationDocument = graphql(`
  mutation RequestEmailVerification {
    requestEmailVerification
  }
`);

const SetEmailDocument = graphql(`
  mutation SetEmailNotifications($preference: EmailPreference!) {
    setEmailNotifications(preference: $preference)
  }
`);
const DeleteSavedSearchDocument = graphql(`
  mutation DeleteSavedSearch($id: ID!) {
    deleteSavedSearch(id: $id)
  }
`);
const CreateTokenDocument = graphql(`
  mutation CreateApiToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      token
      apiToken {
        id
        name
        createdAt
      }
    }
  }
`);
const RevokeTokenDocument = graphql(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id)
  }
`);

const PREFERENCES: EmailPreference[] = ["IMMEDIATE", "DAILY", "OFF"];

export function AccountPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("account.title"));
  const [{ data }, refetch] = useQuery({ query: AccountDocument });
  const [, setEmail] = useMutation(SetEmailDocument);
  const [, deleteSearch] = useMutation(DeleteSavedSearchDocument);
  const me = data?.me;
  if (data && !me) return <SignInFirst />;
  if (!me) return null;
  const reload = () => refetch({ requestPolicy: "network-only" });
  return (
    <div>
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("account.title")}
      </Heading>
      <Paragraph>
        {me.name} · {me.email}
      </Paragraph>
      <EmailStatus email={me.email ?? ""} verified={me.emailVerified ?? false} />
      <section aria-labelledby="orgs-heading">
        <Heading level={2} data-size="sm" id="orgs-heading">
          {t("account.organisations")}
        </Heading>
        <ul>
          {me.memberships.map((m) => (
            <li key={m.organisation.id}>
              <Link to={`/organisations/${encodeURIComponent(m.organisation.id)}`}>{m.organisation.name}</Link> ·{" "}
              {t(`role.${m.role}`)}
              {m.role === "ADMIN" && (
                <>
                  {" · "}
                  <Link to={`/organisations/${encodeURIComponent(m.organisation.id)}/members`}>{t("organisation.manageMembers")}</Link>
                </>
              )}
            </li>
          ))}
        </ul>
        <DsLink asChild>
          <Link to="/organisations/new">{t("shell.createOrganisation")}</Link>
        </DsLink>
      </section>
      <section aria-labelledby="email-heading" className="narrow">
        <Heading level={2} data-size="sm" id="email-heading">
          {t("account.emailHeading")}
        </Heading>
        <Field>
          <Label htmlFor="email-preference">{t("account.emailPreference")}</Label>
          <Select
            id="email-preference"
            value={me.emailNotifications}
            onChange={async (e) => {
              await setEmail({ preference: e.target.value as EmailPreference });
              reload();
            }}
          >
            {PREFERENCES.map((p) => (
              <Select.Option key={p} value={p}>
                {t(`account.preference.${p}`)}
              </Select.Option>
            ))}
          </Select>
        </Field>
      </section>
      <section aria-labelledby="searches-heading">
        <Heading level={2} data-size="sm" id="searches-heading">
          {t("account.savedSearches")}
        </Heading>
        {me.savedSearches.length === 0 && <Paragraph>{t("account.noSavedSearches")}</Paragraph>}
        <ul>
          {me.savedSearches.map((s) => (
            <li key={s.id}>
              {s.name} · {formatDate(s.createdAt, i18n.language)}{" "}
              <Button
                variant="tertiary"
                data-size="sm"
                aria-label={t("account.deleteSearch", { name: s.name })}
                onClick={async () => {
                  await deleteSearch({ id: s.id });
                  reload();
                }}
              >
                {t("common.delete")}
              </Button>
            </li>
          ))}
        </ul>
      </section>
      <ApiTokens tokens={me.apiTokens} onChange={reload} />
      <YourDataSection />
    </div>
  );
}

type Token = { id: string; name?: string | null; createdAt: string };

function ApiTokens({ tokens, onChange }: { tokens: Token[]; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const [name, setName] = useState("");
  const [secret, setSecret] = useState<string | null>(null);
  const form = useFormErrors();
  const [, create] = useMutation(CreateTokenDocument);
  const [, revoke] = useMutation(RevokeTokenDocument);
  const onCreate = async (e: React.FormEvent) => {
    e.preventDefault();
    const result = await create({ input: { name } });
    if (form.accept(result.error) && result.data) {
      setSecret(result.data.createApiToken.token);
      setName("");
      onChange();
    }
  };
  return (
    <section aria-labelledby="tokens-heading" className="narrow">
      <Heading level={2} data-size="sm" id="tokens-heading">
        {t("account.tokens.heading")}
      </Heading>
      <Paragraph>{t("account.tokens.intro")}</Paragraph>
      <ul>
        {tokens.map((tok) => (
          <li key={tok.id}>
            {tok.name ?? t("account.tokens.unnamed")} · {formatDate(tok.createdAt, i18n.language)}{" "}
            <Button
              variant="tertiary"
              data-size="sm"
              onClick={async () => {
                await revoke({ id: tok.id });
                onChange();
              }}
            >
              {t("account.tokens.revoke")}
            </Button>
          </li>
        ))}
      </ul>
      <ErrorSummary errors={form.errors} />
      <form onSubmit={onCreate} className="stack" noValidate>
        <Textfield id="name" label={t("account.tokens.name")} value={name} onChange={(e) => setName(e.target.value)} error={form.field("name")} />
        <Button type="submit" variant="secondary">
          {t("account.tokens.create")}
        </Button>
      </form>
      {secret && (
        <Alert data-color="warning">
          <Paragraph>{t("account.tokens.shownOnce")}</Paragraph>
          <Textfield id="token-secret" label={t("account.tokens.secret")} readOnly value={secret} />
        </Alert>
      )}
    </section>
  );
}

/** Whether the address is confirmed (needed to accept invitations), and a new link if not. */
function EmailStatus({ email, verified }: { email: string; verified: boolean }) {
  const { t } = useTranslation();
  const form = useFormErrors();
  const [sent, setSent] = useState(false);
  const [{ fetching }, request] = useMutation(RequestVerificationDocument);
  if (verified) return <Paragraph data-testid="email-status">{t("account.emailStatus.verified")}</Paragraph>;
  return (
    <Alert data-color="warning" data-testid="email-status">
      <Paragraph>{t("account.emailStatus.unverified")}</Paragraph>
      <ErrorSummary errors={form.errors} />
      <div role="status">{sent && <Paragraph>{t("account.emailStatus.sent", { email })}</Paragraph>}</div>
      {!sent && (
        <Button variant="secondary" data-size="sm" disabled={fetching} onClick={async () => setSent(form.accept((await request({})).error))}>
          {t("account.emailStatus.send")}
        </Button>
      )}
    </Alert>
  );
}
