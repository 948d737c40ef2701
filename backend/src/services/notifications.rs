//! In-app notifications: the person's own list, what is unread, and marking it read.

use super::{OwnAccount, Services};
use crate::auth::Viewer;
use crate::error::AppResult;
use crate::store::{Notification, Page};
use chrono::Utc;

impl Services {
    /// The person's notifications, newest first.
    pub async fn own_notifications(
        &self,
        own: &OwnAccount,
        page: Page,
    ) -> AppResult<Vec<Notification>> {
        Ok(self.store.notifications(own.user_id(), page).await?)
    }

    /// How many of the person's notifications are unread.
    pub async fn own_unread_notification_count(&self, own: &OwnAccount) -> AppResult<i64> {
        Ok(self.store.unread_notifications(own.user_id()).await?)
    }

    /// Marks the viewer's notifications up to and including `up_to` as read; returns how many.
    pub async fn mark_notifications_read(&self, viewer: &Viewer, up_to: i64) -> AppResult<u64> {
        let user = viewer.user()?;
        Ok(self
            .store
            .mark_notifications_read(user.id, up_to, Utc::now())
            .await?)
    }
}

impl Services {
    /// A notification event's notification, for the person it was written to only.
    pub async fn visible_notification(
        &self,
        viewer: &Viewer,
        event: &crate::live::LoggedEvent,
    ) -> AppResult<Option<Notification>> {
        let crate::store::EventPayload::Notification { notification_id } = event.payload else {
            return Ok(None);
        };
        let Some(user_id) = viewer.user_id() else {
            return Ok(None);
        };
        let notification = self.store.notification(notification_id).await?;
        Ok(notification.filter(|n| n.user_id == user_id))
    }
}
