//! The event log (`EventLog`), and `insert_event`, which every feature's writes call inside
//! their own transaction.

use super::{Db, DbStore};
use crate::store::events::{EventListener, EventLog, EventPayload, EventScope, StoredEvent};
use crate::store::*;
use chrono::{DateTime, Utc};
use sqlx::Transaction;

/// Appends to the event log inside the caller's transaction.
pub(super) async fn insert_event(
    tx: &mut Transaction<'static, Db>,
    user_id: Option<i64>,
    need_id: Option<i64>,
    payload: &EventPayload,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let kind = match payload {
        EventPayload::Need { .. } => "need",
        EventPayload::Notification { .. } => "notification",
        EventPayload::Question { .. } => "question",
        EventPayload::Message { .. } => "message",
        EventPayload::Meeting { .. } => "meeting",
        EventPayload::JointOffer { .. } => "joint_offer",
        EventPayload::CredentialEnded { .. } => "credential",
    };
    let json = serde_json::to_string(payload).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    sqlx::query(
        "INSERT INTO events (kind, user_id, need_id, payload, created_at) VALUES ($1, $2, \
         $3, $4, $5)",
    )
    .bind(kind)
    .bind(user_id)
    .bind(need_id)
    .bind(json)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Logs that a notification was written, so its person's open pages hear of it at once.
pub(super) async fn notification_event(
    tx: &mut Transaction<'static, Db>,
    notification: &Notification,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let payload = EventPayload::Notification {
        notification_id: notification.id,
    };
    insert_event(
        tx,
        Some(notification.user_id),
        notification.need_id,
        &payload,
        now,
    )
    .await
}

#[async_trait::async_trait]
impl EventLog for DbStore {
    async fn events_after(
        &self,
        after: i64,
        scope: EventScope,
        limit: u32,
    ) -> StoreResult<Vec<StoredEvent>> {
        let (sql, key) = match scope {
            EventScope::All => (
                "SELECT id, user_id, payload FROM events WHERE id > $1 ORDER BY \
                 id LIMIT $2",
                None,
            ),
            EventScope::User(user_id) => (
                "SELECT id, user_id, payload FROM events WHERE id > $1 AND user_id = $2 ORDER BY \
                 id LIMIT $3",
                Some(user_id),
            ),
            EventScope::Need(need_id) => (
                "SELECT id, user_id, payload FROM events WHERE id > $1 AND need_id = $2 AND \
                 user_id IS NULL ORDER BY id LIMIT $3",
                Some(need_id),
            ),
        };
        let mut query = sqlx::query_as::<_, (i64, Option<i64>, String)>(sql).bind(after);
        if let Some(key) = key {
            query = query.bind(key);
        }
        let query = query.bind(i64::from(limit));
        let rows = query.fetch_all(&self.pool).await?;
        rows.into_iter()
            .map(|(id, user_id, payload)| {
                let payload = serde_json::from_str(&payload)
                    .map_err(|e| StoreError::Corrupt(format!("event {id}: {e}")))?;
                Ok(StoredEvent {
                    id,
                    user_id,
                    payload,
                })
            })
            .collect()
    }

    async fn latest_event_id(&self) -> StoreResult<i64> {
        let latest: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM events")
            .fetch_one(&self.pool)
            .await?;
        Ok(latest.unwrap_or(0))
    }

    async fn notify_events(&self) -> StoreResult<()> {
        super::notify_events(&self.pool).await
    }

    async fn event_listener(&self) -> StoreResult<Option<Box<dyn EventListener>>> {
        super::event_listener(&self.pool).await
    }
}
