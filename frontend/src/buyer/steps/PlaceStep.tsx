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
        {others.map((o) => (
          <Checkbox key={o.id} label={o.name} value={o.id} checked={form.coBuyerIds.includes(o.id)} onChange={(e) => toggle(o.id, e.target.checked)} />
        ))}
      </Fieldset>
    </>
  );
}
