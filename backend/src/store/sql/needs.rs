//! Needs, their derived columns, co-buyers, interest and saved searches (`NeedStore`), and
//! `write_notifications`, shared by the features that notify.

use super::events::{insert_event, notification_event};
use super::profiles::queue_need_for_search;
use super::{begin_write, lock_need, Db, DbStore};
use crate::domain::need::{NeedContent, NeedStatus};
use crate::store::events::NeedChangeKind;
use crate::store::needs::*;
use crate::store::records::*;
use crate::store::*;
use crate::store::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use sqlx::{Pool, Transaction};

pub(super) fn bind_all<'q, O>(
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
async fn co_buyers_of<'e, E: sqlx::Executor<'e, Database = Db>>(
    executor: E,
    need_id: i64,
) -> StoreResult<(Vec<i64>, Vec<i64>)> {
    let rows: Vec<(i64, bool)> = sqlx::query_as(
        "SELECT organisation_id, accepted_at IS NOT NULL FROM need_co_buyers WHERE need_id = $1 \
         ORDER BY organisation_id",
    )
    .bind(need_id)
    .fetch_all(executor)
    .await?;
    let (accepted, asked): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(_, accepted)| *accepted);
    Ok((
        accepted.into_iter().map(|(o, _)| o).collect(),
        asked.into_iter().map(|(o, _)| o).collect(),
    ))
}

async fn write_derived(
    tx: &mut Transaction<'static, Db>,
    need_id: i64,
    derived: &Derived,
    co_buyers: &[i64],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM need_cpv WHERE need_id = $1")
        .bind(need_id)
        .execute(&mut **tx)
        .await?;
    for code in &derived.cpvs {
        sqlx::query("INSERT INTO need_cpv (need_id, code) VALUES ($1, $2)")
            .bind(need_id)
            .bind(code)
            .execute(&mut **tx)
            .await?;
    }
    // Co-buyers no longer wanted go; new ones are asked, and named only once their
    // admins accept (who are told now).
    let existing: Vec<i64> =
        sqlx::query_scalar("SELECT organisation_id FROM need_co_buyers WHERE need_id = $1")
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
        sqlx::query(
            "INSERT INTO need_co_buyers (need_id, organisation_id, requested_at) VALUES \
             ($1, $2, $3)",
        )
        .bind(need_id)
        .bind(*org)
        .bind(now)
        .execute(&mut **tx)
        .await?;
        let rows: Vec<NotificationRow> = sqlx::query_as(&notify)
            .bind(NotificationKind::CoBuyerRequest.as_stored())
            .bind(need_id)
            .bind(format!(
                "Your organisation is asked to be a co-buyer of \"{}\". It is named only if an \
                 admin accepts.",
                derived.title
            ))
            .bind(format!(
                "cobuyer:{need_id}:{org}:{}:",
                now.timestamp_micros()
            ))
            .bind(now)
            .bind(*org)
            .fetch_all(&mut **tx)
            .await?;
        for row in rows {
            let notification = Notification::try_from(row)?;
            notification_event(tx, &notification, now).await?;
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
    "content",
    "title",
    "country",
    "nuts_code",
    "reserved",
    "reserved_any",
    "social",
    "innovative",
    "green",
    "sme_suitable",
    "expected_tender_on",
    "value_sort",
    "search_text",
];

/// The needs with these ids that exist, in one statement, in no particular order.
pub(super) async fn needs_by_ids(pool: &Pool<Db>, ids: &[i64]) -> StoreResult<Vec<Need>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {NEED_COLUMNS}, {CO_BUYERS_COLUMN} FROM needs WHERE id IN ({})",
        crate::store::batch::placeholders(ids.len())
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
        return Err(StoreError::Conflict(crate::store::Constraint::NeedRevision));
    }
    Ok(need)
}

async fn need_event(
    tx: &mut Transaction<'static, Db>,
    kind: NeedChangeKind,
    need: &Need,
    now: DateTime<Utc>,
) -> StoreResult<()> {
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

pub(super) async fn write_notifications(
    tx: &mut Transaction<'static, Db>,
    notifications: &[NewNotification],
    now: DateTime<Utc>,
) -> StoreResult<Vec<Notification>> {
    let mut written = Vec::new();
    let sql = format!(
        "INSERT INTO notifications (user_id, kind, need_id, message, dedupe_key, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (dedupe_key) DO NOTHING RETURNING \
         {NOTIFICATION_COLUMNS}"
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
        notification_event(tx, &notification, now).await?;
        written.push(notification);
    }
    Ok(written)
}

async fn write_alerts(
    tx: &mut Transaction<'static, Db>,
    change: &NeedChange,
) -> StoreResult<Vec<Notification>> {
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
            .bind(format!(
                "{}:{}:{}:",
                kind.as_stored(),
                change.need_id,
                change.expected_revision + 1
            ))
            .bind(change.now)
            .bind(change.by)
            .fetch_all(&mut **tx)
            .await?;
        for row in rows {
            written.push(row.try_into()?);
        }
    }
    for notification in &written[alerts_written..] {
        notification_event(tx, notification, change.now).await?;
    }
    Ok(written)
}

