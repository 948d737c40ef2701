//! The records the store reads and writes. Fields hold domain values where they matter for
//! correctness (kinds, roles, countries) and plain strings where they were validated on the way in.

use crate::domain::{Country, Email, OrgKind, OrgNumber, PasswordHash, PersonName, Role};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub is_platform_admin: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug)]
pub struct NewUser {
    pub email: Email,
    pub name: PersonName,
    pub password_hash: PasswordHash,
    pub is_platform_admin: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialKind {
    /// A browser session, carried in a cookie.
    Session,
    /// A personal API token, carried as `Authorization: Bearer`.
    ApiToken,
}

impl CredentialKind {
    pub fn as_stored(self) -> &'static str {
        match self {
            Self::Session => "session",
            Self::ApiToken => "api_token",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        match text {
            "session" => Some(Self::Session),
            "api_token" => Some(Self::ApiToken),
            _ => None,
        }
    }
}

/// A session or API token. Only the SHA-256 of the secret is stored: a leaked database does not
/// leak working credentials.
#[derive(Debug, Clone)]
pub struct Credential {
    pub id: i64,
    pub user_id: i64,
    pub kind: CredentialKind,
    pub name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug)]
pub struct NewCredential {
    pub user_id: i64,
    pub kind: CredentialKind,
    pub name: Option<String>,
    pub token_hash: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct Organisation {
    pub id: i64,
    pub kind: OrgKind,
    pub name: String,
    pub org_number: OrgNumber,
    pub region: Option<String>,
    pub website: Option<String>,
    pub description: String,
    pub verification: Option<Verification>,
    pub created_at: DateTime<Utc>,
}

impl Organisation {
    pub fn country(&self) -> Country {
        self.org_number.country()
    }
}

#[derive(Debug)]
pub struct NewOrganisation {
    pub kind: OrgKind,
    pub name: String,
    pub org_number: OrgNumber,
    pub region: Option<String>,
    pub website: Option<String>,
    pub description: String,
    pub created_at: DateTime<Utc>,
}

/// A platform administrator's statement that an organisation is what it claims to be (a real
/// buyer; a WISE whose status the evidence shows).
#[derive(Debug, Clone)]
pub struct Verification {
    pub verified_by: i64,
    pub verified_at: DateTime<Utc>,
    pub evidence: String,
}

#[derive(Debug, Clone, Default)]
pub struct OrgFilter {
    pub kind: Option<OrgKind>,
}

#[derive(Debug, Clone)]
pub struct Membership {
    pub id: i64,
    pub organisation_id: i64,
    pub user_id: i64,
    pub role: Role,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Invitation {
    pub id: i64,
    pub organisation_id: i64,
    pub email: String,
    pub role: Role,
    pub invited_by: i64,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug)]
pub struct NewInvitation {
    pub organisation_id: i64,
    pub email: Email,
    pub role: Role,
    pub token_hash: String,
    pub invited_by: i64,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}
