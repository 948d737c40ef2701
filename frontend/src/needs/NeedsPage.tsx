// The pipeline: every public need, searchable and filtered by facets, with live news that never
// reorders the list under the pointer ("2 new – show").
import { Alert, Button, Heading, Paragraph, Spinner } from "@digdir/designsystemet-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useQuery, useSubscription } from "urql";
import { describeErrors } from "../app/errors";
import { usePageTitle } from "../app/Layout";
import { SearchForm } from "../app/SearchForm";
import { useCpvName, useRegionName } from "../app/reference";
import { useLiveCursor } from "../app/useLive";
import { useStickyData } from "../app/useStickyData";
import { graphql } from "../gql";
import { ActiveFilters } from "./ActiveFilters";
import { cpvPrefix, pageCursor, PAGE_SIZE, readFilters, writeFilters, type NeedFilters } from "./filters";
import { NeedCard } from "./NeedCard";
import { NeedFacets } from "./NeedFacets";
import { Pager } from "./Pager";

const NeedsPipelineDocument = graphql(`
  query NeedsPipeline($query: String!, $filter: NeedSearchFilter!, $after: String) {
    searchNeeds(query: $query, filter: $filter, first: 20, after: $after) {
      totalCount
      hasNextPage
      matches {
        snippet
        need {
          ...NeedCard
        }
      }
      facets {
        status {
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
        reserved
        innovative
      }
    }
  }
`);

const PipelineLiveDocument = graphql(`
  subscription PipelineLive($after: String) {
    needEvents(after: $after) {
      cursor
      kind
      need {
        id
        status
      }
    }
  }
`);

export function NeedsPage() {
  const { t } = useTranslation();
  usePageTitle(t("needs.title"));
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const setFilters = (next: NeedFilters) => setParams(writeFilters(next));
  const after = useLiveCursor();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: NeedsPipelineDocument,
    variables: {
      query: filters.q,
      filter: {
        statuses: filters.statuses,
        region: filters.region,
        cpv: filters.cpv,
        reserved: filters.reserved || null,
        innovative: filters.innovative || null,
      },
      after: pageCursor(filters.page),
    },
    pause: after === null,
  });
  const fresh = useFreshNeeds(after);
  const regionName = useRegionName();
  const cpvName = useCpvName(filters.cpv ? cpvPrefix(filters.cpv) : "");
  const result = useStickyData(data?.searchNeeds);
  const showFresh = () => {
    fresh.clear();
    refetch({ requestPolicy: "network-only" });
  };
  return (
    <div className="pipeline">
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("needs.title")}
      </Heading>
      <Paragraph>{t("needs.intro")}</Paragraph>
      <SearchForm
        label={t("needs.searchLabel")}
        key={filters.q}
        initial={filters.q}
        onSearch={(q) => setFilters({ ...filters, q, page: 1 })}
      />
      <div className="pipeline__body">
        <aside aria-label={t("needs.facets.label")}>
          {result && (
            <NeedFacets
              facets={result.facets}
              filters={filters}
              regionName={regionName}
              cpvName={cpvName}
              onChange={setFilters}
            />
          )}
        </aside>
        <section aria-labelledby="results-heading" className="pipeline__results">
          <Heading level={2} data-size="sm" id="results-heading">
            {t("needs.results")}
          </Heading>
          <p role="status" aria-live="polite" className="result-count">
            {result ? t("needs.found", { count: result.totalCount }) : ""}
          </p>
          <ActiveFilters filters={filters} onChange={setFilters} regionName={regionName} cpvName={cpvName} />
          {fresh.count > 0 && (
            <Button variant="secondary" onClick={showFresh} data-testid="fresh-needs">
              {t("needs.freshShow", { count: fresh.count })}
            </Button>
          )}
          {error && (
            <Alert data-color="danger">{describeErrors(error, t).map((e) => e.message).join(" ")}</Alert>
          )}
          {fetching && !result && <Spinner aria-label={t("common.loading")} />}
          <ol className="need-list">
            {result?.matches.map((m) => (
              <li key={m.need.id}>
                <NeedCard need={m.need} snippet={filters.q ? m.snippet : undefined} />
              </li>
            ))}
          </ol>
          {result && (
            <Pager
              page={filters.page}
              pages={Math.max(1, Math.ceil(result.totalCount / PAGE_SIZE))}
              href={(page) => `?${writeFilters({ ...filters, page }).toString()}`}
            />
          )}
        </section>
      </div>
    </div>
  );
}

/** Needs announced or changed since the page was read; shown only when the person asks. */
function useFreshNeeds(after: string | null) {
  const [ids, setIds] = useState<string[]>([]);
  useEffect(() => setIds([]), [after]);
  useSubscription({ query: PipelineLiveDocument, variables: { after }, pause: !after }, (_, event) => {
    const id = event.needEvents.need.id;
    if (event.needEvents.need.status !== "DRAFT") {
      setIds((seen) => (seen.includes(id) ? seen : [...seen, id]));
    }
    return event;
  });
  return { count: ids.length, clear: () => setIds([]) };
}
