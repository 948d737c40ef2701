// The capability profile as the editor holds it (strings as typed), how it becomes the
// `ProfileInput` the server takes, the words for the server's reasons why an organisation may not
// bid for reserved contracts (Art. 20), and when saving would pause that eligibility.
import type { EligibilityGap, PartnerRole, ProfileVisibility, TargetGroup } from "../gql/graphql";

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

/**
 * The catalogue key (under `profiles.eligibility`, and `buyer.market.eligibility` for what a buyer
 * reads) for each reason the server gives why an organisation may not bid for a reserved
 * contract. The server decides; the browser only finds the words.
 */
export const GAP_KEYS: Record<EligibilityGap, string> = {
  NOT_WISE: "notWise",
  NOT_VERIFIED: "notVerified",
  NOT_MAIN_AIM: "notMainAim",
  NO_SHARE: "noShare",
  SHARE_UNDER_30: "shareUnder30",
  CHANGED_SINCE_VERIFICATION: "changedSinceVerification",
  MEASUREMENT_OLD: "measurementOld",
};

type StatedWise = { targetGroupStaffPercent?: number | null; measuredOn?: string | null } | null | undefined;

/** The share and its date as one pair, or `null` unless both are stated (as the server compares them). */
function figures(percent: string, measuredOn: string): string | null {
  const p = percent.trim();
  if (p === "" || measuredOn === "") return null;
  return `${/^\d+$/.test(p) ? String(Number(p)) : p}@${measuredOn}`;
}

/**
 * Whether saving the draft would pause a verified WISE's eligibility for reserved contracts: it
 * states another share or measurement date than the saved profile and than the administrator
 * verified, so the organisation waits for verification again.
 */
export function savingPausesEligibility(
  org: { kind: string; verified: boolean; verifiedWiseFigures?: { sharePercent: number; measuredOn: string } | null },
  saved: StatedWise,
  draft: Draft,
): boolean {
  if (org.kind !== "WISE" || !org.verified || !draft.wise) return false;
  const now = figures(draft.wise.percent, draft.wise.measuredOn);
  const before = figures(text(saved?.targetGroupStaffPercent), saved?.measuredOn ?? "");
  const verified = org.verifiedWiseFigures ? figures(String(org.verifiedWiseFigures.sharePercent), org.verifiedWiseFigures.measuredOn) : null;
  return now !== before && now !== verified;
}
