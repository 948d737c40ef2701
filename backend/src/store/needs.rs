//! Needs, interest and saved searches: the [`NeedStore`] trait and its SQL, written once for
//! both databases (questions, notifications and CPV codes have their own traits but share this
//! macro's helpers).
//!
//! The SQL here runs unchanged on SQLite and PostgreSQL (numbered `$n` placeholders in order of
//! first use, `ON CONFLICT`, `RETURNING`). [`need_queries!`] expands the functions for one
//! database; each backend module supplies the two things that differ, `begin_write` (how a
//! write transaction starts) and `lock_need` (how a need's row is held for the transaction).
//!
//! Filtering and ordering read columns derived from the content on every write
//! ([`Derived`]); the content document itself stays the source of truth.

use super::records::*;
use super::{StoreError, StoreResult};
use crate::domain::need::{NeedContent, NeedFilter, NeedStatus};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

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
    "id, buyer_id, status, revision, version, content, announced_at, created_by, created_at, updated_at, listed_at";

/// A need's co-buyers as one column (`"3,7"`), so that reading needs takes one statement
/// however many there are; SQL shared by both databases (SQLite has `string_agg` since 3.44).
/// Accepted co-buyers and open requests come apart: only the first are named anywhere.
pub const CO_BUYERS_COLUMN: &str =
    "(SELECT string_agg(CAST(cb.organisation_id AS TEXT), ',' ORDER BY cb.organisation_id) \
     FROM need_co_buyers cb WHERE cb.need_id = needs.id AND cb.accepted_at IS NOT NULL) AS co_buyer_ids, \
     (SELECT string_agg(CAST(cb.organisation_id AS TEXT), ',' ORDER BY cb.organisation_id) \
     FROM need_co_buyers cb WHERE cb.need_id = needs.id AND cb.accepted_at IS NULL) AS co_buyer_request_ids";

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
            " OR buyer_id IN ({orgs}) OR EXISTS (SELECT 1 FROM need_co_buyers cb WHERE cb.need_id = needs.id AND cb.accepted_at IS NOT NULL AND cb.organisation_id IN ({orgs}))"
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
            " AND (buyer_id IN ({buyers}) OR EXISTS (SELECT 1 FROM need_co_buyers cb2 WHERE cb2.need_id = needs.id AND cb2.accepted_at IS NOT NULL AND cb2.organisation_id IN ({buyers})))"
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
            content: parse_content(&self.content)?,
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

