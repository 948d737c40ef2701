// Step 4: where the contract is performed, and which other public buyers join the procurement.
import { Checkbox, Fieldset, Heading } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { graphql } from "../../gql";
import { MunicipalityPicker } from "../MunicipalityPicker";
import type { StepProps } from "./types";

const PublicBuyersDocument = graphql(`
  query PublicBuyers {
    organisations(first: 100, kind: MUNICIPALITY) {
      nodes {
        id
        name
        country
      }
    }
  }
`);

export function PlaceStep({ form, set, error, need }: StepProps) {
  const { t } = useTranslation();
  const [{ data }] = useQuery({ query: PublicBuyersDocument });
  const others = (data?.organisations.nodes ?? []).filter((o) => o.id !== need?.buyer.id);
  // Where each one stands: named (accepted), asked and waiting, or changed here and not yet saved.
  const consent = (o: { id: string; name: string }, checked: boolean): string | undefined => {
    const accepted = need?.coBuyers.some((c) => c.id === o.id) ?? false;
    const waiting = need?.pendingCoBuyers.some((c) => c.id === o.id) ?? false;
    if (!checked) return accepted || waiting ? t("buyer.coBuyers.toRemove") : undefined;
    if (accepted) return t("buyer.coBuyers.accepted");
    if (waiting) return t("buyer.coBuyers.waiting", { organisation: o.name });
    return t("buyer.coBuyers.toAsk");
  };
  const toggle = (id: string, on: boolean) =>
    set({ coBuyerIds: on ? [...form.coBuyerIds, id] : form.coBuyerIds.filter((x) => x !== id) });
  return (
    <>
      <section aria-labelledby="place-heading">
        <Heading level={2} data-size="sm" id="place-heading">
          {t("buyer.place.heading")}
        </Heading>
        <MunicipalityPicker
          country={form.country}
          municipality={form.municipality}
          nutsCode={form.nutsCode}
          onChange={(municipality, nutsCode) => set({ municipality, nutsCode })}
          error={error("place.municipality") ?? error("place.nutsCode")}
        />
      </section>
      <Fieldset id="coBuyerIds">
        <Fieldset.Legend>{t("buyer.place.coBuyers")}</Fieldset.Legend>
        <Fieldset.Description>{t("buyer.place.coBuyersHelp")}</Fieldset.Description>
        {others.map((o) => {
          const checked = form.coBuyerIds.includes(o.id);
          return (
            <Checkbox
              key={o.id}
              label={o.name}
              value={o.id}
              checked={checked}
              description={consent(o, checked)}
              onChange={(e) => toggle(o.id, e.target.checked)}
            />
          );
        })}
      </Fieldset>
    </>
  );
}
