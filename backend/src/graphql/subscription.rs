use super::need_types::{NeedNode, NotificationNode};
use super::types::{MembershipChange, OrganisationNode, Role};
use super::{services, viewer};
use crate::error::{AppError, AppResult};
use crate::live::{LiveEvent, MembershipEvent};
use crate::services::Services;
use async_graphql::{Context, Object, Subscription};
use futures_util::{Stream, StreamExt};

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
    /// public needs for everyone, drafts for the buyer side only.
    async fn need_events(
        &self,
        ctx: &Context<'_>,
    ) -> Result<impl Stream<Item = NeedEventOut>, AppError> {
        let viewer = viewer(ctx).clone();
        let services = services(ctx)?.clone();
        let events = services.bus.subscribe();
        Ok(events.filter_map(move |event| {
            let (services, viewer) = (services.clone(), viewer.clone());
            async move {
                let LiveEvent::Need(event) = event else {
                    return None;
                };
                // An event from a draft's time is the buyer side's business alone, even when
                // the need has been announced since (a slow subscriber may see it late).
                let buyer_side =
                    services.is_on_buyer_side(&viewer, event.buyer_id, &event.co_buyers);
                if !event.status.is_public() && !buyer_side.await.ok()? {
                    return None;
                }
                // Read the need as it is now: a later change may have hidden it again.
                let need = services
                    .visible_need(&viewer, event.need_id)
                    .await
                    .ok()
                    .flatten()?;
                Some(NeedEventOut {
                    kind: event.kind.into(),
                    need: NeedNode(need),
                })
            }
        }))
    }

    /// The viewer's new in-app notifications.
    async fn notification_received(
        &self,
        ctx: &Context<'_>,
    ) -> Result<impl Stream<Item = NotificationNode>, AppError> {
        let user_id = viewer(ctx).user()?.id;
        let events = services(ctx)?.bus.subscribe();
        Ok(events.filter_map(move |event| async move {
            match event {
                LiveEvent::Notification(n) if n.user_id == user_id => Some(NotificationNode(n)),
                _ => None,
            }
        }))
    }
}

#[derive(async_graphql::Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "crate::live::NeedChangeKind")]
pub enum NeedChangeKind {
    Created,
    Announced,
    Changed,
    StatusChanged,
}

#[derive(async_graphql::SimpleObject)]
#[graphql(name = "NeedEvent")]
pub struct NeedEventOut {
    pub kind: NeedChangeKind,
    pub need: NeedNode,
}
