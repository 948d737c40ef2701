// The partner directory's facets: real checkboxes and radios with counts, operable by keyboard;
// every choice is written to the URL by the page.
import { Checkbox, Fieldset, Radio } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { useCpvName, useRegionName } from "../app/reference";
import { cpvCode, TRAINING_STEPS, type PartnerParams } from "./filters";

type Facet = { value: string; count: number };
type Facets = { kind: Facet[]; region: Facet[]; cpv: Facet[]; targetGroup: Facet[]; staff: Facet[]; verifiedWise: number; resWsEligible: number };

type Props = {
  facets: Facets;
  params: PartnerParams;
  update: (mutate: (p: URLSearchParams) => void) => void;
};

export function PartnerFacets({ facets, params, update }: Props) {
  const { t } = useTranslation();
  const regionName = useRegionName();
  const cpvName = useCpvName(params.cpv ? cpvCode(params.cpv) : "");
  const set = (name: string, value: string | null) => update((p) => (value ? p.set(name, value) : p.delete(name)));
  const flag = (name: string, on: boolean) => set(name, on ? "true" : null);
  return (
    <div className="facets">
      <Fieldset>
        <Fieldset.Legend>{t("partners.kind")}</Fieldset.Legend>
        {facets.kind.map((f) => (
          <Checkbox
            key={f.value}
            label={`${t(`organisationKind.${f.value}`)} (${f.count})`}
            checked={params.kinds.includes(f.value as never)}
            onChange={(e) =>
              update((p) => {
                const rest = params.kinds.filter((k) => k !== f.value);
                p.delete("kind");
                for (const k of e.target.checked ? [...rest, f.value] : rest) p.append("kind", k);
              })
            }
          />
        ))}
      </Fieldset>
      <Fieldset>
        <Fieldset.Legend>{t("partners.standing")}</Fieldset.Legend>
        <Checkbox label={`${t("partners.verifiedWise")} (${facets.verifiedWise})`} checked={params.verifiedWise} onChange={(e) => flag("verifiedWise", e.target.checked)} />
        <Checkbox label={`${t("partners.reservedEligible")} (${facets.resWsEligible})`} checked={params.eligible} onChange={(e) => flag("eligible", e.target.checked)} />
      </Fieldset>
      <Fieldset>
        <Fieldset.Legend>{t("partners.region")}</Fieldset.Legend>
        {params.region && <Checkbox label={regionName(params.region)} description={t("partnerSearch.uncheckToWiden")} checked onChange={() => set("region", null)} />}
        {facets.region
          .filter((f) => f.value !== params.region)
          .map((f) => (
            <Checkbox key={f.value} label={`${regionName(f.value)} (${f.count})`} checked={false} onChange={() => set("region", f.value)} />
          ))}
      </Fieldset>
      <Fieldset>
        <Fieldset.Legend>{t("partnerSearch.cpv")}</Fieldset.Legend>
        {params.cpv && <Checkbox label={cpvName(cpvCode(params.cpv))} description={t("partnerSearch.uncheckToWiden")} checked onChange={() => set("cpv", null)} />}
        {facets.cpv
          .filter((f) => f.value !== params.cpv)
          .map((f) => (
            <Checkbox key={f.value} label={`${cpvName(cpvCode(f.value))} (${f.count})`} checked={false} onChange={() => set("cpv", f.value)} />
          ))}
      </Fieldset>
      <Fieldset>
        <Fieldset.Legend>{t("partnerSearch.targetGroup")}</Fieldset.Legend>
        {facets.targetGroup.map((f) => (
          <Checkbox
            key={f.value}
            label={`${t(`targetGroup.${f.value}`)} (${f.count})`}
            checked={params.targetGroup === f.value}
            onChange={(e) => set("targetGroup", e.target.checked ? f.value : null)}
          />
        ))}
      </Fieldset>
      <Fieldset>
        <Fieldset.Legend>{t("partnerSearch.staff")}</Fieldset.Legend>
        {facets.staff.map((f) => (
          <Checkbox
            key={f.value}
            label={`${t("partnerSearch.staffRange", { range: f.value })} (${f.count})`}
            checked={params.staff === f.value}
            onChange={(e) => set("staff", e.target.checked ? f.value : null)}
          />
        ))}
      </Fieldset>
      <Fieldset>
        <Fieldset.Legend>{t("partnerSearch.training")}</Fieldset.Legend>
        <Radio name="training" value="" label={t("partnerSearch.trainingAny")} checked={params.training === null} onChange={() => set("training", null)} />
        {TRAINING_STEPS.map((n) => (
          <Radio key={n} name="training" value={String(n)} label={t("partnerSearch.trainingAtLeast", { count: n })} checked={params.training === n} onChange={() => set("training", String(n))} />
        ))}
      </Fieldset>
    </div>
  );
}
