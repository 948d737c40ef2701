// What "check your answers" lists for each editor step: label keys and the values as text.
import type { TFunction } from "i18next";
import { formatDateTime, formatDay, formatMoney } from "../app/format";
import type { NeedEditorFieldsFragment } from "../gql/graphql";
import type { Step } from "./steps/types";

export type Row = { label: string; value: string; lang?: string };

export function answerRows(n: NeedEditorFieldsFragment, t: TFunction, language: string, regionName: (code: string) => string = (c) => c): Record<Step, Row[]> {
  const none = t("buyer.check.none");
  const yes = (b: boolean) => (b ? t("buyer.check.yes") : t("buyer.check.no"));
  const cpv = (c: { code: string; label?: string | null } | null | undefined) => (c ? `${c.code} ${c.label ?? ""}`.trim() : none);
  const money = (v: { min?: number | null; max?: number | null; currency: string } | null | undefined) =>
    !v ? none : [v.min, v.max].filter((x): x is number => x != null).map((x) => formatMoney(x, v.currency, language)).join("–") || none;
  const day = (d: string | null | undefined) => (d ? formatDay(d, language) : none);
  const e = n.employmentRequirement;
  const flags = (["socialObjective", "innovative", "green", "smeSuitable"] as const).filter((f) => n.flags[f]).map((f) => t(`buyer.flags.${f}`));
  return {
    about: [
      { label: t("buyer.about.title"), value: n.title, lang: n.language },
      { label: t("buyer.about.summary"), value: n.summary || none, lang: n.language },
      { label: t("buyer.about.language"), value: t(`buyer.language.${n.language}`) },
    ],
    classification: [
      { label: t("buyer.classification.nature"), value: t(`buyer.nature.${n.contractNature}`) },
      { label: t("buyer.classification.procedure"), value: t(`buyer.procedure.${n.procedureType}`) },
      { label: t("buyer.classification.mainCpv"), value: cpv(n.mainCpv) },
      { label: t("buyer.classification.additionalCpvs"), value: n.additionalCpvs.map(cpv).join("; ") || none },
    ],
    description: [
      { label: t("buyer.description.label"), value: n.description || none, lang: n.language },
      { label: t("buyer.description.rationale"), value: n.rationale || none, lang: n.language },
    ],
    place: [
      { label: t("buyer.check.place"), value: [n.place.municipality, n.place.regionName, t(`country.${n.place.country}`)].filter(Boolean).join(", ") },
      { label: t("buyer.place.coBuyers"), value: n.coBuyers.map((c) => c.name).join(", ") || (n.pendingCoBuyers.length > 0 ? t("buyer.coBuyers.noneYet") : none) },
      ...(n.pendingCoBuyers.length > 0
        ? [{ label: t("buyer.coBuyers.pendingLabel"), value: n.pendingCoBuyers.map((c) => t("buyer.coBuyers.waiting", { organisation: c.name })).join("\n") }]
        : []),
    ],
    value: [{ label: t("buyer.value.legend"), value: money(n.estimatedValue) }],
    lots: n.lots.length
      ? n.lots.map((l) => ({
          label: t("buyer.lots.lot", { number: l.number, title: "" }).trim(),
          value: [l.title, l.reserved ? t("buyer.check.reservedLot") : null, l.cpv ? cpv(l.cpv) : null, l.nutsCode ? regionName(l.nutsCode) : null, l.estimatedValue ? money(l.estimatedValue) : null, l.quantity ? `${l.quantity.amount} ${l.quantity.unit}` : null].filter(Boolean).join(" · "),
          lang: n.language,
        }))
      : [{ label: t("buyer.steps.lots"), value: t("buyer.check.noLots") }],
    reservation: [
      { label: t("buyer.reservation.legend"), value: t(`buyer.reservation.${n.reserved}`) },
      { label: t("buyer.flags.legend"), value: flags.join(", ") || none },
      { label: t("buyer.flags.jointOffersWelcome"), value: yes(n.jointOffersWelcome) },
      { label: t("buyer.flags.subcontractingWelcome"), value: yes(n.subcontractingWelcome) },
    ],
    employment: e
      ? [
          { label: t("buyer.employment.legend"), value: t(`buyer.employment.${e.variant}`) },
          { label: t("buyer.employment.targetGroups"), value: e.targetGroups.map((g) => t(`targetGroup.${g}`)).join(", ") },
          { label: t("buyer.employment.volume"), value: e.volumeFullTimeMonths != null ? String(e.volumeFullTimeMonths) : none },
          { label: t("buyer.employment.firstHire"), value: e.firstHireWithinMonths != null ? String(e.firstHireWithinMonths) : none },
          { label: t("buyer.employment.followUpBy"), value: e.followUpBy },
        ]
      : [{ label: t("buyer.employment.legend"), value: t("buyer.employment.none") }],
    engagement: n.engagementPlan.length
      ? n.engagementPlan.map((a, i) => ({
          label: t("buyer.engagement.activity", { number: i + 1 }),
          value: [t(`buyer.engagement.kinds.${a.kind}`), a.startsAt ? formatDateTime(a.startsAt, language) : null, a.place].filter(Boolean).join(" · "),
        }))
      : [{ label: t("buyer.steps.engagement"), value: none }],
    dates: [
      { label: t("buyer.dates.dialogueOpens"), value: day(n.dates.dialogueOpens) },
      { label: t("buyer.dates.dialogueCloses"), value: day(n.dates.dialogueCloses) },
      { label: t("buyer.dates.questionsDeadline"), value: n.dates.questionsDeadline ? formatDateTime(n.dates.questionsDeadline, language) : none },
      { label: t("buyer.dates.expectedTenderPublication"), value: day(n.dates.expectedTenderPublication) },
      { label: t("buyer.dates.tenderDeadline"), value: day(n.dates.tenderDeadline) },
      { label: t("buyer.dates.contractStart"), value: day(n.dates.contractStart) },
      { label: t("buyer.dates.contractDurationMonths"), value: n.dates.contractDurationMonths != null ? String(n.dates.contractDurationMonths) : none },
    ],
    contact: [{ label: t("buyer.steps.contact"), value: n.contact ? `${n.contact.name} · ${n.contact.email}` : none }],
  };
}
