//! The embedded engine: a tantivy index in the data directory (or in memory for tests that
//! need no restart).
//!
//! Text is indexed four times: folded (lower case, accents removed) for exact and typo-tolerant
//! matching, and stemmed for Swedish, Norwegian and English, so `städning` finds `städningen`
//! and `cleaning` finds `cleaners`. Queries are built from the person's words directly, never
//! parsed as query syntax, so no input can change the query's shape. Filters and facet counts
//! use one hierarchical facet field (`/region/SE/SE2/SE23`, `/cpv/45/452`), so a filter on a
//! region or CPV code matches everything inside it.
//!
//! Partners and needs share one index (and so one recorded outbox position); a `/type` facet
//! keeps each search to its own kind of document.

use super::highlight::{snippet, typo_tolerance};
use super::words::{analyzer, forms, query_words, LANGUAGES};
use super::{
    most_first, prefix_path, staff_range, FacetCounts, IndexChange, NeedDoc, NeedFacetCounts,
    NeedHit, NeedHits, NeedSearch, PartnerDoc, PartnerHit, PartnerHits, PartnerQuery, SearchError,
    SearchIndex, SearchResult,
};
use async_trait::async_trait;
use std::ops::Bound;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tantivy::collector::{Count, FacetCollector, FacetCounts as TantivyFacets, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value,
    FAST, INDEXED, STORED,
};
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term,
};

const FOLDED: &str = "samspill_folded";
/// The stemmed tokenizers' names, one per language of [`LANGUAGES`].
const STEMMED: [&str; 3] = ["samspill_sv", "samspill_no", "samspill_en"];
const WRITER_MEMORY: usize = 30_000_000;

struct Fields {
    org_id: Field,
    need_id: Field,
    name: Field,
    summary: Field,
    folded: Field,
    stemmed: [Field; 3],
    facets: Field,
    staff: Field,
    training_places: Field,
}

impl Fields {
    fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let text = |tokenizer: &str| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(tokenizer)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
        };
        let fields = Fields {
            org_id: b.add_u64_field("org_id", INDEXED | STORED | FAST),
            need_id: b.add_u64_field("need_id", INDEXED | STORED | FAST),
            name: b.add_text_field("name", text(FOLDED)),
            summary: b.add_text_field("summary", TextOptions::default().set_stored()),
            folded: b.add_text_field("body", text(FOLDED)),
            stemmed: [
                b.add_text_field("body_sv", text(STEMMED[0])),
                b.add_text_field("body_no", text(STEMMED[1])),
                b.add_text_field("body_en", text(STEMMED[2])),
            ],
            facets: b.add_facet_field("facets", FacetOptions::default()),
            staff: b.add_u64_field("staff", INDEXED | FAST),
            training_places: b.add_u64_field("training_places", INDEXED | FAST),
        };
        (b.build(), fields)
    }
}

fn engine(err: impl std::fmt::Display) -> SearchError {
    SearchError::Engine(err.to_string())
}

struct Inner {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
}

/// The embedded search engine; cheap to clone.
#[derive(Clone)]
pub struct TantivyIndex(Arc<Inner>);

impl TantivyIndex {
    /// Opens the index in `dir` (creating it), or a fresh one when the stored schema is from
    /// another version: it is then rebuilt from the database.
    pub fn open(dir: &Path) -> SearchResult<Self> {
        std::fs::create_dir_all(dir).map_err(engine)?;
        let (schema, _) = Fields::schema();
        let open = || -> tantivy::Result<Index> {
            Index::open_or_create(MmapDirectory::open(dir)?, schema.clone())
        };
        let index = match open() {
            Ok(index) => index,
            Err(tantivy::TantivyError::SchemaError(_)) => {
                tracing::warn!(dir = %dir.display(), "search index is from another version; \
                                                      rebuilding it");
                std::fs::remove_dir_all(dir).map_err(engine)?;
                std::fs::create_dir_all(dir).map_err(engine)?;
                open().map_err(engine)?
            }
            Err(err) => return Err(engine(err)),
        };
        Self::with_index(index)
    }

    /// An index in memory, gone with the process.
    pub fn in_memory() -> SearchResult<Self> {
        let (schema, _) = Fields::schema();
        Self::with_index(Index::create_in_ram(schema))
    }

