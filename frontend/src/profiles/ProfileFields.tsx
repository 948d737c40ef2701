// The profile editor's questions, grouped as a person thinks of them: what we do and where, how
// much we can take on and for whom, our WISE status, and how to reach us.
import { Checkbox, Fieldset, Heading, Radio, Textfield } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import type { ProfileVisibility, TargetGroup } from "../gql/graphql";
import { CpvPicker, RegionPicker } from "./Pickers";
import type { Draft } from "./profile";

type Props = { draft: Draft; set: (patch: Partial<Draft>) => void; error: (field: string) => string | undefined };

const GROUPS: TargetGroup[] = ["NEWLY_ARRIVED", "LONG_TERM_UNEMPLOYED", "YOUNG_PEOPLE", "PEOPLE_WITH_DISABILITIES", "OTHER"];
const LANGUAGES = ["sv", "no", "en"];

function toggle<T>(list: T[], item: T, on: boolean): T[] {
  return on ? [...list, item] : list.filter((x) => x !== item);
}

export function ServicesFields({ draft, set, error }: Props) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="services-heading" className="stack">
      <Heading level={2} data-size="sm" id="services-heading">
        {t("profiles.services.heading")}
      </Heading>
      <CpvPicker id="cpv" value={draft.cpv} onChange={(cpv) => set({ cpv })} error={error("cpv")} />
      <Textfield id="servicesDescription" multiline rows={3} label={t("profiles.services.description")} value={draft.servicesDescription} onChange={(e) => set({ servicesDescription: e.target.value })} error={error("servicesDescription")} />
      <Textfield id="keywords" label={t("profiles.services.keywords")} description={t("profiles.services.keywordsHelp")} value={draft.keywords} onChange={(e) => set({ keywords: e.target.value })} error={error("keywords")} />
      <Heading level={3} data-size="xs">
        {t("profiles.regions.heading")}
      </Heading>
      <RegionPicker id="regionsServed" value={draft.regionsServed} onChange={(regionsServed) => set({ regionsServed })} error={error("regionsServed")} />
    </section>
  );
}

export function CapacityFields({ draft, set, error }: Props) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="capacity-heading" className="stack">
      <Heading level={2} data-size="sm" id="capacity-heading">
        {t("profiles.capacity.heading")}
      </Heading>
      <div className="two-columns">
        <Textfield id="capacity.staff" inputMode="numeric" label={t("profiles.capacity.staff")} value={draft.staff} onChange={(e) => set({ staff: e.target.value })} error={error("capacity.staff")} />
        <Textfield id="capacity.trainingPlaces" inputMode="numeric" label={t("profiles.capacity.trainingPlaces")} value={draft.trainingPlaces} onChange={(e) => set({ trainingPlaces: e.target.value })} error={error("capacity.trainingPlaces")} />
        <Textfield id="capacity.trainingPeriod" label={t("profiles.capacity.trainingPeriod")} description={t("profiles.capacity.trainingPeriodHelp")} value={draft.trainingPeriod} onChange={(e) => set({ trainingPeriod: e.target.value })} />
        <Textfield id="capacity.largestContract" inputMode="numeric" label={t("profiles.capacity.largestContract")} value={draft.largestContract} onChange={(e) => set({ largestContract: e.target.value })} error={error("capacity.largestContract")} />
      </div>
      <Fieldset>
        <Fieldset.Legend>{t("profiles.capacity.targetGroups")}</Fieldset.Legend>
        {GROUPS.map((g) => (
          <Checkbox key={g} label={t(`targetGroup.${g}`)} checked={draft.targetGroups.includes(g)} onChange={(e) => set({ targetGroups: toggle(draft.targetGroups, g, e.target.checked) })} />
        ))}
      </Fieldset>
      <Checkbox label={t("profiles.capacity.employment")} checked={draft.takesEmploymentRequirements} onChange={(e) => set({ takesEmploymentRequirements: e.target.checked })} />
      <Fieldset>
        <Fieldset.Legend>{t("profiles.capacity.languages")}</Fieldset.Legend>
        {LANGUAGES.map((l) => (
          <Checkbox key={l} label={t(`profiles.language.${l}`)} checked={draft.languages.includes(l)} onChange={(e) => set({ languages: toggle(draft.languages, l, e.target.checked) })} />
        ))}
      </Fieldset>
    </section>
  );
}

export function WiseFields({ draft, set, error }: Props) {
  const { t } = useTranslation();
  const wise = draft.wise;
  if (!wise) return null;
  const patch = (p: Partial<NonNullable<Draft["wise"]>>) => set({ wise: { ...wise, ...p } });
  return (
    <section aria-labelledby="wise-heading" className="stack">
      <Heading level={2} data-size="sm" id="wise-heading">
        {t("profiles.wise.heading")}
      </Heading>
      <Checkbox label={t("profiles.wise.mainAim")} description={t("profiles.wise.mainAimHelp")} checked={wise.integrationMainAim} onChange={(e) => patch({ integrationMainAim: e.target.checked })} />
      <div className="two-columns">
        <Textfield id="wise.targetGroupStaffPercent" inputMode="numeric" label={t("profiles.wise.percent")} description={t("profiles.wise.percentHelp")} value={wise.percent} onChange={(e) => patch({ percent: e.target.value })} error={error("wise.targetGroupStaffPercent")} />
        <Textfield id="wise.measuredOn" type="date" label={t("profiles.wise.measuredOn")} value={wise.measuredOn} onChange={(e) => patch({ measuredOn: e.target.value })} error={error("wise.measuredOn")} />
      </div>
      <Textfield id="wise.evidence" multiline rows={2} label={t("profiles.wise.evidence")} description={t("profiles.wise.evidenceHelp")} value={wise.evidence} onChange={(e) => patch({ evidence: e.target.value })} error={error("wise.evidence")} />
      <Textfield id="wise.certification" label={t("profiles.wise.certification")} value={wise.certification} onChange={(e) => patch({ certification: e.target.value })} />
    </section>
  );
}

export function ContactFields({ draft, set, error }: Props) {
  const { t } = useTranslation();
  const contact = (p: Partial<Draft["contact"]>) => set({ contact: { ...draft.contact, ...p } });
  return (
    <section aria-labelledby="contact-heading" className="stack">
      <Heading level={2} data-size="sm" id="contact-heading">
        {t("profiles.contact.heading")}
      </Heading>
      <div className="two-columns">
        <Textfield id="contact.name" label={t("profiles.contact.name")} value={draft.contact.name} onChange={(e) => contact({ name: e.target.value })} error={error("contact.name")} />
        <Textfield id="contact.email" type="email" label={t("profiles.contact.email")} value={draft.contact.email} onChange={(e) => contact({ email: e.target.value })} error={error("contact.email")} />
        <Textfield id="contact.phone" label={t("profiles.contact.phone")} value={draft.contact.phone} onChange={(e) => contact({ phone: e.target.value })} />
      </div>
      <Fieldset>
        <Fieldset.Legend>{t("profiles.contact.visibility")}</Fieldset.Legend>
        {(["PUBLIC", "SIGNED_IN"] as ProfileVisibility[]).map((v) => (
          <Radio key={v} name="visibility" value={v} label={t(`profiles.visibility.${v}`)} checked={draft.visibility === v} onChange={() => set({ visibility: v })} />
        ))}
      </Fieldset>
    </section>
  );
}
