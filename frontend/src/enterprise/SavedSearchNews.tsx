// Each saved search with what is new since the last visit to this page; read again from the
// server whenever `version` changes (a notification arrived).
import { Heading, Link as DsLink, Paragraph } from "@digdir/designsystemet-react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { formatDateTime } from "../app/format";
import { graphql } from "../gql";
import type { NeedFilterInput } from "../gql/graphql";
import { filterSince } from "./lastVisit";

const SavedSearchesDocument = graphql(`
  query HomeSavedSearches {
    me {
      id
      savedSearches {
        id
        name
        filter
      }
    }
  }
`);

const SearchNewsDocument = graphql(`
  query SavedSearchNews($filter: NeedFilterInput!) {
    needs(filter: $filter, first: 10) {
      pageInfo {
        hasNextPage
      }
      nodes {
        id
        title
        language
      }
    }
  }
`);

export function SavedSearchNews({ since, version = 0 }: { since: string | null; version?: number }) {
  const { t, i18n } = useTranslation();
  const [{ data }] = useQuery({ query: SavedSearchesDocument, requestPolicy: "cache-and-network" });
  const searches = data?.me?.savedSearches ?? [];
  return (
    <section aria-labelledby="saved-heading">
      <Heading level={2} data-size="md" id="saved-heading">
        {t("enterprise.saved.heading")}
      </Heading>
      {/* "What is new since" only means something when there are searches to look in. */}
      {searches.length > 0 && (
        <Paragraph className="muted">
          {since ? t("enterprise.saved.since", { when: formatDateTime(since, i18n.language) }) : t("enterprise.saved.firstVisit")}
        </Paragraph>
      )}
      {searches.length === 0 && <Paragraph>{t("enterprise.saved.none")}</Paragraph>}
      <ul className="need-list" data-testid="saved-searches">
        {searches.map((s) => (
          <SearchNews key={s.id} name={s.name} filter={filterSince(s.filter, since)} version={version} />
        ))}
      </ul>
    </section>
  );
}

function SearchNews({ name, filter, version }: { name: string; filter: Record<string, unknown>; version: number }) {
  const { t } = useTranslation();
  const [{ data }, refetch] = useQuery({ query: SearchNewsDocument, variables: { filter: filter as NeedFilterInput } });
  const seen = useRef(version);
  useEffect(() => {
    if (version === seen.current) return;
    seen.current = version;
    refetch({ requestPolicy: "network-only" });
  }, [version, refetch]);
  const result = data?.needs;
  return (
    <li>
      <Heading level={3} data-size="xs">
        {name}
      </Heading>
      <Paragraph data-size="sm">
        {result ? t(result.pageInfo.hasNextPage ? "enterprise.saved.many" : "enterprise.saved.new", { count: result.nodes.length }) : ""}
      </Paragraph>
      {result && result.nodes.length > 0 && (
        <ul>
          {result.nodes.slice(0, 5).map((n) => (
            <li key={n.id}>
              <DsLink asChild>
                <Link to={`/needs/${encodeURIComponent(n.id)}`} lang={n.language}>
                  {n.title}
                </Link>
              </DsLink>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
