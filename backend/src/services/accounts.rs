//! Accounts: registration, sign-in, sessions and personal API tokens.

use super::Services;
use crate::auth::{self, new_secret, SecretKind, Viewer, SESSION_LIFETIME};
use crate::domain::{Email, Password, PasswordHash, PersonName};
use crate::error::{AppError, AppResult};
use crate::store::{
    Credential, CredentialKind, EmailPreference, Membership, NewCredential, NewUser, SavedSearch,
    StoreError, User,
};
use chrono::Utc;
use std::net::IpAddr;

/// Registration input as typed.
pub struct NewAccount<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub password: &'a str,
}

/// A started session: the user and the cookie value to hand to the browser once.
pub struct SignedIn {
    pub user: User,
    pub session_token: String,
}

impl Services {
    /// Creates an account and signs it in.
    pub async fn register(&self, client: IpAddr, input: NewAccount<'_>) -> AppResult<SignedIn> {
        self.limiter
            .check_registration(client, &input.email.trim().to_lowercase())?;
        let user = self.create_user(input, false).await?;
        // The address is proved by the link; an account works without it until it needs a
        // verified address (accepting an invitation).
        if let Err(err) = self
            .send_email_link(&user, crate::store::LinkPurpose::VerifyEmail)
            .await
        {
            tracing::warn!(
                user = user.id,
                code = err.code(),
                "could not send the verification e-mail"
            );
        }
        self.start_session(user).await
    }

    /// Creates a platform administrator (from the shell: `samspill admin create`).
    /// The operator vouches for the address, so it counts as verified.
    pub async fn create_platform_admin(&self, input: NewAccount<'_>) -> AppResult<User> {
        let user = self.create_user(input, true).await?;
        self.vouch_for_email(user.id).await?;
        Ok(user)
    }

    pub async fn create_user(
        &self,
        input: NewAccount<'_>,
        is_platform_admin: bool,
    ) -> AppResult<User> {
        let email = Email::parse(input.email).map_err(AppError::invalid("email"))?;
        let name = PersonName::parse(input.name).map_err(AppError::invalid("name"))?;
        let password = Password::parse(input.password).map_err(AppError::invalid("password"))?;
        let password_hash = hash_off_thread(password).await?;
        let new = NewUser {
            email,
            name,
            password_hash,
            is_platform_admin,
            created_at: Utc::now(),
        };
        self.store.create_user(&new).await.map_err(|err| match err {
            StoreError::Conflict(_) => AppError::Conflict(
                "An account with this e-mail address already exists. Sign in instead.".into(),
            ),
            other => other.into(),
        })
    }

    /// Checks the password and starts a session. Unknown e-mail and wrong password give the same
    /// answer after the same work, so neither the message nor the timing tells them apart.
    pub async fn login(&self, client: IpAddr, email: &str, password: &str) -> AppResult<SignedIn> {
        let account = email.trim().to_lowercase();
        self.limiter.check_login(client, &account)?;
        let found = match Email::parse(email) {
            Ok(email) => self.store.user_for_login(&email).await?,
            Err(_) => None,
        };
        let password = Password::for_login(password);
        let (user, hash) = match found {
            Some((user, hash)) => (Some(user), Some(hash)),
            None => (None, None),
        };
        let matches = tokio::task::spawn_blocking(move || {
            password.verify(&hash.unwrap_or_else(PasswordHash::dummy))
        })
        .await
        .map_err(|e| AppError::Internal(format!("password check task failed: {e}")))?;
        match user {
            Some(user) if matches => {
                self.limiter.login_succeeded(client, &account);
                self.start_session(user).await
            }
            _ => {
                self.limiter.login_failed(client, &account);
                Err(AppError::Unauthenticated(
                    "The e-mail address or password is incorrect.".into(),
                ))
            }
        }
    }

    async fn start_session(&self, user: User) -> AppResult<SignedIn> {
        let secret = new_secret(SecretKind::Session);
        let now = Utc::now();
        self.store
            .create_credential(&NewCredential {
                user_id: user.id,
                kind: CredentialKind::Session,
                name: None,
                token_hash: secret.hash,
                created_at: now,
                expires_at: Some(now + SESSION_LIFETIME),
            })
            .await?;
        Ok(SignedIn {
            user,
            session_token: secret.plain,
        })
    }

