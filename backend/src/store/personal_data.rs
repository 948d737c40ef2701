//! A person's own data across the tables: read for their export (GDPR Art. 15 and 20) and
//! erased when they delete their account (Art. 17), written once for both databases.
//!
//! Erasure keeps the `users` row, so that what the person wrote for an organisation (messages,
//! questions, answers, needs) keeps an author, and replaces everything personal in it. It runs
//! in one transaction: either the person is gone everywhere, or nowhere.

use super::dialogue::{Booking, Meeting, Message, MessageVersion, Thread};
use super::records::{Credential, Invitation, Notification, Question};
use super::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// What the person wrote in dialogue threads, and the threads it is in.
#[derive(Debug, Default)]
pub struct Writings {
    /// Threads the person started or wrote in.
    pub threads: Vec<Thread>,
    pub messages: Vec<Message>,
    /// Earlier texts of their messages, with the message's id.
    pub versions: Vec<(i64, MessageVersion)>,
}

/// Meetings the person booked for an organisation, and those meetings.
#[derive(Debug, Default)]
pub struct BookingsMade {
    pub bookings: Vec<Booking>,
    pub meetings: Vec<Meeting>,
}

/// A link sent to the person by e-mail (its secret is never stored).
#[derive(Debug, Clone)]
pub struct LinkSent {
    pub purpose: String,
    pub email: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

/// Something a record says the person did for an organisation (created a need, changed a joint
/// offer), named by the table's own words and the record's id.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RecordedAction {
    pub action: String,
    pub record_id: i64,
    pub at: DateTime<Utc>,
}

/// What an erasure did, for what the caller must wake.
#[derive(Debug, Clone, Default)]
pub struct Erased {
    /// Sessions and API tokens that ended (their websockets close).
    pub ended_credentials: Vec<i64>,
    /// Contacts removed from needs and profiles, which queued them for search.
    pub contacts_removed: u64,
}

#[async_trait]
pub trait PersonalDataStore: Send + Sync {
    /// Messages the person wrote, their earlier texts, and the threads they are in.
    async fn writings_of(&self, user_id: i64) -> StoreResult<Writings>;
    /// Questions the person asked or answered.
    async fn questions_of(&self, user_id: i64) -> StoreResult<Vec<Question>>;
    async fn bookings_by(&self, user_id: i64) -> StoreResult<BookingsMade>;
    /// Every notification of the person, oldest first.
    async fn all_notifications(&self, user_id: i64) -> StoreResult<Vec<Notification>>;
    /// Sessions and API tokens, without their secrets (only hashes are stored, and not read).
    async fn credentials_of(&self, user_id: i64) -> StoreResult<Vec<Credential>>;
    /// Invitations to the person's address or sent by them.
    async fn invitations_of(&self, user_id: i64, email: &str) -> StoreResult<Vec<Invitation>>;
    async fn links_sent_to(&self, user_id: i64) -> StoreResult<Vec<LinkSent>>;
    /// Everything else a record attributes to the person, oldest first.
    async fn actions_of(&self, user_id: i64) -> StoreResult<Vec<RecordedAction>>;
    /// How far the person read each thread: (thread, last message read).
    async fn thread_reads_of(&self, user_id: i64) -> StoreResult<Vec<(i64, i64)>>;
    /// Organisations the person is the only admin of while others are members.
    async fn sole_admin_of(&self, user_id: i64) -> StoreResult<Vec<i64>>;
    /// Erases the person (see the module doc); [`StoreError::LastAdmin`](super::StoreError)
    /// when they are the only admin of an organisation with other members,
    /// [`StoreError::NotFound`](super::StoreError) when already erased.
    async fn erase_person(&self, user_id: i64, now: DateTime<Utc>) -> StoreResult<Erased>;
}

/// Every attribution of a record to a person outside what the export lists on its own:
/// `(action, table, id column, person column, time column)`.
pub const ATTRIBUTIONS: &[(&str, &str, &str, &str, &str)] = &[
    ("need created", "needs", "id", "created_by", "created_at"),
    (
        "need version published",
        "need_versions",
        "need_id",
        "edited_by",
        "edited_at",
    ),
    (
        "need status changed",
        "need_transitions",
        "need_id",
        "changed_by",
        "changed_at",
    ),
    (
        "interest marked",
        "need_interests",
        "need_id",
        "marked_by",
        "created_at",
    ),
    (
        "meeting arranged",
        "meetings",
        "id",
        "created_by",
        "created_at",
    ),
    (
        "profile saved",
        "profiles",
        "organisation_id",
        "updated_by",
        "updated_at",
    ),
    (
        "joint offer started",
        "joint_offers",
        "id",
        "created_by",
        "created_at",
    ),
    (
        "joint offer member added",
        "joint_offer_members",
        "offer_id",
        "added_by",
        "created_at",
    ),
    (
        "joint offer changed",
        "joint_offer_changes",
        "offer_id",
        "changed_by",
        "changed_at",
    ),
    (
        "organisation verified",
        "organisations",
        "id",
        "verified_by",
        "verified_at",
    ),
    (
        "message deleted",
        "messages",
        "id",
        "deleted_by",
        "deleted_at",
    ),
];

/// One `UNION ALL` over [`ATTRIBUTIONS`], the person as `$1`.
pub fn actions_sql() -> String {
    let parts: Vec<String> = ATTRIBUTIONS
        .iter()
        .map(|(action, table, id, person, at)| {
            format!(
                "SELECT CAST('{action}' AS TEXT) AS action, {id} AS record_id, {at} AS at \
                 FROM {table} WHERE {person} = $1 AND {at} IS NOT NULL"
            )
        })
        .collect();
    format!(
        "{} ORDER BY at, action, record_id",
        parts.join(" UNION ALL ")
    )
}
