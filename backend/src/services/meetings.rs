//! Meetings of the market dialogue: supplier days for many organisations and one-to-one slots
//! for one. The buyer side announces them; enterprises book. Equal treatment shapes the rules:
//! an organisation holds at most one one-to-one slot per need, and the minutes of a meeting can
//! be published so that everyone learns what was said.

use super::dialogue::{bad, require_dialogue_window, require_open_dialogue};
use super::Services;
use crate::auth::Viewer;
use crate::domain::dialogue::MeetingKind;
use crate::domain::need::{plain_text, single_line};
use crate::domain::OrgKind;
use crate::error::{AppError, AppResult};
use crate::store::{
    Booking, Constraint, Meeting, MeetingDetails, MeetingUpdate, Need, NewNotification,
    NotificationKind, StoreError,
};
use chrono::{DateTime, Duration, Utc};

/// What the buyer side gives when announcing or changing a meeting.
pub struct MeetingRequest {
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: String,
    /// Organisations that may book; one-to-one slots take exactly one.
    pub capacity: Option<i32>,
}

const MAX_CAPACITY: i32 = 10_000;

fn meeting_not_found() -> AppError {
    AppError::NotFound("Meeting".into())
}

/// Checks a request and turns it into the details to store.
fn details_of(kind: MeetingKind, request: MeetingRequest) -> AppResult<MeetingDetails> {
    single_line("title", &request.title, 3, 200).map_err(bad)?;
    plain_text("location", &request.location, 2, 500).map_err(bad)?;
    if request.starts_at <= Utc::now() {
        return Err(AppError::bad_input(
            "startsAt",
            "A meeting must start in the future.",
        ));
    }
    if request.ends_at <= request.starts_at {
        return Err(AppError::bad_input(
            "endsAt",
            "A meeting must end after it starts.",
        ));
    }
    if request.ends_at - request.starts_at > Duration::days(7) {
        return Err(AppError::bad_input(
            "endsAt",
            "A meeting lasts at most seven days.",
        ));
    }
    let capacity = match (kind, request.capacity) {
        (MeetingKind::OneToOne, None | Some(1)) => 1,
        (MeetingKind::OneToOne, Some(_)) => {
            return Err(AppError::bad_input(
                "capacity",
                "A one-to-one slot is for one organisation; announce several slots for more.",
            ))
        }
        (MeetingKind::SupplierDay, Some(c)) if (1..=MAX_CAPACITY).contains(&c) => c,
        (MeetingKind::SupplierDay, _) => {
            return Err(AppError::bad_input(
                "capacity",
                format!("Say how many organisations may come, from 1 to {MAX_CAPACITY}."),
            ))
        }
    };
    Ok(MeetingDetails {
        title: request.title.trim().to_owned(),
        starts_at: request.starts_at,
        ends_at: request.ends_at,
        location: request.location.trim().to_owned(),
        capacity,
    })
}

/// One notification per person; the key makes a retried write harmless.
fn notices(
    people: &[i64],
    kind: NotificationKind,
    meeting: &Meeting,
    cause: &str,
    message: &str,
) -> Vec<NewNotification> {
    people
        .iter()
        .map(|&user_id| NewNotification {
            user_id,
            kind,
            need_id: Some(meeting.need_id),
            message: message.to_owned(),
            dedupe_key: format!("meeting:{}:{cause}:{user_id}", meeting.id),
        })
        .collect()
}

impl Services {
    pub async fn meetings_of(&self, need: &Need) -> AppResult<Vec<Meeting>> {
        Ok(self.store.meetings(need.id).await?)
    }

    /// The meeting and its need, if the viewer may see the need.
    pub async fn visible_meeting(&self, viewer: &Viewer, id: i64) -> AppResult<(Meeting, Need)> {
        let meeting = self
            .store
            .meeting(id)
            .await?
            .ok_or_else(meeting_not_found)?;
        let need = self
            .visible_need(viewer, meeting.need_id)
            .await?
            .ok_or_else(meeting_not_found)?;
        Ok((meeting, need))
    }

    /// A meeting the viewer's buyer side may manage.
    async fn managed_meeting(&self, viewer: &Viewer, id: i64) -> AppResult<(Meeting, Need)> {
        viewer.user()?;
        let (meeting, need) = self.visible_meeting(viewer, id).await?;
        if !self.can_edit_need(viewer, &need).await? {
            return Err(AppError::Forbidden(
                "Only the buyer manages its meetings.".into(),
            ));
        }
        Ok((meeting, need))
    }

