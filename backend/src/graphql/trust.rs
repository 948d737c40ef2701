//! Trust between people and organisations: e-mail verification and password reset links, and
//! a co-buyer's consent to be named on another buyer's need.

use super::types::UserNode;
use super::{request_info, services, viewer};
use crate::error::AppResult;
use async_graphql::{Context, InputObject, Object};

#[derive(Default)]
pub struct TrustMutation;

#[derive(InputObject)]
pub struct VerifyEmailInput {
    /// The `token` from the link in the e-mail.
    pub token: String,
}

#[derive(InputObject)]
pub struct RequestPasswordResetInput {
    pub email: String,
}

#[derive(InputObject)]
pub struct ResetPasswordInput {
    /// The `token` from the link in the e-mail.
    pub token: String,
    /// At least 10 characters.
    pub password: String,
}

#[Object]
impl TrustMutation {
    /// E-mails the signed-in person a link that confirms their address (single use, 48 hours;
    /// at most 5 an hour). Registering sends one too. Nothing is sent once it is confirmed.
    async fn request_email_verification(&self, ctx: &Context<'_>) -> AppResult<bool> {
        services(ctx)?
            .request_email_verification(viewer(ctx))
            .await?;
        Ok(true)
    }

    /// Confirms an e-mail address with the token from the link; no sign-in needed.
    async fn verify_email(
        &self,
        ctx: &Context<'_>,
        input: VerifyEmailInput,
    ) -> AppResult<UserNode> {
        let user = services(ctx)?.verify_email(&input.token).await?;
        Ok(UserNode::new(user))
    }

    /// E-mails a password reset link (single use, 1 hour) if an account has this address. The
    /// answer is `true` either way, so it tells nobody which addresses have accounts.
    async fn request_password_reset(
        &self,
        ctx: &Context<'_>,
        input: RequestPasswordResetInput,
    ) -> AppResult<bool> {
        services(ctx)?
            .request_password_reset(request_info(ctx).client, &input.email)
            .await?;
        Ok(true)
    }

    /// Sets a new password with the token from a reset link. Every session and API token of
    /// the account ends (open websockets close with 4403); sign in again with the new password.
    async fn reset_password(
        &self,
        ctx: &Context<'_>,
        input: ResetPasswordInput,
    ) -> AppResult<bool> {
        services(ctx)?
            .reset_password(&input.token, &input.password)
            .await?;
        Ok(true)
    }
}
