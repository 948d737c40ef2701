//! Partner and need search: one [`SearchIndex`] trait, an embedded engine (tantivy, the index
//! in the data directory) behind it, and the worker that keeps it following the database.
//!
//! The index is derived data. Every change that search shows writes a row to the
//! `search_outbox` in its own transaction; [`follow_outbox`] applies the rows in id order and
//! the index stores the last id it applied together with the documents, so a crash anywhere
//! only delays the index, and applying an entry twice is harmless (documents are replaced
//! whole, by organisation id).

mod documents;
mod embedded;
mod highlight;
mod meili;
mod words;

pub use documents::{need_document, partner_document};
pub use embedded::TantivyIndex;
pub use meili::MeiliIndex;

use async_trait::async_trait;

/// What the index knows of one organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerDoc {
    pub organisation_id: i64,
    /// `WISE`, `SUPPLIER` or `OTHER`.
    pub kind: &'static str,
    pub name: String,
    /// Shown in snippets: the organisation's description and its services.
    pub summary: String,
    /// Everything else searched: keywords, references, partnering note, CPV labels.
    pub text: String,
    /// CPV codes offered (eight digits).
    pub cpv: Vec<String>,
    /// NUTS/ITL codes of the regions served (and the organisation's own region).
    pub regions: Vec<String>,
    pub target_groups: Vec<&'static str>,
    pub staff: Option<u32>,
    pub training_places: Option<u32>,
    /// An administrator verified the organisation, and it is a WISE.
    pub verified_wise: bool,
    /// Verified WISE whose stated share of target-group staff reaches 30 % (Art. 20).
    pub res_ws_eligible: bool,
    /// Shown to anonymous visitors too (else only to signed-in users).
    pub public: bool,
}

