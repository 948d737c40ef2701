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
