//! Needs, interest and saved searches: the [`NeedStore`] trait, the columns derived from a
//! need's content, and the filter-to-SQL builder shared by both databases (the queries
//! themselves are in `sql/needs.rs`).
//!
//! Filtering and ordering read columns derived from the content on every write
//! ([`Derived`]); the content document itself stays the source of truth.

use super::records::*;
use super::{StoreError, StoreResult};
use crate::domain::need::{NeedContent, NeedFilter, NeedStatus};
use crate::recent::Recent;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use std::sync::{Arc, LazyLock};

#[async_trait]
pub trait NeedStore: Send + Sync {
    /// Creates a need as a draft.
    async fn create_need(&self, need: &NewNeed) -> StoreResult<Need>;
    async fn need(&self, id: i64) -> StoreResult<Option<Need>>;
    /// A page of needs (one more than asked for, to tell whether another page exists).
    async fn needs(&self, query: &NeedQuery) -> StoreResult<Vec<Need>>;
    /// Replaces a need's content; a conflict when its revision moved on since the editor read it.
    async fn update_need(
        &self,
        change: &NeedChange,
        content: &NeedContent,
        co_buyers: &[i64],
    ) -> StoreResult<(Need, Vec<Notification>)>;
    /// Moves a need to another status, if allowed from the current one.
    async fn transition_need(
        &self,
        change: &NeedChange,
        to: NeedStatus,
        note: &str,
    ) -> StoreResult<(Need, Vec<Notification>)>;
    /// Accepts or declines an open co-buyer request; false when there is none.
    async fn answer_co_buyer_request(
        &self,
        need_id: i64,
        org_id: i64,
        accept: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Needs (with when they asked) whose buyers ask the organisation to be co-buyer.
    async fn co_buyer_requests(&self, org_id: i64) -> StoreResult<Vec<(i64, DateTime<Utc>)>>;
    /// Deletes a need that was never announced.
    async fn delete_draft(&self, need_id: i64) -> StoreResult<bool>;
    async fn need_versions(&self, need_id: i64) -> StoreResult<Vec<NeedVersion>>;
    async fn need_transitions(&self, need_id: i64) -> StoreResult<Vec<NeedTransition>>;
    async fn set_interest(&self, interest: &NeedInterest) -> StoreResult<()>;
    async fn remove_interest(&self, need_id: i64, organisation_id: i64) -> StoreResult<bool>;
    async fn interests(&self, need_id: i64) -> StoreResult<Vec<NeedInterest>>;
    async fn create_saved_search(
        &self,
        user_id: i64,
        name: &str,
        filter: &NeedFilter,
        now: DateTime<Utc>,
    ) -> StoreResult<SavedSearch>;
    async fn saved_searches(&self, user_id: i64) -> StoreResult<Vec<SavedSearch>>;
    /// Every saved search, for matching a changed need against them.
    async fn all_saved_searches(&self) -> StoreResult<Vec<SavedSearch>>;
    async fn delete_saved_search(&self, user_id: i64, id: i64) -> StoreResult<bool>;
}

/// Columns computed from the content, in the order of the `needs` table.
pub struct Derived {
    pub title: String,
    pub country: &'static str,
    pub nuts_code: Option<String>,
    pub reserved: &'static str,
    pub reserved_any: bool,
    pub social: bool,
    pub innovative: bool,
    pub green: bool,
    pub sme_suitable: bool,
    pub expected_tender_on: Option<NaiveDate>,
    pub value_sort: Option<i64>,
    pub search_text: String,
    pub cpvs: Vec<String>,
    pub json: String,
}

impl Derived {
    pub fn of(content: &NeedContent) -> StoreResult<Self> {
        Ok(Self {
            title: content.title.clone(),
            country: content.place.country.code(),
            nuts_code: content.region_code(),
            reserved: content.reserved.as_stored(),
            reserved_any: content.reserved_any(),
            social: content.flags.social_objective,
            innovative: content.flags.innovative,
            green: content.flags.green,
            sme_suitable: content.flags.sme_suitable,
            expected_tender_on: content.dates.expected_tender_publication,
            value_sort: content.value_sort(),
            search_text: content.search_text(),
            cpvs: content.all_cpvs().map(|c| c.as_str().to_owned()).collect(),
            json: serde_json::to_string(content).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        })
    }
}

/// A value to bind, so one builder can produce SQL for either database.
#[derive(Debug, Clone)]
pub enum Arg {
    Int(i64),
    Text(String),
    Bool(bool),
    Date(NaiveDate),
    Time(DateTime<Utc>),
}

/// SQL text with its arguments, numbering placeholders in the order they are added.
#[derive(Default)]
pub struct Sql {
    pub text: String,
    pub args: Vec<Arg>,
}

impl Sql {
    pub fn push(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// Adds an argument and returns its placeholder.
    pub fn arg(&mut self, arg: Arg) -> String {
        self.args.push(arg);
        format!("${}", self.args.len())
    }

    fn list(&mut self, values: impl IntoIterator<Item = Arg>) -> String {
        values
            .into_iter()
            .map(|v| self.arg(v))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `%` and `_` in user text match themselves.
pub fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

pub const NEED_COLUMNS: &str =
    "id, buyer_id, status, revision, version, content, announced_at, created_by, created_at, \
     updated_at, listed_at";

/// A need's co-buyers as one column (`"3,7"`), so that reading needs takes one statement
/// however many there are; SQL shared by both databases (SQLite has `string_agg` since 3.44).
/// Accepted co-buyers and open requests come apart: only the first are named anywhere.
pub const CO_BUYERS_COLUMN: &str =
    "(SELECT string_agg(CAST(cb.organisation_id AS TEXT), ',' ORDER BY cb.organisation_id) \
     FROM need_co_buyers cb WHERE cb.need_id = needs.id AND cb.accepted_at IS NOT NULL) AS \
     co_buyer_ids, \
     (SELECT string_agg(CAST(cb.organisation_id AS TEXT), ',' ORDER BY cb.organisation_id) \
     FROM need_co_buyers cb WHERE cb.need_id = needs.id AND cb.accepted_at IS NULL) AS \
     co_buyer_request_ids";

/// Ids from a comma-separated column (`"3,7"`); none for NULL.
fn ids_in(column: Option<String>) -> StoreResult<Vec<i64>> {
    column
        .unwrap_or_default()
        .split(',')
        .filter(|id| !id.is_empty())
        .map(|id| {
            id.parse()
                .map_err(|_| StoreError::Corrupt(format!("co-buyer id {id}")))
        })
        .collect()
}

/// Sort expression and direction for each order; ties broken by id in the same direction.
fn order_parts(order: NeedOrder) -> (&'static str, &'static str) {
    match order {
        NeedOrder::Newest => ("listed_at", "DESC"),
        NeedOrder::ExpectedTender => ("COALESCE(expected_tender_on, '9999-12-31')", "ASC"),
        NeedOrder::Value => ("COALESCE(value_sort, -1)", "DESC"),
    }
}

/// The cursor's key for a need in a given order (the same value the sort expression gives).
pub fn cursor_key(need: &Need, order: NeedOrder) -> String {
    match order {
        NeedOrder::Newest => need.listed_at.to_rfc3339(),
        NeedOrder::ExpectedTender => need
            .content
            .dates
            .expected_tender_publication
            .map_or_else(|| "9999-12-31".to_owned(), |d| d.to_string()),
        NeedOrder::Value => need.content.value_sort().unwrap_or(-1).to_string(),
    }
}

fn cursor_arg(order: NeedOrder, key: &str) -> StoreResult<Arg> {
    let bad = || StoreError::NotFound("page position");
    Ok(match order {
        NeedOrder::Newest => Arg::Time(
            DateTime::parse_from_rfc3339(key)
                .map_err(|_| bad())?
                .with_timezone(&Utc),
        ),
        NeedOrder::ExpectedTender => Arg::Date(key.parse().map_err(|_| bad())?),
        NeedOrder::Value => Arg::Int(key.parse().map_err(|_| bad())?),
    })
}

/// The list query: visibility, every set criterion of the filter, keyset pagination and order.
/// [`NeedFilter::matches`] makes the same decisions in memory; tests hold the two together.
pub fn list_sql(query: &NeedQuery) -> StoreResult<Sql> {
    let f: &NeedFilter = &query.filter;
    let mut sql = Sql::default();
    sql.push(&format!(
        "SELECT {NEED_COLUMNS}, {CO_BUYERS_COLUMN} FROM needs WHERE (status <> 'DRAFT'"
    ));
    if !query.drafts_of.is_empty() {
        let orgs = sql.list(query.drafts_of.iter().map(|&o| Arg::Int(o)));
        sql.push(&format!(
            " OR buyer_id IN ({orgs}) OR EXISTS (SELECT 1 FROM need_co_buyers cb WHERE cb.need_id \
             = needs.id AND cb.accepted_at IS NOT NULL AND cb.organisation_id IN ({orgs}))"
        ));
    }
    sql.push(")");
    if !f.statuses.is_empty() {
        let statuses = sql.list(f.statuses.iter().map(|s| Arg::Text(s.as_stored().into())));
        sql.push(&format!(" AND status IN ({statuses})"));
    }
    if !f.cpv.is_empty() {
        let patterns: Vec<String> = f.cpv.iter().map(|c| format!("{}%", c.prefix())).collect();
        let conditions: Vec<String> = patterns
            .into_iter()
            .map(|p| format!("c.code LIKE {}", sql.arg(Arg::Text(p))))
            .collect();
        sql.push(&format!(
            " AND EXISTS (SELECT 1 FROM need_cpv c WHERE c.need_id = needs.id AND ({}))",
            conditions.join(" OR ")
        ));
    }
    if let Some(country) = f.country {
        let p = sql.arg(Arg::Text(country.code().into()));
        sql.push(&format!(" AND country = {p}"));
    }
    if let Some(region) = &f.region {
        let p = sql.arg(Arg::Text(format!("{}%", like_escape(region))));
        sql.push(&format!(" AND nuts_code LIKE {p} ESCAPE '\\'"));
    }
    if !f.buyers.is_empty() {
        let buyers = sql.list(f.buyers.iter().map(|&b| Arg::Int(b)));
        sql.push(&format!(
            " AND (buyer_id IN ({buyers}) OR EXISTS (SELECT 1 FROM need_co_buyers cb2 WHERE \
             cb2.need_id = needs.id AND cb2.accepted_at IS NOT NULL AND cb2.organisation_id IN \
             ({buyers})))"
        ));
    }
    for (column, wanted) in [
        ("reserved_any", f.reserved),
        ("social", f.social_objective),
        ("innovative", f.innovative),
        ("green", f.green),
        ("sme_suitable", f.sme_suitable),
    ] {
        if let Some(wanted) = wanted {
            let p = sql.arg(Arg::Bool(wanted));
            sql.push(&format!(" AND {column} = {p}"));
        }
    }
    for (bound, op, column) in [
        (
            f.expected_tender_from.map(Arg::Date),
            ">=",
            "expected_tender_on",
        ),
        (
            f.expected_tender_to.map(Arg::Date),
            "<=",
            "expected_tender_on",
        ),
        (f.announced_from.map(Arg::Time), ">=", "announced_at"),
        (f.announced_to.map(Arg::Time), "<=", "announced_at"),
    ] {
        if let Some(bound) = bound {
            let p = sql.arg(bound);
            sql.push(&format!(" AND {column} {op} {p}"));
        }
    }
    for word in f.words() {
        let p = sql.arg(Arg::Text(format!("%{}%", like_escape(&word))));
        sql.push(&format!(" AND search_text LIKE {p} ESCAPE '\\'"));
    }
    let (key, direction) = order_parts(query.order);
    if let Some(after) = &query.after {
        let comparison = if direction == "DESC" { "<" } else { ">" };
        let k = sql.arg(cursor_arg(query.order, &after.key)?);
        let id = sql.arg(Arg::Int(after.id));
        sql.push(&format!(
            " AND ({key} {comparison} {k} OR ({key} = {k} AND id {comparison} {id}))"
        ));
    }
    let limit = sql.arg(Arg::Int(i64::from(query.first) + 1));
    sql.push(&format!(
        " ORDER BY {key} {direction}, id {direction} LIMIT {limit}"
    ));
    Ok(sql)
}

#[derive(sqlx::FromRow)]
pub struct NeedRow {
    id: i64,
    buyer_id: i64,
    status: String,
    revision: i64,
    version: i64,
    content: String,
    announced_at: Option<DateTime<Utc>>,
    created_by: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    listed_at: DateTime<Utc>,
    /// [`CO_BUYERS_COLUMN`], where the query selects it.
    #[sqlx(default)]
    co_buyer_ids: Option<String>,
    /// Co-buyers asked who have not accepted yet, in the same way.
    #[sqlx(default)]
    co_buyer_request_ids: Option<String>,
}

impl NeedRow {
    pub fn id(&self) -> i64 {
        self.id
    }

    /// The need, with the co-buyers its query read in [`CO_BUYERS_COLUMN`]: those that accepted,
    /// and those asked who have not yet.
    pub fn into_listed_need(mut self) -> StoreResult<Need> {
        let accepted = ids_in(self.co_buyer_ids.take())?;
        let requested = ids_in(self.co_buyer_request_ids.take())?;
        self.into_need((accepted, requested))
    }

    /// The need with its co-buyers: those that accepted, and those asked who have not yet.
    pub fn into_need(
        self,
        (co_buyers, co_buyer_requests): (Vec<i64>, Vec<i64>),
    ) -> StoreResult<Need> {
        Ok(Need {
            id: self.id,
            buyer_id: self.buyer_id,
            co_buyers,
            co_buyer_requests,
            status: NeedStatus::from_stored(&self.status)
                .ok_or_else(|| StoreError::Corrupt(self.status.clone()))?,
            revision: self.revision,
            version: self.version,
            content: shared_content(&self.content)?,
            announced_at: self.announced_at,
            created_by: self.created_by,
            created_at: self.created_at,
            updated_at: self.updated_at,
            listed_at: self.listed_at,
        })
    }
}

pub fn parse_content(json: &str) -> StoreResult<NeedContent> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("need content: {e}")))
}

/// Bytes of need documents (JSON) a generation of [`CONTENTS`] holds: some thousands of needs.
const CONTENTS_BUDGET: usize = 4 * 1024 * 1024;

/// Parsed need documents by their text. Parsing was the largest single cost of a page of needs
/// after GraphQL itself (0.55 M of 3.7 M instructions, BENCHMARKS.md), and the same needs are
/// read over and over. Keyed by the whole text, so a changed document (an edit, an erasure, a
/// migration run by another replica) can never be answered from an old parse.
static CONTENTS: LazyLock<Recent<Arc<NeedContent>>> =
    LazyLock::new(|| Recent::new(CONTENTS_BUDGET));

/// A need's parsed document, shared with every other read of the same text.
pub fn shared_content(json: &str) -> StoreResult<Arc<NeedContent>> {
    if let Some(content) = CONTENTS.get(json) {
        return Ok(content);
    }
    let content = Arc::new(parse_content(json)?);
    CONTENTS.insert(json, content.clone());
    Ok(content)
}

#[derive(sqlx::FromRow)]
pub struct NotificationRow {
    id: i64,
    user_id: i64,
    kind: String,
    need_id: Option<i64>,
    message: String,
    created_at: DateTime<Utc>,
    read_at: Option<DateTime<Utc>>,
}

impl TryFrom<NotificationRow> for Notification {
    type Error = StoreError;
    fn try_from(r: NotificationRow) -> StoreResult<Self> {
        Ok(Notification {
            id: r.id,
            user_id: r.user_id,
            kind: NotificationKind::from_stored(&r.kind)
                .ok_or_else(|| StoreError::Corrupt(r.kind.clone()))?,
            need_id: r.need_id,
            message: r.message,
            created_at: r.created_at,
            read_at: r.read_at,
        })
    }
}

pub const NOTIFICATION_COLUMNS: &str = "id, user_id, kind, need_id, message, created_at, read_at";

#[cfg(test)]
mod tests {
    use super::shared_content;
    use std::sync::Arc;