/// A partner search. Text is plain words: nothing in it is query syntax.
#[derive(Debug, Clone, Default)]
pub struct PartnerQuery {
    pub text: String,
    pub kinds: Vec<String>,
    /// A region code; regions inside it match too.
    pub region: Option<String>,
    /// A CPV code; codes below it in the hierarchy match too.
    pub cpv: Option<crate::domain::cpv::CpvCode>,
    pub target_group: Option<String>,
    pub min_staff: Option<u32>,
    pub max_staff: Option<u32>,
    pub min_training_places: Option<u32>,
    pub verified_wise: Option<bool>,
    pub res_ws_eligible: Option<bool>,
    /// False for anonymous visitors: profiles for signed-in users only are left out.
    pub signed_in: bool,
    pub offset: usize,
    pub limit: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartnerHit {
    pub organisation_id: i64,
    /// HTML: the matching passage, escaped, with matches in `<mark>`.
    pub snippet: String,
}

/// How many matches each value of a facet would give.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FacetCounts {
    pub kind: Vec<(String, u64)>,
    /// Countries, or the regions inside the filtered region.
    pub region: Vec<(String, u64)>,
    /// CPV divisions, or the groups inside the filtered code.
    pub cpv: Vec<(String, u64)>,
    pub target_group: Vec<(String, u64)>,
    /// Staff ranges: `1-9`, `10-49`, `50-249`, `250+`.
    pub staff: Vec<(String, u64)>,
    pub verified_wise: u64,
    pub res_ws_eligible: u64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PartnerHits {
    pub total: usize,
    pub hits: Vec<PartnerHit>,
    pub facets: FacetCounts,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query cannot be run as asked; the message says why, for the person.
    #[error("{0}")]
    BadQuery(String),
    #[error("search engine: {0}")]
    Engine(String),
    /// Another process holds the index (a second replica sharing the data directory).
    #[error("the search index is in use by another process: {0}")]
    InUse(String),
}

pub type SearchResult<T> = Result<T, SearchError>;

/// What the index knows of one public need (drafts are never indexed).
#[derive(Debug, Clone, PartialEq)]
pub struct NeedDoc {
    pub need_id: i64,
    pub title: String,
    /// Shown in snippets: the summary, else the start of the description.
    pub summary: String,
    /// Everything else searched: description, rationale, lot titles, the buyer's name.
    pub text: String,
    /// Main, additional and lot CPV codes.
    pub cpv: Vec<String>,
    /// The place of delivery and the lots' places, as NUTS/ITL codes.
    pub regions: Vec<String>,
    /// `ANNOUNCED`, `IN_DIALOGUE`, ...
    pub status: &'static str,
    /// The need or a lot is reserved.
    pub reserved: bool,
    pub innovative: bool,
}

/// A need search over public needs. Text is plain words, as for partners.
#[derive(Debug, Clone, Default)]
pub struct NeedSearch {
    pub text: String,
    /// Empty: every public status.
    pub statuses: Vec<String>,
    pub region: Option<String>,
    pub cpv: Option<crate::domain::cpv::CpvCode>,
    pub reserved: Option<bool>,
    pub innovative: Option<bool>,
    pub offset: usize,
    pub limit: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NeedHit {
    pub need_id: i64,
    /// HTML, as [`PartnerHit::snippet`].
    pub snippet: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct NeedFacetCounts {
    pub status: Vec<(String, u64)>,
    /// Countries, or the regions inside the filtered region.
    pub region: Vec<(String, u64)>,
    /// CPV divisions, or the groups inside the filtered code.
    pub cpv: Vec<(String, u64)>,
    pub reserved: u64,
    pub innovative: u64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct NeedHits {
    pub total: usize,
    pub hits: Vec<NeedHit>,
    pub facets: NeedFacetCounts,
}

/// A change to apply to the index.
#[derive(Debug, Clone)]
pub enum IndexChange {
    Upsert(Box<PartnerDoc>),
    Remove(i64),
    UpsertNeed(Box<NeedDoc>),
    RemoveNeed(i64),
}

#[async_trait]
pub trait SearchIndex: Send + Sync {
    /// The last outbox id applied; `None` for a new (or reset) index that needs a full build.
    async fn applied_through(&self) -> SearchResult<Option<i64>>;
    /// Applies changes and records `through`, atomically.
    async fn apply(&self, changes: Vec<IndexChange>, through: i64) -> SearchResult<()>;
    /// Removes every document and forgets the position (before a full rebuild).
    async fn clear(&self) -> SearchResult<()>;
    async fn search_partners(&self, query: &PartnerQuery) -> SearchResult<PartnerHits>;
    /// Public needs; drafts are never in the index.
    async fn search_needs(&self, query: &NeedSearch) -> SearchResult<NeedHits>;
}

/// Longest query text accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 500;

/// Staff range labels, in order, with their inclusive upper bounds.
pub const STAFF_RANGES: [(&str, u32); 4] = [
    ("1-9", 9),
    ("10-49", 49),
    ("50-249", 249),
    ("250+", u32::MAX),
];

pub fn staff_range(staff: u32) -> Option<&'static str> {
    if staff == 0 {
        return None;
    }
    STAFF_RANGES
        .iter()
        .find(|(_, upper)| staff <= *upper)
        .map(|(label, _)| *label)
}

/// Facet counts as both engines list them: the most frequent value first, ties by value.
pub fn most_first(mut counts: Vec<(String, u64)>) -> Vec<(String, u64)> {
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
}

/// The prefixes of a code, shortest first, from `min` characters: the facet path that makes
/// filtering by a region or CPV prefix match everything inside it.
pub fn prefix_path(code: &str, min: usize) -> Vec<String> {
    let chars: Vec<char> = code.chars().collect();
    (min.min(chars.len())..=chars.len())
        .map(|n| chars[..n].iter().collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_paths_respect_characters() {
        assert_eq!(prefix_path("SE232", 2), ["SE", "SE2", "SE23", "SE232"]);
        assert_eq!(prefix_path("Vä", 2), ["Vä"]);
        assert_eq!(prefix_path("S", 2), ["S"]);
        assert_eq!(staff_range(10), Some("10-49"));
        assert_eq!(staff_range(0), None);
    }
}

mod follow;
pub use follow::{follow_outbox, rebuild, Rebuilt};
