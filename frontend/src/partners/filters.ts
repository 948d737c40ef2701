// The partner directory's filters live in the URL: Back restores them and a link shares them.
import type { OrganisationKind, PartnerFilter, TargetGroup } from "../gql/graphql";

const KINDS: OrganisationKind[] = ["WISE", "SUPPLIER", "MUNICIPALITY", "OTHER"];
const GROUPS: TargetGroup[] = ["NEWLY_ARRIVED", "LONG_TERM_UNEMPLOYED", "YOUNG_PEOPLE", "PEOPLE_WITH_DISABILITIES", "OTHER"];
export const TRAINING_STEPS = [1, 5, 10, 20];

/** A staff facet value ("10-49", "250+") as the filter's bounds. */
export function staffRange(value: string | null): { minStaff: number | null; maxStaff: number | null } {
  const m = value?.match(/^(\d+)(?:-(\d+)|\+)$/);
  if (!m) return { minStaff: null, maxStaff: null };
  return { minStaff: Number(m[1]), maxStaff: m[2] ? Number(m[2]) : null };
}

/** A CPV facet value (a division "90" or a group "909") as the 8-digit code the filter takes. */
export function cpvCode(prefix: string): string {
  return prefix.padEnd(8, "0").slice(0, 8);
}

/** The facet value a chosen CPV code stands for ("90900000" -> "909"). */
export function cpvPrefix(code: string): string {
  const trimmed = code.replace(/0+$/, "");
  return trimmed.length < 2 ? code.slice(0, 2) : trimmed;
}

export type PartnerParams = {
  q: string;
  kinds: OrganisationKind[];
  region: string | null;
  cpv: string | null;
  targetGroup: TargetGroup | null;
  staff: string | null;
  training: number | null;
  verifiedWise: boolean;
  eligible: boolean;
};

export function readPartnerParams(params: URLSearchParams): PartnerParams {
  const group = params.get("targetGroup");
  const training = Number(params.get("training"));
  return {
    q: params.get("q") ?? "",
    kinds: params.getAll("kind").filter((k): k is OrganisationKind => KINDS.includes(k as OrganisationKind)),
    region: params.get("region"),
    cpv: params.get("cpv"),
    targetGroup: GROUPS.includes(group as TargetGroup) ? (group as TargetGroup) : null,
    staff: params.get("staff"),
    training: TRAINING_STEPS.includes(training) ? training : null,
    verifiedWise: params.get("verifiedWise") === "true",
    eligible: params.get("eligible") === "true",
  };
}

export function partnerFilter(p: PartnerParams): PartnerFilter {
  return {
    kinds: p.kinds,
    region: p.region,
    cpv: p.cpv ? cpvCode(p.cpv) : null,
    targetGroup: p.targetGroup,
    ...staffRange(p.staff),
    minTrainingPlaces: p.training,
    verifiedWise: p.verifiedWise || null,
    resWsEligible: p.eligible || null,
  };
}
