// The partner directory: enterprises by what they do, where and how much, with facet counts;
// filters live in the URL.
import { Card, Checkbox, Fieldset, Heading, Paragraph, Tag } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { usePageTitle } from "../app/Layout";
import { SearchForm } from "../app/SearchForm";
import { useRegionName } from "../app/reference";
import { useStickyData } from "../app/useStickyData";
import { graphql } from "../gql";
import type { OrganisationKind } from "../gql/graphql";
import { VerifiedLabel } from "./VerifiedLabel";

const PartnerDirectoryDocument = graphql(`
  query PartnerDirectory($query: String!, $filter: PartnerFilter!) {
    searchPartners(query: $query, filter: $filter, first: 50) {
      totalCount
      matches {
        snippet
        organisation {
          id
          name
          kind
          verified
          country
          region
          profile {
            reservedContractEligible
            content {
              regionsServed
            }
          }
        }
      }
      facets {
        kind {
          value
          count
        }
        region {
          value
          count
        }
        verifiedWise
        resWsEligible
      }
    }
  }
`);

const KINDS: OrganisationKind[] = ["WISE", "SUPPLIER", "MUNICIPALITY"];

export function PartnersPage() {
  const { t } = useTranslation();
  usePageTitle(t("partners.title"));
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const kinds = params.getAll("kind").filter((k): k is OrganisationKind => KINDS.includes(k as OrganisationKind));
  const region = params.get("region");
  const verifiedWise = params.get("verifiedWise") === "true";
  const eligible = params.get("eligible") === "true";
  const update = (mutate: (p: URLSearchParams) => void) => {
    const next = new URLSearchParams(params);
    mutate(next);
    setParams(next);
  };
  const flag = (name: string, on: boolean) => update((p) => (on ? p.set(name, "true") : p.delete(name)));
  const [{ data }] = useQuery({
    query: PartnerDirectoryDocument,
    variables: {
      query: q,
      filter: {
        kinds,
        region,
        verifiedWise: verifiedWise || null,
        resWsEligible: eligible || null,
      },
    },
  });
  const regionName = useRegionName();
  const result = useStickyData(data?.searchPartners);
  return (
    <div className="pipeline">
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("partners.title")}
      </Heading>
      <Paragraph>{t("partners.intro")}</Paragraph>
      <SearchForm label={t("partners.searchLabel")} key={q} initial={q} onSearch={(text) => update((p) => (text ? p.set("q", text) : p.delete("q")))} />
      <div className="pipeline__body">
        <aside aria-label={t("partners.filters")}>
          {result && (
            <div className="facets">
              <Fieldset>
                <Fieldset.Legend>{t("partners.kind")}</Fieldset.Legend>
                {result.facets.kind.map((f) => (
                  <Checkbox
                    key={f.value}
                    label={`${t(`organisationKind.${f.value}`)} (${f.count})`}
                    checked={kinds.includes(f.value as OrganisationKind)}
                    onChange={(e) =>
                      update((p) => {
                        const rest = kinds.filter((k) => k !== f.value);
                        p.delete("kind");
                        for (const k of e.target.checked ? [...rest, f.value] : rest) p.append("kind", k);
                      })
                    }
                  />
                ))}
              </Fieldset>
              <Fieldset>
                <Fieldset.Legend>{t("partners.standing")}</Fieldset.Legend>
                <Checkbox
                  label={`${t("partners.verifiedWise")} (${result.facets.verifiedWise})`}
                  checked={verifiedWise}
                  onChange={(e) => flag("verifiedWise", e.target.checked)}
                />
                <Checkbox
                  label={`${t("partners.reservedEligible")} (${result.facets.resWsEligible})`}
                  checked={eligible}
                  onChange={(e) => flag("eligible", e.target.checked)}
                />
              </Fieldset>
              <Fieldset>
                <Fieldset.Legend>{t("partners.region")}</Fieldset.Legend>
                {region && (
                  <Checkbox label={regionName(region)} checked onChange={() => update((p) => p.delete("region"))} />
                )}
                {result.facets.region
                  .filter((f) => f.value !== region)
                  .map((f) => (
                    <Checkbox
                      key={f.value}
                      label={`${regionName(f.value)} (${f.count})`}
                      checked={false}
                      onChange={() => update((p) => p.set("region", f.value))}
                    />
                  ))}
              </Fieldset>
            </div>
          )}
        </aside>
        <section aria-labelledby="partner-results" className="pipeline__results">
          <Heading level={2} data-size="sm" id="partner-results">
            {t("partners.results")}
          </Heading>
          <p role="status" aria-live="polite" className="result-count">
            {result ? t("partners.found", { count: result.totalCount }) : ""}
          </p>
          <ul className="need-list">
            {result?.matches.map(({ organisation: o, snippet }) => (
              <li key={o.id}>
                <Card data-color="neutral">
                  <Heading level={3} data-size="xs">
                    <Link to={`/organisations/${encodeURIComponent(o.id)}`}>{o.name}</Link>
                  </Heading>
                  <Paragraph data-size="sm">
                    {t(`organisationKind.${o.kind}`)} · {o.region ? regionName(o.region) : t(`country.${o.country}`)}{" "}
                    <VerifiedLabel verified={o.verified} />{" "}
                    {o.profile?.reservedContractEligible && (
                      <Tag data-color="brand1" data-size="sm">
                        {t("partners.reservedEligible")}
                      </Tag>
                    )}
                  </Paragraph>
                  {snippet && <Paragraph data-size="sm" dangerouslySetInnerHTML={{ __html: snippet }} />}
                </Card>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
