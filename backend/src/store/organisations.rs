//! Organisations, their members and roles, and invitations to join them. Rules that must hold
//! under concurrency ("an organisation keeps at least one admin") are kept inside the
//! transaction that changes the membership.

use super::{
    Invitation, Membership, NewInvitation, NewOrganisation, OrgFilter, Organisation, Page,
    StoreResult, Verification,
};
use crate::domain::{OrgNumber, Role};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
pub trait OrganisationStore: Send + Sync {
    /// Creates the organisation and makes `creator` its first admin, atomically.
    async fn create_organisation(
        &self,
        org: &NewOrganisation,
        creator: i64,
    ) -> StoreResult<(Organisation, Membership)>;
    async fn organisation(&self, id: i64) -> StoreResult<Option<Organisation>>;
    async fn organisations(&self, filter: &OrgFilter, page: Page)
        -> StoreResult<Vec<Organisation>>;
    /// A verified organisation registered with this number, if any (the oldest verified).
    async fn verified_holder_of(&self, number: &OrgNumber) -> StoreResult<Option<Organisation>>;
    /// Sets (`Some`) or withdraws (`None`) an administrator's verification.
    async fn set_verification(
        &self,
        org_id: i64,
        verification: Option<&Verification>,
    ) -> StoreResult<Organisation>;

    async fn membership(&self, org_id: i64, user_id: i64) -> StoreResult<Option<Membership>>;
    async fn memberships_of_user(&self, user_id: i64) -> StoreResult<Vec<Membership>>;
    async fn members(&self, org_id: i64, page: Page) -> StoreResult<Vec<Membership>>;
    /// Fails with [`StoreError::LastAdmin`](super::StoreError::LastAdmin) when it would demote the only admin.
    async fn change_role(&self, org_id: i64, user_id: i64, role: Role) -> StoreResult<Membership>;
    /// Fails with [`StoreError::LastAdmin`](super::StoreError::LastAdmin) when it would remove the only admin.
    async fn remove_member(&self, org_id: i64, user_id: i64) -> StoreResult<Membership>;

    async fn create_invitation(&self, invitation: &NewInvitation) -> StoreResult<Invitation>;
    async fn invitation(&self, id: i64) -> StoreResult<Option<Invitation>>;
    async fn invitation_by_hash(&self, token_hash: &str) -> StoreResult<Option<Invitation>>;
    /// Invitations of the organisation not yet accepted or revoked.
    async fn open_invitations(&self, org_id: i64) -> StoreResult<Vec<Invitation>>;
    /// Marks the invitation used and adds the membership in one transaction, so an invitation
    /// is used once even when accepted twice at the same moment.
    async fn accept_invitation(
        &self,
        invitation_id: i64,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Membership>;
    async fn revoke_invitation(&self, invitation_id: i64, now: DateTime<Utc>) -> StoreResult<()>;
}
