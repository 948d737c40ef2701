use super::ids::{self, NodeType};
use super::need_inputs::NeedFilterInput;
use super::need_types::{Cpv, NeedNode};
use super::types::{
    connection, page, Country, InvitationNode, Node, OrgKind, OrganisationNode, UserNode,
};
use super::{services, viewer};
use crate::domain::cpv::{CpvCode, CpvQuery};
use crate::domain::Reason;

/// The most CPV codes one `cpvCodes` call returns.
const CPV_PAGE_MAX: i32 = 50;
use crate::error::{AppError, AppResult};
use crate::store::OrgFilter;
use crate::store::{cursor_key, NeedCursor};
use async_graphql::connection::Connection;
use async_graphql::connection::Edge;
use async_graphql::{Context, Object, ID};
use async_graphql::{Enum, SimpleObject};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};

#[derive(Default)]
pub struct QueryRoot;

#[Object(name = "CoreQuery")]
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
            NodeType::Need => services
                .visible_need(viewer, number)
                .await?
                .map(|n| Node::Need(NeedNode(n))),
            NodeType::Thread => match services.readable_thread(viewer, number).await {
                Ok((thread, _)) => Some(Node::Thread(super::threads::ThreadNode(thread))),
                Err(crate::error::AppError::NotFound(_)) => None,
                Err(other) => return Err(other),
            },
            NodeType::Message => match services.readable_message(viewer, number).await {
                Ok((message, _, _)) => Some(Node::Message(super::threads::MessageNode(message))),
                Err(crate::error::AppError::NotFound(_)) => None,
                Err(other) => return Err(other),
            },
            NodeType::Meeting => match services.visible_meeting(viewer, number).await {
                Ok((meeting, _)) => Some(Node::Meeting(super::meetings::MeetingNode(meeting))),
                Err(crate::error::AppError::NotFound(_)) => None,
                Err(other) => return Err(other),
            },
            NodeType::JointOffer => {
                match super::joint_offers::JointOfferNode::load(services, viewer, number).await {
                    Ok(node) => Some(Node::JointOffer(node)),
                    Err(crate::error::AppError::NotFound(_)) => None,
                    Err(other) => return Err(other),
                }
            }
            // Reached through their owner (the viewer, or the need for questions).
            NodeType::ApiToken
            | NodeType::SavedSearch
            | NodeType::Notification
            | NodeType::Question => None,
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
    /// `verified: false` lists those no platform administrator has verified yet (the
    /// verification queue), `true` the verified ones, and leaving it out (or `null`) all.
    #[graphql(complexity = "first.clamp(1, 100) as usize * child_complexity")]
    async fn organisations(
        &self,
        ctx: &Context<'_>,
        first: i32,
        after: Option<String>,
        kind: Option<OrgKind>,
        verified: Option<bool>,
    ) -> AppResult<Connection<String, OrganisationNode>> {
        let page = page(first, after.as_deref())?;
        let filter = OrgFilter {
            kind: kind.map(Into::into),
            verified,
        };
        let rows = services(ctx)?.store.organisations(&filter, page).await?;
        Ok(connection(
            page,
            rows.into_iter().map(OrganisationNode).collect(),
            |o| o.0.id,
        ))
    }

    /// Needs the viewer may see: public ones, and drafts of the viewer's own buyer organisations.
    #[graphql(complexity = "first.clamp(1, 100) as usize * child_complexity")]
    async fn needs(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] filter: NeedFilterInput,
        #[graphql(default_with = "NeedOrder::Newest")] order_by: NeedOrder,
        first: i32,
        after: Option<String>,
    ) -> AppResult<Connection<String, NeedNode>> {
        let services = services(ctx)?;
        let page = page(first, None)?;
        let order = order_by.into();
        let cursor = after.as_deref().map(decode_need_cursor).transpose()?;
        let filter = filter.into_filter(services.geography())?;
        let needs = services
            .needs(viewer(ctx), filter, order, cursor.clone(), page.first)
            .await?;
        let has_next = needs.len() > page.first as usize;
        let mut connection = Connection::new(cursor.is_some(), has_next);
        connection
            .edges
            .extend(needs.into_iter().take(page.first as usize).map(|need| {
                let cursor = encode_need_cursor(&NeedCursor {
                    key: cursor_key(&need, order),
                    id: need.id,
                });
                Edge::new(cursor, NeedNode(need))
            }));
        Ok(connection)
    }

    /// One need, or `null` when it does not exist or is a draft the viewer may not see.
    async fn need(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<NeedNode>> {
        let number = ids::decode_as(&id, NodeType::Need, "id")?;
        Ok(services(ctx)?
            .visible_need(viewer(ctx), number)
            .await?
            .map(NeedNode))
    }

    /// The current position in the event log. Subscribe with `after: liveCursor` to receive
    /// everything from this moment, with no gap while the subscription is being set up.
    async fn live_cursor(&self, ctx: &Context<'_>) -> AppResult<String> {
        Ok(ids::event_cursor(
            services(ctx)?.store.latest_event_id().await?,
        ))
    }

    /// A CPV code from the list, or `null` when the list does not have it.
    async fn cpv_code(&self, ctx: &Context<'_>, code: String) -> AppResult<Option<Cpv>> {
        let code = CpvCode::parse(&code).map_err(AppError::invalid("code"))?;
        let label = services(ctx)?.store.cpv_label(&code).await?;
        Ok(label.map(|label| Cpv(code, Some(label))))
    }

    /// CPV codes for a picker. Digits match codes by prefix (`853`, or a whole code with or
    /// without its check digit, `85312320-8`); other words must all occur in the English label,
    /// in any case. Broader codes come first (division, group, class, then finer), then by
    /// code; an empty query lists the divisions. `first` is at most 50.
    #[graphql(complexity = "first.clamp(1, CPV_PAGE_MAX) as usize * child_complexity")]
    async fn cpv_codes(
        &self,
        ctx: &Context<'_>,
        query: String,
        #[graphql(default = 20)] first: i32,
    ) -> AppResult<Vec<Cpv>> {
        if !(1..=CPV_PAGE_MAX).contains(&first) {
            return Err(AppError::bad_input_as(
                "first",
                Reason::OutOfRange,
                format!("Ask for between 1 and {CPV_PAGE_MAX} codes."),
            ));
        }
        if query.chars().count() > 200 {
            return Err(AppError::bad_input_as(
                "query",
                Reason::TooLong,
                "At most 200 characters.",
            ));
        }
        let Some(parsed) = CpvQuery::parse(&query) else {
            return Ok(Vec::new());
        };
        let rows = services(ctx)?
            .store
            .search_cpv(&parsed, i64::from(first))
            .await?;
        Ok(rows
            .into_iter()
            .map(|(code, label)| Cpv(code, Some(label)))
            .collect())
    }

    /// NUTS (Sweden, Norway) and ITL (United Kingdom) regions, levels 0 to 3.
    async fn regions(
        &self,
        ctx: &Context<'_>,
        country: Country,
        level: Option<i32>,
    ) -> AppResult<Vec<RegionOut>> {
        let level = level
            .map(|l| {
                u8::try_from(l).map_err(|_| AppError::bad_input("level", "Levels go from 0 to 3."))
            })
            .transpose()?;
        let geography = services(ctx)?.geography();
        Ok(geography
            .regions(country.into(), level)
            .map(RegionOut::from)
            .collect())
    }

    /// Municipalities whose name starts with `startsWith` (ignoring case), at most `first`.
    async fn municipalities(
        &self,
        ctx: &Context<'_>,
        country: Country,
        #[graphql(default)] starts_with: String,
        first: i32,
    ) -> AppResult<Vec<MunicipalityOut>> {
        let page = page(first, None)?;
        let geography = services(ctx)?.geography();
        Ok(geography
            .municipalities_starting(country.into(), &starts_with)
            .take(page.first as usize)
            .map(|m| MunicipalityOut {
                code: m.code.clone(),
                name: m.name.clone(),
                region_code: m.region.clone(),
            })
            .collect())
    }
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "crate::store::NeedOrder")]
pub enum NeedOrder {
    /// Most recently announced first.
    Newest,
    /// Soonest expected tender publication first; needs without a date last.
    ExpectedTender,
    /// Largest estimated value first (in each need's own currency); needs without one last.
    Value,
}

