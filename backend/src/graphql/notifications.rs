//! Notifications: marking them read, and the viewer's notifications as they are written.

use super::ids::{self, NodeType};
use super::need_types::NotificationNode;
use super::subscription::{visible, Seen};
use super::{services, viewer};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::live::LoggedEvent;
use crate::services::Services;
use crate::store::EventScope;
use async_graphql::{Context, Object, Subscription, ID};
use futures_util::Stream;

#[derive(Default)]
pub struct NotificationMutation;

#[Object]
impl NotificationMutation {
    /// Marks the viewer's notifications up to and including `upTo` as read; returns how many.
    async fn mark_notifications_read(&self, ctx: &Context<'_>, up_to: ID) -> AppResult<i32> {
        let up_to = ids::decode_as(&up_to, NodeType::Notification, "upTo")?;
        let marked = services(ctx)?
            .mark_notifications_read(viewer(ctx), up_to)
            .await?;
        Ok(i32::try_from(marked).unwrap_or(i32::MAX))
    }
}

#[derive(Default)]
pub struct NotificationSubscription;

#[Subscription]
impl NotificationSubscription {
    /// The viewer's in-app notifications as they are written. With `after` (a `cursor` from an
    /// earlier event), the ones since then come first: nothing lost, nothing repeated.
    async fn notifications(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
    ) -> Result<impl Stream<Item = NotificationEvent>, AppError> {
        let viewer = viewer(ctx).clone();
        let user_id = viewer.user()?.id;
        let services = services(ctx)?.clone();
        let after = after.as_deref().map(ids::decode_event_cursor).transpose()?;
        let events = services
            .live_events(EventScope::User(user_id), after)
            .await?;
        Ok(visible(events, services, viewer, notification_event))
    }
}

fn notification_event<'a>(
    services: &'a Services,
    viewer: &'a Viewer,
    event: &'a LoggedEvent,
) -> Seen<'a, NotificationEvent> {
    Box::pin(async move {
        let seen = services.visible_notification(viewer, event).await?;
        Ok(seen.map(|notification| NotificationEvent {
            cursor: ids::event_cursor(event.id),
            notification: NotificationNode(notification),
        }))
    })
}

#[derive(async_graphql::SimpleObject)]
pub struct NotificationEvent {
    /// Pass as `after` when subscribing again to resume right after this event.
    pub cursor: String,
    pub notification: NotificationNode,
}
