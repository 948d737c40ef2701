//! Single-use links sent by e-mail: verifying an address, resetting a password.
//!
//! Using a link is one conditional UPDATE (`used_at IS NULL`, not expired, the account still has
//! the address the link went to), so a link works once even when opened twice at the same moment.

use super::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// What a link does when it is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    /// Proves the person reads the address: sets `users.email_verified_at`.
    VerifyEmail,
    /// Lets the person choose a new password.
    ResetPassword,
}

impl LinkPurpose {
    pub fn as_stored(self) -> &'static str {
        match self {
            Self::VerifyEmail => "VERIFY_EMAIL",
            Self::ResetPassword => "RESET_PASSWORD",
        }
    }
}

#[derive(Debug)]
pub struct NewEmailLink {
    pub user_id: i64,
    pub purpose: LinkPurpose,
    /// The address the link is sent to.
    pub email: String,
    pub token_hash: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[async_trait]
pub trait EmailLinkStore {
    async fn create_email_link(&self, link: &NewEmailLink) -> StoreResult<()>;
    /// How many links of this purpose were made for the person since `since` (rate limit).
    async fn email_links_since(
        &self,
        user_id: i64,
        purpose: LinkPurpose,
        since: DateTime<Utc>,
    ) -> StoreResult<i64>;
    /// Uses a verification link and marks the address verified, once; the person's id, or
    /// `None` when the link is unknown, used, expired or for an address the account no longer has.
    async fn verify_email_by_link(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<i64>>;
    /// Uses a password reset link and sets the new password hash, once; ends every session and
    /// API token of the person (their ids are returned with the person's, for the event log).
    async fn reset_password_by_link(
        &self,
        token_hash: &str,
        password_hash: &crate::domain::PasswordHash,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(i64, Vec<i64>)>>;
    /// Marks an address verified without a link (an administrator made on the command line,
    /// demo accounts).
    async fn mark_email_verified(&self, user_id: i64, now: DateTime<Utc>) -> StoreResult<()>;
}
