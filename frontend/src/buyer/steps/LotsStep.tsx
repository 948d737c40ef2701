// Step 6: the lots. Add, remove and reorder (lots are numbered in the order shown); focus
// follows a moved lot so a keyboard user keeps their place.
import { Button, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { graphql } from "../../gql";
import { emptyLot, move, type LotForm } from "../needForm";
import { LotFields } from "./LotFields";
import type { StepProps } from "./types";

const LotRegionsDocument = graphql(`
  query LotRegions($country: Country!) {
    regions(country: $country) {
      code
      level
      name
    }
  }
`);

export function LotsStep({ form, set, error }: StepProps) {
  const { t } = useTranslation();
  const [{ data }] = useQuery({ query: LotRegionsDocument, variables: { country: form.country } });
  const regions = (data?.regions ?? []).filter((r) => r.level >= 1);
  const focus = useRef<string | null>(null);
  useEffect(() => {
    if (focus.current) document.getElementById(focus.current)?.focus();
    focus.current = null;
  });
  const change = (i: number, patch: Partial<LotForm>) => set({ lots: form.lots.map((l, j) => (j === i ? { ...l, ...patch } : l)) });
  const onMove = (from: number, to: number) => {
    const lot = form.lots[from];
    if (!lot) return;
    const lots = move(form.lots, from, to);
    // Keep focus on the same button of the moved lot, or its other one at an end.
    const dir = to < from ? "up" : "down";
    const atEnd = (dir === "up" && to === 0) || (dir === "down" && to === lots.length - 1);
    focus.current = `lot-${lot.key}-${atEnd ? (dir === "up" ? "down" : "up") : dir}`;
    set({ lots });
  };
  const add = () => {
    const lot = emptyLot();
    focus.current = `lots[${form.lots.length}].title`;
    set({ lots: [...form.lots, lot] });
  };
  const remove = (i: number) => {
    focus.current = "add-lot";
    set({ lots: form.lots.filter((_, j) => j !== i) });
  };
  return (
    <>
      <Paragraph>{t("buyer.lots.help")}</Paragraph>
      <p role="status" aria-live="polite" className="muted">
        {t("buyer.lots.count", { count: form.lots.length })}
      </p>
      {form.lots.map((lot, i) => (
        <LotFields
          key={lot.key}
          lot={lot}
          index={i}
          count={form.lots.length}
          language={form.language}
          regions={regions}
          error={error}
          onChange={(patch) => change(i, patch)}
          onMove={(to) => onMove(i, to)}
          onRemove={() => remove(i)}
        />
      ))}
      <div>
        <Button id="add-lot" type="button" variant="secondary" onClick={add}>
          {t("buyer.lots.add")}
        </Button>
      </div>
      {form.lots.length > 1 && (
        <Textfield id="maxLotsPerBidder" inputMode="numeric" label={t("buyer.lots.maxPerBidder")} description={t("buyer.lots.maxPerBidderHelp")} value={form.maxLotsPerBidder} onChange={(e) => set({ maxLotsPerBidder: e.target.value })} error={error("maxLotsPerBidder")} />
      )}
    </>
  );
}
