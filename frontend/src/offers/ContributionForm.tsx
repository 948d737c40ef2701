// What my organisation brings to the offer: which lots, how many work-training places and staff,
// which regions and services (CPV) for this offer (none: those of the capability profile, with
// the profile editor's pickers), and a note. Saving asks every member to confirm again. Live
// changes to the offer never reset what is typed here.
import { Button, Checkbox, Fieldset, Heading, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import { ErrorSummary } from "../app/ErrorSummary";
import { useFormErrors } from "../account/useForm";
import { graphql } from "../gql";
import type { OfferMembersFragment } from "../gql/graphql";
import { CpvPicker, RegionPicker } from "../profiles/Pickers";
import { wholeNumber } from "./words";

const SetContributionDocument = graphql(`
  mutation SetJointOfferContribution($offerId: ID!, $organisationId: ID!, $contribution: ContributionInput!) {
    setJointOfferContribution(offerId: $offerId, organisationId: $organisationId, contribution: $contribution) {
      id
      ...OfferWorkspace
    }
  }
`);

type Member = OfferMembersFragment["members"][number];

const FIELD_IDS = {
  "contribution.lots": "contribution-lots",
  "contribution.trainingPlaces": "contribution-trainingPlaces",
  "contribution.staff": "contribution-staff",
  "contribution.note": "contribution-note",
  "contribution.regions": "contribution-regions",
  "contribution.cpv": "contribution-cpv",
  contribution: "contribution-trainingPlaces",
};

export function ContributionForm({ offerId, offerLots, member }: { offerId: string; offerLots: number[]; member: Member }) {
  const { t } = useTranslation();
  const c = member.contribution;
  const [lots, setLots] = useState<number[]>(c.lots);
  const [places, setPlaces] = useState(c.trainingPlaces?.toString() ?? "");
  const [staff, setStaff] = useState(c.staff?.toString() ?? "");
  const [note, setNote] = useState(c.note);
  const [regions, setRegions] = useState<string[]>(c.regions);
  const [cpv, setCpv] = useState<string[]>(c.cpv);
  const [saved, setSaved] = useState(false);
  const form = useFormErrors();
  const [{ fetching }, save] = useMutation(SetContributionDocument);
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const trainingPlaces = wholeNumber(places);
    const staffCount = wholeNumber(staff);
    const wrong = [
      trainingPlaces === "invalid" ? { field: "contribution.trainingPlaces", message: t("offers.contributionForm.wholeNumber") } : null,
      staffCount === "invalid" ? { field: "contribution.staff", message: t("offers.contributionForm.wholeNumber") } : null,
    ].filter((x) => x !== null);
    if (wrong.length > 0) return form.set(wrong);
    const result = await save({
      offerId,
      organisationId: member.organisation.id,
      contribution: {
        lots,
        trainingPlaces: trainingPlaces as number | null,
        staff: staffCount as number | null,
        note,
        regions,
        cpv,
      },
    });
    if (form.accept(result.error)) setSaved(true);
  };
  return (
    <section aria-labelledby="contribution-heading">
      <Heading level={2} data-size="md" id="contribution-heading">
        {t("offers.contributionForm.heading", { name: member.organisation.name })}
      </Heading>
      <Paragraph className="muted">{t("offers.contributionForm.intro")}</Paragraph>
      <ErrorSummary errors={form.errors} fieldIds={FIELD_IDS} />
      <form className="stack narrow" onSubmit={onSubmit} noValidate data-testid="contribution-form">
        {offerLots.length > 1 && (
          <Fieldset id="contribution-lots">
            <Fieldset.Legend>{t("offers.contributionForm.lots")}</Fieldset.Legend>
            <Fieldset.Description>{t("offers.contributionForm.lotsHelp")}</Fieldset.Description>
            {offerLots.map((lot) => (
              <Checkbox
                key={lot}
                label={t("offers.coverage.lot", { lot })}
                checked={lots.includes(lot)}
                onChange={(e) => setLots(e.target.checked ? [...lots, lot] : lots.filter((l) => l !== lot))}
              />
            ))}
          </Fieldset>
        )}
        <Textfield
          id="contribution-trainingPlaces"
          label={t("offers.contributionForm.trainingPlaces")}
          inputMode="numeric"
          value={places}
          onChange={(e) => setPlaces(e.target.value)}
          error={form.field("contribution.trainingPlaces")}
        />
        <Textfield
          id="contribution-staff"
          label={t("offers.contributionForm.staff")}
          inputMode="numeric"
          value={staff}
          onChange={(e) => setStaff(e.target.value)}
          error={form.field("contribution.staff")}
        />
        <Fieldset>
          <Fieldset.Legend>{t("offers.contributionForm.regions")}</Fieldset.Legend>
          <Fieldset.Description>{t("offers.contributionForm.regionsHelp")}</Fieldset.Description>
          <RegionPicker id="contribution-regions" value={regions} onChange={setRegions} error={form.field("contribution.regions")} />
        </Fieldset>
        <Fieldset>
          <Fieldset.Legend>{t("offers.contributionForm.services")}</Fieldset.Legend>
          <Fieldset.Description>{t("offers.contributionForm.servicesHelp")}</Fieldset.Description>
          <CpvPicker id="contribution-cpv" value={cpv} onChange={setCpv} error={form.field("contribution.cpv")} />
        </Fieldset>
        <Textfield
          id="contribution-note"
          multiline
          rows={3}
          label={t("offers.contributionForm.note")}
          description={t("offers.contributionForm.noteHelp")}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          error={form.field("contribution.note")}
        />
        <div className="actions">
          <Button type="submit" disabled={fetching}>
            {t("offers.contributionForm.save")}
          </Button>
          <span role="status">{saved ? t("offers.contributionForm.saved") : ""}</span>
        </div>
      </form>
    </section>
  );
}
