//! Meilisearch through meilisearch-sdk: the engine for production, where several replicas share
//! one index (`SAMSPILL_MEILI_URL` and `SAMSPILL_MEILI_KEY`).
//!
//! Three Meilisearch indexes per installation, named from a prefix: partners, needs, and a
//! `meta` index holding the last outbox id applied. [`SearchIndex::apply`] writes the
//! documents, waits for Meilisearch to finish them, and only then records the position, so a
//! crash in between only makes the follower apply the same entries again (documents are
//! replaced whole, by id).
//!
//! Behaviour matches the embedded engine: the same typo thresholds, the same hierarchical
//! filters (every prefix of a region or CPV code is stored, `region_path = "SE2"`), facet counts
//! one level below the filter, and the same snippets (built here from the stored summary).
//! Meilisearch has no stemming, so each document also carries its words' Swedish, Norwegian
//! and English stems (`stems`), and each query word is sent as its shortest stem: `städningen`
//! and `städning` meet at `städning`.

use super::highlight::snippet;
use super::words::{forms, query_words, tokens, LANGUAGES};
use super::{
    most_first, prefix_path, staff_range, FacetCounts, IndexChange, NeedDoc, NeedFacetCounts,
    NeedHit, NeedHits, NeedSearch, PartnerDoc, PartnerHit, PartnerHits, PartnerQuery, SearchError,
    SearchIndex, SearchResult,
};
use async_trait::async_trait;
use meilisearch_sdk::client::Client;
use meilisearch_sdk::errors::{Error as MeiliError, ErrorCode};
use meilisearch_sdk::indexes::Index;
use meilisearch_sdk::search::{MatchingStrategies, SearchResults, Selectors};
use meilisearch_sdk::settings::{
    MinWordSizeForTypos, PaginationSetting, Settings, TypoToleranceSettings,
};
use meilisearch_sdk::task_info::TaskInfo;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::time::Duration;

/// How long a write may take before the follower gives up and retries.
const TASK_TIMEOUT: Duration = Duration::from_secs(60);

fn engine(err: impl std::fmt::Display) -> SearchError {
    SearchError::Engine(format!("meilisearch: {err}"))
}

/// Every stem of every word of a text, once: what the `stems` attribute holds.
fn stems(text: &str) -> String {
    let mut all: Vec<String> = LANGUAGES
        .into_iter()
        .flat_map(|language| tokens(text, Some(language)))
        .collect();
    all.sort();
    all.dedup();
    all.join(" ")
}

