//! Storage: one trait per feature (accounts, organisations, needs, questions, ...), gathered in
//! [`Store`], and one implementation per database, chosen by the URL scheme.
//!
//! Each feature's file holds its trait and records; `sql/` holds the SQL of every feature,
//! written once and compiled into both backends (`sqlite.rs`, `postgres.rs`), which supply only
//! what differs: connecting, starting a write transaction, holding a row, waking replicas.
//! Errors map to [`StoreError`] once, here. Rules that must hold under
//! concurrency, such as "an organisation keeps at least one admin", are enforced here inside a
//! transaction, because a check in the layer above could race.

mod accounts;
pub mod batch;
pub mod cpv;
mod dialogue;
mod email_links;
mod events;
mod joint_offers;
mod mail;
mod needs;
mod notifications;
mod organisations;
mod personal_data;
mod postgres;
mod profiles;
mod questions;
mod records;
mod rows;
mod sqlite;
pub mod statements;

use async_trait::async_trait;
use std::sync::Arc;

pub use accounts::AccountStore;
pub use batch::BatchStore;
pub use cpv::*;
pub use dialogue::*;
pub use email_links::*;
pub use events::*;
pub use joint_offers::*;
pub use mail::*;
pub use needs::{cursor_key, NeedStore};
pub use notifications::*;
pub use organisations::OrganisationStore;
pub use personal_data::*;
pub use postgres::{PgStore, IDLE_BEFORE_CHECK};
pub use profiles::*;
pub use questions::*;
pub use records::*;
pub use sqlite::SqliteStore;

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A uniqueness rule was hit, or another write came first; the payload says which.
    #[error("{} already exists", .0.subject())]
    Conflict(Constraint),
    #[error("{0} was not found")]
    NotFound(&'static str),
    /// The change would leave an organisation without an admin.
    #[error("an organisation must keep at least one admin")]
    LastAdmin,
    /// No place is left (a meeting's capacity is taken).
    #[error("no place is left")]
    Full,
    /// The record's current state does not allow the change; the text says why, for a person.
    #[error("refused: {0}")]
    Refused(String),
    /// A stored value no longer parses: a bug or a hand-edited database.
    #[error("stored value is not valid: {0}")]
    Corrupt(String),
    #[error("unsupported database URL (use sqlite: or postgres:)")]
    UnsupportedUrl,
    #[error(transparent)]
    Database(sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// What a refused write ran into, so that services match on a type rather than a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Constraint {
    /// Another account has this e-mail address.
    UserEmail,
    /// The person is already a member.
    Membership,
    /// The organisation already holds a one-to-one slot for this need.
    OneToOnePerNeed,
    /// The organisation already booked this meeting.
    MeetingBooking,
    /// The invitation was answered (or withdrawn) first.
    InvitationAnswer,
    /// Someone saved the need since the editor read it.
    NeedRevision,
    /// Someone saved the profile since the editor read it.
    ProfileRevision,
    /// The question was answered first.
    QuestionAnswer,
    /// The need has ended, so it can no longer be edited.
    EndedNeed,
    /// The same status change was made first.
    StatusChange,
    /// Another unique rule.
    Other,
}

impl Constraint {
    /// The thing that already exists, in words (see [`StoreError::Conflict`]).
    pub fn subject(self) -> &'static str {
        match self {
            Self::UserEmail => "a user with this e-mail address",
            Self::Membership => "this membership",
            Self::OneToOnePerNeed => "a one-to-one booking for this need",
            Self::MeetingBooking => "a booking of this meeting",
            Self::InvitationAnswer => "an answer to this invitation",
            Self::NeedRevision => "a newer revision of this need",
            Self::ProfileRevision => "a newer revision of this profile",
            Self::QuestionAnswer => "an answer to this question",
            Self::EndedNeed => "an edit of a need that has ended",
            Self::StatusChange => "a status change like this",
            Self::Other => "a record like this",
        }
    }

    /// Which unique rule a violation hit, from the constraint (PostgreSQL) or the message
    /// (SQLite, which reports `UNIQUE constraint failed: users.email`).
    fn of_violation(constraint: &str, message: &str) -> Self {
        let text = format!("{constraint} {message}");
        if text.contains("users") && text.contains("email") {
            Self::UserEmail
        } else if text.contains("memberships") {
            Self::Membership
        } else if text.contains("one_to_one_need") || text.contains("one_slot_per_need") {
            Self::OneToOnePerNeed
        } else if text.contains("meeting_bookings") {
            Self::MeetingBooking
        } else {
            Self::Other
        }
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::Database(db) if db.is_unique_violation() => Self::Conflict(
                Constraint::of_violation(db.constraint().unwrap_or_default(), db.message()),
            ),
            _ => Self::Database(err),
        }
    }
}

/// A page of a cursor connection: rows after the `after` id, at most `first` of them.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub after: Option<i64>,
    pub first: u32,
}

impl Page {
    /// One more row than asked for, so the caller knows whether another page exists.
    fn limit(self) -> i64 {
        i64::from(self.first) + 1
    }

    fn after(self) -> i64 {
        self.after.unwrap_or(0)
    }
}

/// Connection-pool figures for `/metrics`.
#[derive(Debug, Clone, Copy)]
pub struct PoolStats {
    pub size: u32,
    pub idle: u32,
}

#[async_trait]
pub trait Store:
    AccountStore
    + BatchStore
    + CpvStore
    + DialogueStore
    + EmailLinkStore
    + EventLog
    + JointOfferStore
    + MailStore
    + NeedStore
    + NotificationStore
    + OrganisationStore
    + PersonalDataStore
    + ProfileStore
    + QuestionStore
    + Send
    + Sync
    + 'static
{
    /// Applies pending migrations (safe to call from several replicas at once).
    async fn migrate(&self) -> StoreResult<()>;
    /// Round-trips a trivial query; `/readyz` uses it.
    async fn ping(&self) -> StoreResult<()>;
    /// How many of the binary's migrations the database has not applied.
    async fn pending_migrations(&self) -> StoreResult<usize>;
    fn pool_stats(&self) -> PoolStats;
}

/// Opens the store a database URL names: `sqlite:` (embedded default) or `postgres:`.
pub async fn connect(url: &str) -> StoreResult<Arc<dyn Store>> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::connect(url).await?))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(Arc::new(PgStore::connect(url).await?))
    } else {
        Err(StoreError::UnsupportedUrl)
    }
}

/// Counts the migrator's versions missing from the applied set.
fn count_pending(migrator: &sqlx::migrate::Migrator, applied: &[i64]) -> usize {
    migrator
        .iter()
        .filter(|m| !m.migration_type.is_down_migration())
        .filter(|m| !applied.contains(&m.version))
        .count()
}
