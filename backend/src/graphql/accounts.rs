//! Accounts: registering, signing in and out, the signed-in person (`me`), their e-mail
//! preference and API tokens.

use super::ids::{self, NodeType};
use super::organisations::MembershipNode;
use super::types::{connection, page};
use super::{request_info, services, viewer};
use crate::auth::session_cookie;
use crate::error::AppResult;
use crate::services::{NewAccount, OwnAccount, Services, SignedIn};
use crate::store::{self, Credential, User};
use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, InputObject, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};

#[derive(Default)]
pub struct AccountQuery;

#[Object]
impl AccountQuery {
    /// The signed-in person, or `null`.
    async fn me(&self, ctx: &Context<'_>) -> Option<UserNode> {
        match viewer(ctx) {
            crate::auth::Viewer::User { user, .. } => Some(UserNode::own(user.clone())),
            crate::auth::Viewer::Anonymous => None,
        }
    }
}

#[derive(Default)]
pub struct AccountMutation;

#[Object]
impl AccountMutation {
    /// Creates an account and signs it in.
    async fn register(&self, ctx: &Context<'_>, input: RegisterInput) -> AppResult<AuthPayload> {
        let services = services(ctx)?;
        let account = NewAccount {
            email: &input.email,
            name: &input.name,
            password: &input.password,
        };
        let signed_in = services.register(request_info(ctx).client, account).await?;
        Ok(set_session_cookie(ctx, services, signed_in))
    }

    async fn login(&self, ctx: &Context<'_>, input: LoginInput) -> AppResult<AuthPayload> {
        let services = services(ctx)?;
        let signed_in = services
            .login(request_info(ctx).client, &input.email, &input.password)
            .await?;
        Ok(set_session_cookie(ctx, services, signed_in))
    }

    /// Ends this browser session.
    /// Chooses how notifications reach you by e-mail: immediately, a daily digest, or off.
    async fn set_email_notifications(
        &self,
        ctx: &Context<'_>,
        preference: super::accounts::EmailPreference,
    ) -> AppResult<super::accounts::EmailPreference> {
        let set = services(ctx)?
            .set_email_preference(viewer(ctx), preference.into())
            .await?;
        Ok(set.into())
    }

    async fn logout(&self, ctx: &Context<'_>) -> AppResult<bool> {
        let services = services(ctx)?;
        services
            .logout(request_info(ctx).session_token.as_deref())
            .await?;
        ctx.append_http_header(
            "set-cookie",
            session_cookie(None, services.config.secure_cookies()),
        );
        Ok(true)
    }

    async fn create_api_token(
        &self,
        ctx: &Context<'_>,
        input: CreateApiTokenInput,
    ) -> AppResult<CreateApiTokenPayload> {
        let (credential, token) = services(ctx)?
            .create_api_token(viewer(ctx), &input.name)
            .await?;
        Ok(CreateApiTokenPayload {
            token,
            api_token: ApiTokenNode(credential),
        })
    }

    async fn revoke_api_token(&self, ctx: &Context<'_>, id: ID) -> AppResult<bool> {
        let number = ids::decode_as(&id, NodeType::ApiToken, "id")?;
        services(ctx)?.revoke_api_token(viewer(ctx), number).await?;
        Ok(true)
    }
}

#[derive(InputObject)]
pub struct RegisterInput {
    pub email: String,
    pub name: String,
    /// At least 10 characters.
    pub password: String,
}

#[derive(InputObject)]
pub struct LoginInput {
    pub email: String,
    pub password: String,
}

/// The signed-in person; the session travels in an HttpOnly cookie.
#[derive(SimpleObject)]
pub struct AuthPayload {
    pub user: UserNode,
}

#[derive(InputObject)]
pub struct CreateApiTokenInput {
    /// What the token is for, such as "CI export".
    pub name: String,
}

#[derive(SimpleObject)]
pub struct CreateApiTokenPayload {
    /// The secret, shown this once: send it as `Authorization: Bearer <token>`.
    pub token: String,
    pub api_token: ApiTokenNode,
}

/// Hands the new session to the browser as a cookie.
fn set_session_cookie(ctx: &Context<'_>, services: &Services, signed_in: SignedIn) -> AuthPayload {
    ctx.append_http_header(
        "set-cookie",
        session_cookie(
            Some(&signed_in.session_token),
            services.config.secure_cookies(),
        ),
    );
    AuthPayload {
        user: UserNode::own(signed_in.user),
    }
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "store::EmailPreference")]
pub enum EmailPreference {
    /// One e-mail per notification, within a minute.
    Immediate,
    /// One digest a day.
    Daily,
    Off,
}