    fn with_index(index: Index) -> SearchResult<Self> {
        let tokenizers = index.tokenizers();
        tokenizers.register(FOLDED, analyzer(None));
        for (name, language) in STEMMED.into_iter().zip(LANGUAGES) {
            tokenizers.register(name, analyzer(Some(language)));
        }
        let (_, fields) = Fields::schema();
        let writer = index
            .writer_with_num_threads(1, WRITER_MEMORY)
            .map_err(|err| match err {
                tantivy::TantivyError::LockFailure(..) => SearchError::InUse(err.to_string()),
                other => engine(other),
            })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(engine)?;
        Ok(Self(Arc::new(Inner {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
        })))
    }

    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Inner) -> SearchResult<T> + Send + 'static,
    ) -> SearchResult<T> {
        let inner = self.0.clone();
        tokio::task::spawn_blocking(move || work(&inner))
            .await
            .map_err(engine)?
    }
}

impl Inner {
    /// The searched text of a document: its name (boosted), its stored summary for snippets,
    /// and everything together, folded and stemmed.
    fn add_text(&self, d: &mut TantivyDocument, name: &str, summary: &str, text: &str) {
        let f = &self.fields;
        d.add_text(f.name, name);
        d.add_text(f.summary, summary);
        let body = format!("{name}\n{summary}\n{text}");
        d.add_text(f.folded, &body);
        for field in f.stemmed {
            d.add_text(field, &body);
        }
    }

    fn document(&self, doc: &PartnerDoc) -> TantivyDocument {
        let f = &self.fields;
        let mut d = TantivyDocument::default();
        d.add_u64(f.org_id, doc.organisation_id as u64);
        self.add_text(&mut d, &doc.name, &doc.summary, &doc.text);
        let mut facet = |path: Vec<String>| d.add_facet(f.facets, Facet::from_path(path));
        facet(vec!["type".into(), "partner".into()]);
        facet(vec!["kind".into(), doc.kind.into()]);
        for path in code_paths(&doc.regions, &doc.cpv) {
            facet(path);
        }
        for group in &doc.target_groups {
            facet(vec!["target".into(), (*group).into()]);
        }
        if let Some(range) = doc.staff.and_then(staff_range) {
            facet(vec!["staff".into(), range.into()]);
        }
        facet(vec!["verified".into(), doc.verified_wise.to_string()]);
        facet(vec!["resws".into(), doc.res_ws_eligible.to_string()]);
        facet(vec![
            "visibility".into(),
            if doc.public { "public" } else { "signed-in" }.into(),
        ]);
        if let Some(staff) = doc.staff {
            d.add_u64(f.staff, u64::from(staff));
        }
        if let Some(places) = doc.training_places {
            d.add_u64(f.training_places, u64::from(places));
        }
        d
    }

    fn need_document(&self, doc: &NeedDoc) -> TantivyDocument {
        let f = &self.fields;
        let mut d = TantivyDocument::default();
        d.add_u64(f.need_id, doc.need_id as u64);
        self.add_text(&mut d, &doc.title, &doc.summary, &doc.text);
        let mut facet = |path: Vec<String>| d.add_facet(f.facets, Facet::from_path(path));
        facet(vec!["type".into(), "need".into()]);
        facet(vec!["status".into(), doc.status.into()]);
        for path in code_paths(&doc.regions, &doc.cpv) {
            facet(path);
        }
        facet(vec!["reserved".into(), doc.reserved.to_string()]);
        facet(vec!["innovative".into(), doc.innovative.to_string()]);
        d
    }

    fn facet_term(&self, path: Vec<String>) -> Box<dyn Query> {
        let term = Term::from_facet(self.fields.facets, &Facet::from_path(path));
        Box::new(TermQuery::new(term, IndexRecordOption::Basic))
    }

