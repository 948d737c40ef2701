//! One-time links sent by e-mail, and ending sessions and tokens (`EmailLinkStore`).

use super::events::insert_event;
use super::{begin_write, Db, DbStore};
use crate::store::email_links::*;
use crate::store::*;
use chrono::{DateTime, Utc};
use sqlx::{Pool, Transaction};

/// Marks an unused, unexpired link of this purpose used; its person, when it still has the
/// address the link went to.
async fn use_link(
    tx: &mut Transaction<'static, Db>,
    token_hash: &str,
    purpose: LinkPurpose,
    now: DateTime<Utc>,
) -> StoreResult<Option<i64>> {
    let used: Option<i64> = sqlx::query_scalar(
        "UPDATE email_links SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 \
         AND used_at IS NULL AND expires_at > $1 \
         AND email = (SELECT u.email FROM users u WHERE u.id = email_links.user_id) \
         RETURNING user_id",
    )
    .bind(now)
    .bind(token_hash)
    .bind(purpose.as_stored())
    .fetch_optional(&mut **tx)
    .await?;
    Ok(used)
}

/// Logs that each credential ended, so that open websockets using one close on every
/// replica.
pub(super) async fn log_ended(
    tx: &mut Transaction<'static, Db>,
    ended: &[(i64, i64)],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    for (credential_id, user_id) in ended {
        let payload = EventPayload::CredentialEnded {
            credential_id: *credential_id,
        };
        insert_event(tx, Some(*user_id), None, &payload, now).await?;
    }
    Ok(())
}

/// Ends the session or token with this hash (logout).
pub(super) async fn end_credential_by_hash(
    pool: &Pool<Db>,
    token_hash: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let mut tx = begin_write(pool).await?;
    let ended: Vec<(i64, i64)> =
        sqlx::query_as("DELETE FROM credentials WHERE token_hash = $1 RETURNING id, user_id")
            .bind(token_hash)
            .fetch_all(&mut *tx)
            .await?;
    log_ended(&mut tx, &ended, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Revokes one of the person's API tokens; false when they have no such token.
pub(super) async fn end_api_token(
    pool: &Pool<Db>,
    user_id: i64,
    credential_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let mut tx = begin_write(pool).await?;
    let ended: Vec<(i64, i64)> = sqlx::query_as(
        "DELETE FROM credentials WHERE id = $1 AND user_id = $2 AND kind = 'api_token' RETURNING \
         id, user_id",
    )
    .bind(credential_id)
    .bind(user_id)
    .fetch_all(&mut *tx)
    .await?;
    log_ended(&mut tx, &ended, now).await?;
    tx.commit().await?;
    Ok(ended.len() == 1)
}

#[async_trait::async_trait]
impl EmailLinkStore for DbStore {
    async fn create_email_link(&self, link: &NewEmailLink) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO email_links (user_id, purpose, email, token_hash, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(link.user_id)
        .bind(link.purpose.as_stored())
        .bind(&link.email)
        .bind(&link.token_hash)
        .bind(link.created_at)
        .bind(link.expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn email_links_since(
        &self,
        user_id: i64,
        purpose: LinkPurpose,
        since: DateTime<Utc>,
    ) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM email_links WHERE user_id = $1 AND purpose = $2 AND created_at \
             > $3",
        )
        .bind(user_id)
        .bind(purpose.as_stored())
        .bind(since)
        .fetch_one(&self.pool)
        .await?)
    }

    async fn verify_email_by_link(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<i64>> {
        let mut tx = begin_write(&self.pool).await?;
        let Some(user_id) = use_link(&mut tx, token_hash, LinkPurpose::VerifyEmail, now).await?
        else {
            return Ok(None);
        };
        sqlx::query("UPDATE users SET email_verified_at = $1 WHERE id = $2")
            .bind(now)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(user_id))
    }

    async fn reset_password_by_link(
        &self,
        token_hash: &str,
        password_hash: &crate::domain::PasswordHash,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(i64, Vec<i64>)>> {
        let mut tx = begin_write(&self.pool).await?;
        let Some(user_id) = use_link(&mut tx, token_hash, LinkPurpose::ResetPassword, now).await?
        else {
            return Ok(None);
        };
        // Reading the link proves the address too.
        sqlx::query("UPDATE users SET password_hash = $1, email_verified_at = $2 WHERE id = $3")
            .bind(&password_hash.0)
            .bind(now)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        let ended: Vec<i64> =
            sqlx::query_scalar("DELETE FROM credentials WHERE user_id = $1 RETURNING id")
                .bind(user_id)
                .fetch_all(&mut *tx)
                .await?;
        let pairs: Vec<(i64, i64)> = ended.iter().map(|id| (*id, user_id)).collect();
        log_ended(&mut tx, &pairs, now).await?;
        tx.commit().await?;
        Ok(Some((user_id, ended)))
    }

    async fn mark_email_verified(&self, user_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE users SET email_verified_at = $1 WHERE id = $2")
            .bind(now)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
