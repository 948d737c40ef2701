// The partner directory: enterprises by what they do, where and how much, with facet counts;
// filters live in the URL.
import { Card, Heading, Paragraph, Tag } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { usePageTitle } from "../app/Layout";
import { SearchForm } from "../app/SearchForm";
import { useRegionName } from "../app/reference";
import { useStickyData } from "../app/useStickyData";
import { graphql } from "../gql";
import { partnerFilter, readPartnerParams } from "./filters";
import { PartnerFacets } from "./PartnerFacets";
import { VerifiedLabel } from "./VerifiedLabel";

const PartnerDirectoryDocument = graphql(`
  query PartnerDirectory($query: String!, $filter: PartnerFilter!) {
    searchPartners(query: $query, filter: $filter, first: 20) {
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
        cpv {
          value
          count
        }
        targetGroup {
          value
          count
        }
        staff {
          value
          count
        }
        verifiedWise
        resWsEligible
      }
    }
  }
`);

export function PartnersPage() {
  const { t } = useTranslation();
  usePageTitle(t("partners.title"));
  const [params, setParams] = useSearchParams();
  const filters = readPartnerParams(params);
  const update = (mutate: (p: URLSearchParams) => void) => {
    const next = new URLSearchParams(params);
    mutate(next);
    setParams(next);
  };
  const [{ data }] = useQuery({
    query: PartnerDirectoryDocument,
    variables: { query: filters.q, filter: partnerFilter(filters) },
  });
  const regionName = useRegionName();
  const result = useStickyData(data?.searchPartners);
  return (
    <div className="pipeline">
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("partners.title")}
      </Heading>
      <Paragraph>{t("partners.intro")}</Paragraph>
      <SearchForm label={t("partners.searchLabel")} key={filters.q} initial={filters.q} onSearch={(text) => update((p) => (text ? p.set("q", text) : p.delete("q")))} />
      <div className="pipeline__body">
        <aside aria-label={t("partners.filters")}>
          {result && <PartnerFacets facets={result.facets} params={filters} update={update} />}
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
