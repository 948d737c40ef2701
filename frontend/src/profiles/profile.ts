// The capability profile as the editor holds it (strings as typed), how it becomes the
// `ProfileInput` the server takes, and why an organisation may or may not bid for reserved
// contracts (Art. 20: a verified WISE, integration as main aim, at least 30 % target-group staff).
import type { PartnerRole, ProfileVisibility, TargetGroup } from "../gql/graphql";

export type Draft = {
  cpv: string[];
  servicesDescription: string;
  keywords: string;
  regionsServed: string[];
  staff: string;
  trainingPlaces: string;
  trainingPeriod: string;
  largestContract: string;
  targetGroups: TargetGroup[];
  takesEmploymentRequirements: boolean;
  partnerRoles: PartnerRole[];
  partneringNote: string;
  languages: string[];
  wise: { integrationMainAim: boolean; percent: string; measuredOn: string; evidence: string; certification: string } | null;
  contact: { name: string; email: string; phone: string };
  visibility: ProfileVisibility;
};

type Content = {
  cpv: string[];
  servicesDescription: string;
  keywords: string[];
  regionsServed: string[];
  capacity: { staff?: number | null; trainingPlaces?: number | null; trainingPeriod?: string | null; largestContract?: number | null };
  targetGroups: TargetGroup[];
  takesEmploymentRequirements: boolean;
  partnerRoles: PartnerRole[];
  partneringNote: string;
  languages: string[];
  wise?: { integrationMainAim: boolean; targetGroupStaffPercent?: number | null; measuredOn?: string | null; evidence: string; certification?: string | null } | null;
  contact: { name: string; email?: string | null; phone?: string | null };
  visibility: ProfileVisibility;
};

const text = (n: number | null | undefined) => (n == null ? "" : String(n));

/** The editor's starting point: the saved profile, or an empty one (with WISE status for a WISE). */
export function draftOf(content: Content | null | undefined, isWise: boolean): Draft {
  const wise = content?.wise;
  return {
    cpv: content?.cpv ?? [],
    servicesDescription: content?.servicesDescription ?? "",
    keywords: (content?.keywords ?? []).join(", "),
    regionsServed: content?.regionsServed ?? [],
    staff: text(content?.capacity.staff),
    trainingPlaces: text(content?.capacity.trainingPlaces),
    trainingPeriod: content?.capacity.trainingPeriod ?? "",
    largestContract: text(content?.capacity.largestContract),
    targetGroups: content?.targetGroups ?? [],
    takesEmploymentRequirements: content?.takesEmploymentRequirements ?? false,
    partnerRoles: content?.partnerRoles ?? [],
    partneringNote: content?.partneringNote ?? "",
    languages: content?.languages ?? [],
    wise:
      wise || isWise
        ? {
            integrationMainAim: wise?.integrationMainAim ?? false,
            percent: text(wise?.targetGroupStaffPercent),
            measuredOn: wise?.measuredOn ?? "",
            evidence: wise?.evidence ?? "",
            certification: wise?.certification ?? "",
          }
        : null,
    contact: { name: content?.contact.name ?? "", email: content?.contact.email ?? "", phone: content?.contact.phone ?? "" },
    visibility: content?.visibility ?? "PUBLIC",
  };
}

/** A whole number from a field, `null` when empty. Letters become a field error. */
function number(field: string, value: string, errors: { field: string; key: string }[]): number | null {
  const v = value.trim();
  if (v === "") return null;
  if (!/^\d+$/.test(v)) {
    errors.push({ field, key: "wholeNumber" });
    return null;
  }
  return Number(v);
}

/** The input for `updateProfile`, or the fields that cannot be sent as typed. */
export function toInput(d: Draft): { input: Record<string, unknown>; errors: { field: string; key: string }[] } {
  const errors: { field: string; key: string }[] = [];
  const capacity = {
    staff: number("capacity.staff", d.staff, errors),
    trainingPlaces: number("capacity.trainingPlaces", d.trainingPlaces, errors),
    trainingPeriod: d.trainingPeriod.trim() || null,
    largestContract: number("capacity.largestContract", d.largestContract, errors),
    references: [],
  };
  const wise = d.wise
    ? {
        integrationMainAim: d.wise.integrationMainAim,
        targetGroupStaffPercent: number("wise.targetGroupStaffPercent", d.wise.percent, errors),
        measuredOn: d.wise.measuredOn || null,
        evidence: d.wise.evidence,
        certification: d.wise.certification.trim() || null,
      }
    : null;
  const input = {
    cpv: d.cpv,
    servicesDescription: d.servicesDescription,
    keywords: d.keywords
      .split(",")
      .map((k) => k.trim())
      .filter(Boolean),
    regionsServed: d.regionsServed,
    capacity,
    targetGroups: d.targetGroups,
    takesEmploymentRequirements: d.takesEmploymentRequirements,
    partnerRoles: d.partnerRoles,
    partneringNote: d.partneringNote,
    languages: d.languages,
    wise,
    contact: { name: d.contact.name, email: d.contact.email.trim() || null, phone: d.contact.phone.trim() || null },
    visibility: d.visibility,
  };
  return { input, errors };
}

/** How old a measurement may be before we ask for a new one (our reading, not a legal limit). */
export const MEASUREMENT_MAX_MONTHS = 12;

/**
 * Why the organisation may (["eligible"]) or may not bid for a reserved contract, as catalogue
 * keys under `profiles.eligibility`. The server decides eligibility from verification, main aim
 * and share; the age of the measurement is our own warning.
 */
export function eligibility(
  org: { kind: string; verified: boolean },
  wise: { integrationMainAim: boolean; targetGroupStaffPercent?: number | null; measuredOn?: string | null } | null | undefined,
  today = new Date(),
): string[] {
  if (org.kind !== "WISE") return ["notWise"];
  const reasons: string[] = [];
  if (!org.verified) reasons.push("notVerified");
  if (!wise?.integrationMainAim) reasons.push("notMainAim");
  const percent = wise?.targetGroupStaffPercent;
  if (percent == null) reasons.push("noShare");
  else if (percent < 30) reasons.push("shareUnder30");
  if (wise?.measuredOn) {
    const measured = new Date(`${wise.measuredOn}T00:00:00Z`);
    const limit = new Date(today);
    limit.setUTCMonth(limit.getUTCMonth() - MEASUREMENT_MAX_MONTHS);
    if (measured < limit) reasons.push("measurementOld");
  }
  return reasons.length === 0 ? ["eligible"] : reasons;
}
