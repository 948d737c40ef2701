// The need's lots as checkboxes, for starting a joint offer and for changing its lots: the
// number, the buyer's title in the need's language, and "reserved" where it is.
import { Checkbox } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";

type Lot = { number: number; title: string; reserved: boolean };
type Props = { lots: Lot[]; language: string; chosen: number[]; onChange: (chosen: number[]) => void };

export function LotCheckboxes({ lots, language, chosen, onChange }: Props) {
  const { t } = useTranslation();
  return lots.map((lot) => (
    <Checkbox
      key={lot.number}
      label={
        <>
          {t("offers.coverage.lot", { lot: lot.number })}: <span lang={language}>{lot.title}</span>
          {lot.reserved && ` (${t("offers.coverage.reserved")})`}
        </>
      }
      checked={chosen.includes(lot.number)}
      onChange={(e) => onChange(e.target.checked ? [...chosen, lot.number] : chosen.filter((l) => l !== lot.number))}
    />
  ));
}
