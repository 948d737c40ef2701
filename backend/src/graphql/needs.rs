//! Needs: the list and one need, creating, editing and moving them through their statuses,
//! interest, saved searches, and need events as they happen.

use super::ids::{self, NodeType};
use super::need_inputs::{NeedFilterInput, NeedInput, NeedStatus};
use super::need_types::{InterestOut, NeedNode, SavedSearchNode};
use super::subscription::{visible, Seen};
use super::types::page;
use super::{services, viewer};
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::live::LoggedEvent;
use crate::services::Services;
use crate::store::{cursor_key, EventScope, NeedCursor};
use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, Enum, InputObject, Object, Subscription, ID};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use futures_util::Stream;

#[derive(Default)]
pub struct NeedQuery;

#[Object]
impl NeedQuery {
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
}

#[derive(Default)]
pub struct NeedMutation;

#[Object]
impl NeedMutation {
    /// Creates a need as a draft, visible only to the buyer (and co-buyers) until announced.
    async fn create_need(&self, ctx: &Context<'_>, input: CreateNeedInput) -> AppResult<NeedNode> {
        let buyer = ids::decode_as(&input.buyer_id, NodeType::Organisation, "buyerId")?;
        let co_buyers = decode_orgs(&input.co_buyer_ids)?;
        let content = input.need.into_content()?;
        Ok(NeedNode(
            services(ctx)?
                .create_need(viewer(ctx), buyer, co_buyers, content)
                .await?,
        ))
    }

    /// Replaces a need's content. After announcement every edit is a new public version.
    async fn update_need(&self, ctx: &Context<'_>, input: UpdateNeedInput) -> AppResult<NeedNode> {
        let id = ids::decode_as(&input.id, NodeType::Need, "id")?;
        let co_buyers = input.co_buyer_ids.as_deref().map(decode_orgs).transpose()?;
        let content = input.need.into_content()?;
        Ok(NeedNode(
            services(ctx)?
                .update_need(viewer(ctx), id, input.revision, co_buyers, content)
                .await?,
        ))
    }

    /// Moves a need along its lifecycle (DRAFT -> ANNOUNCED -> IN_DIALOGUE -> TENDERING ->
    /// AWARDED -> CLOSED, or WITHDRAWN / CANCELLED).
    async fn change_need_status(
        &self,
        ctx: &Context<'_>,
        input: ChangeNeedStatusInput,
    ) -> AppResult<NeedNode> {
        let id = ids::decode_as(&input.id, NodeType::Need, "id")?;
        let need = services(ctx)?
            .change_need_status(
                viewer(ctx),
                id,
                input.revision,
                input.status.into(),
                &input.note,
            )
            .await?;
        Ok(NeedNode(need))
    }

    /// Deletes a draft that was never announced.
    async fn delete_draft_need(&self, ctx: &Context<'_>, id: ID) -> AppResult<bool> {
        let id = ids::decode_as(&id, NodeType::Need, "id")?;
        services(ctx)?.delete_draft(viewer(ctx), id).await?;
        Ok(true)
    }

    /// Marks an organisation (a WISE or supplier) as interested in a need, optionally in some lots.
    async fn mark_interest(
        &self,
        ctx: &Context<'_>,
        input: MarkInterestInput,
    ) -> AppResult<InterestOut> {
        let need = ids::decode_as(&input.need_id, NodeType::Need, "needId")?;
        let org = ids::decode_as(
            &input.organisation_id,
            NodeType::Organisation,
            "organisationId",
        )?;
        let lots = input
            .lot_numbers
            .iter()
            .map(|&n| {
                u32::try_from(n)
                    .map_err(|_| AppError::bad_input("lotNumbers", "Lot numbers start at 1."))
            })
            .collect::<AppResult<Vec<_>>>()?;
        Ok(InterestOut(
            services(ctx)?
                .mark_interest(viewer(ctx), need, org, lots)
                .await?,
        ))
    }

    async fn withdraw_interest(
        &self,
        ctx: &Context<'_>,
        need_id: ID,
        organisation_id: ID,
    ) -> AppResult<bool> {
        let need = ids::decode_as(&need_id, NodeType::Need, "needId")?;
        let org = ids::decode_as(&organisation_id, NodeType::Organisation, "organisationId")?;
        services(ctx)?
            .withdraw_interest(viewer(ctx), need, org)
            .await?;
        Ok(true)
    }

    /// Saves a need search; needs announced or changed to match it notify the person.
    async fn save_search(
        &self,
        ctx: &Context<'_>,
        input: SaveSearchInput,
    ) -> AppResult<SavedSearchNode> {
        let services = services(ctx)?;
        let filter = input.filter.into_filter(services.geography())?;
        Ok(SavedSearchNode(
            services
                .save_search(viewer(ctx), &input.name, filter)
                .await?,
        ))
    }

    async fn delete_saved_search(&self, ctx: &Context<'_>, id: ID) -> AppResult<bool> {
        let id = ids::decode_as(&id, NodeType::SavedSearch, "id")?;
        services(ctx)?.delete_saved_search(viewer(ctx), id).await?;
        Ok(true)
    }
}

#[derive(Default)]
pub struct NeedSubscription;

#[Subscription]
impl NeedSubscription {
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
}

#[derive(InputObject)]
pub struct CreateNeedInput {
    /// The buying organisation (a municipality or other public body the viewer belongs to).
    pub buyer_id: ID,
    /// Other public buyers in a joint procurement; their members may edit too.
    #[graphql(default)]
    pub co_buyer_ids: Vec<ID>,
    pub need: NeedInput,
}

#[derive(InputObject)]
pub struct UpdateNeedInput {
    pub id: ID,
    /// The `revision` the editor read.
    pub revision: i64,
    /// Leave out to keep the current co-buyers.
    pub co_buyer_ids: Option<Vec<ID>>,
    pub need: NeedInput,
}

#[derive(InputObject)]
pub struct ChangeNeedStatusInput {
    pub id: ID,
    pub revision: i64,
    pub status: NeedStatus,
    /// Why, shown in the status history.
    #[graphql(default)]
    pub note: String,
}

#[derive(InputObject)]
pub struct MarkInterestInput {
    pub need_id: ID,
    pub organisation_id: ID,
    /// Lots of interest; empty for the whole need.
    #[graphql(default)]
    pub lot_numbers: Vec<i32>,
}

#[derive(InputObject)]
pub struct SaveSearchInput {
    pub name: String,
    pub filter: NeedFilterInput,
}

fn decode_orgs(ids: &[ID]) -> AppResult<Vec<i64>> {
    let mut out: Vec<i64> = ids
        .iter()
        .map(|id| ids::decode_as(id, NodeType::Organisation, "coBuyerIds"))
        .collect::<AppResult<_>>()?;
    out.sort_unstable();
    out.dedup();
    Ok(out)
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
