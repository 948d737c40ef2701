// Step 10: the dates, checked before sending (the dialogue closes after it opens, the tender
// comes after the dialogue, the contract after the tender). The deadline names the time zone.
// The tender deadline says what the law counts back from it (answers 6 days before, in Sweden).
import { Fieldset, Textfield } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { viewerTimeZone } from "../../app/format";
import type { DatesForm } from "../needForm";
import type { StepProps } from "./types";

const DAYS: (keyof DatesForm)[] = ["dialogueOpens", "dialogueCloses", "expectedTenderPublication", "tenderDeadline", "contractStart"];

export function DatesStep({ form, set, error }: StepProps) {
  const { t } = useTranslation();
  const change = (patch: Partial<DatesForm>) => set({ dates: { ...form.dates, ...patch } });
  return (
    <Fieldset>
      <Fieldset.Legend>{t("buyer.dates.legend")}</Fieldset.Legend>
      <Fieldset.Description>{t("buyer.dates.help")}</Fieldset.Description>
      {DAYS.map((d) => (
        <Textfield
          key={d}
          id={`dates.${d}`}
          type="date"
          label={t(`buyer.dates.${d}`)}
          description={d === "tenderDeadline" ? t("buyer.dates.tenderDeadlineHelp") : undefined}
          value={form.dates[d]}
          onChange={(e) => change({ [d]: e.target.value })}
          error={error(`dates.${d}`)}
        />
      ))}
      <Textfield
        id="dates.questionsDeadline"
        type="datetime-local"
        label={t("buyer.dates.questionsDeadline")}
        description={t("buyer.dates.zone", { zone: viewerTimeZone() })}
        value={form.dates.questionsDeadline}
        onChange={(e) => change({ questionsDeadline: e.target.value })}
        error={error("dates.questionsDeadline")}
      />
      <Textfield
        id="dates.contractDurationMonths"
        inputMode="numeric"
        label={t("buyer.dates.contractDurationMonths")}
        value={form.dates.contractDurationMonths}
        onChange={(e) => change({ contractDurationMonths: e.target.value })}
        error={error("dates.contractDurationMonths")}
      />
    </Fieldset>
  );
}
