//! Which notifications are due to be e-mailed, claimed so that only one replica sends each.
//!
//! A notification is claimed by setting `emailed_at` in a conditional UPDATE before it is
//! sent; a failed send gives it back. A replica that crashes between claim and send loses
//! that e-mail (the in-app notification stays): at most once, never twice.

use super::records::Notification;
use super::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailPreference {
    /// One e-mail per notification, within a minute.
    Immediate,
    /// One digest a day of everything since the last one.
    Daily,
    Off,
}

impl EmailPreference {
    pub fn as_stored(self) -> &'static str {
        match self {
            Self::Immediate => "IMMEDIATE",
            Self::Daily => "DAILY",
            Self::Off => "OFF",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        match text {
            "IMMEDIATE" => Some(Self::Immediate),
            "DAILY" => Some(Self::Daily),
            "OFF" => Some(Self::Off),
            _ => None,
        }
    }
}

/// Who an e-mail goes to.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub user_id: i64,
    pub email: String,
    pub name: String,
}

/// Notifications claimed for one e-mail (one for immediate, several for a digest).
#[derive(Debug, Clone)]
pub struct DueEmail {
    pub recipient: Recipient,
    pub notifications: Vec<Notification>,
}

#[async_trait]
pub trait MailStore: Send + Sync {
    async fn email_preference(&self, user_id: i64) -> StoreResult<EmailPreference>;
    async fn set_email_preference(&self, user_id: i64, pref: EmailPreference) -> StoreResult<()>;
    /// Marks the unsent notifications of people with e-mail off as passed over, so turning
    /// e-mail on later does not send old news.
    async fn pass_over_unwanted(&self, now: DateTime<Utc>) -> StoreResult<u64>;
    /// Claims up to `limit` unsent notifications of people who want them at once.
    async fn claim_immediate(&self, now: DateTime<Utc>, limit: u32) -> StoreResult<Vec<DueEmail>>;
    /// Claims one digest for each person on daily digests whose last digest was sent before
    /// `due_before` (or never) and who has unsent notifications; at most `limit` people.
    async fn claim_digests(
        &self,
        now: DateTime<Utc>,
        due_before: DateTime<Utc>,
        limit: u32,
    ) -> StoreResult<Vec<DueEmail>>;
    /// Gives a claimed e-mail back after a failed send, to be tried again.
    async fn release_email(&self, email: &DueEmail, digest: bool) -> StoreResult<()>;
}