    fn text_query(&self, words: &[String]) -> Box<dyn Query> {
        let f = &self.fields;
        let clauses = words
            .iter()
            .map(|word| {
                let folded = tokens(FOLDED, word, &self.index).remove(0);
                let mut either: Vec<(Occur, Box<dyn Query>)> = vec![
                    (
                        Occur::Should,
                        Box::new(BoostQuery::new(
                            Box::new(TermQuery::new(
                                Term::from_field_text(f.name, &folded),
                                IndexRecordOption::WithFreqs,
                            )),
                            3.0,
                        )),
                    ),
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(
                            Term::from_field_text(f.folded, &folded),
                            IndexRecordOption::WithFreqs,
                        )),
                    ),
                ];
                for (field, name) in f.stemmed.iter().zip(STEMMED) {
                    for stem in tokens(name, word, &self.index) {
                        either.push((
                            Occur::Should,
                            Box::new(TermQuery::new(
                                Term::from_field_text(*field, &stem),
                                IndexRecordOption::WithFreqs,
                            )),
                        ));
                    }
                }
                let tolerance = typo_tolerance(folded.chars().count());
                if tolerance > 0 {
                    // Typos count for less than the word itself.
                    either.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(
                            Box::new(FuzzyTermQuery::new(
                                Term::from_field_text(f.folded, &folded),
                                tolerance,
                                true,
                            )),
                            0.5,
                        )),
                    ));
                }
                (
                    Occur::Must,
                    Box::new(BooleanQuery::new(either)) as Box<dyn Query>,
                )
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }

    fn filters(&self, q: &PartnerQuery) -> SearchResult<Vec<Box<dyn Query>>> {
        let mut filters = Vec::new();
        if !q.signed_in {
            filters.push(self.facet_term(vec!["visibility".into(), "public".into()]));
        }
        if !q.kinds.is_empty() {
            let kinds = q
                .kinds
                .iter()
                .map(|k| {
                    (
                        Occur::Should,
                        self.facet_term(vec!["kind".into(), k.clone()]),
                    )
                })
                .collect();
            filters.push(Box::new(BooleanQuery::new(kinds)));
        }
        filters.extend(self.code_filters(q.region.as_deref(), q.cpv.as_ref()));
        if let Some(group) = &q.target_group {
            filters.push(self.facet_term(vec!["target".into(), group.clone()]));
        }
        for (wanted, name) in [(q.verified_wise, "verified"), (q.res_ws_eligible, "resws")] {
            if let Some(wanted) = wanted {
                filters.push(self.facet_term(vec![name.into(), wanted.to_string()]));
            }
        }
        let range = |field: Field, min: Option<u32>, max: Option<u32>| -> Option<Box<dyn Query>> {
            if min.is_none() && max.is_none() {
                return None;
            }
            let bound = |v: Option<u32>| match v {
                Some(v) => Bound::Included(Term::from_field_u64(field, u64::from(v))),
                None => Bound::Unbounded,
            };
            Some(Box::new(RangeQuery::new(bound(min), bound(max))))
        };
        if let (Some(min), Some(max)) = (q.min_staff, q.max_staff) {
            if min > max {
                return Err(SearchError::BadQuery(
                    "The smallest staff count is larger than the largest.".into(),
                ));
            }
        }
        filters.extend(range(self.fields.staff, q.min_staff, q.max_staff));
        filters.extend(range(
            self.fields.training_places,
            q.min_training_places,
            None,
        ));
        Ok(filters)
    }

    /// The filters both searches share: inside a region, below a CPV code.
    fn code_filters(
        &self,
        region: Option<&str>,
        cpv: Option<&crate::domain::cpv::CpvCode>,
    ) -> Vec<Box<dyn Query>> {
        let mut filters = Vec::new();
        if let Some(region) = region {
            filters.push(self.facet_term(facet_root("region", Some(prefix_path(region, 2)))));
        }
        if let Some(cpv) = cpv {
            filters.push(self.facet_term(facet_root("cpv", Some(prefix_path(cpv.prefix(), 2)))));
        }
        filters
    }

    /// Runs a search: the person's words (if any) and the filters, one page ordered by score
    /// (or by `order` on the id field when there are no words), the total and facet counts
    /// under `roots`, and each hit's id with its highlighted snippet.
    fn execute(&self, search: Search<'_>) -> SearchResult<Found> {
        let words = query_words(search.text)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = search
            .filters
            .into_iter()
            .map(|f| (Occur::Must, f))
            .collect();
        if !words.is_empty() {
            clauses.push((Occur::Must, self.text_query(&words)));
        }
        let query: Box<dyn Query> = if clauses.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(clauses))
        };
        let mut facets = FacetCollector::for_field("facets");
        for root in search.roots {
            facets.add_facet(Facet::from_path(root));
        }
        let searcher = self.reader.searcher();
        let page = TopDocs::with_limit(search.limit.max(1)).and_offset(search.offset);
        let (id_field, id_name, order) = search.id;
        let (addresses, total, counts): (Vec<DocAddress>, usize, TantivyFacets) =
            if words.is_empty() {
                let (docs, total, counts) = searcher
                    .search(
                        &query,
                        &(page.order_by_u64_field(id_name, order), Count, facets),
                    )
                    .map_err(engine)?;
                (docs.into_iter().map(|(_, a)| a).collect(), total, counts)
            } else {
                let (docs, total, counts) = searcher
                    .search(&query, &(page, Count, facets))
                    .map_err(engine)?;
                (docs.into_iter().map(|(_, a)| a).collect(), total, counts)
            };
        let terms: Vec<Vec<String>> = words.iter().map(|w| forms(w)).collect();
        let mut hits = Vec::with_capacity(addresses.len());
        for address in addresses {
            let doc: TantivyDocument = searcher.doc(address).map_err(engine)?;
            let id = doc
                .get_first(id_field)
                .and_then(|v| v.as_u64())
                .ok_or_else(|| engine("a document without its id"))?;
            let summary = doc
                .get_first(self.fields.summary)
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            hits.push((id as i64, snippet(summary, &terms, forms)));
        }
        Ok(Found {
            total,
            hits,
            counts,
        })
    }

    fn search(&self, q: &PartnerQuery) -> SearchResult<PartnerHits> {
        let mut filters = vec![self.facet_term(vec!["type".into(), "partner".into()])];
        filters.extend(self.filters(q)?);
        let region_root = facet_root("region", q.region.as_deref().map(|r| prefix_path(r, 2)));
        let cpv_root = facet_root("cpv", q.cpv.as_ref().map(|c| prefix_path(c.prefix(), 2)));
        let mut roots: Vec<Vec<String>> = ["kind", "target", "staff", "verified", "resws"]
            .iter()
            .map(|r| vec![r.to_string()])
            .collect();
        roots.push(region_root.clone());
        roots.push(cpv_root.clone());
        let found = self.execute(Search {
            text: &q.text,
            filters,
            roots,
            id: (self.fields.org_id, "org_id", Order::Asc),
            offset: q.offset,
            limit: q.limit,
        })?;
        let counts = &found.counts;
        Ok(PartnerHits {
            total: found.total,
            hits: found
                .hits
                .into_iter()
                .map(|(organisation_id, snippet)| PartnerHit {
                    organisation_id,
                    snippet,
                })
                .collect(),
            facets: FacetCounts {
                kind: children(counts, &["kind"]),
                region: children(counts, &region_root),
                cpv: children(counts, &cpv_root),
                target_group: children(counts, &["target"]),
                staff: children(counts, &["staff"]),
                verified_wise: count_of(counts, &["verified"], "true"),
                res_ws_eligible: count_of(counts, &["resws"], "true"),
            },
        })
    }

    /// Public needs, newest first when there are no words.
    fn search_needs(&self, q: &NeedSearch) -> SearchResult<NeedHits> {
        let mut filters = vec![self.facet_term(vec!["type".into(), "need".into()])];
        if !q.statuses.is_empty() {
            let statuses = q
                .statuses
                .iter()
                .map(|s| {
                    (
                        Occur::Should,
                        self.facet_term(vec!["status".into(), s.clone()]),
                    )
                })
                .collect();
            filters.push(Box::new(BooleanQuery::new(statuses)));
        }
        filters.extend(self.code_filters(q.region.as_deref(), q.cpv.as_ref()));
        for (wanted, name) in [(q.reserved, "reserved"), (q.innovative, "innovative")] {
            if let Some(wanted) = wanted {
                filters.push(self.facet_term(vec![name.into(), wanted.to_string()]));
            }
        }
        let region_root = facet_root("region", q.region.as_deref().map(|r| prefix_path(r, 2)));
        let cpv_root = facet_root("cpv", q.cpv.as_ref().map(|c| prefix_path(c.prefix(), 2)));
        let mut roots: Vec<Vec<String>> = ["status", "reserved", "innovative"]
            .iter()
            .map(|r| vec![r.to_string()])
            .collect();
        roots.push(region_root.clone());
        roots.push(cpv_root.clone());
        let found = self.execute(Search {
            text: &q.text,
            filters,
            roots,
            id: (self.fields.need_id, "need_id", Order::Desc),
            offset: q.offset,
            limit: q.limit,
        })?;
        let counts = &found.counts;
        Ok(NeedHits {
            total: found.total,
            hits: found
                .hits
                .into_iter()
                .map(|(need_id, snippet)| NeedHit { need_id, snippet })
                .collect(),
            facets: NeedFacetCounts {
                status: children(counts, &["status"]),
                region: children(counts, &region_root),
                cpv: children(counts, &cpv_root),
                reserved: count_of(counts, &["reserved"], "true"),
                innovative: count_of(counts, &["innovative"], "true"),
            },
        })
    }
}