/// Expands the needs queries for one database (`Sqlite` or `Postgres`). The calling module must
/// define `begin_write` and `lock_need`; see the module documentation.
macro_rules! need_queries {
    ($db:ident) => {
        use $crate::domain::cpv::{CpvCode, CpvQuery};
        use $crate::domain::need::{NeedContent, NeedStatus};
        use $crate::store::needs::*;
        use $crate::domain::dialogue::QuestionStatus;
        use $crate::store::events::NeedChangeKind;
        use $crate::store::records::*;
        use $crate::store::{Page, StoreError, StoreResult};
        use chrono::{DateTime, Utc};
        use sqlx::{Pool, Transaction};

        type Db = sqlx::$db;

        fn bind_all<'q, O>(
            mut query: sqlx::query::QueryAs<'q, Db, O, <Db as sqlx::Database>::Arguments<'q>>,
            args: &'q [Arg],
        ) -> sqlx::query::QueryAs<'q, Db, O, <Db as sqlx::Database>::Arguments<'q>> {
            for arg in args {
                query = match arg {
                    Arg::Int(v) => query.bind(*v),
                    Arg::Text(v) => query.bind(v.as_str()),
                    Arg::Bool(v) => query.bind(*v),
                    Arg::Date(v) => query.bind(*v),
                    Arg::Time(v) => query.bind(*v),
                };
            }
            query
        }







        /// A need's co-buyers that accepted, and those asked that have not answered yet, through
        /// a pool or inside a transaction.
        async fn co_buyers_of<'e, E: sqlx::Executor<'e, Database = Db>>(executor: E, need_id: i64) -> StoreResult<(Vec<i64>, Vec<i64>)> {
            let rows: Vec<(i64, bool)> = sqlx::query_as(
                "SELECT organisation_id, accepted_at IS NOT NULL FROM need_co_buyers WHERE need_id = $1 ORDER BY organisation_id",
            )
            .bind(need_id)
            .fetch_all(executor)
            .await?;
            let (accepted, asked): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(_, accepted)| *accepted);
            Ok((accepted.into_iter().map(|(o, _)| o).collect(), asked.into_iter().map(|(o, _)| o).collect()))
        }

        async fn write_derived(
            tx: &mut Transaction<'static, Db>,
            need_id: i64,
            derived: &Derived,
            co_buyers: &[i64],
            now: DateTime<Utc>,
        ) -> StoreResult<()> {
            sqlx::query("DELETE FROM need_cpv WHERE need_id = $1").bind(need_id).execute(&mut **tx).await?;
            for code in &derived.cpvs {
                sqlx::query("INSERT INTO need_cpv (need_id, code) VALUES ($1, $2)").bind(need_id).bind(code).execute(&mut **tx).await?;
            }
            // Co-buyers no longer wanted go; new ones are asked, and named only once their
            // admins accept (who are told now).
            let existing: Vec<i64> = sqlx::query_scalar("SELECT organisation_id FROM need_co_buyers WHERE need_id = $1")
                .bind(need_id)
                .fetch_all(&mut **tx)
                .await?;
            for org in existing.iter().filter(|o| !co_buyers.contains(o)) {
                sqlx::query("DELETE FROM need_co_buyers WHERE need_id = $1 AND organisation_id = $2")
                    .bind(need_id)
                    .bind(*org)
                    .execute(&mut **tx)
                    .await?;
            }
            let notify = format!(
                "INSERT INTO notifications (user_id, kind, need_id, message, dedupe_key, created_at) \
                 SELECT m.user_id, $1, $2, $3, $4 || m.user_id, $5 FROM memberships m \
                 WHERE m.organisation_id = $6 AND m.role = 'ADMIN' \
                 ON CONFLICT (dedupe_key) DO NOTHING RETURNING {NOTIFICATION_COLUMNS}"
            );
            for org in co_buyers.iter().filter(|o| !existing.contains(o)) {
                sqlx::query("INSERT INTO need_co_buyers (need_id, organisation_id, requested_at) VALUES ($1, $2, $3)")
                    .bind(need_id)
                    .bind(*org)
                    .bind(now)
                    .execute(&mut **tx)
                    .await?;
                let rows: Vec<NotificationRow> = sqlx::query_as(&notify)
                    .bind(NotificationKind::CoBuyerRequest.as_stored())
                    .bind(need_id)
                    .bind(format!(
                        "Your organisation is asked to be a co-buyer of \"{}\". It is named only if an admin accepts.",
                        derived.title
                    ))
                    .bind(format!("cobuyer:{need_id}:{org}:{}:", now.timestamp_micros()))
                    .bind(now)
                    .bind(*org)
                    .fetch_all(&mut **tx)
                    .await?;
                for row in rows {
                    let notification = Notification::try_from(row)?;
                    let payload = EventPayload::Notification { notification_id: notification.id };
                    insert_event(tx, Some(notification.user_id), notification.need_id, &payload, now).await?;
                }
            }
            Ok(())
        }



                /// Binds the derived columns as `$1` to `$13`, in `DERIVED_COLUMNS` order; the insert and
        /// the update both start with them.
        fn bind_derived<'q, O>(
            query: sqlx::query::QueryAs<'q, Db, O, <Db as sqlx::Database>::Arguments<'q>>,
            d: &'q Derived,
        ) -> sqlx::query::QueryAs<'q, Db, O, <Db as sqlx::Database>::Arguments<'q>> {
            query
                .bind(&d.json)
                .bind(&d.title)
                .bind(d.country)
                .bind(&d.nuts_code)
                .bind(d.reserved)
                .bind(d.reserved_any)
                .bind(d.social)
                .bind(d.innovative)
                .bind(d.green)
                .bind(d.sme_suitable)
                .bind(d.expected_tender_on)
                .bind(d.value_sort)
                .bind(&d.search_text)
        }

        const DERIVED_COLUMNS: [&str; 13] = [
            "content", "title", "country", "nuts_code", "reserved", "reserved_any", "social", "innovative", "green",
            "sme_suitable", "expected_tender_on", "value_sort", "search_text",
        ];




        /// The needs with these ids that exist, in one statement, in no particular order.
        pub async fn needs_by_ids(pool: &Pool<Db>, ids: &[i64]) -> StoreResult<Vec<Need>> {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let sql = format!(
                "SELECT {NEED_COLUMNS}, {CO_BUYERS_COLUMN} FROM needs WHERE id IN ({})",
                $crate::store::batch::placeholders(ids.len())
            );
            let mut query = sqlx::query_as::<_, NeedRow>(&sql);
            for id in ids {
                query = query.bind(*id);
            }
            let rows = query.fetch_all(pool).await?;
            rows.into_iter().map(NeedRow::into_listed_need).collect()
        }

        /// Locks the need, checks the revision the editor saw, and returns the current row.
        async fn current(tx: &mut Transaction<'static, Db>, change: &NeedChange) -> StoreResult<Need> {
            lock_need(tx, change.need_id).await?;
            let sql = format!("SELECT {NEED_COLUMNS} FROM needs WHERE id = $1");
            let row: NeedRow = sqlx::query_as(&sql)
                .bind(change.need_id)
                .fetch_optional(&mut **tx)
                .await?
                .ok_or(StoreError::NotFound("need"))?;
                        let co_buyers = co_buyers_of(&mut **tx, change.need_id).await?;
            let need = row.into_need(co_buyers)?;
            if need.revision != change.expected_revision {
                return Err(StoreError::Conflict($crate::store::Constraint::NeedRevision));
            }
            Ok(need)
        }


        async fn need_event(tx: &mut Transaction<'static, Db>, kind: NeedChangeKind, need: &Need, now: DateTime<Utc>) -> StoreResult<()> {
            let payload = EventPayload::Need {
                kind,
                need_id: need.id,
                status: need.status,
                buyer_id: need.buyer_id,
                co_buyers: need.co_buyers.clone(),
            };
            insert_event(tx, None, Some(need.id), &payload, now).await?;
            // Every change a need event describes may change what need search shows.
            queue_need_for_search(tx, need.id, need.buyer_id, now).await
        }



                const QUESTION_COLUMNS: &str = "id, need_id, asked_by, asking_org, question, asked_at, status, \
            published_question, answer, answered_by, answered_at, private_reason";

        type QuestionRow = (
            i64,
            i64,
            i64,
            i64,
            String,
            DateTime<Utc>,
            String,
            Option<String>,
            Option<String>,
            Option<i64>,
            Option<DateTime<Utc>>,
            Option<String>,
        );

        fn question_of(row: QuestionRow) -> StoreResult<Question> {
            let (id, need_id, asked_by, asking_org, question, asked_at, status, published_question, answer, answered_by, answered_at, private_reason) = row;
            Ok(Question {
                id,
                need_id,
                asked_by,
                asking_org,
                question,
                asked_at,
                status: QuestionStatus::from_stored(&status).ok_or_else(|| StoreError::Corrupt(status.clone()))?,
                published_question,
                answer,
                answered_by,
                answered_at,
                private_reason,
            })
        }

        async fn question_event(tx: &mut Transaction<'static, Db>, q: &Question, now: DateTime<Utc>) -> StoreResult<()> {
            let payload = EventPayload::Question {
                question_id: q.id,
                need_id: q.need_id,
                status: q.status,
                asking_org: q.asking_org,
                public: q.status == QuestionStatus::Published,
            };
            insert_event(tx, None, Some(q.need_id), &payload, now).await
        }






        /// Writes notifications (each at most once per dedupe key) and their events, inside the
        /// caller's transaction.
        async fn write_notifications(
            tx: &mut Transaction<'static, Db>,
            notifications: &[NewNotification],
            now: DateTime<Utc>,
        ) -> StoreResult<Vec<Notification>> {
            let mut written = Vec::new();
            let sql = format!(
                "INSERT INTO notifications (user_id, kind, need_id, message, dedupe_key, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (dedupe_key) DO NOTHING RETURNING {NOTIFICATION_COLUMNS}"
            );
            for new in notifications {
                let row: Option<NotificationRow> = sqlx::query_as(&sql)
                    .bind(new.user_id)
                    .bind(new.kind.as_stored())
                    .bind(new.need_id)
                    .bind(&new.message)
                    .bind(&new.dedupe_key)
                    .bind(now)
                    .fetch_optional(&mut **tx)
                    .await?;
                let Some(row) = row else { continue };
                let notification = Notification::try_from(row)?;
                let payload = EventPayload::Notification { notification_id: notification.id };
                insert_event(tx, Some(notification.user_id), notification.need_id, &payload, now).await?;
                written.push(notification);
            }
            Ok(written)
        }

        async fn write_alerts(tx: &mut Transaction<'static, Db>, change: &NeedChange) -> StoreResult<Vec<Notification>> {
            let mut written = write_notifications(tx, &change.alerts, change.now).await?;
            let alerts_written = written.len();
            if let Some((kind, message)) = &change.notify_interested {
                let sql = format!(
                    "INSERT INTO notifications (user_id, kind, need_id, message, dedupe_key, created_at) \
                     SELECT DISTINCT m.user_id, $1, $2, $3, $4 || m.user_id, $5 FROM need_interests i \
                     JOIN memberships m ON m.organisation_id = i.organisation_id \
                     WHERE i.need_id = $2 AND m.user_id <> $6 \
                     ON CONFLICT (dedupe_key) DO NOTHING RETURNING {NOTIFICATION_COLUMNS}"
                );
                let rows: Vec<NotificationRow> = sqlx::query_as(&sql)
                    .bind(kind.as_stored())
                    .bind(change.need_id)
                    .bind(message)
                    .bind(format!("{}:{}:{}:", kind.as_stored(), change.need_id, change.expected_revision + 1))
                    .bind(change.now)
                    .bind(change.by)
                    .fetch_all(&mut **tx)
                    .await?;
                                for row in rows {
                    written.push(row.try_into()?);
                }
            }
            for notification in &written[alerts_written..] {
                let payload = EventPayload::Notification { notification_id: notification.id };
                insert_event(tx, Some(notification.user_id), notification.need_id, &payload, change.now).await?;
            }
            Ok(written)
        }










        async fn saved_searches_where(pool: &Pool<Db>, condition: &str, user_id: Option<i64>) -> StoreResult<Vec<SavedSearch>> {
            let sql = format!("SELECT id, user_id, name, filter, created_at FROM saved_searches {condition} ORDER BY id");
            let mut query = sqlx::query_as::<_, (i64, i64, String, String, DateTime<Utc>)>(&sql);
            if let Some(user_id) = user_id {
                query = query.bind(user_id);
            }
            query
                .fetch_all(pool)
                .await?
                .into_iter()
                .map(|(id, user_id, name, filter, created_at)| {
                    let filter = serde_json::from_str(&filter).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                    Ok(SavedSearch { id, user_id, name, filter, created_at })
                })
                .collect()
        }






    };
}

