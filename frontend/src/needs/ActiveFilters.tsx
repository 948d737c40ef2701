// The filters in force, each a chip that removes it.
import { Chip } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import type { NeedFilters } from "./filters";

type Props = {
  filters: NeedFilters;
  onChange: (next: NeedFilters) => void;
  regionName: (code: string) => string;
  cpvName: (code: string) => string;
};

export function ActiveFilters({ filters, onChange, regionName, cpvName }: Props) {
  const { t } = useTranslation();
  const without = (patch: Partial<NeedFilters>) => onChange({ ...filters, ...patch, page: 1 });
  const chips: { key: string; label: string; remove: () => void }[] = [
    ...(filters.q ? [{ key: "q", label: `“${filters.q}”`, remove: () => without({ q: "" }) }] : []),
    ...filters.statuses.map((s) => ({
      key: s,
      label: t(`needStatus.${s}`),
      remove: () => without({ statuses: filters.statuses.filter((x) => x !== s) }),
    })),
    ...(filters.reserved
      ? [{ key: "reserved", label: t("needs.facets.reserved"), remove: () => without({ reserved: false }) }]
      : []),
    ...(filters.innovative
      ? [{ key: "innovative", label: t("needs.facets.innovative"), remove: () => without({ innovative: false }) }]
      : []),
    ...(filters.region
      ? [{ key: "region", label: regionName(filters.region), remove: () => without({ region: null }) }]
      : []),
    ...(filters.cpv ? [{ key: "cpv", label: cpvName(filters.cpv), remove: () => without({ cpv: null }) }] : []),
  ];
  if (chips.length === 0) return null;
  return (
    <ul className="chips" aria-label={t("needs.activeFilters")}>
      {chips.map((c) => (
        <li key={c.key}>
          <Chip.Removable aria-label={t("needs.removeFilter", { filter: c.label })} onClick={c.remove}>
            {c.label}
          </Chip.Removable>
        </li>
      ))}
    </ul>
  );
}
