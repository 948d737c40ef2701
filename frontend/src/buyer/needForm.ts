// The need editor's working copy: what the buyer has typed, as strings where the inputs hold
// strings, turned into the API's `NeedInput` only when saving. Pure functions, tested beside.
import type {
  ContractNature,
  Country,
  Currency,
  EmploymentVariant,
  EngagementKind,
  NeedInput,
  ProcedureType,
  ReservedParticipation,
  TargetGroup,
} from "../gql/graphql";

export type Cpv = { code: string; label?: string | null };

export type LotForm = {
  /** Stable across reordering, for React keys and focus. */
  key: string;
  title: string;
  description: string;
  reserved: boolean;
  cpv: Cpv | null;
  valueMin: string;
  valueMax: string;
  quantityAmount: string;
  quantityUnit: string;
  /** Where this lot is delivered, when not where the whole procurement is ("" = the same). */
  nutsCode: string;
};

export type EmploymentForm = {
  variant: EmploymentVariant;
  targetGroups: TargetGroup[];
  volume: string;
  firstHire: string;
  followUpBy: string;
  reporting: string;
};

export type ActivityForm = { key: string; kind: EngagementKind; startsAt: string; place: string; description: string };

export type DatesForm = {
  dialogueOpens: string;
  dialogueCloses: string;
  /** `yyyy-MM-ddTHH:mm` in the viewer's time zone. */
  questionsDeadline: string;
  expectedTenderPublication: string;
  tenderDeadline: string;
  contractStart: string;
  contractDurationMonths: string;
};

export type NeedForm = {
  title: string;
  summary: string;
  language: string;
  description: string;
  rationale: string;
  contractNature: ContractNature;
  procedureType: ProcedureType;
  mainCpv: Cpv | null;
  additionalCpvs: Cpv[];
  country: Country;
  municipality: string;
  nutsCode: string;
  coBuyerIds: string[];
  valueMin: string;
  valueMax: string;
  currency: Currency;
  lots: LotForm[];
  maxLotsPerBidder: string;
  reserved: ReservedParticipation;
  flags: { socialObjective: boolean; innovative: boolean; green: boolean; smeSuitable: boolean };
  jointOffersWelcome: boolean;
  subcontractingWelcome: boolean;
  employment: EmploymentForm | null;
  engagement: ActivityForm[];
  dates: DatesForm;
  contactName: string;
  contactEmail: string;
};

const CURRENCY: Record<string, Currency> = { SE: "SEK", NO: "NOK", DK: "DKK", FI: "EUR", GB: "GBP" };
const LANGUAGE: Record<string, string> = { SE: "sv", NO: "nb", GB: "en", DK: "en", FI: "en" };

let counter = 0;
export function newKey(): string {
  counter += 1;
  return `k${counter}`;
}

export function emptyLot(): LotForm {
  return { key: newKey(), title: "", description: "", reserved: false, cpv: null, valueMin: "", valueMax: "", quantityAmount: "", quantityUnit: "", nutsCode: "" };
}

/** A new need for a buyer in `country`: its language and currency follow the country. */
export function emptyNeed(country: Country): NeedForm {
  return {
    title: "",
    summary: "",
    language: LANGUAGE[country] ?? "en",
    description: "",
    rationale: "",
    contractNature: "SERVICES",
    procedureType: "OPEN",
    mainCpv: null,
    additionalCpvs: [],
    country,
    municipality: "",
    nutsCode: "",
    coBuyerIds: [],
    valueMin: "",
    valueMax: "",
    currency: CURRENCY[country] ?? "EUR",
    lots: [],
    maxLotsPerBidder: "",
    reserved: "NONE",
    flags: { socialObjective: false, innovative: false, green: false, smeSuitable: false },
    jointOffersWelcome: false,
    subcontractingWelcome: false,
    employment: null,
    engagement: [],
    dates: { dialogueOpens: "", dialogueCloses: "", questionsDeadline: "", expectedTenderPublication: "", tenderDeadline: "", contractStart: "", contractDurationMonths: "" },
    contactName: "",
    contactEmail: "",
  };
}

