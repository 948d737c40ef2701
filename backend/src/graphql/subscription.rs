use super::need_types::{NeedNode, NotificationNode};
use super::types::{MembershipChange, OrganisationNode, Role};
use super::{ids, services, viewer};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::live::{LoggedEvent, MembershipEvent};
use crate::services::Services;
use crate::store::EventScope;
use async_graphql::{Context, Object, Subscription};
use futures_util::future::BoxFuture;
use futures_util::{Stream, StreamExt};

/// One subscriber's view of one event: `Ok(None)` when the viewer may not see it.
pub(super) type Seen<'a, T> = BoxFuture<'a, AppResult<Option<T>>>;

/// The events as this viewer may see them, each judged by `see` (which asks services) when it
/// is delivered. The stream owns the services and viewer and lends them to each check, so
/// nothing is cloned per event and subscriber; each check's future is boxed and only exists
/// while an event is looked at, so idle subscribers do not hold its space. An event that cannot
/// be checked (the store failed) is dropped and logged here, once.
pub(super) fn visible<T, S>(
    events: S,
    services: Services,
    viewer: Viewer,
    see: for<'a> fn(&'a Services, &'a Viewer, &'a LoggedEvent) -> Seen<'a, T>,
) -> impl Stream<Item = T> + Send + 'static
where
    S: Stream<Item = LoggedEvent> + Send + 'static,
    T: Send + 'static,
{
    let state = (Box::pin(events), services, viewer);
    futures_util::stream::unfold(state, move |(mut events, services, viewer)| async move {
        loop {
            let event = events.next().await?;
            match see(&services, &viewer, &event).await {
                Ok(Some(out)) => return Some((out, (events, services, viewer))),
                Ok(None) => {}
                Err(err) => tracing::warn!(
                    event = event.id,
                    error = ?err,
                    "live event dropped: could not check what the subscriber may see"
                ),
            }
        }
    })
}

#[derive(Default)]
pub struct SubscriptionRoot;

/// A change to one of the viewer's memberships.
pub struct MembershipChangedEvent {
    event: MembershipEvent,
    services: Services,
}

#[Object(name = "MembershipChanged")]
impl MembershipChangedEvent {
    async fn change(&self) -> MembershipChange {
        self.event.change.into()
    }

    /// The role after the change; `null` when the membership ended.
    async fn role(&self) -> Option<Role> {
        self.event.role.map(Into::into)
    }

    async fn organisation(&self) -> AppResult<OrganisationNode> {
        Ok(OrganisationNode(
            self.services
                .organisation(self.event.organisation_id)
                .await?,
        ))
    }
}

#[Subscription]
impl SubscriptionRoot {
    /// The viewer's memberships as they change: added, role changed, removed.
    async fn membership_changed(
        &self,
        ctx: &Context<'_>,
    ) -> Result<impl Stream<Item = MembershipChangedEvent>, AppError> {
        let services = services(ctx)?.clone();
        let events = services.membership_changes(viewer(ctx))?;
        Ok(events.map(move |event| MembershipChangedEvent {
            event,
            services: services.clone(),
        }))
    }

    /// Needs announced, changed or moved to another status, as far as the viewer may see them:
    /// public needs for everyone, drafts for the buyer side only. With `after` (a `cursor` from
    /// an earlier event), the events since then come first, so nothing is lost across a
    /// reconnect and nothing is repeated.
    async fn need_events(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
    ) -> Result<impl Stream<Item = NeedEventOut>, AppError> {
        let viewer = viewer(ctx).clone();
        let services = services(ctx)?.clone();
        let after = after.as_deref().map(ids::decode_event_cursor).transpose()?;
        let events = services.live_events(EventScope::All, after).await?;
        Ok(visible(events, services, viewer, need_event))
    }

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

fn need_event<'a>(
    services: &'a Services,
    viewer: &'a Viewer,
    event: &'a LoggedEvent,
) -> Seen<'a, NeedEventOut> {
    Box::pin(async move {
        let seen = services.visible_need_event(viewer, event).await?;
        Ok(seen.map(|seen| NeedEventOut {
            cursor: ids::event_cursor(event.id),
            kind: seen.kind.into(),
            need: NeedNode(seen.need),
        }))
    })
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

#[derive(async_graphql::Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "crate::store::NeedChangeKind")]
pub enum NeedChangeKind {
    Created,
    Announced,
    Changed,
    StatusChanged,
}

#[derive(async_graphql::SimpleObject)]
#[graphql(name = "NeedEvent")]
pub struct NeedEventOut {
    /// Pass as `after` when subscribing again to resume right after this event.
    pub cursor: String,
    pub kind: NeedChangeKind,
    pub need: NeedNode,
}

#[derive(async_graphql::SimpleObject)]
pub struct NotificationEvent {
    /// Pass as `after` when subscribing again to resume right after this event.
    pub cursor: String,
    pub notification: NotificationNode,
}