/// A person with an account.
pub struct UserNode {
    pub user: User,
    /// Set when the person is the one who just signed in or registered, before the request
    /// carries their session.
    pub own: bool,
}

impl UserNode {
    pub fn new(user: User) -> Self {
        Self { user, own: false }
    }

    pub fn own(user: User) -> Self {
        Self { user, own: true }
    }

    fn is_viewer(&self, ctx: &Context<'_>) -> bool {
        self.own || viewer(ctx).user_id() == Some(self.user.id)
    }
}

#[Object(name = "User")]
impl UserNode {
    pub async fn id(&self) -> ID {
        NodeType::User.id(self.user.id)
    }

    async fn name(&self) -> &str {
        &self.user.name
    }

    /// Shown to the person themselves, colleagues in a shared organisation and platform
    /// administrators; `null` to everyone else.
    async fn email(&self, ctx: &Context<'_>) -> AppResult<Option<&str>> {
        let visible = self.is_viewer(ctx)
            || services(ctx)?
                .can_see_user_details(viewer(ctx), self.user.id)
                .await?;
        Ok(visible.then_some(self.user.email.as_str()))
    }

    async fn is_platform_admin(&self) -> bool {
        self.user.is_platform_admin
    }

    /// Whether the person confirmed their e-mail address with a link; shown to the person
    /// alone (`null` to everyone else). Accepting an invitation needs a confirmed address.
    async fn email_verified(&self, ctx: &Context<'_>) -> Option<bool> {
        self.is_viewer(ctx)
            .then_some(self.user.email_verified_at.is_some())
    }

    /// How the person gets notifications by e-mail; only readable by the person.
    async fn email_notifications(&self, ctx: &Context<'_>) -> AppResult<EmailPreference> {
        let services = services(ctx)?;
        let own = self.own_account(services, ctx)?;
        Ok(services.own_email_preference(&own).await?.into())
    }

    /// The person's organisations; only readable by the person.
    async fn memberships(&self, ctx: &Context<'_>) -> AppResult<Vec<MembershipNode>> {
        let services = services(ctx)?;
        let memberships = services
            .own_memberships(&self.own_account(services, ctx)?)
            .await?;
        Ok(memberships.into_iter().map(MembershipNode).collect())
    }

    /// The person's personal API tokens (never the secrets); only readable by the person.
    async fn api_tokens(&self, ctx: &Context<'_>) -> AppResult<Vec<ApiTokenNode>> {
        let services = services(ctx)?;
        let tokens = services
            .own_api_tokens(&self.own_account(services, ctx)?)
            .await?;
        Ok(tokens.into_iter().map(ApiTokenNode).collect())
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.user.created_at
    }

    /// The person's saved need searches; only readable by the person.
    async fn saved_searches(
        &self,
        ctx: &Context<'_>,
    ) -> AppResult<Vec<super::need_types::SavedSearchNode>> {
        let services = services(ctx)?;
        let searches = services
            .own_saved_searches(&self.own_account(services, ctx)?)
            .await?;
        Ok(searches
            .into_iter()
            .map(super::need_types::SavedSearchNode)
            .collect())
    }

    /// In-app notifications, newest first; only readable by the person.
    #[graphql(complexity = "first.clamp(1, 100) as usize * child_complexity")]
    async fn notifications(
        &self,
        ctx: &Context<'_>,
        first: i32,
        after: Option<String>,
    ) -> AppResult<Connection<String, super::need_types::NotificationNode>> {
        let services = services(ctx)?;
        let own = self.own_account(services, ctx)?;
        let page = page(first, after.as_deref())?;
        let rows = services.own_notifications(&own, page).await?;
        Ok(connection(
            page,
            rows.into_iter()
                .map(super::need_types::NotificationNode)
                .collect(),
            |n| n.0.id,
        ))
    }

    async fn unread_notification_count(&self, ctx: &Context<'_>) -> AppResult<i64> {
        let services = services(ctx)?;
        services
            .own_unread_notification_count(&self.own_account(services, ctx)?)
            .await
    }
}

impl UserNode {
    /// Leave to read the person's own data; only the person themselves has it.
    fn own_account(&self, services: &Services, ctx: &Context<'_>) -> AppResult<OwnAccount> {
        services.own_account(viewer(ctx), self.user.id, self.own)
    }
}

/// A personal API token; the secret itself is shown once, when it is created.
pub struct ApiTokenNode(pub Credential);

#[Object(name = "ApiToken")]
impl ApiTokenNode {
    async fn id(&self) -> ID {
        NodeType::ApiToken.id(self.0.id)
    }

    async fn name(&self) -> Option<&str> {
        self.0.name.as_deref()
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}
