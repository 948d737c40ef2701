// Step 5: the estimated value, as a range or one figure, in a currency.
import { Field, Fieldset, Label, Select, Textfield } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import type { Currency } from "../../gql/graphql";
import type { StepProps } from "./types";

const CURRENCIES: Currency[] = ["SEK", "NOK", "DKK", "EUR", "GBP"];

export function ValueStep({ form, set, error }: StepProps) {
  const { t } = useTranslation();
  return (
    <Fieldset>
      <Fieldset.Legend>{t("buyer.value.legend")}</Fieldset.Legend>
      <Fieldset.Description>{t("buyer.value.help")}</Fieldset.Description>
      <Field>
        <Label htmlFor="currency">{t("buyer.value.currency")}</Label>
        <Select id="currency" value={form.currency} onChange={(e) => set({ currency: e.target.value as Currency })}>
          {CURRENCIES.map((c) => (
            <Select.Option key={c} value={c}>
              {c}
            </Select.Option>
          ))}
        </Select>
      </Field>
      <Textfield id="estimatedValue.min" inputMode="numeric" label={t("buyer.value.min")} value={form.valueMin} onChange={(e) => set({ valueMin: e.target.value })} error={error("estimatedValue.min")} />
      <Textfield id="estimatedValue.max" inputMode="numeric" label={t("buyer.value.max")} value={form.valueMax} onChange={(e) => set({ valueMax: e.target.value })} error={error("estimatedValue.max")} />
    </Fieldset>
  );
}
