use super::ids::{self, NodeType};
use super::need_inputs::{NeedFilterInput, NeedInput, NeedStatus};
use super::need_types::{InterestOut, NeedNode, SavedSearchNode};
use super::types::{
    ApiTokenNode, Country, InvitationNode, MembershipNode, OrgKind, OrganisationNode, Role,
    UserNode,
};
use super::{request_info, services, viewer};
use crate::auth::session_cookie;
use crate::error::{AppError, AppResult};
use crate::services::{NewAccount, OrganisationInput, Services, SignedIn};
use async_graphql::{Context, InputObject, Object, SimpleObject, ID};

#[derive(Default)]
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
    /// Chooses how notifications reach you by e-mail: immediately, a daily digest, or off.
    async fn set_email_notifications(
        &self,
        ctx: &Context<'_>,
        preference: super::types::EmailPreference,
    ) -> AppResult<super::types::EmailPreference> {
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

    /// Creates a need as a draft, visible only to the buyer (and co-buyers) until announced.
    async fn create_need(&self, ctx: &Context<'_>, input: CreateNeedInput) -> AppResult<NeedNode> {
        let buyer = ids::decode_as(&input.buyer_id, NodeType::Organisation, "buyerId")?;
        let co_buyers = decode_orgs(&input.co_buyer_ids)?;
        let content = input.need.into_content()?;
        Ok(NeedNode(
            services(ctx)?
                .create_need(viewer(ctx), buyer, co_buyers, content)
                .await?,
        ))
    }

    /// Replaces a need's content. After announcement every edit is a new public version.
    async fn update_need(&self, ctx: &Context<'_>, input: UpdateNeedInput) -> AppResult<NeedNode> {
        let id = ids::decode_as(&input.id, NodeType::Need, "id")?;
        let co_buyers = input.co_buyer_ids.as_deref().map(decode_orgs).transpose()?;
        let content = input.need.into_content()?;
        Ok(NeedNode(
            services(ctx)?
                .update_need(viewer(ctx), id, input.revision, co_buyers, content)
                .await?,
        ))
    }

    /// Moves a need along its lifecycle (DRAFT -> ANNOUNCED -> IN_DIALOGUE -> TENDERING ->
    /// AWARDED -> CLOSED, or WITHDRAWN / CANCELLED).
    async fn change_need_status(
        &self,
        ctx: &Context<'_>,
        input: ChangeNeedStatusInput,
    ) -> AppResult<NeedNode> {
        let id = ids::decode_as(&input.id, NodeType::Need, "id")?;
        let need = services(ctx)?
            .change_need_status(
                viewer(ctx),
                id,
                input.revision,
                input.status.into(),
                &input.note,
            )
            .await?;
        Ok(NeedNode(need))
    }

    /// Deletes a draft that was never announced.
    async fn delete_draft_need(&self, ctx: &Context<'_>, id: ID) -> AppResult<bool> {
        let id = ids::decode_as(&id, NodeType::Need, "id")?;
        services(ctx)?.delete_draft(viewer(ctx), id).await?;
        Ok(true)
    }

    /// Marks an organisation (a WISE or supplier) as interested in a need, optionally in some lots.
    async fn mark_interest(
        &self,
        ctx: &Context<'_>,
        input: MarkInterestInput,
    ) -> AppResult<InterestOut> {
        let need = ids::decode_as(&input.need_id, NodeType::Need, "needId")?;
        let org = ids::decode_as(
            &input.organisation_id,
            NodeType::Organisation,
            "organisationId",
        )?;
        let lots = input
            .lot_numbers
            .iter()
            .map(|&n| {
                u32::try_from(n)
                    .map_err(|_| AppError::bad_input("lotNumbers", "Lot numbers start at 1."))
            })
            .collect::<AppResult<Vec<_>>>()?;
        Ok(InterestOut(
            services(ctx)?
                .mark_interest(viewer(ctx), need, org, lots)
                .await?,
        ))
    }

    async fn withdraw_interest(
        &self,
        ctx: &Context<'_>,
        need_id: ID,
        organisation_id: ID,
    ) -> AppResult<bool> {
        let need = ids::decode_as(&need_id, NodeType::Need, "needId")?;
        let org = ids::decode_as(&organisation_id, NodeType::Organisation, "organisationId")?;
        services(ctx)?
            .withdraw_interest(viewer(ctx), need, org)
            .await?;
        Ok(true)
    }

    /// Saves a need search; needs announced or changed to match it notify the person.
    async fn save_search(
        &self,
        ctx: &Context<'_>,
        input: SaveSearchInput,
    ) -> AppResult<SavedSearchNode> {
        let services = services(ctx)?;
        let filter = input.filter.into_filter(services.geography())?;
        Ok(SavedSearchNode(
            services
                .save_search(viewer(ctx), &input.name, filter)
                .await?,
        ))
    }

    async fn delete_saved_search(&self, ctx: &Context<'_>, id: ID) -> AppResult<bool> {
        let id = ids::decode_as(&id, NodeType::SavedSearch, "id")?;
        services(ctx)?.delete_saved_search(viewer(ctx), id).await?;
        Ok(true)
    }

    /// Marks the viewer's notifications up to and including `upTo` as read; returns how many.
    async fn mark_notifications_read(&self, ctx: &Context<'_>, up_to: ID) -> AppResult<i32> {
        let up_to = ids::decode_as(&up_to, NodeType::Notification, "upTo")?;
        let marked = services(ctx)?
            .mark_notifications_read(viewer(ctx), up_to)
            .await?;
        Ok(i32::try_from(marked).unwrap_or(i32::MAX))
    }
}

fn decode_orgs(ids: &[ID]) -> AppResult<Vec<i64>> {
    let mut out: Vec<i64> = ids
        .iter()
        .map(|id| ids::decode_as(id, NodeType::Organisation, "coBuyerIds"))
        .collect::<AppResult<_>>()?;
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

#[derive(InputObject)]
pub struct CreateNeedInput {
    /// The buying organisation (a municipality or other public body the viewer belongs to).
    pub buyer_id: ID,
    /// Other public buyers in a joint procurement; their members may edit too.
    #[graphql(default)]
    pub co_buyer_ids: Vec<ID>,
    pub need: NeedInput,
}

#[derive(InputObject)]
pub struct UpdateNeedInput {
    pub id: ID,
    /// The `revision` the editor read.
    pub revision: i64,
    /// Leave out to keep the current co-buyers.
    pub co_buyer_ids: Option<Vec<ID>>,
    pub need: NeedInput,
}

#[derive(InputObject)]
pub struct ChangeNeedStatusInput {
    pub id: ID,
    pub revision: i64,
    pub status: NeedStatus,
    /// Why, shown in the status history.
    #[graphql(default)]
    pub note: String,
}

#[derive(InputObject)]
pub struct MarkInterestInput {
    pub need_id: ID,
    pub organisation_id: ID,
    /// Lots of interest; empty for the whole need.
    #[graphql(default)]
    pub lot_numbers: Vec<i32>,
}

#[derive(InputObject)]
pub struct SaveSearchInput {
    pub name: String,
    pub filter: NeedFilterInput,
}
