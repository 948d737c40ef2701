// The coverage panel's words, from the codes the server sends (factor, measure, the numbers),
// so they read in the viewer's language; the server's English sentence is the fallback.
import type { TFunction } from "i18next";
import { missing } from "./words";

export type GapLike = { factor: string; explanation: string };
export type LotLike = {
  cpv: string;
  region?: string | null;
  measure?: string | null;
  required?: number | null;
  covered?: number | null;
};

/** One gap in words: `{ text, lang }`, `lang` set when the text is the server's English. */
export function gapText(
  gap: GapLike,
  lot: LotLike,
  t: TFunction,
  regionName: (code: string) => string,
  number: (n: number) => string,
): { text: string; lang?: string } {
  switch (gap.factor) {
    case "CPV":
      return { text: t("offers.gap.CPV", { cpv: lot.cpv }) };
    case "REGION":
      return { text: t("offers.gap.REGION", { region: lot.region ? regionName(lot.region) : "" }) };
    case "RESERVED":
      return { text: t("offers.gap.RESERVED") };
    case "CAPACITY": {
      const short = missing(lot.required, lot.covered);
      if (short != null && lot.measure) {
        return { text: t(`offers.gap.CAPACITY_${lot.measure}`, { count: short, amount: number(short) }) };
      }
      return { text: gap.explanation, lang: "en" };
    }
    default:
      return { text: gap.explanation, lang: "en" };
  }
}

export type ShareLike = {
  verified: boolean;
  integrationMainAim: boolean;
  targetGroupStaffPercent?: number | null;
  qualifies: boolean;
};

/** Why a member does or does not qualify for a reserved lot: catalogue keys under `offers.share`. */
export function shareReasons(share: ShareLike): string[] {
  if (share.qualifies) return ["qualifies"];
  const reasons: string[] = [];
  if (!share.verified) reasons.push("notVerified");
  if (!share.integrationMainAim) reasons.push("notMainAim");
  if (share.targetGroupStaffPercent == null) reasons.push("noShare");
  else if (share.targetGroupStaffPercent < 30) reasons.push("shareUnder30");
  return reasons.length > 0 ? reasons : ["notQualified"];
}

/** A catalogue phrase that follows a name ("is not verified yet.") written as a sentence. */
export function sentence(phrase: string): string {
  return phrase.charAt(0).toLocaleUpperCase() + phrase.slice(1);
}

/**
 * The offer's warnings that the coverage panel does not already say in the viewer's words (the
 * server sends warnings as English sentences without codes: competition and reserved-lot ones
 * are rebuilt from the coverage data, the rest are shown in English).
 */
export function otherWarnings(warnings: string[]): string[] {
  return warnings.filter(
    (w) => !/could meet this lot alone/.test(w) && !/does not qualify for this reserved lot/.test(w),
  );
}
