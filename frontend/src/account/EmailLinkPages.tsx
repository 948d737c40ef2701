// The pages behind the links Samspill e-mails: confirming an address, and choosing a new password
// after asking for one. Tokens travel in the URL fragment (never sent to a server in a request
// line or a Referer) and only to the mutation that spends them; each works once.
import { Alert, Button, Heading, Link as DsLink, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMutation } from "urql";
import { ErrorSummary } from "../app/ErrorSummary";
import { usePageTitle } from "../app/Layout";
import { useSession } from "../app/session";
import { graphql } from "../gql";
import { invitationToken as tokenIn } from "./AcceptInvitationPage";
import { useFormErrors } from "./useForm";

const VerifyEmailDocument = graphql(`
  mutation VerifyEmail($input: VerifyEmailInput!) {
    verifyEmail(input: $input) {
      id
      emailVerified
    }
  }
`);

const RequestPasswordResetDocument = graphql(`
  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {
    requestPasswordReset(input: $input)
  }
`);

const ResetPasswordDocument = graphql(`
  mutation ResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input)
  }
`);

/** Confirms the address as soon as the page opens: following the link is the confirmation. */
export function VerifyEmailPage() {
  const { t } = useTranslation();
  usePageTitle(t("account.verify.title"));
  const form = useFormErrors();
  const { refetch } = useSession();
  const [{ data, fetching }, verify] = useMutation(VerifyEmailDocument);
  const token = tokenIn(window.location.hash);
  const sent = useRef(false);
  useEffect(() => {
    if (!token || sent.current) return;
    sent.current = true;
    void verify({ input: { token } }).then((r) => form.accept(r.error) && refetch());
  }, [token, verify, form, refetch]);
  return (
    <div className="narrow stack">
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("account.verify.title")}
      </Heading>
      {!token && <Alert data-color="warning">{t("account.links.noToken")}</Alert>}
      <ErrorSummary errors={form.errors} />
      {fetching && <Paragraph>{t("common.loading")}</Paragraph>}
      {data?.verifyEmail && (
        <Alert data-color="success" role="status">
          {t("account.verify.done")}
        </Alert>
      )}
      <DsLink asChild>
        <Link to="/account">{t("account.links.toAccount")}</Link>
      </DsLink>
    </div>
  );
}

/** "Forgot your password?": the same answer whether or not the address has an account. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t("account.forgot.title"));
  const form = useFormErrors();
  const [email, setEmail] = useState("");
  const [done, setDone] = useState(false);
  const [{ fetching }, request] = useMutation(RequestPasswordResetDocument);
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (form.accept((await request({ input: { email } })).error)) setDone(true);
  };
  return (
    <div className="narrow">
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("account.forgot.title")}
      </Heading>
      <Paragraph>{t("account.forgot.intro")}</Paragraph>
      <ErrorSummary errors={form.errors} />
      {done ? (
        <Alert data-color="info" role="status">
          {t("account.forgot.sent", { email })}
        </Alert>
      ) : (
        <form className="stack" onSubmit={onSubmit} noValidate>
          <Textfield id="email" type="email" autoComplete="email" label={t("account.email")} value={email} onChange={(e) => setEmail(e.target.value)} error={form.field("email")} />
          <div>
            <Button type="submit" disabled={fetching}>
              {t("account.forgot.submit")}
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}

/** Choosing a new password from the link; every session and token of the account ends. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t("account.reset.title"));
  const form = useFormErrors();
  const [password, setPassword] = useState("");
  const [done, setDone] = useState(false);
  const [{ fetching }, reset] = useMutation(ResetPasswordDocument);
  const token = tokenIn(window.location.hash);
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (token && form.accept((await reset({ input: { token, password } })).error)) setDone(true);
  };
  return (
    <div className="narrow">
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("account.reset.title")}
      </Heading>
      {!token && <Alert data-color="warning">{t("account.links.noToken")}</Alert>}
      <ErrorSummary errors={form.errors} />
      {done ? (
        <Alert data-color="success" role="status">
          {t("account.reset.done")}{" "}
          <DsLink asChild>
            <Link to="/sign-in">{t("account.signIn.title")}</Link>
          </DsLink>
        </Alert>
      ) : (
        token && (
          <form className="stack" onSubmit={onSubmit} noValidate>
            <Textfield id="password" type="password" autoComplete="new-password" label={t("account.reset.password")} description={t("account.reset.passwordHelp")} value={password} onChange={(e) => setPassword(e.target.value)} error={form.field("password")} />
            <div>
              <Button type="submit" disabled={fetching}>
                {t("account.reset.submit")}
              </Button>
            </div>
          </form>
        )
      )}
    </div>
  );
}
