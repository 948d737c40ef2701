//! Who is asking: secrets for sessions, API tokens and invitations, the session cookie, and the
//! [`Viewer`] every resolver is handed.
//!
//! Secrets are 256 random bits with a readable prefix (so secret scanners can spot a leaked
//! token); the database keeps only their SHA-256. A fast hash is enough here because, unlike a
//! password, a random 256-bit secret cannot be guessed.

use crate::error::{AppError, AppResult};
use crate::store::{CredentialKind, Store, User};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const SESSION_COOKIE: &str = "samspill_session";
pub const SESSION_LIFETIME: Duration = Duration::days(30);
pub const INVITATION_LIFETIME: Duration = Duration::days(7);

/// What kind of secret, shown as its prefix.
#[derive(Debug, Clone, Copy)]
pub enum SecretKind {
    Session,
    ApiToken,
    Invitation,
    /// A link sent by e-mail (verify the address, reset the password).
    EmailLink,
}

/// A freshly generated secret: `plain` goes to the person once, `hash` to the database.
pub struct NewSecret {
    pub plain: String,
    pub hash: String,
}

impl std::fmt::Debug for NewSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewSecret(<redacted>)")
    }
}

pub fn new_secret(kind: SecretKind) -> NewSecret {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let prefix = match kind {
        SecretKind::Session => "sps_",
        SecretKind::ApiToken => "spt_",
        SecretKind::Invitation => "spi_",
        SecretKind::EmailLink => "spe_",
    };
    let plain = format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes));
    let hash = hash_secret(&plain);
    NewSecret { plain, hash }
}

pub fn hash_secret(plain: &str) -> String {
    let digest = Sha256::digest(plain.trim().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The person behind a request, or nobody.
#[derive(Debug, Clone)]
pub enum Viewer {
    Anonymous,
    User {
        user: User,
        credential_id: i64,
        /// When the credential stops working (a session's end); `None` for API tokens.
        expires_at: Option<DateTime<Utc>>,
    },
}

impl Viewer {
    /// The signed-in user, or `UNAUTHENTICATED`.
    pub fn user(&self) -> AppResult<&User> {
        match self {
            Self::User { user, .. } => Ok(user),
            Self::Anonymous => Err(AppError::sign_in_required()),
        }
    }

    pub fn user_id(&self) -> Option<i64> {
        match self {
            Self::User { user, .. } => Some(user.id),
            Self::Anonymous => None,
        }
    }

    pub fn is_platform_admin(&self) -> bool {
        matches!(self, Self::User { user, .. } if user.is_platform_admin)
    }
}

/// How a request presented itself.
#[derive(Default)]
pub struct Presented<'a> {
    /// The value of `Authorization: Bearer ...` or a websocket `connection_init` token.
    pub bearer: Option<&'a str>,
    /// The session cookie's value.
    pub session: Option<&'a str>,
}

impl std::fmt::Debug for Presented<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Presented")
            .field("bearer", &self.bearer.map(|_| "<redacted>"))
            .field("session", &self.session.map(|_| "<redacted>"))
            .finish()
    }
}

/// Resolves the viewer. A bearer token that does not work is an error (the client asked to be
/// someone and cannot be); a stale session cookie just means signed out.
pub async fn resolve_viewer(store: &dyn Store, presented: Presented<'_>) -> AppResult<Viewer> {
    if let Some(token) = presented.bearer {
        return match lookup(store, token, CredentialKind::ApiToken).await? {
            Some(viewer) => Ok(viewer),
            None => Err(AppError::Unauthenticated(
                "This API token does not work: it may have been revoked or mistyped.".into(),
            )),
        };
    }
    if let Some(session) = presented.session {
        return Ok(lookup(store, session, CredentialKind::Session)
            .await?
            .unwrap_or(Viewer::Anonymous));
    }
    Ok(Viewer::Anonymous)
}

async fn lookup(store: &dyn Store, plain: &str, kind: CredentialKind) -> AppResult<Option<Viewer>> {
    let Some((credential, user)) = store.credential_by_hash(&hash_secret(plain)).await? else {
        return Ok(None);
    };
    let expired = credential.expires_at.is_some_and(|at| at <= Utc::now());
    if credential.kind != kind || expired {
        return Ok(None);
    }
    Ok(Some(Viewer::User {
        user,
        credential_id: credential.id,
        expires_at: credential.expires_at,
    }))
}

/// Reads the session cookie from a `Cookie` header.
pub fn session_from_cookie_header(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value)
}

/// The `Set-Cookie` value that stores a session (or, with `None`, removes it).
pub fn session_cookie(value: Option<&str>, secure: bool) -> String {
    let mut cookie = cookie::Cookie::build((SESSION_COOKIE, value.unwrap_or_default().to_owned()))
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(cookie::SameSite::Lax);
    cookie = match value {
        Some(_) => cookie.max_age(cookie::time::Duration::days(SESSION_LIFETIME.num_days())),
        None => cookie.max_age(cookie::time::Duration::ZERO),
    };
    cookie.build().to_string()
}

/// Reads `Authorization: Bearer TOKEN`.
pub fn bearer_from_header(header: &str) -> Option<&str> {
    let (scheme, token) = header.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_prefixed_and_hashed() {
        let a = new_secret(SecretKind::ApiToken);
        let b = new_secret(SecretKind::ApiToken);
        assert!(a.plain.starts_with("spt_") && a.plain.len() > 40);
        assert_ne!(a.plain, b.plain);
        assert_eq!(a.hash, hash_secret(&a.plain));
        assert!(!a.hash.contains(&a.plain));
    }

    #[test]
    fn headers_parse() {
        assert_eq!(
            session_from_cookie_header("a=1; samspill_session=sps_x; b=2"),
            Some("sps_x")
        );
        assert_eq!(session_from_cookie_header("a=1"), None);
        assert_eq!(bearer_from_header("Bearer spt_abc"), Some("spt_abc"));
        assert_eq!(bearer_from_header("Basic xyz"), None);
        assert_eq!(bearer_from_header("Bearer  "), None);
    }

    #[test]
    fn session_cookie_is_http_only_and_lax() {
        let set = session_cookie(Some("sps_x"), true);
        assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Secure"));
        assert!(session_cookie(None, false).contains("Max-Age=0"));
    }
}