    /// Ends the browser session the request came with (API tokens are revoked separately).
    pub async fn logout(&self, session_token: Option<&str>) -> AppResult<()> {
        if let Some(token) = session_token {
            self.store
                .delete_credential_by_hash(&auth::hash_secret(token))
                .await?;
            // Open websockets that signed in with the session close (see `http::ws`).
            self.events_committed().await;
        }
        Ok(())
    }

    /// Creates a personal API token; the plain token is returned once and never stored.
    pub async fn create_api_token(
        &self,
        viewer: &Viewer,
        name: &str,
    ) -> AppResult<(Credential, String)> {
        let user = viewer.user()?;
        let name = PersonName::parse(name).map_err(|_| {
            AppError::bad_input(
                "name",
                "Give the token a name of at most 100 characters, such as \"CI export\".",
            )
        })?;
        let secret = new_secret(SecretKind::ApiToken);
        let credential = self
            .store
            .create_credential(&NewCredential {
                user_id: user.id,
                kind: CredentialKind::ApiToken,
                name: Some(name.into_inner()),
                token_hash: secret.hash,
                created_at: Utc::now(),
                expires_at: None,
            })
            .await?;
        Ok((credential, secret.plain))
    }

    pub async fn revoke_api_token(&self, viewer: &Viewer, credential_id: i64) -> AppResult<()> {
        let user = viewer.user()?;
        if self.store.revoke_api_token(user.id, credential_id).await? {
            self.events_committed().await;
            Ok(())
        } else {
            Err(AppError::NotFound("API token".into()))
        }
    }
}

async fn hash_off_thread(password: Password) -> AppResult<PasswordHash> {
    tokio::task::spawn_blocking(move || password.hash())
        .await
        .map_err(|e| AppError::Internal(format!("password hashing task failed: {e}")))
}

/// Leave to read a person's own data (memberships, tokens, saved searches, notifications,
/// e-mail preference): the reader is that person. Only [`Services::own_account`] makes one.
pub struct OwnAccount {
    user_id: i64,
}

impl OwnAccount {
    pub(super) fn user_id(&self) -> i64 {
        self.user_id
    }
}

impl Services {
    /// A person's own data is for the person alone: the viewer, or the person who has just
    /// signed in or registered in this request (whose session the request does not carry yet).
    pub fn own_account(
        &self,
        viewer: &Viewer,
        user_id: i64,
        just_signed_in: bool,
    ) -> AppResult<OwnAccount> {
        if just_signed_in || viewer.user_id() == Some(user_id) {
            Ok(OwnAccount { user_id })
        } else {
            Err(AppError::Forbidden(
                "Only the person themselves can see this.".into(),
            ))
        }
    }

    /// The person's personal API tokens (never the secrets).
    pub async fn own_api_tokens(&self, own: &OwnAccount) -> AppResult<Vec<Credential>> {
        Ok(self.store.api_tokens(own.user_id).await?)
    }

    /// The person's memberships.
    pub async fn own_memberships(&self, own: &OwnAccount) -> AppResult<Vec<Membership>> {
        Ok(self.store.memberships_of_user(own.user_id).await?)
    }

    /// The person's e-mail notification choice.
    pub async fn own_email_preference(&self, own: &OwnAccount) -> AppResult<EmailPreference> {
        Ok(self.store.email_preference(own.user_id).await?)
    }

    /// The person's saved need searches.
    pub async fn own_saved_searches(&self, own: &OwnAccount) -> AppResult<Vec<SavedSearch>> {
        Ok(self.store.saved_searches(own.user_id).await?)
    }

    /// A person by id, when the viewer may see them (see [`Services::can_see_user_details`]).
    pub async fn visible_user(&self, viewer: &Viewer, id: i64) -> AppResult<Option<User>> {
        match self.store.user(id).await? {
            Some(user) if self.can_see_user_details(viewer, user.id).await? => Ok(Some(user)),
            _ => Ok(None),
        }
    }

    /// A person by id, for those who already know them (a membership names its person).
    pub async fn user(&self, id: i64) -> AppResult<User> {
        self.store
            .user(id)
            .await?
            .ok_or_else(|| AppError::NotFound("User".into()))
    }

    /// The person shown beside what they wrote or changed (their name, and whether they deleted
    /// their account); `None` for an unknown id. Resolvers show no more of them than that.
    pub async fn author(&self, id: i64) -> AppResult<Option<User>> {
        Ok(self.store.user(id).await?)
    }
}
