//! Organisations, memberships and invitations (`OrganisationStore`), with the last-admin rule
//! kept inside the transaction that changes a membership.

use super::profiles::queue_for_search;
use super::{begin_write, lock_organisation, Db, DbStore};
use crate::domain::Role;
use crate::store::records::*;
use crate::store::rows::*;
use crate::store::*;
use chrono::{DateTime, Utc};
use sqlx::Transaction;

async fn fetch_membership(
    tx: &mut Transaction<'_, Db>,
    org_id: i64,
    user_id: i64,
) -> StoreResult<Membership> {
    let sql = format!(
        "SELECT {MEMBERSHIP_COLUMNS} FROM memberships WHERE organisation_id = $1 AND user_id = $2"
    );
    let row: Option<MembershipRow> = sqlx::query_as(&sql)
        .bind(org_id)
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await?;
    row.ok_or(StoreError::NotFound("membership"))?.try_into()
}

/// Fails with [`StoreError::LastAdmin`] when `member` is the organisation's only admin.
async fn ensure_other_admin(tx: &mut Transaction<'_, Db>, member: &Membership) -> StoreResult<()> {
    if member.role != Role::Admin {
        return Ok(());
    }
    let admins: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships WHERE organisation_id = $1 AND role = 'ADMIN'",
    )
    .bind(member.organisation_id)
    .fetch_one(&mut **tx)
    .await?;
    if admins <= 1 {
        return Err(StoreError::LastAdmin);
    }
    Ok(())
}

#[async_trait::async_trait]
impl OrganisationStore for DbStore {
    async fn create_organisation(
        &self,
        org: &NewOrganisation,
        creator: i64,
    ) -> StoreResult<(Organisation, Membership)> {
        let mut tx = begin_write(&self.pool).await?;
        let sql = format!(
            "INSERT INTO organisations (kind, name, country, org_number, region, website, \
             description, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {ORG_COLUMNS}"
        );
        let row: OrgRow = sqlx::query_as(&sql)
            .bind(org.kind.as_stored())
            .bind(&org.name)
            .bind(org.org_number.country().code())
            .bind(org.org_number.as_str())
            .bind(&org.region)
            .bind(&org.website)
            .bind(&org.description)
            .bind(org.created_at)
            .fetch_one(&mut *tx)
            .await?;
        let organisation = Organisation::try_from(row)?;
        let sql = format!(
            "INSERT INTO memberships (organisation_id, user_id, role, created_at) \
             VALUES ($1, $2, 'ADMIN', $3) RETURNING {MEMBERSHIP_COLUMNS}"
        );
        let row: MembershipRow = sqlx::query_as(&sql)
            .bind(organisation.id)
            .bind(creator)
            .bind(org.created_at)
            .fetch_one(&mut *tx)
            .await?;
        let membership = Membership::try_from(row)?;
        queue_for_search(&mut tx, organisation.id, org.created_at).await?;
        tx.commit().await?;
        Ok((organisation, membership))
    }

    async fn organisation(&self, id: i64) -> StoreResult<Option<Organisation>> {
        let sql = format!("SELECT {ORG_COLUMNS} FROM organisations WHERE id = $1");
        let row: Option<OrgRow> = sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(Organisation::try_from).transpose()
    }

    async fn organisations(
        &self,
        filter: &OrgFilter,
        page: Page,
    ) -> StoreResult<Vec<Organisation>> {
        let sql = format!(
            "SELECT {ORG_COLUMNS} FROM organisations WHERE id > $1 AND ($2 IS NULL OR kind = $2) \
             AND ($4 IS NULL OR (verified_at IS NOT NULL) = $4 OR (NOT $4 AND \
             wise_figures_changed_at IS NOT NULL)) \
             ORDER BY id LIMIT $3"
        );
        let rows: Vec<OrgRow> = sqlx::query_as(&sql)
            .bind(page.after())
            .bind(filter.kind.map(|k| k.as_stored()))
            .bind(page.limit())
            .bind(filter.verified)
            .fetch_all(&self.pool)
            .await?;
        all(rows)
    }

