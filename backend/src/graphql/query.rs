use super::ids::{self, NodeType};
use super::types::{connection, page, InvitationNode, Node, OrgKind, OrganisationNode, UserNode};
use super::{services, viewer};
use crate::error::AppResult;
use crate::store::OrgFilter;
use async_graphql::connection::Connection;
use async_graphql::{Context, Object, ID};

pub struct QueryRoot;

#[Object]
impl QueryRoot {
    /// The signed-in person, or `null`.
    async fn me(&self, ctx: &Context<'_>) -> Option<UserNode> {
        match viewer(ctx) {
            crate::auth::Viewer::User { user, .. } => Some(UserNode::own(user.clone())),
            crate::auth::Viewer::Anonymous => None,
        }
    }

    /// Any object by its global id; `null` when it does not exist or the viewer may not see it.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Node>> {
        let services = services(ctx)?;
        let viewer = viewer(ctx);
        let (node_type, number) = ids::decode(&id, "id")?;
        Ok(match node_type {
            NodeType::Organisation => services
                .store
                .organisation(number)
                .await?
                .map(|o| Node::Organisation(OrganisationNode(o))),
            NodeType::User => match services.store.user(number).await? {
                Some(user) if services.can_see_user_details(viewer, user.id).await? => {
                    Some(Node::User(UserNode::new(user)))
                }
                _ => None,
            },
            NodeType::Invitation => match services.store.invitation(number).await? {
                Some(invitation)
                    if services
                        .open_invitations(viewer, invitation.organisation_id)
                        .await
                        .is_ok() =>
                {
                    Some(Node::Invitation(InvitationNode(invitation)))
                }
                _ => None,
            },
            NodeType::ApiToken => None,
        })
    }

    /// One organisation by id, or `null`.
    async fn organisation(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<OrganisationNode>> {
        let number = ids::decode_as(&id, NodeType::Organisation, "id")?;
        Ok(services(ctx)?
            .store
            .organisation(number)
            .await?
            .map(OrganisationNode))
    }

    /// Organisations on the platform, oldest first; `first` is required and at most 100.
    #[graphql(complexity = "first.clamp(1, 100) as usize * child_complexity")]
    async fn organisations(
        &self,
        ctx: &Context<'_>,
        first: i32,
        after: Option<String>,
        kind: Option<OrgKind>,
    ) -> AppResult<Connection<String, OrganisationNode>> {
        let page = page(first, after.as_deref())?;
        let filter = OrgFilter {
            kind: kind.map(Into::into),
        };
        let rows = services(ctx)?.store.organisations(&filter, page).await?;
        Ok(connection(
            page,
            rows.into_iter().map(OrganisationNode).collect(),
            |o| o.0.id,
        ))
    }
}
