use super::need_types::{NeedNode, NotificationNode};
use super::types::{MembershipChange, OrganisationNode, Role};
use super::{services, viewer};
use crate::error::{AppError, AppResult};
use crate::live::{LiveEvent, MembershipEvent};
use crate::services::Services;
use crate::store::{EventPayload, EventScope};
use async_graphql::{Context, Object, Subscription};
use futures_util::{Stream, StreamExt};

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
        let user_id = viewer(ctx).user()?.id;
        let services = services(ctx)?.clone();
        let events = services.bus.subscribe();
        Ok(events.filter_map(move |event| {
            let services = services.clone();
            async move {
                match event {
                    LiveEvent::Membership(event) if event.user_id == user_id => {
                        Some(MembershipChangedEvent { event, services })
                    }
                    _ => None,
                }
            }
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
        let after = after
            .as_deref()
            .map(super::ids::decode_event_cursor)
            .transpose()?;
        let events = services.live_events(EventScope::All, after).await?;
        Ok(events.filter_map(move |event| {
            let (services, viewer) = (services.clone(), viewer.clone());
            async move {
                let EventPayload::Need {
                    kind,
                    need_id,
                    status,
                    buyer_id,
                    co_buyers,
                } = event.payload.clone()
                else {
                    return None;
                };
                // An event from a draft's time is the buyer side's business alone, even when
                // the need has been announced since (a slow subscriber may see it late).
                let buyer_side = services.is_on_buyer_side(&viewer, buyer_id, &co_buyers);
                if !status.is_public() && !buyer_side.await.ok()? {
                    return None;
                }
                // The need as it is now (a later change may have hidden it again), read once per
                // event for all subscribers, then checked for this viewer.
                let need = event
                    .need(services.store.as_ref())
                    .await
                    .ok()
                    .flatten()?
                    .clone();
                if need.id != need_id || !services.can_see_need(&viewer, &need).await.ok()? {
                    return None;
                }
                Some(NeedEventOut {
                    cursor: super::ids::event_cursor(event.id),
                    kind: kind.into(),
                    need: NeedNode(need),
                })
            }
        }))
    }

    /// The viewer's in-app notifications as they are written. With `after` (a `cursor` from an
    /// earlier event), the ones since then come first: nothing lost, nothing repeated.
    async fn notifications(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
    ) -> Result<impl Stream<Item = NotificationEvent>, AppError> {
        let user_id = viewer(ctx).user()?.id;
        let services = services(ctx)?.clone();
        let after = after
            .as_deref()
            .map(super::ids::decode_event_cursor)
            .transpose()?;
        let events = services
            .live_events(EventScope::User(user_id), after)
            .await?;
        Ok(events.filter_map(move |event| {
            let services = services.clone();
            async move {
                let EventPayload::Notification { notification_id } = event.payload else {
                    return None;
                };
                let notification = services
                    .store
                    .notification(notification_id)
                    .await
                    .ok()
                    .flatten()?;
                (notification.user_id == user_id).then(|| NotificationEvent {
                    cursor: super::ids::event_cursor(event.id),
                    notification: NotificationNode(notification),
                })
            }
        }))
    }
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