pub(crate) use need_queries;

/// Expands `impl NeedStore` inside a backend's `need_sql` module.
macro_rules! need_store {
    ($store:path) => {
        #[async_trait::async_trait]
        impl $crate::store::needs::NeedStore for $store {
            async fn create_need(&self, new: &NewNeed) -> StoreResult<Need> {
                let pool = &self.pool;
                let d = Derived::of(&new.content)?;
                let mut tx = begin_write(pool).await?;
                let sql = format!(
                    "INSERT INTO needs ({}, buyer_id, listed_at, created_by, created_at, updated_at, status, revision, version) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $15, $15, 'DRAFT', 1, 0) \
                     RETURNING {NEED_COLUMNS}",
                    DERIVED_COLUMNS.join(", ")
                );
                let row: NeedRow = bind_derived(sqlx::query_as(&sql), &d)
                    .bind(new.buyer_id)
                    .bind(new.now)
                    .bind(new.created_by)
                    .fetch_one(&mut *tx)
                    .await?;
                write_derived(&mut tx, row.id(), &d, &new.co_buyers, new.now).await?;
                let need = row.into_need((Vec::new(), new.co_buyers.clone()))?;
                need_event(&mut tx, NeedChangeKind::Created, &need, new.now).await?;
                tx.commit().await?;
                Ok(need)
            }
            async fn need(&self, id: i64) -> StoreResult<Option<Need>> {
                let pool = &self.pool;
                let sql = format!("SELECT {NEED_COLUMNS}, {CO_BUYERS_COLUMN} FROM needs WHERE id = $1");
                let Some(row) = sqlx::query_as::<_, NeedRow>(&sql).bind(id).fetch_optional(pool).await? else {
                    return Ok(None);
                };
                row.into_listed_need().map(Some)
            }
            /// One statement for the page, co-buyers included.
            async fn needs(&self, query: &NeedQuery) -> StoreResult<Vec<Need>> {
                let pool = &self.pool;
                let sql = list_sql(query)?;
                let rows: Vec<NeedRow> = bind_all(sqlx::query_as(&sql.text), &sql.args).fetch_all(pool).await?;
                rows.into_iter().map(NeedRow::into_listed_need).collect()
            }
            /// Replaces the content (and co-buyers). After announcement each edit is a new
            /// published version, kept whole.
            async fn update_need(&self, change: &NeedChange,
                content: &NeedContent,
                co_buyers: &[i64],
            ) -> StoreResult<(Need, Vec<Notification>)> {
                let pool = &self.pool;
                let d = Derived::of(content)?;
                let mut tx = begin_write(pool).await?;
                            let before = current(&mut tx, change).await?;
                if matches!(before.status, NeedStatus::Closed | NeedStatus::Withdrawn | NeedStatus::Cancelled) {
                    return Err(StoreError::Conflict($crate::store::Constraint::EndedNeed));
                }
                let version = if before.status.is_public() { before.version + 1 } else { before.version };
                let assignments: Vec<String> = DERIVED_COLUMNS.iter().enumerate().map(|(i, c)| format!("{c} = ${}", i + 1)).collect();
                let sql = format!(
                    "UPDATE needs SET {}, version = $14, updated_at = $15, revision = revision + 1 WHERE id = $16 RETURNING id",
                    assignments.join(", ")
                );
                let _: (i64,) = bind_derived(sqlx::query_as(&sql), &d)
                    .bind(version)
                    .bind(change.now)
                    .bind(change.need_id)
                    .fetch_one(&mut *tx)
                    .await?;
                write_derived(&mut tx, change.need_id, &d, co_buyers, change.now).await?;
                let (co_buyers, co_buyer_requests) = co_buyers_of(&mut *tx, change.need_id).await?;
                if version != before.version {
                    sqlx::query("INSERT INTO need_versions (need_id, version, content, edited_by, edited_at) VALUES ($1, $2, $3, $4, $5)")
                        .bind(change.need_id)
                        .bind(version)
                        .bind(&d.json)
                        .bind(change.by)
                        .bind(change.now)
                        .execute(&mut *tx)
                        .await?;
                }
                let need = Need {
                    content: content.clone(),
                    co_buyers,
                    co_buyer_requests,
                    revision: before.revision + 1,
                    version,
                    updated_at: change.now,
                    ..before
                };
                need_event(&mut tx, NeedChangeKind::Changed, &need, change.now).await?;
                let notifications = write_alerts(&mut tx, change).await?;
                tx.commit().await?;
                Ok((need, notifications))
            }
            /// Moves the need to `to` if it is still in the status the caller saw. Announcing
            /// publishes version 1 and puts the need at the top of the public list.
            async fn transition_need(&self, change: &NeedChange,
                to: NeedStatus,
                note: &str,
            ) -> StoreResult<(Need, Vec<Notification>)> {
                let pool = &self.pool;
                let mut tx = begin_write(pool).await?;
                let before = current(&mut tx, change).await?;
                if !before.status.can_become(to) {
                    return Err(StoreError::Conflict($crate::store::Constraint::StatusChange));
                }
                let announcing = to == NeedStatus::Announced;
                let version = if announcing { 1 } else { before.version };
                let announced_at = if announcing { Some(change.now) } else { before.announced_at };
                let listed_at = if announcing { change.now } else { before.listed_at };
                sqlx::query(
                    "UPDATE needs SET status = $1, revision = revision + 1, version = $2, announced_at = $3, listed_at = $4, \
                     updated_at = $5 WHERE id = $6",
                )
                .bind(to.as_stored())
                .bind(version)
                .bind(announced_at)
                .bind(listed_at)
                .bind(change.now)
                .bind(change.need_id)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO need_transitions (need_id, from_status, to_status, changed_by, changed_at, note) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(change.need_id)
                .bind(before.status.as_stored())
                .bind(to.as_stored())
                .bind(change.by)
                .bind(change.now)
                .bind(note)
                .execute(&mut *tx)
                .await?;
                if announcing {
                    sqlx::query("INSERT INTO need_versions (need_id, version, content, edited_by, edited_at) VALUES ($1, 1, $2, $3, $4)")
                        .bind(change.need_id)
                        .bind(serde_json::to_string(&before.content).map_err(|e| StoreError::Corrupt(e.to_string()))?)
                        .bind(change.by)
                        .bind(change.now)
                        .execute(&mut *tx)
                        .await?;
                }
                            let need = Need {
                    status: to,
                    revision: before.revision + 1,
                    version,
                    announced_at,
                    listed_at,
                    updated_at: change.now,
                    ..before
                };
                let kind = if announcing { NeedChangeKind::Announced } else { NeedChangeKind::StatusChanged };
                need_event(&mut tx, kind, &need, change.now).await?;
                let notifications = write_alerts(&mut tx, change).await?;
                tx.commit().await?;
                Ok((need, notifications))
            }
            /// Accepts (names the organisation) or declines (removes the request) an open co-buyer
            /// request; false when there is none.
            async fn answer_co_buyer_request(&self, need_id: i64, org_id: i64, accept: bool, now: DateTime<Utc>) -> StoreResult<bool> {
                let pool = &self.pool;
                let done = if accept {
                    sqlx::query("UPDATE need_co_buyers SET accepted_at = $1 WHERE need_id = $2 AND organisation_id = $3 AND accepted_at IS NULL")
                        .bind(now)
                        .bind(need_id)
                        .bind(org_id)
                        .execute(pool)
                        .await?
                } else {
                    sqlx::query("DELETE FROM need_co_buyers WHERE need_id = $1 AND organisation_id = $2 AND accepted_at IS NULL")
                        .bind(need_id)
                        .bind(org_id)
                        .execute(pool)
                        .await?
                };
                Ok(done.rows_affected() == 1)
            }
            /// The needs whose buyers ask the organisation to be co-buyer, oldest request first.
            async fn co_buyer_requests(&self, org_id: i64) -> StoreResult<Vec<(i64, DateTime<Utc>)>> {
                let pool = &self.pool;
                Ok(sqlx::query_as(
                    "SELECT need_id, requested_at FROM need_co_buyers WHERE organisation_id = $1 AND accepted_at IS NULL ORDER BY requested_at, need_id",
                )
                .bind(org_id)
                .fetch_all(pool)
                .await?)
            }
            /// Deletes a need that was never announced.
            async fn delete_draft(&self, need_id: i64) -> StoreResult<bool> {
                let pool = &self.pool;
                let done = sqlx::query("DELETE FROM needs WHERE id = $1 AND status = 'DRAFT'").bind(need_id).execute(pool).await?;
                Ok(done.rows_affected() == 1)
            }
            async fn need_versions(&self, need_id: i64) -> StoreResult<Vec<NeedVersion>> {
                let pool = &self.pool;
                let rows: Vec<(i64, String, i64, DateTime<Utc>)> = sqlx::query_as(
                    "SELECT version, content, edited_by, edited_at FROM need_versions WHERE need_id = $1 ORDER BY version",
                )
                .bind(need_id)
                .fetch_all(pool)
                .await?;
                rows.into_iter()
                    .map(|(version, content, edited_by, edited_at)| {
                        Ok(NeedVersion { version, content: parse_content(&content)?, edited_by, edited_at })
                    })
                    .collect()
            }
            async fn need_transitions(&self, need_id: i64) -> StoreResult<Vec<NeedTransition>> {
                let pool = &self.pool;
                let rows: Vec<(String, String, i64, DateTime<Utc>, String)> = sqlx::query_as(
                    "SELECT from_status, to_status, changed_by, changed_at, note FROM need_transitions WHERE need_id = $1 ORDER BY id",
                )
                .bind(need_id)
                .fetch_all(pool)
                .await?;
                rows.into_iter()
                    .map(|(from, to, changed_by, changed_at, note)| {
                        let status = |s: &str| NeedStatus::from_stored(s).ok_or_else(|| StoreError::Corrupt(s.to_owned()));
                        Ok(NeedTransition { from: status(&from)?, to: status(&to)?, changed_by, changed_at, note })
                    })
                    .collect()
            }
            async fn set_interest(&self, interest: &NeedInterest) -> StoreResult<()> {
                let pool = &self.pool;
                let lots = serde_json::to_string(&interest.lots).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                sqlx::query(
                    "INSERT INTO need_interests (need_id, organisation_id, lots, marked_by, created_at) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (need_id, organisation_id) DO UPDATE SET lots = excluded.lots, marked_by = excluded.marked_by",
                )
                .bind(interest.need_id)
                .bind(interest.organisation_id)
                .bind(lots)
                .bind(interest.marked_by)
                .bind(interest.created_at)
                .execute(pool)
                .await?;
                Ok(())
            }
            async fn remove_interest(&self, need_id: i64, organisation_id: i64) -> StoreResult<bool> {
                let pool = &self.pool;
                let done = sqlx::query("DELETE FROM need_interests WHERE need_id = $1 AND organisation_id = $2")
                    .bind(need_id)
                    .bind(organisation_id)
                    .execute(pool)
                    .await?;
                Ok(done.rows_affected() == 1)
            }
            async fn interests(&self, need_id: i64) -> StoreResult<Vec<NeedInterest>> {
                let pool = &self.pool;
                let rows: Vec<(i64, i64, String, i64, DateTime<Utc>)> = sqlx::query_as(
                    "SELECT need_id, organisation_id, lots, marked_by, created_at FROM need_interests WHERE need_id = $1 ORDER BY created_at, organisation_id",
                )
                .bind(need_id)
                .fetch_all(pool)
                .await?;
                rows.into_iter()
                    .map(|(need_id, organisation_id, lots, marked_by, created_at)| {
                        let lots = serde_json::from_str(&lots).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                        Ok(NeedInterest { need_id, organisation_id, lots, marked_by, created_at })
                    })
                    .collect()
            }
            async fn create_saved_search(&self, user_id: i64, name: &str, filter: &$crate::domain::need::NeedFilter, now: DateTime<Utc>) -> StoreResult<SavedSearch> {
                let pool = &self.pool;
                let json = serde_json::to_string(filter).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                let id: i64 = sqlx::query_scalar("INSERT INTO saved_searches (user_id, name, filter, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
                    .bind(user_id)
                    .bind(name)
                    .bind(json)
                    .bind(now)
                    .fetch_one(pool)
                    .await?;
                Ok(SavedSearch { id, user_id, name: name.to_owned(), filter: filter.clone(), created_at: now })
            }
            async fn saved_searches(&self, user_id: i64) -> StoreResult<Vec<SavedSearch>> {
                let pool = &self.pool;
                saved_searches_where(pool, "WHERE user_id = $1", Some(user_id)).await
            }
            async fn all_saved_searches(&self) -> StoreResult<Vec<SavedSearch>> {
                let pool = &self.pool;
                saved_searches_where(pool, "", None).await
            }
            async fn delete_saved_search(&self, user_id: i64, id: i64) -> StoreResult<bool> {
                let pool = &self.pool;
                let done = sqlx::query("DELETE FROM saved_searches WHERE id = $1 AND user_id = $2").bind(id).bind(user_id).execute(pool).await?;
                Ok(done.rows_affected() == 1)
            }
        }
    };
}
pub(crate) use need_store;
