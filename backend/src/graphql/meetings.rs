//! Supplier days and one-to-one slots in the schema.

use super::ids::{self, NodeType};
use super::organisations::OrganisationNode;
use super::{services, viewer};
use crate::domain::markdown::render_safe;
use crate::error::AppResult;
use crate::services::MeetingRequest;
use crate::store::{Booking, Meeting};
use async_graphql::{Context, Enum, InputObject, Object, ID};
use chrono::{DateTime, Utc};

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "crate::domain::dialogue::MeetingKind")]
pub enum MeetingKind {
    /// Open to many organisations at once.
    SupplierDay,
    /// One organisation per slot; each organisation may hold one slot per need.
    OneToOne,
}

pub struct MeetingNode(pub Meeting);

#[Object(name = "Meeting")]
impl MeetingNode {
    pub async fn id(&self) -> ID {
        NodeType::Meeting.id(self.0.id)
    }
    async fn need_id(&self) -> ID {
        NodeType::Need.id(self.0.need_id)
    }
    async fn kind(&self) -> MeetingKind {
        self.0.kind.into()
    }
    async fn title(&self) -> &str {
        &self.0.details.title
    }
    async fn starts_at(&self) -> DateTime<Utc> {
        self.0.details.starts_at
    }
    async fn ends_at(&self) -> DateTime<Utc> {
        self.0.details.ends_at
    }
    /// A place or a link.
    async fn location(&self) -> &str {
        &self.0.details.location
    }
    /// How many organisations may book.
    async fn capacity(&self) -> i32 {
        self.0.details.capacity
    }
    async fn places_left(&self) -> i32 {
        if self.0.cancelled_at.is_some() {
            0
        } else {
            self.0.details.capacity - self.0.booked
        }
    }
    async fn cancelled_at(&self) -> Option<DateTime<Utc>> {
        self.0.cancelled_at
    }
    /// Published minutes (Markdown), for everyone who can see the need.
    async fn minutes(&self) -> Option<&str> {
        self.0.minutes.as_deref()
    }
    async fn minutes_html(&self) -> Option<String> {
        self.0.minutes.as_deref().map(render_safe)
    }
    async fn minutes_published_at(&self) -> Option<DateTime<Utc>> {
        self.0.minutes_published_at
    }
    /// Every booking for the buyer; your own organisations' for everyone else.
    async fn bookings(&self, ctx: &Context<'_>) -> AppResult<Vec<BookingNode>> {
        let services = services(ctx)?;
        let (_, need) = services.visible_meeting(viewer(ctx), self.0.id).await?;
        let bookings = services
            .visible_bookings(viewer(ctx), &self.0, &need)
            .await?;
        Ok(bookings.into_iter().map(BookingNode).collect())
    }
}

pub struct BookingNode(pub Booking);

#[Object(name = "Booking")]
impl BookingNode {
    async fn organisation(&self, ctx: &Context<'_>) -> AppResult<OrganisationNode> {
        Ok(OrganisationNode(
            super::loaders::organisation(ctx, self.0.organisation_id).await?,
        ))
    }
    async fn booked_at(&self) -> DateTime<Utc> {
        self.0.booked_at
    }
}

#[derive(InputObject)]
pub struct MeetingInput {
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// A place or a link.
    pub location: String,
    /// Organisations that may book (supplier days); one-to-one slots take one.
    pub capacity: Option<i32>,
}

impl From<MeetingInput> for MeetingRequest {
    fn from(input: MeetingInput) -> Self {
        Self {
            title: input.title,
            starts_at: input.starts_at,
            ends_at: input.ends_at,
            location: input.location,
            capacity: input.capacity,
        }
    }
}

fn meeting_id(id: &ID) -> AppResult<i64> {
    ids::decode_as(id, NodeType::Meeting, "meetingId")
}

fn organisation_id(id: &ID) -> AppResult<i64> {
    ids::decode_as(id, NodeType::Organisation, "organisationId")
}

#[derive(Default)]
pub struct MeetingMutation;

#[Object]
impl MeetingMutation {
    /// The buyer announces a supplier day or a one-to-one slot.
    async fn announce_meeting(
        &self,
        ctx: &Context<'_>,
        need_id: ID,
        kind: MeetingKind,
        input: MeetingInput,
    ) -> AppResult<MeetingNode> {
        let need = ids::decode_as(&need_id, NodeType::Need, "needId")?;
        let meeting = services(ctx)?
            .announce_meeting(viewer(ctx), need, kind.into(), input.into())
            .await?;
        Ok(MeetingNode(meeting))
    }

    /// Changes time, place or capacity; booked organisations are told.
    async fn change_meeting(
        &self,
        ctx: &Context<'_>,
        meeting_id: ID,
        input: MeetingInput,
    ) -> AppResult<MeetingNode> {
        let id = self::meeting_id(&meeting_id)?;
        let meeting = services(ctx)?
            .change_meeting(viewer(ctx), id, input.into())
            .await?;
        Ok(MeetingNode(meeting))
    }

    async fn cancel_meeting(&self, ctx: &Context<'_>, meeting_id: ID) -> AppResult<MeetingNode> {
        let id = self::meeting_id(&meeting_id)?;
        let meeting = services(ctx)?.cancel_meeting(viewer(ctx), id).await?;
        Ok(MeetingNode(meeting))
    }

    /// Books a place for your enterprise; never more than the capacity, however many book at once.
    async fn book_meeting(
        &self,
        ctx: &Context<'_>,
        meeting_id: ID,
        organisation_id: ID,
    ) -> AppResult<MeetingNode> {
        let meeting = services(ctx)?
            .book_meeting(
                viewer(ctx),
                self::meeting_id(&meeting_id)?,
                self::organisation_id(&organisation_id)?,
            )
            .await?;
        Ok(MeetingNode(meeting))
    }

    async fn cancel_booking(
        &self,
        ctx: &Context<'_>,
        meeting_id: ID,
        organisation_id: ID,
    ) -> AppResult<MeetingNode> {
        let meeting = services(ctx)?
            .cancel_booking(
                viewer(ctx),
                self::meeting_id(&meeting_id)?,
                self::organisation_id(&organisation_id)?,
            )
            .await?;
        Ok(MeetingNode(meeting))
    }

    /// Publishes the minutes of a meeting (Markdown) to everyone who can see the need.
    async fn publish_meeting_minutes(
        &self,
        ctx: &Context<'_>,
        meeting_id: ID,
        minutes: String,
    ) -> AppResult<MeetingNode> {
        let id = self::meeting_id(&meeting_id)?;
        let meeting = services(ctx)?
            .publish_minutes(viewer(ctx), id, &minutes)
            .await?;
        Ok(MeetingNode(meeting))
    }
}