    fn document(title: &str) -> String {
        serde_json::json!({
            "title": title, "summary": "", "description": "", "rationale": "",
            "mainCpv": "90000000", "additionalCpvs": [],
            "place": { "country": "SE", "nutsCode": null, "municipality": null },
            "contractNature": "SERVICES", "procedureType": "OPEN", "estimatedValue": null,
            "lots": [], "maxLotsPerBidder": null, "dates": {}, "reserved": "none",
            "flags": { "socialObjective": false, "innovative": false, "green": false,
                       "smeSuitable": false },
            "employment": null, "engagement": [], "jointOffersWelcome": false,
            "subcontractingWelcome": false, "contact": null
        })
        .to_string()
    }

    #[test]
    fn a_document_read_again_is_parsed_once_and_a_changed_one_anew() {
        let first = shared_content(&document("Shared parse")).unwrap();
        let again = shared_content(&document("Shared parse")).unwrap();
        assert!(
            Arc::ptr_eq(&first, &again),
            "the same text shares one parse"
        );
        let changed = shared_content(&document("Shared parse, edited")).unwrap();
        assert_eq!(changed.title, "Shared parse, edited");
        assert_eq!(first.title, "Shared parse");
    }

    #[test]
    fn a_broken_document_is_reported_not_kept() {
        assert!(shared_content("{\"title\": 1}").is_err());
        assert!(shared_content("{\"title\": 1}").is_err());
    }
}
