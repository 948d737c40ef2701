//! A person's notifications (`NotificationStore`).

use super::DbStore;
use crate::store::needs::{NotificationRow, NOTIFICATION_COLUMNS};
use crate::store::records::*;
use crate::store::*;
use chrono::{DateTime, Utc};

#[async_trait::async_trait]
impl crate::store::notifications::NotificationStore for DbStore {
    async fn notifications(&self, user_id: i64, page: Page) -> StoreResult<Vec<Notification>> {
        let pool = &self.pool;
        // Newest first: `after` is the id of the last notification already seen.
        let sql = format!(
            "SELECT {NOTIFICATION_COLUMNS} FROM notifications WHERE user_id = $1 AND id < $2 \
             ORDER BY id DESC LIMIT $3"
        );
        let rows: Vec<NotificationRow> = sqlx::query_as(&sql)
            .bind(user_id)
            .bind(page.after.unwrap_or(i64::MAX))
            .bind(i64::from(page.first) + 1)
            .fetch_all(pool)
            .await?;
        rows.into_iter().map(Notification::try_from).collect()
    }
    async fn unread_notifications(&self, user_id: i64) -> StoreResult<i64> {
        let pool = &self.pool;
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
        )
        .bind(user_id)
        .fetch_one(pool)
        .await?)
    }
    async fn mark_notifications_read(
        &self,
        user_id: i64,
        up_to: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<u64> {
        let pool = &self.pool;
        let done = sqlx::query(
            "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND id \
             <= $3 AND read_at IS NULL",
        )
        .bind(now)
        .bind(user_id)
        .bind(up_to)
        .execute(pool)
        .await?;
        Ok(done.rows_affected())
    }
    async fn notification(&self, id: i64) -> StoreResult<Option<Notification>> {
        let pool = &self.pool;
        let sql = format!("SELECT {NOTIFICATION_COLUMNS} FROM notifications WHERE id = $1");
        let row: Option<NotificationRow> =
            sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?;
        row.map(Notification::try_from).transpose()
    }
}
