// Facets as real checkboxes with counts. Each change rewrites the URL, so it is one step in the
// browser's history.
import { Checkbox, Fieldset } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import type { NeedsPipelineQuery, NeedStatus } from "../gql/graphql";
import type { NeedFilters } from "./filters";

type Facets = NeedsPipelineQuery["searchNeeds"]["facets"];

type Props = {
  facets: Facets;
  filters: NeedFilters;
  regionName: (code: string) => string;
  cpvName: (code: string) => string;
  onChange: (next: NeedFilters) => void;
};

export function NeedFacets({ facets, filters, regionName, cpvName, onChange }: Props) {
  const { t } = useTranslation();
  const set = (patch: Partial<NeedFilters>) => onChange({ ...filters, ...patch, page: 1 });
  const toggleStatus = (status: NeedStatus, on: boolean) =>
    set({
      statuses: on ? [...filters.statuses, status] : filters.statuses.filter((s) => s !== status),
    });
  const statusValues = mergeSelected(facets.status, filters.statuses);
  return (
    <div className="facets">
      <Fieldset>
        <Fieldset.Legend>{t("needs.facets.requirements")}</Fieldset.Legend>
        <Checkbox
          label={`${t("needs.facets.reserved")} (${facets.reserved})`}
          checked={filters.reserved}
          onChange={(e) => set({ reserved: e.target.checked })}
        />
        <Checkbox
          label={`${t("needs.facets.innovative")} (${facets.innovative})`}
          checked={filters.innovative}
          onChange={(e) => set({ innovative: e.target.checked })}
        />
      </Fieldset>
      <Fieldset>
        <Fieldset.Legend>{t("needs.facets.status")}</Fieldset.Legend>
        {statusValues.map((f) => (
          <Checkbox
            key={f.value}
            label={`${t(`needStatus.${f.value}`)} (${f.count})`}
            checked={filters.statuses.includes(f.value as NeedStatus)}
            onChange={(e) => toggleStatus(f.value as NeedStatus, e.target.checked)}
          />
        ))}
      </Fieldset>
      <HierarchyFacet
        legend={t("needs.facets.region")}
        values={facets.region}
        selected={filters.region}
        name={regionName}
        onSelect={(region) => set({ region })}
      />
      <HierarchyFacet
        legend={t("needs.facets.cpv")}
        values={facets.cpv}
        selected={filters.cpv}
        name={cpvName}
        onSelect={(cpv) => set({ cpv })}
      />
    </div>
  );
}

/** Checked values stay listed (with 0) so they can be unchecked. */
function mergeSelected(values: Facets["status"], selected: string[]) {
  const missing = selected
    .filter((s) => !values.some((v) => v.value === s))
    .map((value) => ({ value, count: 0 }));
  return [...values, ...missing];
}

type HierarchyProps = {
  legend: string;
  values: Facets["region"];
  selected: string | null;
  name: (code: string) => string;
  onSelect: (code: string | null) => void;
};

/**
 * A facet over a hierarchy (regions, CPV): the checked value narrows the search and the counts
 * go one level down; unchecking it widens the search again.
 */
function HierarchyFacet({ legend, values, selected, name, onSelect }: HierarchyProps) {
  const { t } = useTranslation();
  if (values.length === 0 && !selected) return null;
  return (
    <Fieldset>
      <Fieldset.Legend>{legend}</Fieldset.Legend>
      {selected && (
        <Checkbox
          label={name(selected)}
          checked
          onChange={() => onSelect(null)}
          description={t("needs.facets.uncheckToWiden")}
        />
      )}
      {values
        .filter((v) => v.value !== selected)
        .map((v) => (
          <Checkbox
            key={v.value}
            label={`${name(v.value)} (${v.count})`}
            checked={false}
            onChange={() => onSelect(v.value)}
          />
        ))}
    </Fieldset>
  );
}