/// One search to run: see [`Inner::execute`].
struct Search<'a> {
    text: &'a str,
    filters: Vec<Box<dyn Query>>,
    /// Facet paths whose children are counted.
    roots: Vec<Vec<String>>,
    /// The stored id field, its name, and the order of hits when there are no words.
    id: (Field, &'static str, Order),
    offset: usize,
    limit: usize,
}

struct Found {
    total: usize,
    hits: Vec<(i64, String)>,
    counts: TantivyFacets,
}

/// The hierarchical facet paths of region and CPV codes (`/region/SE/SE2/SE23`, `/cpv/90/909`).
fn code_paths(regions: &[String], cpv: &[String]) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for region in regions {
        let mut path = vec!["region".to_owned()];
        path.extend(prefix_path(region, 2));
        paths.push(path);
    }
    for code in cpv {
        let prefix = crate::domain::cpv::CpvCode::parse(code)
            .map(|c| c.prefix().to_owned())
            .unwrap_or_else(|_| code.clone());
        let mut path = vec!["cpv".to_owned()];
        path.extend(prefix_path(&prefix, 2));
        paths.push(path);
    }
    paths
}

/// The facet whose children are counted: the filtered path, or the dimension's root.
fn facet_root(dimension: &str, filtered: Option<Vec<String>>) -> Vec<String> {
    let mut root = vec![dimension.to_owned()];
    root.extend(filtered.unwrap_or_default());
    root
}

