import { Button, Heading, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";
import { useMutation } from "urql";
import { ErrorSummary } from "../app/ErrorSummary";
import { usePageTitle } from "../app/Layout";
import { useSession } from "../app/session";
import { graphql } from "../gql";
import { safeReturnPath } from "./SignInPage";
import { useFormErrors } from "./useForm";

const RegisterDocument = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      user {
        id
      }
    }
  }
`);

export function RegisterPage() {
  const { t } = useTranslation();
  usePageTitle(t("account.register.title"));
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { restart } = useSession();
  const [input, setInput] = useState({ name: "", email: "", password: "" });
  const form = useFormErrors();
  const [{ fetching }, register] = useMutation(RegisterDocument);
  const change = (field: keyof typeof input) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setInput({ ...input, [field]: e.target.value });
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const result = await register({ input });
    if (form.accept(result.error)) {
      restart();
      navigate(params.get("next") ? safeReturnPath(params.get("next")) : "/organisations/new");
    }
  };
  return (
    <div className="narrow">
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("account.register.title")}
      </Heading>
      <ErrorSummary errors={form.errors} />
      <form onSubmit={onSubmit} className="stack" noValidate>
        <Textfield id="name" label={t("account.name")} autoComplete="name" value={input.name} onChange={change("name")} error={form.field("name")} />
        <Textfield id="email" label={t("account.email")} type="email" autoComplete="email" value={input.email} onChange={change("email")} error={form.field("email")} />
        <Textfield
          id="password"
          label={t("account.password")}
          description={t("account.register.passwordHelp")}
          type="password"
          autoComplete="new-password"
          value={input.password}
          onChange={change("password")}
          error={form.field("password")}
        />
        <Button type="submit" disabled={fetching}>
          {t("account.register.submit")}
        </Button>
      </form>
    </div>
  );
}
