// A new need: the editor's first steps, before the draft exists. The language and currency
// follow the buyer's country.
import { Heading, Paragraph, Spinner } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { Navigate, useParams } from "react-router";
import { useQuery } from "urql";
import { SignInFirst } from "../account/CreateOrganisationPage";
import { useSession } from "../app/session";
import { graphql } from "../gql";
import { NeedEditor } from "./NeedEditor";
import { isStep } from "./steps/types";

const BuyerCountryDocument = graphql(`
  query BuyerCountry($id: ID!) {
    organisation(id: $id) {
      id
      country
    }
  }
`);

export function NewNeedPage() {
  const { t } = useTranslation();
  const { step } = useParams();
  const { me, activeOrganisation, loading } = useSession();
  const org = activeOrganisation?.kind === "MUNICIPALITY" ? activeOrganisation : null;
  const [{ data }] = useQuery({ query: BuyerCountryDocument, variables: { id: org?.id ?? "" }, pause: !org });
  if (loading) return <Spinner aria-label={t("common.loading")} />;
  if (!me) return <SignInFirst />;
  if (!org) {
    return (
      <>
        <Heading level={1} data-size="lg" tabIndex={-1}>
          {t("buyer.dashboard.title")}
        </Heading>
        <Paragraph>{t("buyer.dashboard.notBuyer")}</Paragraph>
      </>
    );
  }
  if (!isStep(step) || (step !== "about" && step !== "classification")) return <Navigate to="/buyer/needs/new/about" replace />;
  const country = data?.organisation?.country;
  if (!country) return <Spinner aria-label={t("common.loading")} />;
  return <NewNeed buyerId={org.id} country={country} step={step} />;
}

/** Kept mounted across the two first steps, so the working copy survives the step change. */
function NewNeed(props: { buyerId: string; country: NonNullable<Parameters<typeof NeedEditor>[0]["country"]>; step: "about" | "classification" }) {
  return <NeedEditor initial={null} {...props} />;
}
