// Step 8: the employment requirement (sysselsättningskrav): whom it is for, how much, the first
// hire, and who follows it up. Or none.
import { Checkbox, Fieldset, Radio, Textfield, ValidationMessage } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import type { EmploymentVariant, TargetGroup } from "../../gql/graphql";
import type { EmploymentForm } from "../needForm";
import type { StepProps } from "./types";

const GROUPS: TargetGroup[] = ["NEWLY_ARRIVED", "LONG_TERM_UNEMPLOYED", "YOUNG_PEOPLE", "PEOPLE_WITH_DISABILITIES", "OTHER"];
const VARIANTS: EmploymentVariant[] = ["EMPLOYMENT_OR_TRAINING", "DIALOGUE_ONLY"];
const EMPTY: EmploymentForm = { variant: "EMPLOYMENT_OR_TRAINING", targetGroups: [], volume: "", firstHire: "6", followUpBy: "", reporting: "" };

export function EmploymentStep({ form, set, error }: StepProps) {
  const { t } = useTranslation();
  const e = form.employment;
  const change = (patch: Partial<EmploymentForm>) => set({ employment: { ...(e ?? EMPTY), ...patch } });
  return (
    <>
      <Fieldset>
        <Fieldset.Legend>{t("buyer.employment.legend")}</Fieldset.Legend>
        <Fieldset.Description>{t("buyer.employment.help")}</Fieldset.Description>
        <Radio name="has-employment" value="no" label={t("buyer.employment.none")} checked={!e} onChange={() => set({ employment: null })} />
        {VARIANTS.map((v) => (
          <Radio key={v} name="has-employment" value={v} label={t(`buyer.employment.${v}`)} description={t(`buyer.employment.${v}_help`)} checked={e?.variant === v} onChange={() => change({ variant: v })} />
        ))}
      </Fieldset>
      {e && (
        <>
          <Fieldset id="employment.targetGroups">
            <Fieldset.Legend>{t("buyer.employment.targetGroups")}</Fieldset.Legend>
            {GROUPS.map((g) => (
              <Checkbox
                key={g}
                label={t(`targetGroup.${g}`)}
                checked={e.targetGroups.includes(g)}
                onChange={(ev) => change({ targetGroups: ev.target.checked ? [...e.targetGroups, g] : e.targetGroups.filter((x) => x !== g) })}
              />
            ))}
            {error("employment.targetGroups") && <ValidationMessage>{error("employment.targetGroups")}</ValidationMessage>}
          </Fieldset>
          {e.variant === "EMPLOYMENT_OR_TRAINING" && (
            <>
              <Textfield id="employment.volumeFullTimeMonths" inputMode="numeric" label={t("buyer.employment.volume")} description={t("buyer.employment.volumeHelp")} value={e.volume} onChange={(ev) => change({ volume: ev.target.value })} error={error("employment.volumeFullTimeMonths")} />
              <Textfield id="employment.firstHireWithinMonths" inputMode="numeric" label={t("buyer.employment.firstHire")} value={e.firstHire} onChange={(ev) => change({ firstHire: ev.target.value })} error={error("employment.firstHireWithinMonths")} />
            </>
          )}
          <Textfield id="employment.followUpBy" label={t("buyer.employment.followUpBy")} description={t("buyer.employment.followUpByHelp")} value={e.followUpBy} onChange={(ev) => change({ followUpBy: ev.target.value })} error={error("employment.followUpBy")} />
          <Textfield id="employment.reporting" multiline rows={2} label={t("buyer.employment.reporting")} description={t("buyer.employment.reportingHelp")} value={e.reporting} onChange={(ev) => change({ reporting: ev.target.value })} error={error("employment.reporting")} />
        </>
      )}
    </>
  );
}
