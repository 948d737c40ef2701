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
                    LiveEvent::Membership(_) => None,
                }
            }
        }))
    }
}
