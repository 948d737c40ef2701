import { Button, Heading, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useMutation } from "urql";
import { codeOf } from "../app/errors";
import { ErrorSummary } from "../app/ErrorSummary";
import { usePageTitle } from "../app/Layout";
import { useSession } from "../app/session";
import { graphql } from "../gql";
import { useFormErrors } from "./useForm";

const SignInDocument = graphql(`
  mutation SignIn($input: LoginInput!) {
    login(input: $input) {
      user {
        id
        memberships {
          organisation {
            id
            kind
          }
        }
      }
    }
  }
`);

/** Only paths on this site, so a link cannot send someone elsewhere after signing in. */
export function safeReturnPath(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

/**
 * Where a person lands after signing in when no page asked for it: a buyer's workspace, an
 * enterprise's overview, or the pipeline for someone without an organisation yet.
 */
export function landingPage(kinds: string[]): string {
  if (kinds.includes("MUNICIPALITY")) return "/buyer";
  if (kinds.some((k) => k === "WISE" || k === "SUPPLIER")) return "/home";
  return "/";
}

export function SignInPage() {
  const { t } = useTranslation();
  usePageTitle(t("account.signIn.title"));
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { restart } = useSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const form = useFormErrors();
  const [{ fetching }, signIn] = useMutation(SignInDocument);
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const result = await signIn({ input: { email, password } });
    // On this page "not signed in" means the e-mail or password did not match.
    if (codeOf(result.error) === "UNAUTHENTICATED") return form.set([{ field: null, message: t("account.signIn.wrong") }]);
    if (form.accept(result.error)) {
      restart();
      const kinds = result.data?.login.user.memberships.map((m) => m.organisation.kind) ?? [];
      navigate(params.get("next") ? safeReturnPath(params.get("next")) : landingPage(kinds));
    }
  };
  return (
    <div className="narrow">
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("account.signIn.title")}
      </Heading>
      <ErrorSummary errors={form.errors} />
      <form onSubmit={onSubmit} className="stack" noValidate>
        <Textfield
          id="email"
          label={t("account.email")}
          type="email"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={form.field("email")}
        />
        <Textfield
          id="password"
          label={t("account.password")}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={form.field("password")}
        />
        <Button type="submit" disabled={fetching}>
          {t("account.signIn.submit")}
        </Button>
      </form>
      <Paragraph>
        {t("account.signIn.noAccount")} <Link to="/register">{t("account.register.title")}</Link>
      </Paragraph>
      <Paragraph>
        <Link to="/account/forgot-password">{t("account.signIn.forgot")}</Link>
      </Paragraph>
    </div>
  );
}
