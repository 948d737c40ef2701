// Joining an organisation from an invitation link. The token travels in the URL fragment (never
// sent to a server or a Referer) and only to acceptInvitation.
import { Alert, Button, Heading, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useMutation } from "urql";
import { ErrorSummary } from "../app/ErrorSummary";
import { usePageTitle } from "../app/Layout";
import { useSession } from "../app/session";
import { graphql } from "../gql";
import { SignInFirst } from "./CreateOrganisationPage";
import { useFormErrors } from "./useForm";

const AcceptInvitationDocument = graphql(`
  mutation AcceptInvitation($input: AcceptInvitationInput!) {
    acceptInvitation(input: $input) {
      role
      organisation {
        id
        name
      }
    }
  }
`);

export function invitationToken(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, "")).get("token");
}

export function AcceptInvitationPage() {
  const { t } = useTranslation();
  usePageTitle(t("organisation.accept.title"));
  const navigate = useNavigate();
  const { me, refetch, chooseOrganisation } = useSession();
  const form = useFormErrors();
  const [{ fetching }, accept] = useMutation(AcceptInvitationDocument);
  const token = invitationToken(window.location.hash);
  if (!me) return <SignInFirst />;
  if (!token) return <Alert data-color="warning">{t("organisation.accept.noToken")}</Alert>;
  const onAccept = async () => {
    const result = await accept({ input: { token } });
    if (form.accept(result.error) && result.data) {
      const org = result.data.acceptInvitation.organisation;
      chooseOrganisation(org.id);
      refetch();
      navigate(`/organisations/${encodeURIComponent(org.id)}`);
    }
  };
  return (
    <div className="narrow">
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("organisation.accept.title")}
      </Heading>
      <Paragraph>{t("organisation.accept.intro", { name: me.name })}</Paragraph>
      <ErrorSummary errors={form.errors} />
      <Button onClick={onAccept} disabled={fetching}>
        {t("organisation.accept.submit")}
      </Button>
    </div>
  );
}
