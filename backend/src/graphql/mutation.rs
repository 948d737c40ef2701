use super::ids::{self, NodeType};
use super::types::{
    ApiTokenNode, Country, InvitationNode, MembershipNode, OrgKind, OrganisationNode, Role,
    UserNode,
};
use super::{request_info, services, viewer};
use crate::auth::session_cookie;
use crate::error::AppResult;
use crate::services::{NewAccount, OrganisationInput, Services, SignedIn};
use async_graphql::{Context, InputObject, Object, SimpleObject, ID};

pub struct MutationRoot;

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

#[derive(InputObject)]
pub struct CreateOrganisationInput {
    pub kind: OrgKind,
    pub name: String,
    pub country: Country,
    /// Checked against the country's register format and check digit.
    pub organisation_number: String,
    pub region: Option<String>,
    pub website: Option<String>,
    pub description: Option<String>,
}

#[derive(InputObject)]
pub struct InviteMemberInput {
    pub organisation_id: ID,
    pub email: String,
    #[graphql(default_with = "Role::Member")]
    pub role: Role,
}

#[derive(SimpleObject)]
pub struct InviteMemberPayload {
    pub invitation: InvitationNode,
    /// The link that answers the invitation, shown once; pass it on to the invitee.
    pub accept_url: String,
}

#[derive(InputObject)]
pub struct AcceptInvitationInput {
    /// The `token` from the invitation link.
    pub token: String,
}

#[derive(InputObject)]
pub struct ChangeMemberRoleInput {
    pub organisation_id: ID,
    pub user_id: ID,
    pub role: Role,
}

#[derive(InputObject)]
pub struct RemoveMemberInput {
    pub organisation_id: ID,
    pub user_id: ID,
}

#[derive(InputObject)]
pub struct SetOrganisationVerificationInput {
    pub organisation_id: ID,
    pub verified: bool,
    /// What was checked (register entry, certificate such as Skoopi or Social Enterprise UK);
    /// required when verifying.
    pub evidence: Option<String>,
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

#[Object]
impl MutationRoot {
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

    /// Creates an organisation with the caller as its admin. It is unverified until a platform
    /// administrator checks it.
    async fn create_organisation(
        &self,
        ctx: &Context<'_>,
        input: CreateOrganisationInput,
    ) -> AppResult<OrganisationNode> {
        let input = OrganisationInput {
            kind: input.kind.into(),
            name: &input.name,
            country: input.country.into(),
            org_number: &input.organisation_number,
            region: input.region.as_deref(),
            website: input.website.as_deref(),
            description: input.description.as_deref(),
        };
        Ok(OrganisationNode(
            services(ctx)?
                .create_organisation(viewer(ctx), input)
                .await?,
        ))
    }

    /// Invites a person by e-mail (admins only).
    async fn invite_member(
        &self,
        ctx: &Context<'_>,
        input: InviteMemberInput,
    ) -> AppResult<InviteMemberPayload> {
        let org_id = ids::decode_as(
            &input.organisation_id,
            NodeType::Organisation,
            "organisationId",
        )?;
        let sent = services(ctx)?
            .invite_member(viewer(ctx), org_id, &input.email, input.role.into())
            .await?;
        Ok(InviteMemberPayload {
            invitation: InvitationNode(sent.invitation),
            accept_url: sent.accept_url,
        })
    }

    /// Joins the organisation with the token from an invitation link.
    async fn accept_invitation(
        &self,
        ctx: &Context<'_>,
        input: AcceptInvitationInput,
    ) -> AppResult<MembershipNode> {
        Ok(MembershipNode(
            services(ctx)?
                .accept_invitation(viewer(ctx), &input.token)
                .await?,
        ))
    }

    async fn revoke_invitation(&self, ctx: &Context<'_>, id: ID) -> AppResult<InvitationNode> {
        let number = ids::decode_as(&id, NodeType::Invitation, "id")?;
        Ok(InvitationNode(
            services(ctx)?
                .revoke_invitation(viewer(ctx), number)
                .await?,
        ))
    }

    /// Changes a member's role (admins only); the last admin cannot be demoted.
    async fn change_member_role(
        &self,
        ctx: &Context<'_>,
        input: ChangeMemberRoleInput,
    ) -> AppResult<MembershipNode> {
        let org_id = ids::decode_as(
            &input.organisation_id,
            NodeType::Organisation,
            "organisationId",
        )?;
        let user_id = ids::decode_as(&input.user_id, NodeType::User, "userId")?;
        let membership = services(ctx)?
            .change_member_role(viewer(ctx), org_id, user_id, input.role.into())
            .await?;
        Ok(MembershipNode(membership))
    }

    /// Removes a member (admins only); the last admin cannot be removed.
    async fn remove_member(&self, ctx: &Context<'_>, input: RemoveMemberInput) -> AppResult<bool> {
        let org_id = ids::decode_as(
            &input.organisation_id,
            NodeType::Organisation,
            "organisationId",
        )?;
        let user_id = ids::decode_as(&input.user_id, NodeType::User, "userId")?;
        services(ctx)?
            .remove_member(viewer(ctx), org_id, user_id)
            .await?;
        Ok(true)
    }

    /// Leaves an organisation; the last admin must hand over first.
    async fn leave_organisation(&self, ctx: &Context<'_>, organisation_id: ID) -> AppResult<bool> {
        let org_id = ids::decode_as(&organisation_id, NodeType::Organisation, "organisationId")?;
        let viewer = viewer(ctx);
        services(ctx)?
            .remove_member(viewer, org_id, viewer.user()?.id)
            .await?;
        Ok(true)
    }

    /// Verifies an organisation or withdraws its verification (platform administrators only).
    async fn set_organisation_verification(
        &self,
        ctx: &Context<'_>,
        input: SetOrganisationVerificationInput,
    ) -> AppResult<OrganisationNode> {
        let org_id = ids::decode_as(
            &input.organisation_id,
            NodeType::Organisation,
            "organisationId",
        )?;
        let org = services(ctx)?
            .set_verification(
                viewer(ctx),
                org_id,
                input.verified,
                input.evidence.as_deref(),
            )
            .await?;
        Ok(OrganisationNode(org))
    }
}
