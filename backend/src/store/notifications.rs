//! In-app notifications: a person's list, newest first, how many are unread, and marking them
//! read. They are written by the features that cause them, inside their own transactions.

use super::StoreResult;
use super::{Notification, Page};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
pub trait NotificationStore: Send + Sync {
    /// Newest first; `page.after` is the id of the last one seen.
    async fn notifications(&self, user_id: i64, page: Page) -> StoreResult<Vec<Notification>>;
    async fn unread_notifications(&self, user_id: i64) -> StoreResult<i64>;
    /// Marks the user's notifications up to and including `up_to` as read.
    async fn mark_notifications_read(
        &self,
        user_id: i64,
        up_to: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<u64>;
    async fn notification(&self, id: i64) -> StoreResult<Option<Notification>>;
}

/// Expands `impl NotificationStore` inside a backend's `need_sql` module.
macro_rules! notifications_store {
    ($store:path) => {
        #[async_trait::async_trait]
        impl $crate::store::notifications::NotificationStore for $store {
            async fn notifications(&self, user_id: i64, page: Page) -> StoreResult<Vec<Notification>> {
                let pool = &self.pool;
                // Newest first: `after` is the id of the last notification already seen.
                let sql = format!(
                    "SELECT {NOTIFICATION_COLUMNS} FROM notifications WHERE user_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3"
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
                Ok(sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
                    .bind(user_id)
                    .fetch_one(pool)
                    .await?)
            }
            async fn mark_notifications_read(&self, user_id: i64, up_to: i64, now: DateTime<Utc>) -> StoreResult<u64> {
                let pool = &self.pool;
                let done = sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND id <= $3 AND read_at IS NULL")
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
                let row: Option<NotificationRow> = sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?;
                row.map(Notification::try_from).transpose()
            }
        }
    };
}
pub(crate) use notifications_store;