#[derive(SimpleObject)]
#[graphql(name = "Region")]
pub struct RegionOut {
    pub code: String,
    pub level: u8,
    pub name: String,
    pub parent_code: Option<String>,
}

impl From<&crate::domain::geography::Region> for RegionOut {
    fn from(r: &crate::domain::geography::Region) -> Self {
        Self {
            code: r.code.clone(),
            level: r.level,
            name: r.name.clone(),
            parent_code: r.parent.clone(),
        }
    }
}

#[derive(SimpleObject)]
#[graphql(name = "Municipality")]
pub struct MunicipalityOut {
    pub code: String,
    pub name: String,
    /// The NUTS 3 / ITL 3 region it lies in.
    pub region_code: String,
}

fn encode_need_cursor(cursor: &NeedCursor) -> String {
    let json = serde_json::to_string(cursor).unwrap_or_default();
    URL_SAFE_NO_PAD.encode(format!("needs:{json}"))
}

fn decode_need_cursor(cursor: &str) -> AppResult<NeedCursor> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| {
            text.strip_prefix("needs:")
                .and_then(|json| serde_json::from_str(json).ok())
        })
        .ok_or_else(|| {
            AppError::bad_input(
                "after",
                "This cursor is not valid; start again from the first page.",
            )
        })
}
