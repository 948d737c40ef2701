//! Trust between people and organisations: e-mail verification and password reset links, and
//! a co-buyer's consent to be named on another buyer's need.

use super::accounts::UserNode;
use super::ids::{self, NodeType};
use super::organisations::OrganisationNode;
use super::{request_info, services, viewer};
use crate::error::AppResult;
use crate::store::Need;
use async_graphql::{Context, InputObject, Object, ID};
use chrono::{DateTime, Utc};

/// Another buyer asks an organisation to be co-buyer of its need.
pub struct CoBuyerRequestNode {
    pub need: Need,
    pub requested_at: DateTime<Utc>,
}

#[Object(name = "CoBuyerRequest")]
impl CoBuyerRequestNode {
    /// The need's id (it may still be a draft, which only its buyer side can open).
    async fn need_id(&self) -> ID {
        NodeType::Need.id(self.need.id)
    }
    async fn title(&self) -> &str {
        &self.need.content.title
    }
    /// The organisation that asks.
    async fn buyer(&self, ctx: &Context<'_>) -> AppResult<OrganisationNode> {
        Ok(OrganisationNode(
            services(ctx)?.organisation(self.need.buyer_id).await?,
        ))
    }
    async fn requested_at(&self) -> DateTime<Utc> {
        self.requested_at
    }
}

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

    /// An admin of the organisation accepts (the organisation is then named as co-buyer, in
    /// open data too, and its members may edit the need) or declines another buyer's request.
    async fn answer_co_buyer_request(
        &self,
        ctx: &Context<'_>,
        need_id: ID,
        organisation_id: ID,
        accept: bool,
    ) -> AppResult<bool> {
        let need = ids::decode_as(&need_id, NodeType::Need, "needId")?;
        let org = ids::decode_as(&organisation_id, NodeType::Organisation, "organisationId")?;
        services(ctx)?
            .answer_co_buyer_request(viewer(ctx), need, org, accept)
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