/// The query sent to Meilisearch: each word's shortest stem, plain words only.
fn stemmed_query(words_of_query: &[String]) -> String {
    words_of_query
        .iter()
        .filter_map(|w| forms(w).into_iter().min_by_key(|f| f.chars().count()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn code_paths(codes: &[String], cpv: bool) -> Vec<String> {
    let mut paths: Vec<String> = codes
        .iter()
        .flat_map(|code| {
            let code = if cpv {
                crate::domain::cpv::CpvCode::parse(code)
                    .map(|c| c.prefix().to_owned())
                    .unwrap_or_else(|_| code.clone())
            } else {
                code.clone()
            };
            prefix_path(&code, 2)
        })
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

#[derive(Debug, Serialize, Deserialize)]
struct PartnerRecord {
    id: i64,
    kind: String,
    name: String,
    summary: String,
    text: String,
    stems: String,
    region_path: Vec<String>,
    cpv_path: Vec<String>,
    target_groups: Vec<String>,
    staff: Option<u32>,
    staff_range: Option<String>,
    training_places: Option<u32>,
    verified_wise: bool,
    res_ws_eligible: bool,
    public: bool,
}

impl From<&PartnerDoc> for PartnerRecord {
    fn from(d: &PartnerDoc) -> Self {
        Self {
            id: d.organisation_id,
            kind: d.kind.to_owned(),
            name: d.name.clone(),
            summary: d.summary.clone(),
            stems: stems(&format!("{}\n{}\n{}", d.name, d.summary, d.text)),
            text: d.text.clone(),
            region_path: code_paths(&d.regions, false),
            cpv_path: code_paths(&d.cpv, true),
            target_groups: d.target_groups.iter().map(|t| t.to_string()).collect(),
            staff: d.staff,
            staff_range: d.staff.and_then(staff_range).map(str::to_owned),
            training_places: d.training_places,
            verified_wise: d.verified_wise,
            res_ws_eligible: d.res_ws_eligible,
            public: d.public,
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct NeedRecord {
    id: i64,
    name: String,
    summary: String,
    text: String,
    stems: String,
    region_path: Vec<String>,
    cpv_path: Vec<String>,
    status: String,
    reserved: bool,
    innovative: bool,
}

impl From<&NeedDoc> for NeedRecord {
    fn from(d: &NeedDoc) -> Self {
        Self {
            id: d.need_id,
            name: d.title.clone(),
            summary: d.summary.clone(),
            stems: stems(&format!("{}\n{}\n{}", d.title, d.summary, d.text)),
            text: d.text.clone(),
            region_path: code_paths(&d.regions, false),
            cpv_path: code_paths(&d.cpv, true),
            status: d.status.to_owned(),
            reserved: d.reserved,
            innovative: d.innovative,
        }
    }
}

/// What a search needs back: the id and the summary for the snippet.
#[derive(Debug, Deserialize)]
struct Hit {
    id: i64,
    #[serde(default)]
    summary: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct Position {
    id: String,
    through: i64,
}

/// The Meilisearch engine; cheap to clone.
#[derive(Clone)]
pub struct MeiliIndex {
    client: Client,
    partners: Index,
    needs: Index,
    meta: Index,
}

impl MeiliIndex {
    /// Connects and applies the index settings (idempotent). `prefix` names the indexes, so
    /// several installations (or tests) can share one server.
    pub async fn connect(url: &str, key: Option<&str>, prefix: &str) -> SearchResult<Self> {
        let client = Client::new(url, key).map_err(engine)?;
        let index = Self {
            partners: client.index(format!("{prefix}_partners")),
            needs: client.index(format!("{prefix}_needs")),
            meta: client.index(format!("{prefix}_meta")),
            client,
        };
        index.configure().await?;
        Ok(index)
    }

    /// Deletes this installation's three indexes (tests clean up after themselves with it).
    pub async fn delete_indexes(self) -> SearchResult<()> {
        for index in [self.partners.clone(), self.needs.clone(), self.meta.clone()] {
            self.wait(index.delete().await).await?;
        }
        Ok(())
    }

    async fn configure(&self) -> SearchResult<()> {
        let typos = TypoToleranceSettings {
            enabled: Some(true),
            min_word_size_for_typos: Some(MinWordSizeForTypos {
                one_typo: Some(4),
                two_typos: Some(8),
            }),
            ..TypoToleranceSettings::default()
        };
        let common = |filterable: &[&str]| {
            Settings::new()
                .with_searchable_attributes(["name", "summary", "text", "stems"])
                .with_filterable_attributes(filterable)
                .with_sortable_attributes(["id"])
                .with_typo_tolerance(typos.clone())
                .with_pagination(PaginationSetting {
                    max_total_hits: 20_000,
                })
        };
        let partners = common(&[
            "kind",
            "region_path",
            "cpv_path",
            "target_groups",
            "staff",
            "staff_range",
            "training_places",
            "verified_wise",
            "res_ws_eligible",
            "public",
        ]);
        let needs = common(&[
            "status",
            "region_path",
            "cpv_path",
            "reserved",
            "innovative",
        ]);
        self.wait(self.partners.set_settings(&partners).await)
            .await?;
        self.wait(self.needs.set_settings(&needs).await).await?;
        self.wait(self.meta.set_settings(&Settings::new()).await)
            .await
    }

    /// Waits for a write to finish, and turns a failed one into an error.
    async fn wait(&self, task: Result<TaskInfo, MeiliError>) -> SearchResult<()> {
        let task = task
            .map_err(engine)?
            .wait_for_completion(&self.client, None, Some(TASK_TIMEOUT))
            .await
            .map_err(engine)?;
        if task.is_failure() {
            return Err(engine(task.unwrap_failure()));
        }
        Ok(())
    }

    async fn record_position(&self, through: i64) -> SearchResult<()> {
        let position = Position {
            id: "position".into(),
            through,
        };
        self.wait(self.meta.add_or_replace(&[position], Some("id")).await)
            .await
    }

    async fn run<T: serde::de::DeserializeOwned + Send + Sync + 'static>(
        index: &Index,
        words: &[String],
        filter: &str,
        facets: &[&str],
        newest_first: bool,
        offset: usize,
        limit: usize,
    ) -> SearchResult<SearchResults<T>> {
        let query = stemmed_query(words);
        let sort_asc = ["id:asc"];
        let sort_desc = ["id:desc"];
        let mut search = index.search();
        search
            .with_query(&query)
            .with_matching_strategy(MatchingStrategies::ALL)
            .with_attributes_to_retrieve(Selectors::Some(&["id", "summary"]))
            .with_facets(Selectors::Some(facets))
            .with_offset(offset)
            .with_limit(limit.max(1));
        if !filter.is_empty() {
            search.with_filter(filter);
        }
        if words.is_empty() {
            search.with_sort(if newest_first { &sort_desc } else { &sort_asc });
        }
        search.execute::<T>().await.map_err(engine)
    }
}

fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Counts of the values one level below `root` (or at the top level, two characters).
fn path_children(
    distribution: Option<&HashMap<String, usize>>,
    root: Option<&str>,
) -> Vec<(String, u64)> {
    let depth = root.map_or(2, |r| r.chars().count() + 1);
    values(distribution)
        .into_iter()
        .filter(|(value, _)| {
            value.chars().count() == depth && root.is_none_or(|r| value.starts_with(r))
        })
        .collect()
}

fn values(distribution: Option<&HashMap<String, usize>>) -> Vec<(String, u64)> {
    most_first(
        distribution
            .into_iter()
            .flatten()
            .map(|(value, count)| (value.clone(), *count as u64))
            .collect(),
    )
}

fn count_true(distribution: Option<&HashMap<String, usize>>) -> u64 {
    distribution
        .and_then(|d| d.get("true"))
        .map_or(0, |c| *c as u64)
}

fn partner_filter(q: &PartnerQuery) -> SearchResult<String> {
    let mut parts = Vec::new();
    if !q.signed_in {
        parts.push("public = true".to_owned());
    }
    if !q.kinds.is_empty() {
        let kinds: Vec<String> = q.kinds.iter().map(|k| quoted(k)).collect();
        parts.push(format!("kind IN [{}]", kinds.join(", ")));
    }
    if let Some(region) = &q.region {
        parts.push(format!("region_path = {}", quoted(region)));
    }
    if let Some(cpv) = &q.cpv {
        parts.push(format!("cpv_path = {}", quoted(cpv.prefix())));
    }
    if let Some(group) = &q.target_group {
        parts.push(format!("target_groups = {}", quoted(group)));
    }
    if let (Some(min), Some(max)) = (q.min_staff, q.max_staff) {
        if min > max {
            return Err(SearchError::BadQuery(
                "The smallest staff count is larger than the largest.".into(),
            ));
        }
    }
    if let Some(min) = q.min_staff {
        parts.push(format!("staff >= {min}"));
    }
    if let Some(max) = q.max_staff {
        parts.push(format!("staff <= {max}"));
    }
    if let Some(min) = q.min_training_places {
        parts.push(format!("training_places >= {min}"));
    }
    if let Some(wanted) = q.verified_wise {
        parts.push(format!("verified_wise = {wanted}"));
    }
    if let Some(wanted) = q.res_ws_eligible {
        parts.push(format!("res_ws_eligible = {wanted}"));
    }
    Ok(parts.join(" AND "))
}

fn need_filter(q: &NeedSearch) -> String {
    let mut parts = Vec::new();
    if !q.statuses.is_empty() {
        let statuses: Vec<String> = q.statuses.iter().map(|s| quoted(s)).collect();
        parts.push(format!("status IN [{}]", statuses.join(", ")));
    }
    if let Some(region) = &q.region {
        parts.push(format!("region_path = {}", quoted(region)));
    }
    if let Some(cpv) = &q.cpv {
        parts.push(format!("cpv_path = {}", quoted(cpv.prefix())));
    }
    for (wanted, name) in [(q.reserved, "reserved"), (q.innovative, "innovative")] {
        if let Some(wanted) = wanted {
            parts.push(format!("{name} = {wanted}"));
        }
    }
    parts.join(" AND ")
}

fn snippets(
    hits: &[meilisearch_sdk::search::SearchResult<Hit>],
    words: &[String],
) -> Vec<(i64, String)> {
    let terms: Vec<Vec<String>> = words.iter().map(|w| forms(w)).collect();
    hits.iter()
        .map(|h| (h.result.id, snippet(&h.result.summary, &terms, forms)))
        .collect()
}

#[async_trait]
impl SearchIndex for MeiliIndex {
    async fn applied_through(&self) -> SearchResult<Option<i64>> {
        match self.meta.get_document::<Position>("position").await {
            Ok(position) => Ok(Some(position.through).filter(|p| *p >= 0)),
            Err(MeiliError::Meilisearch(err))
                if matches!(
                    err.error_code,
                    ErrorCode::DocumentNotFound | ErrorCode::IndexNotFound
                ) =>
            {
                Ok(None)
            }
            Err(err) => Err(engine(err)),
        }
    }

    async fn apply(&self, changes: Vec<IndexChange>, through: i64) -> SearchResult<()> {
        let mut partners = Vec::new();
        let mut needs = Vec::new();
        let mut gone_partners = Vec::new();
        let mut gone_needs = Vec::new();
        for change in &changes {
            match change {
                IndexChange::Upsert(doc) => partners.push(PartnerRecord::from(doc.as_ref())),
                IndexChange::Remove(id) => gone_partners.push(*id),
                IndexChange::UpsertNeed(doc) => needs.push(NeedRecord::from(doc.as_ref())),
                IndexChange::RemoveNeed(id) => gone_needs.push(*id),
            }
        }
        if !partners.is_empty() {
            self.wait(self.partners.add_or_replace(&partners, Some("id")).await)
                .await?;
        }
        if !gone_partners.is_empty() {
            self.wait(self.partners.delete_documents(&gone_partners).await)
                .await?;
        }
        if !needs.is_empty() {
            self.wait(self.needs.add_or_replace(&needs, Some("id")).await)
                .await?;
        }
        if !gone_needs.is_empty() {
            self.wait(self.needs.delete_documents(&gone_needs).await)
                .await?;
        }
        // Last: a crash before this line only makes the follower apply the entries again.
        self.record_position(through).await
    }

    async fn clear(&self) -> SearchResult<()> {
        self.record_position(-1).await?;
        self.wait(self.partners.delete_all_documents().await)
            .await?;
        self.wait(self.needs.delete_all_documents().await).await
    }

    async fn search_partners(&self, q: &PartnerQuery) -> SearchResult<PartnerHits> {
        let words = query_words(&q.text)?;
        let filter = partner_filter(q)?;
        let facets = [
            "kind",
            "region_path",
            "cpv_path",
            "target_groups",
            "staff_range",
            "verified_wise",
            "res_ws_eligible",
        ];
        let found: SearchResults<Hit> = Self::run(
            &self.partners,
            &words,
            &filter,
            &facets,
            false,
            q.offset,
            q.limit,
        )
        .await?;
        let d = found.facet_distribution.clone().unwrap_or_default();
        Ok(PartnerHits {
            total: found.estimated_total_hits.unwrap_or(found.hits.len()),
            hits: snippets(&found.hits, &words)
                .into_iter()
                .map(|(organisation_id, snippet)| PartnerHit {
                    organisation_id,
                    snippet,
                })
                .collect(),
            facets: FacetCounts {
                kind: values(d.get("kind")),
                region: path_children(d.get("region_path"), q.region.as_deref()),
                cpv: path_children(d.get("cpv_path"), q.cpv.as_ref().map(|c| c.prefix())),
                target_group: values(d.get("target_groups")),
                staff: values(d.get("staff_range")),
                verified_wise: count_true(d.get("verified_wise")),
                res_ws_eligible: count_true(d.get("res_ws_eligible")),
            },
        })
    }

    async fn search_needs(&self, q: &NeedSearch) -> SearchResult<NeedHits> {
        let words = query_words(&q.text)?;
        let facets = [
            "status",
            "region_path",
            "cpv_path",
            "reserved",
            "innovative",
        ];
        let found: SearchResults<Hit> = Self::run(
            &self.needs,
            &words,
            &need_filter(q),
            &facets,
            true,
            q.offset,
            q.limit,
        )
        .await?;
        let d = found.facet_distribution.clone().unwrap_or_default();
        Ok(NeedHits {
            total: found.estimated_total_hits.unwrap_or(found.hits.len()),
            hits: snippets(&found.hits, &words)
                .into_iter()
                .map(|(need_id, snippet)| NeedHit { need_id, snippet })
                .collect(),
            facets: NeedFacetCounts {
                status: values(d.get("status")),
                region: path_children(d.get("region_path"), q.region.as_deref()),
                cpv: path_children(d.get("cpv_path"), q.cpv.as_ref().map(|c| c.prefix())),
                reserved: count_true(d.get("reserved")),
                innovative: count_true(d.get("innovative")),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_stemmed_and_filters_quoted() {
        assert_eq!(stemmed_query(&["städningen".into()]), "stadning");
        assert!(stems("Vi städar skolor").contains("skol"));
        assert_eq!(quoted("a\"b\\"), "\"a\\\"b\\\\\"");
        let q = PartnerQuery {
            kinds: vec!["WISE".into()],
            region: Some("SE2".into()),
            min_staff: Some(10),
            ..PartnerQuery::default()
        };
        assert_eq!(
            partner_filter(&q).unwrap(),
            "public = true AND kind IN [\"WISE\"] AND region_path = \"SE2\" AND staff >= 10"
        );
        assert_eq!(
            code_paths(&["90911200".into()], true),
            ["90", "909", "9091", "90911", "909112"]
        );
    }

    #[test]
    fn facet_children_are_one_level_below_the_filter() {
        let counts: HashMap<String, usize> =
            [("SE", 3), ("SE2", 2), ("SE23", 2), ("SE1", 1), ("NO", 1)]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect();
        assert_eq!(
            path_children(Some(&counts), None),
            [("SE".to_owned(), 3), ("NO".to_owned(), 1)]
        );
        assert_eq!(
            path_children(Some(&counts), Some("SE2")),
            [("SE23".to_owned(), 2)]
        );
    }
}
