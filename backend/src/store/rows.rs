//! Row shapes shared by both databases (`FromRow` is generic over the row type) and their
//! conversion into records, where a stored value that no longer parses becomes
//! [`StoreError::Corrupt`] instead of a panic.

use super::records::*;
use super::{StoreError, StoreResult};
use crate::domain::profile::WiseFigures;
use crate::domain::{Country, OrgKind, OrgNumber, Role};
use chrono::{DateTime, NaiveDate, Utc};

pub const USER_COLUMNS: &str =
    "id, email, name, is_platform_admin, created_at, email_verified_at, deleted_at";
pub const CREDENTIAL_COLUMNS: &str = "id, user_id, kind, name, created_at, expires_at";
pub const ORG_COLUMNS: &str = "id, kind, name, country, org_number, region, website, description, \
                               verified_by, verified_at, verification_evidence, verified_wise_share, \
                               verified_wise_measured_on, \
                               wise_figures_changed_at, created_at";
pub const MEMBERSHIP_COLUMNS: &str = "id, organisation_id, user_id, role, created_at";
pub const INVITATION_COLUMNS: &str =
    "id, organisation_id, email, role, invited_by, created_at, expires_at, accepted_at, revoked_at";

#[derive(sqlx::FromRow)]
pub struct UserRow {
    id: i64,
    email: String,
    name: String,
    is_platform_admin: bool,
    created_at: DateTime<Utc>,
    email_verified_at: Option<DateTime<Utc>>,
    deleted_at: Option<DateTime<Utc>>,
}

impl From<UserRow> for User {
    fn from(r: UserRow) -> Self {
        User {
            id: r.id,
            email: r.email,
            name: r.name,
            is_platform_admin: r.is_platform_admin,
            created_at: r.created_at,
            email_verified_at: r.email_verified_at,
            deleted_at: r.deleted_at,
        }
    }
}

#[derive(sqlx::FromRow)]
pub struct CredentialRow {
    id: i64,
    user_id: i64,
    kind: String,
    name: Option<String>,
    created_at: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
}

impl TryFrom<CredentialRow> for Credential {
    type Error = StoreError;
    fn try_from(r: CredentialRow) -> StoreResult<Self> {
        Ok(Credential {
            id: r.id,
            user_id: r.user_id,
            kind: CredentialKind::from_stored(&r.kind)
                .ok_or_else(|| corrupt("credential kind", &r.kind))?,
            name: r.name,
            created_at: r.created_at,
            expires_at: r.expires_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct OrgRow {
    id: i64,
    kind: String,
    name: String,
    country: String,
    org_number: String,
    region: Option<String>,
    website: Option<String>,
    description: String,
    verified_by: Option<i64>,
    verified_at: Option<DateTime<Utc>>,
    verification_evidence: Option<String>,
    verified_wise_share: Option<i32>,
    verified_wise_measured_on: Option<NaiveDate>,
    wise_figures_changed_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

impl TryFrom<OrgRow> for Organisation {
    type Error = StoreError;
    fn try_from(r: OrgRow) -> StoreResult<Self> {
        let country =
            Country::from_code(&r.country).ok_or_else(|| corrupt("country", &r.country))?;
        let verification = match (r.verified_by, r.verified_at) {
            (Some(verified_by), Some(verified_at)) => Some(Verification {
                verified_by,
                verified_at,
                evidence: r.verification_evidence.unwrap_or_default(),
                wise_figures: match (r.verified_wise_share, r.verified_wise_measured_on) {
                    (Some(share), Some(measured_on)) => Some(WiseFigures {
                        share_percent: u8::try_from(share)
                            .map_err(|_| corrupt("verified share", &share.to_string()))?,
                        measured_on,
                    }),
                    _ => None,
                },
            }),
            _ => None,
        };
        Ok(Organisation {
            id: r.id,
            kind: OrgKind::from_stored(&r.kind)
                .ok_or_else(|| corrupt("organisation kind", &r.kind))?,
            name: r.name,
            org_number: OrgNumber::from_stored(country, r.org_number),
            region: r.region,
            website: r.website,
            description: r.description,
            verification,
            wise_figures_changed_at: r.wise_figures_changed_at,
            created_at: r.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct MembershipRow {
    id: i64,
    organisation_id: i64,
    user_id: i64,
    role: String,
    created_at: DateTime<Utc>,
}

impl TryFrom<MembershipRow> for Membership {
    type Error = StoreError;
    fn try_from(r: MembershipRow) -> StoreResult<Self> {
        Ok(Membership {
            id: r.id,
            organisation_id: r.organisation_id,
            user_id: r.user_id,
            role: Role::from_stored(&r.role).ok_or_else(|| corrupt("role", &r.role))?,
            created_at: r.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct InvitationRow {
    id: i64,
    organisation_id: i64,
    email: String,
    role: String,
    invited_by: i64,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    accepted_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
}

impl TryFrom<InvitationRow> for Invitation {
    type Error = StoreError;
    fn try_from(r: InvitationRow) -> StoreResult<Self> {
        Ok(Invitation {
            id: r.id,
            organisation_id: r.organisation_id,
            email: r.email,
            role: Role::from_stored(&r.role).ok_or_else(|| corrupt("role", &r.role))?,
            invited_by: r.invited_by,
            created_at: r.created_at,
            expires_at: r.expires_at,
            accepted_at: r.accepted_at,
            revoked_at: r.revoked_at,
        })
    }
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {value:?}"))
}

/// Converts every row, failing on the first that does not parse.
pub fn all<R, T: TryFrom<R, Error = StoreError>>(rows: Vec<R>) -> StoreResult<Vec<T>> {
    rows.into_iter().map(T::try_from).collect()
}

#[derive(sqlx::FromRow)]
pub struct LoginRow {
    #[sqlx(flatten)]
    pub user: UserRow,
    pub password_hash: String,
}