    pub async fn announce_meeting(
        &self,
        viewer: &Viewer,
        need_id: i64,
        kind: MeetingKind,
        request: MeetingRequest,
    ) -> AppResult<Meeting> {
        let user = viewer.user()?;
        let need = self
            .visible_need(viewer, need_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Need".into()))?;
        if !self.can_edit_need(viewer, &need).await? {
            return Err(AppError::Forbidden(
                "Only the buyer announces meetings.".into(),
            ));
        }
        require_open_dialogue(&need)?;
        let details = details_of(kind, request)?;
        let meeting = self
            .store
            .create_meeting(need.id, kind, &details, user.id, Utc::now())
            .await?;
        self.events_committed().await;
        Ok(meeting)
    }

    /// Changes a meeting; every booked organisation is told.
    pub async fn change_meeting(
        &self,
        viewer: &Viewer,
        id: i64,
        request: MeetingRequest,
    ) -> AppResult<Meeting> {
        let (meeting, need) = self.managed_meeting(viewer, id).await?;
        require_open_dialogue(&need)?;
        let details = details_of(meeting.kind, request)?;
        let now = Utc::now();
        let people = self.booked_people(&meeting).await?;
        let cause = format!("changed-{}", now.timestamp_micros());
        let message = format!(
            "\"{}\" was changed: {} at {}.",
            details.title,
            details.starts_at.format("%Y-%m-%d %H:%M UTC"),
            details.location
        );
        let notify = notices(
            &people,
            NotificationKind::MeetingChanged,
            &meeting,
            &cause,
            &message,
        );
        let update = MeetingUpdate {
            meeting_id: id,
            now,
            notify: &notify,
        };
        let changed =
            self.store
                .change_meeting(&update, &details)
                .await
                .map_err(|err| match err {
                    StoreError::Full => AppError::bad_input(
                        "capacity",
                        format!(
                            "{} organisations have booked already; the capacity cannot be lower.",
                            meeting.booked
                        ),
                    ),
                    other => other.into(),
                })?;
        self.events_committed().await;
        Ok(changed)
    }

    pub async fn cancel_meeting(&self, viewer: &Viewer, id: i64) -> AppResult<Meeting> {
        let (meeting, _) = self.managed_meeting(viewer, id).await?;
        let people = self.booked_people(&meeting).await?;
        let message = format!("\"{}\" was cancelled.", meeting.details.title);
        let notify = notices(
            &people,
            NotificationKind::MeetingChanged,
            &meeting,
            "cancelled",
            &message,
        );
        let update = MeetingUpdate {
            meeting_id: id,
            now: Utc::now(),
            notify: &notify,
        };
        let cancelled = self
            .store
            .cancel_meeting(&update)
            .await
            .map_err(|err| match err {
                StoreError::NotFound(_) => {
                    AppError::Conflict("This meeting was cancelled already.".into())
                }
                other => other.into(),
            })?;
        self.events_committed().await;
        Ok(cancelled)
    }

    /// Books a place for an enterprise the viewer belongs to; the buyer side is told.
    pub async fn book_meeting(
        &self,
        viewer: &Viewer,
        id: i64,
        organisation_id: i64,
    ) -> AppResult<Meeting> {
        let user = viewer.user()?;
        let (meeting, need) = self.visible_meeting(viewer, id).await?;
        let org = self.organisation(organisation_id).await?;
        self.require_member(
            organisation_id,
            user.id,
            "Only members of the organisation can book for it.",
        )
        .await?;
        if !matches!(org.kind, OrgKind::Wise | OrgKind::Supplier) {
            return Err(AppError::Forbidden(
                "Meetings are booked by work integration social enterprises and suppliers.".into(),
            ));
        }
        require_dialogue_window(&need)?;
        if meeting.cancelled_at.is_some() {
            return Err(AppError::Conflict("This meeting was cancelled.".into()));
        }
        let now = Utc::now();
        if meeting.details.starts_at <= now {
            return Err(AppError::Conflict(
                "This meeting has already started.".into(),
            ));
        }
        let buyer_side = self.buyer_side_people(&need).await?;
        let message = format!("{} booked \"{}\".", org.name, meeting.details.title);
        let cause = format!("booked-{organisation_id}-{}", now.timestamp_micros());
        let notify = notices(
            &buyer_side,
            NotificationKind::MeetingBooked,
            &meeting,
            &cause,
            &message,
        );
        let update = MeetingUpdate {
            meeting_id: id,
            now,
            notify: &notify,
        };
        let booked = self
            .store
            .book_meeting(&update, organisation_id, user.id)
            .await
            .map_err(|err| match err {
                StoreError::Full => {
                    AppError::Conflict("This meeting is fully booked: no place is left.".into())
                }
                StoreError::Conflict(Constraint::OneToOnePerNeed) => AppError::Conflict(
                    "Your organisation already holds a one-to-one slot for this need; cancel it \
                     to take another."
                        .into(),
                ),
                StoreError::Conflict(_) => {
                    AppError::Conflict("Your organisation has already booked this meeting.".into())
                }
                StoreError::NotFound(_) => AppError::Conflict("This meeting was cancelled.".into()),
                other => other.into(),
            })?;
        self.events_committed().await;
        Ok(booked)
    }

    pub async fn cancel_booking(
        &self,
        viewer: &Viewer,
        id: i64,
        organisation_id: i64,
    ) -> AppResult<Meeting> {
        let user = viewer.user()?;
        let (meeting, need) = self.visible_meeting(viewer, id).await?;
        self.require_member(
            organisation_id,
            user.id,
            "Only members of the organisation can cancel its booking.",
        )
        .await?;
        let now = Utc::now();
        let org = self.organisation(organisation_id).await?;
        let buyer_side = self.buyer_side_people(&need).await?;
        let message = format!(
            "{} cancelled its booking of \"{}\".",
            org.name, meeting.details.title
        );
        let cause = format!("unbooked-{organisation_id}-{}", now.timestamp_micros());
        let notify = notices(
            &buyer_side,
            NotificationKind::MeetingChanged,
            &meeting,
            &cause,
            &message,
        );
        let update = MeetingUpdate {
            meeting_id: id,
            now,
            notify: &notify,
        };
        let meeting = self
            .store
            .cancel_booking(&update, organisation_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Booking".into()))?;
        self.events_committed().await;
        Ok(meeting)
    }

    /// Publishes a meeting's minutes to everyone who can see the need; booked and interested
    /// organisations are told. What one supplier heard, all may read.
    pub async fn publish_minutes(
        &self,
        viewer: &Viewer,
        id: i64,
        minutes: &str,
    ) -> AppResult<Meeting> {
        let (meeting, need) = self.managed_meeting(viewer, id).await?;
        plain_text("minutes", minutes, 10, 50_000).map_err(bad)?;
        let now = Utc::now();
        if meeting.details.starts_at > now {
            return Err(AppError::Conflict(
                "Minutes can be published once the meeting has started.".into(),
            ));
        }
        let interested: Vec<i64> = self
            .store
            .interests(need.id)
            .await?
            .into_iter()
            .map(|i| i.organisation_id)
            .collect();
        let mut people = self.members_of(&interested).await?;
        people.extend(self.booked_people(&meeting).await?);
        people.sort_unstable();
        people.dedup();
        let message = format!("Minutes of \"{}\" were published.", meeting.details.title);
        let cause = format!("minutes-{}", now.timestamp_micros());
        let notify = notices(
            &people,
            NotificationKind::MeetingChanged,
            &meeting,
            &cause,
            &message,
        );
        let update = MeetingUpdate {
            meeting_id: id,
            now,
            notify: &notify,
        };
        let published = self.store.publish_minutes(&update, minutes.trim()).await?;
        self.events_committed().await;
        Ok(published)
    }

    /// Bookings the viewer may see: all of them for the buyer side, their own organisations'
    /// for everyone else.
    pub async fn visible_bookings(
        &self,
        viewer: &Viewer,
        meeting: &Meeting,
        need: &Need,
    ) -> AppResult<Vec<Booking>> {
        if viewer.user_id().is_none() {
            return Ok(Vec::new());
        }
        let bookings = self.store.bookings(meeting.id).await?;
        if self.can_edit_need(viewer, need).await? {
            return Ok(bookings);
        }
        let mine = self.viewer_orgs(viewer).await?;
        Ok(bookings
            .into_iter()
            .filter(|b| mine.contains(&b.organisation_id))
            .collect())
    }

    /// Members of every organisation that booked the meeting.
    async fn booked_people(&self, meeting: &Meeting) -> AppResult<Vec<i64>> {
        let orgs: Vec<i64> = self
            .store
            .bookings(meeting.id)
            .await?
            .into_iter()
            .map(|b| b.organisation_id)
            .collect();
        self.members_of(&orgs).await
    }

    async fn buyer_side_people(&self, need: &Need) -> AppResult<Vec<i64>> {
        let orgs: Vec<i64> = need.buyer_side().collect();
        self.members_of(&orgs).await
    }
}
