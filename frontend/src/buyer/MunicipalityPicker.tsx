// The place: a municipality found by the first letters of its name; its region follows from it.
import { Button, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { useRegionName } from "../app/reference";
import { graphql } from "../gql";
import type { Country } from "../gql/graphql";
import { useDebounced } from "./useDebounced";

const MunicipalitySearchDocument = graphql(`
  query MunicipalitySearch($country: Country!, $startsWith: String!) {
    municipalities(country: $country, startsWith: $startsWith, first: 10) {
      code
      name
      regionCode
    }
  }
`);

type Props = {
  country: Country;
  municipality: string;
  nutsCode: string;
  onChange: (municipality: string, nutsCode: string) => void;
  error?: string;
};

export function MunicipalityPicker({ country, municipality, nutsCode, onChange, error }: Props) {
  const { t } = useTranslation();
  const regionName = useRegionName();
  const [text, setText] = useState("");
  const startsWith = useDebounced(text.trim());
  const [{ data }] = useQuery({ query: MunicipalitySearchDocument, variables: { country, startsWith }, pause: !startsWith });
  const results = startsWith ? (data?.municipalities ?? []) : [];
  return (
    <div className="picker">
      <Paragraph>
        {municipality
          ? t("buyer.place.chosen", { municipality, region: nutsCode ? regionName(nutsCode) : t(`country.${country}`) })
          : t("buyer.place.noneChosen", { country: t(`country.${country}`) })}
      </Paragraph>
      <Textfield
        id="place.municipality"
        type="search"
        autoComplete="off"
        label={t("buyer.place.search")}
        description={t("buyer.place.searchHelp")}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === "Enter" && e.preventDefault()}
        error={error}
      />
      <p role="status" aria-live="polite" className="muted">
        {startsWith ? t("buyer.place.found", { count: results.length }) : ""}
      </p>
      <ul className="picker__results">
        {results.map((m) => (
          <li key={m.code}>
            <span>
              {m.name} <span className="muted">({regionName(m.regionCode)})</span>
            </span>
            <Button type="button" data-size="sm" variant="secondary" onClick={() => onChange(m.name, m.regionCode)}>
              {t("buyer.place.choose")} <span className="visually-hidden">{m.name}</span>
            </Button>
          </li>
        ))}
      </ul>
      {municipality && (
        <Button type="button" variant="tertiary" data-size="sm" onClick={() => onChange("", "")}>
          {t("buyer.place.clear")}
        </Button>
      )}
    </div>
  );
}
