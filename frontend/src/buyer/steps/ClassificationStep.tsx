// Step 2: what kind of contract, by which procedure, and its CPV codes.
import { Field, Label, Select } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import type { ContractNature, ProcedureType } from "../../gql/graphql";
import { CpvPicker } from "../CpvPicker";
import type { StepProps } from "./types";

const NATURES: ContractNature[] = ["SERVICES", "SUPPLIES", "WORKS"];
const PROCEDURES: ProcedureType[] = ["OPEN", "RESTRICTED", "NEGOTIATED", "COMPETITIVE_DIALOGUE", "INNOVATION_PARTNERSHIP", "DIRECT_AWARD_BELOW_THRESHOLD", "DYNAMIC_PURCHASING_SYSTEM"];

export function ClassificationStep({ form, set, error }: StepProps) {
  const { t } = useTranslation();
  return (
    <>
      <Field>
        <Label htmlFor="contractNature">{t("buyer.classification.nature")}</Label>
        <Select id="contractNature" value={form.contractNature} onChange={(e) => set({ contractNature: e.target.value as ContractNature })}>
          {NATURES.map((n) => (
            <Select.Option key={n} value={n}>
              {t(`buyer.nature.${n}`)}
            </Select.Option>
          ))}
        </Select>
      </Field>
      <Field>
        <Label htmlFor="procedureType">{t("buyer.classification.procedure")}</Label>
        <Select id="procedureType" value={form.procedureType} onChange={(e) => set({ procedureType: e.target.value as ProcedureType })}>
          {PROCEDURES.map((p) => (
            <Select.Option key={p} value={p}>
              {t(`buyer.procedure.${p}`)}
            </Select.Option>
          ))}
        </Select>
      </Field>
      <CpvPicker
        id="mainCpv"
        legend={t("buyer.classification.mainCpv")}
        description={t("buyer.classification.mainCpvHelp")}
        chosen={form.mainCpv ? [form.mainCpv] : []}
        onChange={(next) => set({ mainCpv: next[0] ?? null })}
        error={error("mainCpv")}
      />
      <CpvPicker
        id="additionalCpvs"
        legend={t("buyer.classification.additionalCpvs")}
        description={t("buyer.classification.additionalCpvsHelp")}
        chosen={form.additionalCpvs}
        multiple
        onChange={(next) => set({ additionalCpvs: next })}
        error={error("additionalCpvs")}
      />
    </>
  );
}
