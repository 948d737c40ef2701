// The rules the editor checks before sending, so the buyer hears at once what the server would
// refuse: impossible dates, a public-service reservation for a code outside Art. 77, a missing
// title. Messages are catalogue keys (with variables), translated where they are shown.
import type { NeedForm } from "./needForm";

export type RuleError = { field: string; key: string; vars?: Record<string, string> };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function year(day: string): number {
  return Number(day.slice(0, 4));
}

/** Dates that cannot be: unreadable, outside 2000–2100, or in the wrong order. */
export function checkDates(f: NeedForm): RuleError[] {
  const d = f.dates;
  const errors: RuleError[] = [];
  const days: [string, string][] = [
    ["dates.dialogueOpens", d.dialogueOpens],
    ["dates.dialogueCloses", d.dialogueCloses],
    ["dates.questionsDeadline", d.questionsDeadline.slice(0, 10)],
    ["dates.expectedTenderPublication", d.expectedTenderPublication],
    ["dates.tenderDeadline", d.tenderDeadline],
    ["dates.contractStart", d.contractStart],
  ];
  for (const [field, day] of days) {
    if (!day) continue;
    if (!DAY.test(day) || Number.isNaN(Date.parse(day))) errors.push({ field, key: "buyer.rules.dateUnreadable" });
    else if (year(day) < 2000 || year(day) > 2100) errors.push({ field, key: "buyer.rules.dateRange" });
  }
  if (errors.length > 0) return errors;
  const after = (field: string, earlier: string, later: string, key: string) => {
    if (earlier && later && earlier > later) errors.push({ field, key });
  };
  after("dates.dialogueCloses", d.dialogueOpens, d.dialogueCloses, "buyer.rules.closesBeforeOpens");
  after("dates.questionsDeadline", d.questionsDeadline.slice(0, 10), d.dialogueCloses, "buyer.rules.questionsAfterClose");
  after("dates.expectedTenderPublication", d.dialogueOpens, d.expectedTenderPublication, "buyer.rules.tenderBeforeDialogue");
  after("dates.tenderDeadline", d.expectedTenderPublication, d.tenderDeadline, "buyer.rules.deadlineBeforeTender");
  after("dates.tenderDeadline", d.dialogueCloses, d.tenderDeadline, "buyer.rules.deadlineBeforeClose");
  after("dates.contractStart", d.expectedTenderPublication, d.contractStart, "buyer.rules.contractBeforeTender");
  after("dates.contractStart", d.tenderDeadline, d.contractStart, "buyer.rules.contractBeforeDeadline");
  const months = d.contractDurationMonths.trim();
  if (months && !(Number.isInteger(Number(months)) && Number(months) >= 1 && Number(months) <= 600)) {
    errors.push({ field: "dates.contractDurationMonths", key: "buyer.rules.duration" });
  }
  return errors;
}

/**
 * The social, health and cultural services of Directive 2014/24 Art. 77: the listed codes and
 * the health and social work range 85000000–85323000 (the server's rule, said here in advance).
 */
export function allowsPublicServiceReservation(code: string): boolean {
  const listed = [
    "75121000", "75122000", "75123000", "79622000", "79624000", "79625000", "80110000", "80300000",
    "80420000", "80430000", "80511000", "80520000", "80590000", "92500000", "92600000", "98133000", "98133110",
  ];
  const c = code.slice(0, 8);
  return listed.includes(c) || (c >= "85000000" && c <= "85323000");
}

/** Every CPV code of the need (main, additional, lots), without repeats. */
export function allCpvs(f: NeedForm): string[] {
  const codes = [f.mainCpv?.code, ...f.additionalCpvs.map((c) => c.code), ...f.lots.map((l) => l.cpv?.code)];
  return [...new Set(codes.filter((c): c is string => !!c))];
}

/** Why `res-pub-ser` cannot be chosen for this need: the first code outside Art. 77. */
export function publicServiceBlocker(f: NeedForm): string | null {
  return allCpvs(f).find((c) => !allowsPublicServiceReservation(c)) ?? null;
}

export function checkReservation(f: NeedForm): RuleError[] {
  const code = f.reserved === "RES_PUB_SER" ? publicServiceBlocker(f) : null;
  return code ? [{ field: "reserved", key: "buyer.rules.pubSer", vars: { code } }] : [];
}

export function checkAbout(f: NeedForm): RuleError[] {
  const n = f.title.trim().length;
  if (n < 3) return [{ field: "title", key: "buyer.rules.titleShort" }];
  if (n > 200) return [{ field: "title", key: "buyer.rules.titleLong" }];
  return [];
}

export function checkClassification(f: NeedForm): RuleError[] {
  return f.mainCpv ? [] : [{ field: "mainCpv", key: "buyer.rules.mainCpv" }];
}

export function checkLots(f: NeedForm): RuleError[] {
  const errors: RuleError[] = [];
  f.lots.forEach((l, i) => {
    if (l.title.trim().length < 2) errors.push({ field: `lots[${i}].title`, key: "buyer.rules.lotTitle", vars: { number: String(i + 1) } });
  });
  const max = f.maxLotsPerBidder.trim();
  if (max && (Number(max) < 1 || Number(max) > f.lots.length)) errors.push({ field: "maxLotsPerBidder", key: "buyer.rules.maxLots" });
  return errors;
}

export function checkEmployment(f: NeedForm): RuleError[] {
  const e = f.employment;
  if (!e) return [];
  const errors: RuleError[] = [];
  if (e.targetGroups.length === 0) errors.push({ field: "employment.targetGroups", key: "buyer.rules.targetGroups" });
  if (e.variant === "EMPLOYMENT_OR_TRAINING" && !(Number(e.volume) > 0)) errors.push({ field: "employment.volumeFullTimeMonths", key: "buyer.rules.volume" });
  if (!e.followUpBy.trim()) errors.push({ field: "employment.followUpBy", key: "buyer.rules.followUp" });
  return errors;
}

/** The top-level parts of two working copies that differ (for "someone else saved first"). */
export function changedParts(mine: NeedForm, theirs: NeedForm): (keyof NeedForm)[] {
  const strip = (v: unknown): unknown =>
    JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === "key" || k === "label" ? undefined : x)));
  return (Object.keys(mine) as (keyof NeedForm)[]).filter(
    (k) => JSON.stringify(strip(mine[k])) !== JSON.stringify(strip(theirs[k])),
  );
}