async fn saved_searches_where(
    pool: &Pool<Db>,
    condition: &str,
    user_id: Option<i64>,
) -> StoreResult<Vec<SavedSearch>> {
    let sql = format!(
        "SELECT id, user_id, name, filter, created_at FROM saved_searches {condition} ORDER BY id"
    );
    let mut query = sqlx::query_as::<_, (i64, i64, String, String, DateTime<Utc>)>(&sql);
    if let Some(user_id) = user_id {
        query = query.bind(user_id);
    }
    query
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|(id, user_id, name, filter, created_at)| {
            let filter =
                serde_json::from_str(&filter).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            Ok(SavedSearch {
                id,
                user_id,
                name,
                filter,
                created_at,
            })
        })
        .collect()
}

#[async_trait::async_trait]
impl crate::store::needs::NeedStore for DbStore {
    async fn create_need(&self, new: &NewNeed) -> StoreResult<Need> {
        let pool = &self.pool;
        let d = Derived::of(&new.content)?;
        let mut tx = begin_write(pool).await?;
        let sql = format!(
            "INSERT INTO needs ({}, buyer_id, listed_at, created_by, created_at, updated_at, \
             status, revision, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $15, \
             $15, 'DRAFT', 1, 0) \
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
        let Some(row) = sqlx::query_as::<_, NeedRow>(&sql)
            .bind(id)
            .fetch_optional(pool)
            .await?
        else {
            return Ok(None);
        };
        row.into_listed_need().map(Some)
    }
    /// One statement for the page, co-buyers included.
    async fn needs(&self, query: &NeedQuery) -> StoreResult<Vec<Need>> {
        let pool = &self.pool;
        let sql = list_sql(query)?;
        let rows: Vec<NeedRow> = bind_all(sqlx::query_as(&sql.text), &sql.args)
            .fetch_all(pool)
            .await?;
        rows.into_iter().map(NeedRow::into_listed_need).collect()
    }
    /// Replaces the content (and co-buyers). After announcement each edit is a new
    /// published version, kept whole.
    async fn update_need(
        &self,
        change: &NeedChange,
        content: &NeedContent,
        co_buyers: &[i64],
    ) -> StoreResult<(Need, Vec<Notification>)> {
        let pool = &self.pool;
        let d = Derived::of(content)?;
        let mut tx = begin_write(pool).await?;
        let before = current(&mut tx, change).await?;
        if matches!(
            before.status,
            NeedStatus::Closed | NeedStatus::Withdrawn | NeedStatus::Cancelled
        ) {
            return Err(StoreError::Conflict(crate::store::Constraint::EndedNeed));
        }
        let version = if before.status.is_public() {
            before.version + 1
        } else {
            before.version
        };
        let assignments: Vec<String> = DERIVED_COLUMNS
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} = ${}", i + 1))
            .collect();
        let sql = format!(
            "UPDATE needs SET {}, version = $14, updated_at = $15, revision = revision + 1 WHERE \
             id = $16 RETURNING id",
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
            sqlx::query(
                "INSERT INTO need_versions (need_id, version, content, edited_by, \
                 edited_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(change.need_id)
            .bind(version)
            .bind(&d.json)
            .bind(change.by)
            .bind(change.now)
            .execute(&mut *tx)
            .await?;
        }
        let need = Need {
            content: std::sync::Arc::new(content.clone()),
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
    async fn transition_need(
        &self,
        change: &NeedChange,
        to: NeedStatus,
        note: &str,
    ) -> StoreResult<(Need, Vec<Notification>)> {
        let pool = &self.pool;
        let mut tx = begin_write(pool).await?;
        let before = current(&mut tx, change).await?;
        if !before.status.can_become(to) {
            return Err(StoreError::Conflict(crate::store::Constraint::StatusChange));
        }
        let announcing = to == NeedStatus::Announced;
        let version = if announcing { 1 } else { before.version };
        let announced_at = if announcing {
            Some(change.now)
        } else {
            before.announced_at
        };
        let listed_at = if announcing {
            change.now
        } else {
            before.listed_at
        };
        sqlx::query(
            "UPDATE needs SET status = $1, revision = revision + 1, version = $2, announced_at = \
             $3, listed_at = $4, \
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
            "INSERT INTO need_transitions (need_id, from_status, to_status, changed_by, \
             changed_at, note) \
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
            sqlx::query(
                "INSERT INTO need_versions (need_id, version, content, edited_by, \
                 edited_at) VALUES ($1, 1, $2, $3, $4)",
            )
            .bind(change.need_id)
            .bind(
                serde_json::to_string(&before.content)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?,
            )
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
        let kind = if announcing {
            NeedChangeKind::Announced
        } else {
            NeedChangeKind::StatusChanged
        };
        need_event(&mut tx, kind, &need, change.now).await?;
        let notifications = write_alerts(&mut tx, change).await?;
        tx.commit().await?;
        Ok((need, notifications))
    }
    /// Accepts (names the organisation) or declines (removes the request) an open co-buyer
    /// request; false when there is none.
    async fn answer_co_buyer_request(
        &self,
        need_id: i64,
        org_id: i64,
        accept: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let pool = &self.pool;
        let done = if accept {
            sqlx::query(
                "UPDATE need_co_buyers SET accepted_at = $1 WHERE need_id = $2 AND \
                 organisation_id = $3 AND accepted_at IS NULL",
            )
            .bind(now)
            .bind(need_id)
            .bind(org_id)
            .execute(pool)
            .await?
        } else {
            sqlx::query(
                "DELETE FROM need_co_buyers WHERE need_id = $1 AND organisation_id = $2 \
                 AND accepted_at IS NULL",
            )
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
            "SELECT need_id, requested_at FROM need_co_buyers WHERE organisation_id = $1 AND \
             accepted_at IS NULL ORDER BY requested_at, need_id",
        )
        .bind(org_id)
        .fetch_all(pool)
        .await?)
    }
    /// Deletes a need that was never announced.
    async fn delete_draft(&self, need_id: i64) -> StoreResult<bool> {
        let pool = &self.pool;
        let done = sqlx::query("DELETE FROM needs WHERE id = $1 AND status = 'DRAFT'")
            .bind(need_id)
            .execute(pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }
    async fn need_versions(&self, need_id: i64) -> StoreResult<Vec<NeedVersion>> {
        let pool = &self.pool;
        let rows: Vec<(i64, String, i64, DateTime<Utc>)> = sqlx::query_as(
            "SELECT version, content, edited_by, edited_at FROM need_versions WHERE need_id = $1 \
             ORDER BY version",
        )
        .bind(need_id)
        .fetch_all(pool)
        .await?;
        rows.into_iter()
            .map(|(version, content, edited_by, edited_at)| {
                Ok(NeedVersion {
                    version,
                    content: parse_content(&content)?,
                    edited_by,
                    edited_at,
                })
            })
            .collect()
    }
    async fn need_transitions(&self, need_id: i64) -> StoreResult<Vec<NeedTransition>> {
        let pool = &self.pool;
        let rows: Vec<(String, String, i64, DateTime<Utc>, String)> = sqlx::query_as(
            "SELECT from_status, to_status, changed_by, changed_at, note FROM need_transitions \
             WHERE need_id = $1 ORDER BY id",
        )
        .bind(need_id)
        .fetch_all(pool)
        .await?;
        rows.into_iter()
            .map(|(from, to, changed_by, changed_at, note)| {
                let status = |s: &str| {
                    NeedStatus::from_stored(s).ok_or_else(|| StoreError::Corrupt(s.to_owned()))
                };
                Ok(NeedTransition {
                    from: status(&from)?,
                    to: status(&to)?,
                    changed_by,
                    changed_at,
                    note,
                })
            })
            .collect()
    }
    async fn set_interest(&self, interest: &NeedInterest) -> StoreResult<()> {
        let pool = &self.pool;
        let lots = serde_json::to_string(&interest.lots)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        sqlx::query(
            "INSERT INTO need_interests (need_id, organisation_id, lots, marked_by, created_at) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (need_id, organisation_id) DO UPDATE SET lots = excluded.lots, marked_by \
             = excluded.marked_by",
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
        let done =
            sqlx::query("DELETE FROM need_interests WHERE need_id = $1 AND organisation_id = $2")
                .bind(need_id)
                .bind(organisation_id)
                .execute(pool)
                .await?;
        Ok(done.rows_affected() == 1)
    }
    async fn interests(&self, need_id: i64) -> StoreResult<Vec<NeedInterest>> {
        let pool = &self.pool;
        let rows: Vec<(i64, i64, String, i64, DateTime<Utc>)> = sqlx::query_as(
            "SELECT need_id, organisation_id, lots, marked_by, created_at FROM need_interests \
             WHERE need_id = $1 ORDER BY created_at, organisation_id",
        )
        .bind(need_id)
        .fetch_all(pool)
        .await?;
        rows.into_iter()
            .map(|(need_id, organisation_id, lots, marked_by, created_at)| {
                let lots =
                    serde_json::from_str(&lots).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                Ok(NeedInterest {
                    need_id,
                    organisation_id,
                    lots,
                    marked_by,
                    created_at,
                })
            })
            .collect()
    }
    async fn create_saved_search(
        &self,
        user_id: i64,
        name: &str,
        filter: &crate::domain::need::NeedFilter,
        now: DateTime<Utc>,
    ) -> StoreResult<SavedSearch> {
        let pool = &self.pool;
        let json = serde_json::to_string(filter).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO saved_searches (user_id, name, filter, \
             created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(user_id)
        .bind(name)
        .bind(json)
        .bind(now)
        .fetch_one(pool)
        .await?;
        Ok(SavedSearch {
            id,
            user_id,
            name: name.to_owned(),
            filter: filter.clone(),
            created_at: now,
        })
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
        let done = sqlx::query("DELETE FROM saved_searches WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user_id)
            .execute(pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }
}