fn children<S: AsRef<str>>(counts: &TantivyFacets, path: &[S]) -> Vec<(String, u64)> {
    let parent = Facet::from_path(path.iter().map(|s| s.as_ref()));
    most_first(
        counts
            .get(parent)
            .map(|(facet, count)| {
                let label = facet
                    .to_path()
                    .last()
                    .map(|s| s.to_string())
                    .unwrap_or_default();
                (label, count)
            })
            .collect(),
    )
}

fn count_of(counts: &TantivyFacets, path: &[&str], value: &str) -> u64 {
    children(counts, path)
        .into_iter()
        .find(|(label, _)| label == value)
        .map_or(0, |(_, c)| c)
}

fn tokens(analyzer_name: &str, text: &str, index: &Index) -> Vec<String> {
    let Some(mut analyzer) = index.tokenizers().get(analyzer_name) else {
        return Vec::new();
    };
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

#[async_trait]
impl SearchIndex for TantivyIndex {
    async fn applied_through(&self) -> SearchResult<Option<i64>> {
        self.blocking(|inner| {
            let metas = inner.index.load_metas().map_err(engine)?;
            Ok(metas
                .payload
                .and_then(|p| p.parse::<i64>().ok())
                .filter(|p| *p >= 0))
        })
        .await
    }

    async fn apply(&self, changes: Vec<IndexChange>, through: i64) -> SearchResult<()> {
        self.blocking(move |inner| {
            let mut writer = inner
                .writer
                .lock()
                .map_err(|_| engine("index writer poisoned"))?;
            let f = &inner.fields;
            for change in &changes {
                // A document is replaced whole: delete by id, then add the new one.
                let (field, id) = match change {
                    IndexChange::Upsert(doc) => (f.org_id, doc.organisation_id),
                    IndexChange::Remove(id) => (f.org_id, *id),
                    IndexChange::UpsertNeed(doc) => (f.need_id, doc.need_id),
                    IndexChange::RemoveNeed(id) => (f.need_id, *id),
                };
                writer.delete_term(Term::from_field_u64(field, id as u64));
                let added = match change {
                    IndexChange::Upsert(doc) => Some(inner.document(doc)),
                    IndexChange::UpsertNeed(doc) => Some(inner.need_document(doc)),
                    IndexChange::Remove(_) | IndexChange::RemoveNeed(_) => None,
                };
                if let Some(doc) = added {
                    writer.add_document(doc).map_err(engine)?;
                }
            }
            let mut prepared = writer.prepare_commit().map_err(engine)?;
            prepared.set_payload(&through.to_string());
            prepared.commit().map_err(engine)?;
            inner.reader.reload().map_err(engine)?;
            Ok(())
        })
        .await
    }

    async fn clear(&self) -> SearchResult<()> {
        self.blocking(|inner| {
            let mut writer = inner
                .writer
                .lock()
                .map_err(|_| engine("index writer poisoned"))?;
            writer.delete_all_documents().map_err(engine)?;
            let mut prepared = writer.prepare_commit().map_err(engine)?;
            prepared.set_payload("-1");
            prepared.commit().map_err(engine)?;
            inner.reader.reload().map_err(engine)?;
            Ok(())
        })
        .await
    }

    async fn search_partners(&self, query: &PartnerQuery) -> SearchResult<PartnerHits> {
        let query = query.clone();
        self.blocking(move |inner| inner.search(&query)).await
    }

    async fn search_needs(&self, query: &NeedSearch) -> SearchResult<NeedHits> {
        let query = query.clone();
        self.blocking(move |inner| inner.search_needs(&query)).await
    }
}