const num = (s: string): number | null => (s.trim() === "" ? null : Number(s.replace(/\s/g, "").replace(",", ".")));
const int = (s: string): number | null => {
  const n = num(s);
  return n === null ? null : Math.trunc(n);
};
const orNull = (s: string): string | null => (s.trim() === "" ? null : s.trim());
const str = (n: number | null | undefined): string => (n == null ? "" : String(n));

/** `2027-03-01T09:00` (local) to an instant; `""` to null. */
export function localToIso(local: string): string | null {
  if (!local) return null;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** An instant to `yyyy-MM-ddTHH:mm` in the viewer's zone, for a datetime-local input. */
export function isoToLocal(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

function value(min: string, max: string, currency: Currency) {
  return num(min) === null && num(max) === null ? null : { min: num(min), max: num(max), currency };
}

/** The working copy as the API takes it. */
export function toInput(f: NeedForm): NeedInput {
  return {
    title: f.title.trim(),
    summary: f.summary.trim(),
    language: f.language,
    description: f.description,
    rationale: f.rationale.trim(),
    contractNature: f.contractNature,
    procedureType: f.procedureType,
    mainCpv: f.mainCpv?.code ?? "",
    additionalCpvs: f.additionalCpvs.map((c) => c.code),
    place: { country: f.country, municipality: orNull(f.municipality), nutsCode: orNull(f.nutsCode) },
    estimatedValue: value(f.valueMin, f.valueMax, f.currency),
    lots: f.lots.map((l) => ({
      title: l.title.trim(),
      description: l.description.trim(),
      reserved: l.reserved,
      cpv: l.cpv?.code ?? null,
      nutsCode: orNull(l.nutsCode),
      estimatedValue: value(l.valueMin, l.valueMax, f.currency),
      quantity: num(l.quantityAmount) === null ? null : { amount: num(l.quantityAmount) as number, unit: l.quantityUnit.trim() },
    })),
    maxLotsPerBidder: int(f.maxLotsPerBidder),
    reserved: f.reserved,
    flags: f.flags,
    jointOffersWelcome: f.jointOffersWelcome,
    subcontractingWelcome: f.subcontractingWelcome,
    employment: f.employment && {
      variant: f.employment.variant,
      targetGroups: f.employment.targetGroups,
      volumeFullTimeMonths: int(f.employment.volume),
      firstHireWithinMonths: int(f.employment.firstHire),
      followUpBy: f.employment.followUpBy.trim(),
      reporting: f.employment.reporting.trim(),
    },
    engagement: f.engagement.map((a) => ({ kind: a.kind, startsAt: localToIso(a.startsAt), place: a.place.trim(), description: a.description.trim() })),
    dates: {
      dialogueOpens: orNull(f.dates.dialogueOpens),
      dialogueCloses: orNull(f.dates.dialogueCloses),
      questionsDeadline: localToIso(f.dates.questionsDeadline),
      expectedTenderPublication: orNull(f.dates.expectedTenderPublication),
      tenderDeadline: orNull(f.dates.tenderDeadline),
      contractStart: orNull(f.dates.contractStart),
      contractDurationMonths: int(f.dates.contractDurationMonths),
    },
    contact: f.contactName.trim() || f.contactEmail.trim() ? { name: f.contactName.trim(), email: f.contactEmail.trim() } : null,
  };
}

type Value = { min?: number | null; max?: number | null; currency: Currency } | null | undefined;

/** The shape of a need as the editor reads it (see NeedEditorFields in useNeedEditor.ts). */
export type NeedSource = {
  title: string;
  summary: string;
  language: string;
  description: string;
  rationale: string;
  contractNature: ContractNature;
  procedureType: ProcedureType;
  mainCpv: Cpv;
  additionalCpvs: Cpv[];
  place: { country: Country; municipality?: string | null; nutsCode?: string | null };
  coBuyers: { id: string }[];
  /** Asked, not accepted yet: still wanted, so every save names them again. */
  pendingCoBuyers: { id: string }[];
  estimatedValue?: Value;
  lots: { title: string; description: string; reserved: boolean; cpv?: Cpv | null; nutsCode?: string | null; estimatedValue?: Value; quantity?: { amount: number; unit: string } | null }[];
  maxLotsPerBidder?: number | null;
  reserved: ReservedParticipation;
  flags: NeedForm["flags"];
  jointOffersWelcome: boolean;
  subcontractingWelcome: boolean;
  employmentRequirement?: { variant: EmploymentVariant; targetGroups: TargetGroup[]; volumeFullTimeMonths?: number | null; firstHireWithinMonths?: number | null; followUpBy: string; reporting: string } | null;
  engagementPlan: { kind: EngagementKind; startsAt?: string | null; place: string; description: string }[];
  dates: { dialogueOpens?: string | null; dialogueCloses?: string | null; questionsDeadline?: string | null; expectedTenderPublication?: string | null; tenderDeadline?: string | null; contractStart?: string | null; contractDurationMonths?: number | null };
  contact?: { name: string; email: string } | null;
};

/** A need from the server as a working copy. */
export function fromNeed(n: NeedSource): NeedForm {
  const currency = n.estimatedValue?.currency ?? n.lots.find((l) => l.estimatedValue)?.estimatedValue?.currency ?? CURRENCY[n.place.country] ?? "EUR";
  const e = n.employmentRequirement;
  return {
    title: n.title,
    summary: n.summary,
    language: n.language,
    description: n.description,
    rationale: n.rationale,
    contractNature: n.contractNature,
    procedureType: n.procedureType,
    mainCpv: { code: n.mainCpv.code, label: n.mainCpv.label },
    additionalCpvs: n.additionalCpvs.map((c) => ({ code: c.code, label: c.label })),
    country: n.place.country,
    municipality: n.place.municipality ?? "",
    nutsCode: n.place.nutsCode ?? "",
    // Those still asked too: a save that left them out would withdraw their request.
    coBuyerIds: [...n.coBuyers, ...n.pendingCoBuyers].map((c) => c.id),
    valueMin: str(n.estimatedValue?.min),
    valueMax: str(n.estimatedValue?.max),
    currency,
    lots: n.lots.map((l) => ({
      key: newKey(),
      title: l.title,
      description: l.description,
      reserved: l.reserved,
      cpv: l.cpv ? { code: l.cpv.code, label: l.cpv.label } : null,
      valueMin: str(l.estimatedValue?.min),
      valueMax: str(l.estimatedValue?.max),
      quantityAmount: str(l.quantity?.amount),
      quantityUnit: l.quantity?.unit ?? "",
      nutsCode: l.nutsCode ?? "",
    })),
    maxLotsPerBidder: str(n.maxLotsPerBidder),
    reserved: n.reserved,
    flags: { socialObjective: n.flags.socialObjective, innovative: n.flags.innovative, green: n.flags.green, smeSuitable: n.flags.smeSuitable },
    jointOffersWelcome: n.jointOffersWelcome,
    subcontractingWelcome: n.subcontractingWelcome,
    employment: e
      ? { variant: e.variant, targetGroups: [...e.targetGroups], volume: str(e.volumeFullTimeMonths), firstHire: str(e.firstHireWithinMonths), followUpBy: e.followUpBy, reporting: e.reporting }
      : null,
    engagement: n.engagementPlan.map((a) => ({ key: newKey(), kind: a.kind, startsAt: isoToLocal(a.startsAt), place: a.place, description: a.description })),
    dates: {
      dialogueOpens: n.dates.dialogueOpens ?? "",
      dialogueCloses: n.dates.dialogueCloses ?? "",
      questionsDeadline: isoToLocal(n.dates.questionsDeadline),
      expectedTenderPublication: n.dates.expectedTenderPublication ?? "",
      tenderDeadline: n.dates.tenderDeadline ?? "",
      contractStart: n.dates.contractStart ?? "",
      contractDurationMonths: str(n.dates.contractDurationMonths),
    },
    contactName: n.contact?.name ?? "",
    contactEmail: n.contact?.email ?? "",
  };
}

/** Moves item `from` to `to` (both within bounds), returning a new array. */
export function move<T>(items: T[], from: number, to: number): T[] {
  if (to < 0 || to >= items.length || from === to) return items;
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}
