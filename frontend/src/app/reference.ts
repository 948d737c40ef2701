// Names for the codes that facets and records carry: NUTS/ITL regions and CPV codes.
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { graphql } from "../gql";

const RegionNamesDocument = graphql(`
  query RegionNames {
    se: regions(country: SE) {
      code
      name
    }
    no: regions(country: NO) {
      code
      name
    }
    gb: regions(country: GB) {
      code
      name
    }
  }
`);

const CpvNamesDocument = graphql(`
  query CpvNames($query: String!) {
    cpvCodes(query: $query, first: 50) {
      code
      label
    }
  }
`);

const COUNTRIES = ["SE", "NO", "DK", "FI", "GB"];
/** The UK's regions are ITL codes: the search facets name the country by their prefix. */
const UK_PREFIXES = ["UK", "TL"];

/** `code -> name` for regions; a country code reads as the country's name. */
export function useRegionName(): (code: string) => string {
  const { t } = useTranslation();
  const [{ data }] = useQuery({ query: RegionNamesDocument });
  return useCallback(
    (code: string) => {
      if (COUNTRIES.includes(code)) return t(`country.${code}`);
      if (UK_PREFIXES.includes(code)) return t("country.GB");
      const all = data ? [...data.se, ...data.no, ...data.gb] : [];
      return all.find((r) => r.code === code)?.name ?? code;
    },
    [data, t],
  );
}

/**
 * `code -> label` for the CPV codes one level around `within` (the divisions when nothing is
 * chosen): the look-up lists broader codes first.
 */
export function useCpvName(within: string): (code: string) => string {
  const [{ data }] = useQuery({ query: CpvNamesDocument, variables: { query: within } });
  return useCallback(
    (code: string) => {
      // Facets name a branch by its significant digits (`85`, `8531`); the list has 8 digits.
      const full = code.padEnd(8, "0");
      const label = data?.cpvCodes.find((c) => c.code === full)?.label;
      return label ? `${code} ${label}` : code;
    },
    [data],
  );
}
