//! Accounts, sessions and API tokens (`AccountStore`).

use super::email_links::{end_api_token, end_credential_by_hash};
use super::DbStore;
use crate::domain::{Email, PasswordHash};
use crate::store::records::*;
use crate::store::rows::*;
use crate::store::*;
use chrono::{DateTime, Utc};

#[async_trait::async_trait]
impl AccountStore for DbStore {
    async fn create_user(&self, user: &NewUser) -> StoreResult<User> {
        let sql = format!(
            "INSERT INTO users (email, name, password_hash, is_platform_admin, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {USER_COLUMNS}"
        );
        let row: UserRow = sqlx::query_as(&sql)
            .bind(user.email.as_str())
            .bind(user.name.as_str())
            .bind(&user.password_hash.0)
            .bind(user.is_platform_admin)
            .bind(user.created_at)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.into())
    }

    async fn user(&self, id: i64) -> StoreResult<Option<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        let row: Option<UserRow> = sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(User::from))
    }

    async fn user_for_login(&self, email: &Email) -> StoreResult<Option<(User, PasswordHash)>> {
        // An erased account opens for nobody, not even by a reset link to its
        // placeholder address.
        let sql = format!(
            "SELECT {USER_COLUMNS}, password_hash FROM users WHERE email = $1 AND deleted_at IS \
             NULL"
        );
        let row: Option<LoginRow> = sqlx::query_as(&sql)
            .bind(email.as_str())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| (r.user.into(), PasswordHash(r.password_hash))))
    }

    async fn create_credential(&self, c: &NewCredential) -> StoreResult<Credential> {
        let sql = format!(
            "INSERT INTO credentials (user_id, kind, name, token_hash, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING {CREDENTIAL_COLUMNS}"
        );
        let row: CredentialRow = sqlx::query_as(&sql)
            .bind(c.user_id)
            .bind(c.kind.as_stored())
            .bind(&c.name)
            .bind(&c.token_hash)
            .bind(c.created_at)
            .bind(c.expires_at)
            .fetch_one(&self.pool)
            .await?;
        row.try_into()
    }

    async fn credential_by_hash(
        &self,
        token_hash: &str,
    ) -> StoreResult<Option<(Credential, User)>> {
        let sql = format!("SELECT {CREDENTIAL_COLUMNS} FROM credentials WHERE token_hash = $1");
        let Some(row) = sqlx::query_as::<_, CredentialRow>(&sql)
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let credential = Credential::try_from(row)?;
        let user = self
            .user(credential.user_id)
            .await?
            .ok_or(StoreError::NotFound("user"))?;
        Ok(Some((credential, user)))
    }

    async fn delete_credential_by_hash(&self, token_hash: &str) -> StoreResult<()> {
        end_credential_by_hash(&self.pool, token_hash, Utc::now()).await
    }

    async fn revoke_api_token(&self, user_id: i64, credential_id: i64) -> StoreResult<bool> {
        end_api_token(&self.pool, user_id, credential_id, Utc::now()).await
    }

    async fn api_tokens(&self, user_id: i64) -> StoreResult<Vec<Credential>> {
        let sql = format!(
            "SELECT {CREDENTIAL_COLUMNS} FROM credentials WHERE user_id = $1 AND \
             kind = 'api_token' ORDER BY id"
        );
        let rows: Vec<CredentialRow> = sqlx::query_as(&sql)
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?;
        all(rows)
    }

    async fn delete_expired_credentials(&self, now: DateTime<Utc>) -> StoreResult<u64> {
        let done = sqlx::query(
            "DELETE FROM credentials WHERE expires_at IS NOT NULL AND expires_at <= $1",
        )
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }
}
