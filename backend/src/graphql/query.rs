//! The root queries that belong to no one feature: any object by its global id (`node`), the
//! live log's cursor, and the reference lists (CPV codes, regions, municipalities).

use super::accounts::UserNode;
use super::ids::{self, NodeType};
use super::need_types::{Cpv, NeedNode};
use super::organisations::{InvitationNode, OrganisationNode};
use super::types::{page, Country, Node};
use super::{services, viewer};
use crate::domain::cpv::{CpvCode, CpvQuery};
use crate::domain::Reason;
use crate::error::{AppError, AppResult};
use async_graphql::{Context, Object, SimpleObject, ID};

/// The most CPV codes one `cpvCodes` call returns.
const CPV_PAGE_MAX: i32 = 50;

#[derive(Default)]
pub struct QueryRoot;

#[Object(name = "CoreQuery")]
impl QueryRoot {
    /// Any object by its global id; `null` when it does not exist or the viewer may not see it.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<Node>> {
        let services = services(ctx)?;
        let viewer = viewer(ctx);
        let (node_type, number) = ids::decode(&id, "id")?;
        Ok(match node_type {
            NodeType::Organisation => services
                .find_organisation(number)
                .await?
                .map(|o| Node::Organisation(OrganisationNode(o))),
            NodeType::User => services
                .visible_user(viewer, number)
                .await?
                .map(|user| Node::User(UserNode::new(user))),
            NodeType::Invitation => services
                .visible_invitation(viewer, number)
                .await?
                .map(|invitation| Node::Invitation(InvitationNode(invitation))),
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

    /// The current position in the event log. Subscribe with `after: liveCursor` to receive
    /// everything from this moment, with no gap while the subscription is being set up.
    async fn live_cursor(&self, ctx: &Context<'_>) -> AppResult<String> {
        Ok(ids::event_cursor(services(ctx)?.live_cursor().await?))
    }

    /// A CPV code from the list, or `null` when the list does not have it.
    async fn cpv_code(&self, ctx: &Context<'_>, code: String) -> AppResult<Option<Cpv>> {
        let code = CpvCode::parse(&code).map_err(AppError::invalid("code"))?;
        let label = services(ctx)?.cpv_label(&code).await?;
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
        let rows = services(ctx)?.search_cpv(&parsed, i64::from(first)).await?;
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
