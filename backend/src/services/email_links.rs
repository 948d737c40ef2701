//! Links sent by e-mail: verifying an address, resetting a forgotten password. Each is single
//! use, expires, and is rate limited per person; the secret travels in the link's fragment (as
//! for invitations) and only its hash is stored.

use super::Services;
use crate::auth::{hash_secret, new_secret, SecretKind, Viewer};
use crate::domain::{Email, Password, Reason};
use crate::error::{AppError, AppResult};
use crate::mail;
use crate::store::{LinkPurpose, NewEmailLink, User};
use chrono::{Duration, Utc};
use std::net::IpAddr;

/// How long a verification link works.
pub const VERIFY_LINK_LIFETIME: Duration = Duration::hours(48);
/// How long a password reset link works: short, since it is as good as the password.
pub const RESET_LINK_LIFETIME: Duration = Duration::hours(1);
/// Links of one kind one person may be sent per hour.
const LINKS_PER_HOUR: i64 = 5;

impl Services {
    /// Sends the viewer a link that proves they read their address. Nothing is sent when the
    /// address is verified already.
    pub async fn request_email_verification(&self, viewer: &Viewer) -> AppResult<()> {
        let user = viewer.user()?;
        if user.email_verified_at.is_some() {
            return Ok(());
        }
        self.send_email_link(user, LinkPurpose::VerifyEmail).await
    }

    /// Counts the address as verified without a link: for accounts the operator vouches for
    /// (demo data, `samspill admin create`).
    pub async fn vouch_for_email(&self, user_id: i64) -> AppResult<()> {
        Ok(self.store.mark_email_verified(user_id, Utc::now()).await?)
    }

    /// Uses a verification link (no sign-in needed: the link is the proof).
    pub async fn verify_email(&self, token: &str) -> AppResult<User> {
        let user_id = self
            .store
            .verify_email_by_link(&hash_secret(token), Utc::now())
            .await?
            .ok_or_else(invalid_link)?;
        self.user(user_id).await
    }

    /// Sends a password reset link to the address, if an account has it. The answer is the
    /// same either way, so that nobody learns which addresses have accounts.
    pub async fn request_password_reset(&self, client: IpAddr, email: &str) -> AppResult<()> {
        let email = Email::parse(email).map_err(AppError::invalid("email"))?;
        self.limiter.check_registration(client, email.as_str())?;
        if let Some((user, _)) = self.store.user_for_login(&email).await? {
            match self
                .send_email_link(&user, LinkPurpose::ResetPassword)
                .await
            {
                // Too many links already: say nothing different.
                Ok(()) | Err(AppError::RateLimited { .. }) => {}
                Err(other) => return Err(other),
            }
        }
        Ok(())
    }

    /// Sets a new password with a reset link; every session and API token of the person ends.
    pub async fn reset_password(&self, token: &str, password: &str) -> AppResult<()> {
        let password = Password::parse(password).map_err(AppError::invalid("password"))?;
        let hash = tokio::task::spawn_blocking(move || password.hash())
            .await
            .map_err(|e| AppError::Internal(format!("password hashing task failed: {e}")))?;
        self.store
            .reset_password_by_link(&hash_secret(token), &hash, Utc::now())
            .await?
            .ok_or_else(invalid_link)?;
        self.events_committed().await;
        Ok(())
    }

    pub(super) async fn send_email_link(&self, user: &User, purpose: LinkPurpose) -> AppResult<()> {
        let now = Utc::now();
        let recent = self
            .store
            .email_links_since(user.id, purpose, now - Duration::hours(1))
            .await?;
        if recent >= LINKS_PER_HOUR {
            return Err(AppError::RateLimited {
                retry_after_secs: 3600,
            });
        }
        let (path, lifetime, subject, lead) = match purpose {
            LinkPurpose::VerifyEmail => (
                "account/verify-email",
                VERIFY_LINK_LIFETIME,
                "Confirm your e-mail address for Samspill",
                "Open this link to confirm that this is your e-mail address on Samspill:",
            ),
            LinkPurpose::ResetPassword => (
                "account/reset-password",
                RESET_LINK_LIFETIME,
                "Choose a new Samspill password",
                "Someone (we hope you) asked to reset your Samspill password. Open this link to \
                 choose a new one:",
            ),
        };
        let secret = new_secret(SecretKind::EmailLink);
        self.store
            .create_email_link(&NewEmailLink {
                user_id: user.id,
                purpose,
                email: user.email.clone(),
                token_hash: secret.hash,
                created_at: now,
                expires_at: now + lifetime,
            })
            .await?;
        let mut url = self
            .config
            .public_url
            .join(path)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        url.set_fragment(Some(&format!("token={}", secret.plain)));
        let hours = lifetime.num_hours();
        let email = mail::Email {
            to_address: user.email.clone(),
            to_name: user.name.clone(),
            subject: subject.into(),
            body: format!(
                "Hello {},\n\n{lead}\n\n{url}\n\nThe link works once, for {hours} hours. If you \
                 did not ask for it, ignore this e-mail.\n",
                user.name
            ),
        };
        self.config
            .mail
            .mailer
            .send(&email)
            .await
            .map_err(|e| AppError::Internal(format!("could not send the {path} e-mail: {e}")))
    }
}

fn invalid_link() -> AppError {
    AppError::bad_input_as(
        "token",
        Reason::Invalid,
        "This link does not work: it was used already, has expired, or is for an address the \
         account no longer has. Ask for a new one.",
    )
}
