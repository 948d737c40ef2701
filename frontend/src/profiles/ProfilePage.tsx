// /profile: the capability profile of the organisation the person acts for, with the
// reserved-contract reading and a preview of what others see. Saving sends the revision read, so
// a colleague's change is never overwritten silently.
import { Alert, Button, Heading, Link as DsLink, Paragraph, Spinner } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMutation, useQuery } from "urql";
import { SignInFirst } from "../account/CreateOrganisationPage";
import { useFormErrors } from "../account/useForm";
import { ErrorSummary } from "../app/ErrorSummary";
import { usePageTitle } from "../app/Layout";
import { useSession } from "../app/session";
import { graphql } from "../gql";
import type { ProfileInput } from "../gql/graphql";
import { EligibilityPanel } from "./EligibilityPanel";
import { draftOf, savingPausesEligibility, toInput, type Draft } from "./profile";
import { CapacityFields, ContactFields, ServicesFields, WiseFields } from "./ProfileFields";
import { ProfilePreview } from "./ProfilePreview";
import "../offers/offers.css";
import "./profiles.css";

const ProfileEditorDocument = graphql(`
  query ProfileEditor($id: ID!) {
    organisation(id: $id) {
      id
      name
      kind
      verified
      verifiedAt
      verifiedWiseFigures {
        sharePercent
        measuredOn
      }
      wiseFiguresChangedAt
      profile {
        revision
        updatedAt
        reservedContractEligible
        eligibilityGaps
        content {
          cpv
          servicesDescription
          keywords
          regionsServed
          capacity {
            staff
            trainingPlaces
            trainingPeriod
            largestContract
          }
          targetGroups
          takesEmploymentRequirements
          partnerRoles
          partneringNote
          languages
          wise {
            integrationMainAim
            targetGroupStaffPercent
            measuredOn
            evidence
            certification
          }
          contact {
            name
            email
            phone
          }
          visibility
        }
      }
    }
  }
`);

const UpdateProfileDocument = graphql(`
  mutation UpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      id
      wiseFiguresChangedAt
      profile {
        revision
        reservedContractEligible
        eligibilityGaps
      }
    }
  }
`);

export function ProfilePage() {
  const { t } = useTranslation();
  usePageTitle(t("profiles.title"));
  const { me, loading, activeOrganisation } = useSession();
  const id = activeOrganisation?.id ?? "";
  const [{ data }, refetch] = useQuery({ query: ProfileEditorDocument, variables: { id }, pause: !id, requestPolicy: "network-only" });
  if (!me && !loading) return <SignInFirst />;
  const org = data?.organisation;
  if (activeOrganisation && activeOrganisation.kind === "MUNICIPALITY") {
    return (
      <>
        <Heading level={1} data-size="lg" tabIndex={-1}>
          {t("profiles.title")}
        </Heading>
        <Paragraph>{t("profiles.notForBuyers")}</Paragraph>
      </>
    );
  }
  if (!org) return <Spinner aria-label={t("common.loading")} />;
  return <ProfileEditor key={org.id} org={org} onSaved={() => refetch({ requestPolicy: "network-only" })} />;
}

type Org = NonNullable<NonNullable<ReturnType<typeof useQuery<import("../gql/graphql").ProfileEditorQuery>>[0]["data"]>["organisation"]>;

function ProfileEditor({ org, onSaved }: { org: Org; onSaved: () => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => draftOf(org.profile?.content, org.kind === "WISE"));
  const [saved, setSaved] = useState(false);
  const form = useFormErrors();
  const [{ fetching }, update] = useMutation(UpdateProfileDocument);
  // A verified WISE changing its share or date: say before saving that it pauses eligibility.
  const pauses = savingPausesEligibility(org, org.profile?.content.wise, draft);
  const set = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...patch }));
  };
  // A list item's error (`regionsServed[2]`) belongs to the list's field.
  const listField = (field: string | null) => field?.replace(/\[\d+\]$/, "") ?? null;
  const error = (field: string) => form.errors.find((e) => listField(e.field) === field)?.message;
  const fieldIds = Object.fromEntries(form.errors.filter((e) => e.field).map((e) => [e.field, listField(e.field)]));
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const { input, errors } = toInput(draft);
    if (errors.length > 0) return form.set(errors.map((x) => ({ field: x.field, message: t(`profiles.${x.key}`) })));
    const result = await update({ input: { organisationId: org.id, revision: org.profile?.revision ?? 0, profile: input as ProfileInput } });
    if (form.accept(result.error)) {
      setSaved(true);
      onSaved();
    }
  };
  return (
    <div className="profile-editor">
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("profiles.heading", { name: org.name })}
      </Heading>
      <Paragraph>
        {t("profiles.intro")}{" "}
        <DsLink asChild>
          <Link to={`/organisations/${encodeURIComponent(org.id)}`}>{t("profiles.publicPage")}</Link>
        </DsLink>
      </Paragraph>
      <EligibilityPanel organisation={org} wise={org.profile?.content.wise} gaps={org.profile?.eligibilityGaps ?? null} />
      <div className="profile-editor__body">
        <form onSubmit={onSubmit} noValidate className="stack" data-testid="profile-form">
          <ErrorSummary errors={form.errors} fieldIds={fieldIds as Record<string, string>} />
          <ServicesFields draft={draft} set={set} error={error} />
          <CapacityFields draft={draft} set={set} error={error} />
          <WiseFields draft={draft} set={set} error={error} />
          <ContactFields draft={draft} set={set} error={error} />
          {pauses && (
            <Alert data-color="warning" id="pause-warning" data-testid="pause-warning">
              <Heading level={2} data-size="xs">
                {t("profiles.wise.pauseHeading")}
              </Heading>
              <Paragraph>{t("profiles.wise.pauseWarning")}</Paragraph>
            </Alert>
          )}
          <div className="actions">
            <Button type="submit" disabled={fetching} aria-describedby={pauses ? "pause-warning" : undefined}>
              {t("profiles.save")}
            </Button>
            <span role="status">{saved ? t("profiles.saved") : ""}</span>
          </div>
        </form>
        <ProfilePreview name={org.name} draft={draft} />
      </div>
    </div>
  );
}