    async fn verified_holder_of(
        &self,
        number: &crate::domain::OrgNumber,
    ) -> StoreResult<Option<Organisation>> {
        let sql = format!(
            "SELECT {ORG_COLUMNS} FROM organisations WHERE country = $1 AND org_number = $2 \
             AND verified_at IS NOT NULL ORDER BY verified_at, id LIMIT 1"
        );
        let row: Option<OrgRow> = sqlx::query_as(&sql)
            .bind(number.country().code())
            .bind(number.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.map(Organisation::try_from).transpose()
    }

    async fn set_verification(
        &self,
        org_id: i64,
        v: Option<&Verification>,
    ) -> StoreResult<Organisation> {
        let sql = format!(
            "UPDATE organisations SET verified_by = $2, verified_at = $3, verification_evidence = \
             $4, \
             verified_wise_share = $5, verified_wise_measured_on = $6, wise_figures_changed_at = \
             NULL \
             WHERE id = $1 RETURNING {ORG_COLUMNS}"
        );
        let mut tx = begin_write(&self.pool).await?;
        let row: Option<OrgRow> = sqlx::query_as(&sql)
            .bind(org_id)
            .bind(v.map(|v| v.verified_by))
            .bind(v.map(|v| v.verified_at))
            .bind(v.map(|v| v.evidence.as_str()))
            .bind(
                v.and_then(|v| v.wise_figures)
                    .map(|f| i32::from(f.share_percent)),
            )
            .bind(v.and_then(|v| v.wise_figures).map(|f| f.measured_on))
            .fetch_optional(&mut *tx)
            .await?;
        let organisation: Organisation = row
            .ok_or(StoreError::NotFound("organisation"))?
            .try_into()?;
        // Verification changes what search shows (verified WISE, res-ws eligibility).
        queue_for_search(&mut tx, org_id, chrono::Utc::now()).await?;
        tx.commit().await?;
        Ok(organisation)
    }

    async fn membership(&self, org_id: i64, user_id: i64) -> StoreResult<Option<Membership>> {
        let sql = format!(
            "SELECT {MEMBERSHIP_COLUMNS} FROM memberships WHERE organisation_id = \
             $1 AND user_id = $2"
        );
        let row: Option<MembershipRow> = sqlx::query_as(&sql)
            .bind(org_id)
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(Membership::try_from).transpose()
    }

    async fn memberships_of_user(&self, user_id: i64) -> StoreResult<Vec<Membership>> {
        let sql =
            format!("SELECT {MEMBERSHIP_COLUMNS} FROM memberships WHERE user_id = $1 ORDER BY id");
        let rows: Vec<MembershipRow> = sqlx::query_as(&sql)
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?;
        all(rows)
    }

    async fn members(&self, org_id: i64, page: Page) -> StoreResult<Vec<Membership>> {
        let sql = format!(
            "SELECT {MEMBERSHIP_COLUMNS} FROM memberships WHERE organisation_id = $1 AND id > $2 \
             ORDER BY id LIMIT $3"
        );
        let rows: Vec<MembershipRow> = sqlx::query_as(&sql)
            .bind(org_id)
            .bind(page.after())
            .bind(page.limit())
            .fetch_all(&self.pool)
            .await?;
        all(rows)
    }

    async fn change_role(&self, org_id: i64, user_id: i64, role: Role) -> StoreResult<Membership> {
        let mut tx = begin_write(&self.pool).await?;
        lock_organisation(&mut tx, org_id).await?;
        let mut member = fetch_membership(&mut tx, org_id, user_id).await?;
        if role != Role::Admin {
            ensure_other_admin(&mut tx, &member).await?;
        }
        sqlx::query("UPDATE memberships SET role = $1 WHERE id = $2")
            .bind(role.as_stored())
            .bind(member.id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        member.role = role;
        Ok(member)
    }

    async fn remove_member(&self, org_id: i64, user_id: i64) -> StoreResult<Membership> {
        let mut tx = begin_write(&self.pool).await?;
        lock_organisation(&mut tx, org_id).await?;
        let member = fetch_membership(&mut tx, org_id, user_id).await?;
        ensure_other_admin(&mut tx, &member).await?;
        sqlx::query("DELETE FROM memberships WHERE id = $1")
            .bind(member.id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(member)
    }

    async fn create_invitation(&self, inv: &NewInvitation) -> StoreResult<Invitation> {
        let sql = format!(
            "INSERT INTO invitations (organisation_id, email, role, token_hash, invited_by, \
             created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {INVITATION_COLUMNS}"
        );
        let row: InvitationRow = sqlx::query_as(&sql)
            .bind(inv.organisation_id)
            .bind(inv.email.as_str())
            .bind(inv.role.as_stored())
            .bind(&inv.token_hash)
            .bind(inv.invited_by)
            .bind(inv.created_at)
            .bind(inv.expires_at)
            .fetch_one(&self.pool)
            .await?;
        row.try_into()
    }

    async fn invitation(&self, id: i64) -> StoreResult<Option<Invitation>> {
        let sql = format!("SELECT {INVITATION_COLUMNS} FROM invitations WHERE id = $1");
        let row: Option<InvitationRow> = sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(Invitation::try_from).transpose()
    }

    async fn invitation_by_hash(&self, token_hash: &str) -> StoreResult<Option<Invitation>> {
        let sql = format!("SELECT {INVITATION_COLUMNS} FROM invitations WHERE token_hash = $1");
        let row: Option<InvitationRow> = sqlx::query_as(&sql)
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?;
        row.map(Invitation::try_from).transpose()
    }

    async fn open_invitations(&self, org_id: i64) -> StoreResult<Vec<Invitation>> {
        let sql = format!(
            "SELECT {INVITATION_COLUMNS} FROM invitations \
             WHERE organisation_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL ORDER BY id"
        );
        let rows: Vec<InvitationRow> = sqlx::query_as(&sql)
            .bind(org_id)
            .fetch_all(&self.pool)
            .await?;
        all(rows)
    }

    async fn accept_invitation(
        &self,
        invitation_id: i64,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Membership> {
        let mut tx = begin_write(&self.pool).await?;
        let role: Option<String> = sqlx::query_scalar(
            "UPDATE invitations SET accepted_at = $1, accepted_by = $2 \
             WHERE id = $3 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1 \
             RETURNING role",
        )
        .bind(now)
        .bind(user_id)
        .bind(invitation_id)
        .fetch_optional(&mut *tx)
        .await?;
        // Used, revoked or expired since the caller looked: the invitation no longer works.
        let role = role.ok_or(StoreError::Conflict(
            crate::store::Constraint::InvitationAnswer,
        ))?;
        let org_id: i64 =
            sqlx::query_scalar("SELECT organisation_id FROM invitations WHERE id = $1")
                .bind(invitation_id)
                .fetch_one(&mut *tx)
                .await?;
        let sql = format!(
            "INSERT INTO memberships (organisation_id, user_id, role, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING {MEMBERSHIP_COLUMNS}"
        );
        let row: MembershipRow = sqlx::query_as(&sql)
            .bind(org_id)
            .bind(user_id)
            .bind(role)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        let membership = Membership::try_from(row)?;
        tx.commit().await?;
        Ok(membership)
    }

    async fn revoke_invitation(&self, invitation_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND accepted_at IS NULL AND \
             revoked_at IS NULL",
        )
        .bind(now)
        .bind(invitation_id)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("open invitation"));
        }
        Ok(())
    }
}
