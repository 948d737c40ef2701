//! Dialogue threads and meetings: records and the [`DialogueStore`] trait; the SQL is in
//! `sql/dialogue.rs`, written once for both databases. Notifications are decided by the service layer and written here in
//! the same transaction as the change, so a change and its notifications commit together.

use super::records::NewNotification;
use super::{Page, StoreResult};
use crate::domain::dialogue::{MeetingKind, ThreadKind};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[derive(Debug, Clone)]
pub struct Thread {
    pub id: i64,
    pub need_id: i64,
    pub kind: ThreadKind,
    /// For a private thread, the organisation the buyer side talks to.
    pub organisation_id: Option<i64>,
    /// For a consortium thread, the joint offer whose members talk in it.
    pub consortium_id: Option<i64>,
    pub title: String,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
    pub last_message_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Message {
    pub id: i64,
    pub thread_id: i64,
    pub author_id: i64,
    /// The organisation the author spoke for, if any.
    pub author_org: Option<i64>,
    /// Markdown source; empty once deleted.
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
    pub deleted_by: Option<i64>,
    /// Why a moderator removed it; empty unless removed by someone other than the author.
    pub removal_reason: String,
}

/// The text a message had before an edit.
#[derive(Debug, Clone)]
pub struct MessageVersion {
    pub version: i32,
    pub body: String,
    pub written_at: DateTime<Utc>,
}

#[derive(Debug)]
pub struct NewMessage {
    pub thread_id: i64,
    pub author_id: i64,
    pub author_org: Option<i64>,
    pub body: String,
    pub now: DateTime<Utc>,
    /// People to notify (a `THREAD_REPLY` each, in the same transaction as the message).
    pub notify: Vec<i64>,
    /// The notification's text.
    pub notice: String,
}

#[derive(Debug)]
pub struct NewThread {
    pub need_id: i64,
    pub kind: ThreadKind,
    pub organisation_id: Option<i64>,
    pub title: String,
    /// The opening message (its `thread_id` is ignored).
    pub first: NewMessage,
}

/// How far a person has read a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadState {
    /// The id of the last message they marked read (0 when none).
    pub last_read_id: i64,
    /// Messages after that, written by others and not deleted.
    pub unread: i64,
}

/// What the buyer says about a meeting when announcing or changing it.
#[derive(Debug, Clone)]
pub struct MeetingDetails {
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// A place or a link.
    pub location: String,
    /// How many organisations may book (always 1 for a one-to-one slot).
    pub capacity: i32,
}

#[derive(Debug, Clone)]
pub struct Meeting {
    pub id: i64,
    pub need_id: i64,
    pub kind: MeetingKind,
    pub details: MeetingDetails,
    pub booked: i32,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub minutes: Option<String>,
    pub minutes_published_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct Booking {
    pub meeting_id: i64,
    pub organisation_id: i64,
    pub booked_by: i64,
    pub booked_at: DateTime<Utc>,
}

/// A change to a meeting, with the notifications it causes.
#[derive(Debug)]
pub struct MeetingUpdate<'a> {
    pub meeting_id: i64,
    pub now: DateTime<Utc>,
    pub notify: &'a [NewNotification],
}

#[async_trait]
pub trait DialogueStore: Send + Sync {
    /// Creates a thread with its opening message.
    async fn create_thread(&self, thread: &NewThread) -> StoreResult<(Thread, Message)>;
    async fn thread(&self, id: i64) -> StoreResult<Option<Thread>>;
    /// A need's threads, most recently active first.
    async fn threads(&self, need_id: i64) -> StoreResult<Vec<Thread>>;
    async fn post_message(&self, message: &NewMessage) -> StoreResult<Message>;
    async fn message(&self, id: i64) -> StoreResult<Option<Message>>;
    /// Oldest first, after `page.after`.
    async fn messages(&self, thread_id: i64, page: Page) -> StoreResult<Vec<Message>>;
    /// Replaces the text and keeps the old one; a conflict when the message was deleted.
    async fn edit_message(&self, id: i64, body: &str, now: DateTime<Utc>) -> StoreResult<Message>;
    /// Leaves a tombstone: the row stays, its text and earlier versions are erased.
    /// Leaves a tombstone; `reason` is the moderator's, empty when the author deletes.
    async fn delete_message(
        &self,
        id: i64,
        by: i64,
        reason: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Message>;
    async fn message_versions(&self, id: i64) -> StoreResult<Vec<MessageVersion>>;
    /// Everyone who has written in the thread, but erased accounts.
    async fn thread_authors(&self, thread_id: i64) -> StoreResult<Vec<i64>>;
    /// Moves the person's read marker forward to `up_to` (never back).
    async fn mark_thread_read(&self, thread_id: i64, user_id: i64, up_to: i64) -> StoreResult<()>;
    async fn read_state(&self, thread_id: i64, user_id: i64) -> StoreResult<ReadState>;

    async fn create_meeting(
        &self,
        need_id: i64,
        kind: MeetingKind,
        details: &MeetingDetails,
        by: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Meeting>;
    async fn meeting(&self, id: i64) -> StoreResult<Option<Meeting>>;
    /// A need's meetings in time order.
    async fn meetings(&self, need_id: i64) -> StoreResult<Vec<Meeting>>;
    /// Changes time, place or capacity; [`StoreError::Full`](super::StoreError::Full) when the
    /// capacity would fall below the bookings already made.
    async fn change_meeting(
        &self,
        update: &MeetingUpdate<'_>,
        details: &MeetingDetails,
    ) -> StoreResult<Meeting>;
    async fn cancel_meeting(&self, update: &MeetingUpdate<'_>) -> StoreResult<Meeting>;
    /// Books a place; [`StoreError::Full`](super::StoreError::Full) when none is left, a
    /// conflict when the organisation already holds this meeting or another one-to-one slot of
    /// the need. Never overbooks, however many book at once.
    async fn book_meeting(
        &self,
        update: &MeetingUpdate<'_>,
        organisation_id: i64,
        by: i64,
    ) -> StoreResult<Meeting>;
    /// False when the organisation had no booking.
    async fn cancel_booking(
        &self,
        update: &MeetingUpdate<'_>,
        organisation_id: i64,
    ) -> StoreResult<Option<Meeting>>;
    async fn bookings(&self, meeting_id: i64) -> StoreResult<Vec<Booking>>;
    async fn publish_minutes(
        &self,
        update: &MeetingUpdate<'_>,
        minutes: &str,
    ) -> StoreResult<Meeting>;
}
