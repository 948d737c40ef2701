// One lot in the lot list: its words, whether it is reserved, its CPV code, where it is
// delivered, value and size, and the buttons that move or remove it.
import { Button, Checkbox, Field, Fieldset, Label, Select, Textfield, ValidationMessage } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { CpvPicker } from "../CpvPicker";
import type { LotForm } from "../needForm";

type Props = {
  lot: LotForm;
  index: number;
  count: number;
  language: string;
  /** The regions of the need's country, for a lot delivered somewhere else than the need. */
  regions: { code: string; name: string; level: number }[];
  error: (field: string) => string | undefined;
  onChange: (patch: Partial<LotForm>) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
};

export function LotFields({ lot, index, count, language, regions, error, onChange, onMove, onRemove }: Props) {
  const { t } = useTranslation();
  const f = (name: string) => `lots[${index}].${name}`;
  const n = index + 1;
  return (
    <Fieldset className="lot-fields" data-testid={`lot-${n}`}>
      <Fieldset.Legend>{t("buyer.lots.lot", { number: n, title: lot.title })}</Fieldset.Legend>
      <Textfield id={f("title")} label={t("buyer.lots.title")} lang={language} value={lot.title} onChange={(e) => onChange({ title: e.target.value })} error={error(f("title"))} />
      <Textfield id={f("description")} multiline rows={2} label={t("buyer.lots.description")} lang={language} value={lot.description} onChange={(e) => onChange({ description: e.target.value })} error={error(f("description"))} />
      <Checkbox id={f("reserved")} label={t("buyer.lots.reserved")} description={t("buyer.lots.reservedHelp")} checked={lot.reserved} onChange={(e) => onChange({ reserved: e.target.checked })} />
      <CpvPicker id={f("cpv")} legend={t("buyer.lots.cpv", { number: n })} chosen={lot.cpv ? [lot.cpv] : []} onChange={(next) => onChange({ cpv: next[0] ?? null })} error={error(f("cpv"))} />
      <Field>
        <Label htmlFor={f("nutsCode")}>{t("buyer.lots.region")}</Label>
        <Select id={f("nutsCode")} value={lot.nutsCode} onChange={(e) => onChange({ nutsCode: e.target.value })} aria-invalid={error(f("nutsCode")) ? true : undefined}>
          <Select.Option value="">{t("buyer.lots.regionSame")}</Select.Option>
          {regions.map((r) => (
            <Select.Option key={r.code} value={r.code}>
              {`${"– ".repeat(Math.max(r.level - 1, 0))}${r.name} (${r.code})`}
            </Select.Option>
          ))}
        </Select>
        {error(f("nutsCode")) && <ValidationMessage>{error(f("nutsCode"))}</ValidationMessage>}
      </Field>
      <div className="row">
        <Textfield id={f("estimatedValue.min")} inputMode="numeric" label={t("buyer.lots.valueMin")} value={lot.valueMin} onChange={(e) => onChange({ valueMin: e.target.value })} error={error(f("estimatedValue.min"))} />
        <Textfield id={f("estimatedValue.max")} inputMode="numeric" label={t("buyer.lots.valueMax")} value={lot.valueMax} onChange={(e) => onChange({ valueMax: e.target.value })} error={error(f("estimatedValue.max"))} />
      </div>
      <div className="row">
        <Textfield id={f("quantity.amount")} inputMode="numeric" label={t("buyer.lots.quantity")} value={lot.quantityAmount} onChange={(e) => onChange({ quantityAmount: e.target.value })} error={error(f("quantity.amount"))} />
        <Textfield id={f("quantity.unit")} label={t("buyer.lots.unit")} description={t("buyer.lots.unitHelp")} lang={language} value={lot.quantityUnit} onChange={(e) => onChange({ quantityUnit: e.target.value })} error={error(f("quantity.unit"))} />
      </div>
      <div className="row">
        <Button type="button" variant="tertiary" data-size="sm" disabled={index === 0} onClick={() => onMove(index - 1)} id={`lot-${lot.key}-up`}>
          {t("buyer.lots.up", { number: n })}
        </Button>
        <Button type="button" variant="tertiary" data-size="sm" disabled={index === count - 1} onClick={() => onMove(index + 1)} id={`lot-${lot.key}-down`}>
          {t("buyer.lots.down", { number: n })}
        </Button>
        <Button type="button" variant="tertiary" data-color="danger" data-size="sm" onClick={onRemove}>
          {t("buyer.lots.remove", { number: n })}
        </Button>
      </div>
    </Fieldset>
  );
}
