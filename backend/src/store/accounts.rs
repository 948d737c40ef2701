//! People and their ways in: accounts, sessions and API tokens.

use super::{Credential, NewCredential, NewUser, StoreResult, User};
use crate::domain::{Email, PasswordHash};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
pub trait AccountStore: Send + Sync {
    async fn create_user(&self, user: &NewUser) -> StoreResult<User>;
    async fn user(&self, id: i64) -> StoreResult<Option<User>>;
    /// The user and password hash for a login attempt; never an erased account.
    async fn user_for_login(&self, email: &Email) -> StoreResult<Option<(User, PasswordHash)>>;

    async fn create_credential(&self, credential: &NewCredential) -> StoreResult<Credential>;
    /// The credential with this token hash and its owner, expired or not.
    async fn credential_by_hash(&self, token_hash: &str)
        -> StoreResult<Option<(Credential, User)>>;
    async fn delete_credential_by_hash(&self, token_hash: &str) -> StoreResult<()>;
    /// Revokes one of the user's API tokens; false when the user has no such token.
    async fn revoke_api_token(&self, user_id: i64, credential_id: i64) -> StoreResult<bool>;
    async fn api_tokens(&self, user_id: i64) -> StoreResult<Vec<Credential>>;
    /// Deletes sessions and tokens whose expiry has passed; returns how many.
    async fn delete_expired_credentials(&self, now: DateTime<Utc>) -> StoreResult<u64>;
}
