//! Organisations: creating one, members and invitations, an administrator's verification,
//! and the viewer's memberships as they change.

use super::accounts::UserNode;
use super::ids::{self, NodeType};
use super::types::{connection, page, Country};
use super::{services, viewer};
use crate::domain;
use crate::error::{AppError, AppResult};
use crate::live::{self, MembershipEvent};
use crate::services::{OrganisationInput, Services};
use crate::store::{Invitation, Membership, OrgFilter, Organisation};
use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, InputObject, Object, SimpleObject, Subscription, ID};
use chrono::{DateTime, Utc};
use futures_util::{Stream, StreamExt};

#[derive(Default)]
pub struct OrganisationQuery;

#[Object]
impl OrganisationQuery {
    /// One organisation by id, or `null`.
    async fn organisation(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<OrganisationNode>> {
        let number = ids::decode_as(&id, NodeType::Organisation, "id")?;
        Ok(services(ctx)?
            .find_organisation(number)
            .await?
            .map(OrganisationNode))
    }

    /// Organisations on the platform, oldest first; `first` is required and at most 100.
    /// `verified: false` is the verification queue: those no platform administrator has
    /// verified yet, and verified WISE whose share of staff changed since (see
    /// `wiseFiguresChangedAt`); `true` the verified ones; leaving it out (or `null`) all.
    #[graphql(complexity = "first.clamp(1, 100) as usize * child_complexity")]
    async fn organisations(
        &self,
        ctx: &Context<'_>,
        first: i32,
        after: Option<String>,
        kind: Option<OrgKind>,
        verified: Option<bool>,
    ) -> AppResult<Connection<String, OrganisationNode>> {
        let page = page(first, after.as_deref())?;
        let filter = OrgFilter {
            kind: kind.map(Into::into),
            verified,
        };
        let rows = services(ctx)?.organisations(&filter, page).await?;
        Ok(connection(
            page,
            rows.into_iter().map(OrganisationNode).collect(),
            |o| o.0.id,
        ))
    }
}

#[derive(Default)]
pub struct OrganisationMutation;

#[Object]
impl OrganisationMutation {
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

#[derive(Default)]
pub struct OrganisationSubscription;

#[Subscription]
impl OrganisationSubscription {
    /// The viewer's memberships as they change: added, role changed, removed.
    async fn membership_changed(
        &self,
        ctx: &Context<'_>,
    ) -> Result<impl Stream<Item = MembershipChangedEvent>, AppError> {
        let services = services(ctx)?.clone();
        let events = services.membership_changes(viewer(ctx))?;
        Ok(events.map(move |event| MembershipChangedEvent {
            event,
            services: services.clone(),
        }))
    }
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

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "OrganisationKind", remote = "domain::OrgKind")]
pub enum OrgKind {
    /// A contracting authority: a municipality, region or other public buyer.
    Municipality,
    /// A work integration social enterprise.
    Wise,
    /// A company, often an SME.
    Supplier,
    /// A support body such as a national agency.
    Other,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::Role")]
pub enum Role {
    Admin,
    Member,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "live::MembershipChange")]
pub enum MembershipChange {
    Added,
    RoleChanged,
    Removed,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum InvitationStatus {
    Pending,
    Accepted,
    Revoked,
    Expired,
}

/// A municipality, WISE, supplier or support body.
pub struct OrganisationNode(pub Organisation);

#[Object(name = "Organisation")]
impl OrganisationNode {
    pub async fn id(&self) -> ID {
        NodeType::Organisation.id(self.0.id)
    }

    /// The capability profile; `null` when there is none, or it is for signed-in users only.
    async fn profile(&self, ctx: &Context<'_>) -> AppResult<Option<super::profiles::ProfileNode>> {
        super::profiles::profile_of(ctx, self).await
    }

    /// Open needs ranked by how well this enterprise fits their best lot.
    #[graphql(complexity = "first.clamp(1, 50) as usize * child_complexity")]
    async fn suggested_needs(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 10)] first: i32,
    ) -> AppResult<Vec<super::matching::SuggestedNeed>> {
        super::matching::suggested_needs(ctx, self.0.id, first).await
    }

    async fn kind(&self) -> OrgKind {
        self.0.kind.into()
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn country(&self) -> Country {
        self.0.country().into()
    }

    /// As the national register prints it.
    async fn organisation_number(&self) -> &str {
        self.0.org_number.as_str()
    }

    /// The org-id.guide register of the number (`SE-BLV`, `NO-BRC`, `GB-COH`...), as OCDS uses it.
    async fn identifier_scheme(&self) -> &str {
        self.0.org_number.scheme()
    }

    async fn region(&self) -> Option<&str> {
        self.0.region.as_deref()
    }

    async fn website(&self) -> Option<&str> {
        self.0.website.as_deref()
    }

    async fn description(&self) -> &str {
        &self.0.description
    }

    /// False until a platform administrator has checked the organisation. Clients must mark
    /// unverified organisations as such wherever they show them.
    async fn verified(&self) -> bool {
        self.0.verification.is_some()
    }

    async fn verified_at(&self) -> Option<DateTime<Utc>> {
        self.0.verification.as_ref().map(|v| v.verified_at)
    }

    /// The WISE share of staff from target groups, and its measurement date, that the
    /// administrator verified (null when none was stated then).
    async fn verified_wise_figures(&self) -> Option<VerifiedWiseFigures> {
        let figures = self.0.verification.as_ref()?.wise_figures?;
        Some(VerifiedWiseFigures {
            share_percent: i32::from(figures.share_percent),
            measured_on: figures.measured_on,
        })
    }

    /// When this verified WISE first stated other figures than the verified ones; it waits in
    /// the verification queue, not eligible for reserved contracts, until verified again.
    async fn wise_figures_changed_at(&self) -> Option<DateTime<Utc>> {
        self.0.wise_figures_changed_at
    }

    /// What the administrator checked; visible to the organisation's members and platform
    /// administrators.
    async fn verification_evidence(&self, ctx: &Context<'_>) -> AppResult<Option<&str>> {
        if !services(ctx)?
            .can_see_members(viewer(ctx), self.0.id)
            .await?
        {
            return Ok(None);
        }
        Ok(self.0.verification.as_ref().map(|v| v.evidence.as_str()))
    }

    /// Needs whose buyers ask this organisation to be co-buyer; it is named on none of them
    /// until an admin accepts (`answerCoBuyerRequest`). For the organisation's admins only.
    async fn co_buyer_requests(
        &self,
        ctx: &Context<'_>,
    ) -> AppResult<Vec<super::trust::CoBuyerRequestNode>> {
        let requests = services(ctx)?
            .co_buyer_requests(viewer(ctx), self.0.id)
            .await?;
        Ok(requests
            .into_iter()
            .map(|(need, requested_at)| super::trust::CoBuyerRequestNode { need, requested_at })
            .collect())
    }

    /// The viewer's role here, or `null` for a non-member.
    async fn viewer_role(&self, ctx: &Context<'_>) -> AppResult<Option<Role>> {
        let membership = services(ctx)?
            .viewer_membership(viewer(ctx), self.0.id)
            .await?;
        Ok(membership.map(|m| m.role.into()))
    }

    /// Members, for the organisation's own members and platform administrators.
    #[graphql(complexity = "first.clamp(1, 100) as usize * child_complexity")]
    async fn members(
        &self,
        ctx: &Context<'_>,
        first: i32,
        after: Option<String>,
    ) -> AppResult<Connection<String, MembershipNode>> {
        let page = page(first, after.as_deref())?;
        let rows = services(ctx)?.members(viewer(ctx), self.0.id, page).await?;
        Ok(connection(
            page,
            rows.into_iter().map(MembershipNode).collect(),
            |m| m.0.id,
        ))
    }

    /// Invitations not yet answered; for the organisation's admins.
    async fn invitations(&self, ctx: &Context<'_>) -> AppResult<Vec<InvitationNode>> {
        let invitations = services(ctx)?
            .open_invitations(viewer(ctx), self.0.id)
            .await?;
        Ok(invitations.into_iter().map(InvitationNode).collect())
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A person's membership of an organisation.
pub struct MembershipNode(pub Membership);

#[Object(name = "Membership")]
impl MembershipNode {
    async fn role(&self) -> Role {
        self.0.role.into()
    }

    async fn organisation(&self, ctx: &Context<'_>) -> AppResult<OrganisationNode> {
        Ok(OrganisationNode(
            super::loaders::organisation(ctx, self.0.organisation_id).await?,
        ))
    }

    async fn user(&self, ctx: &Context<'_>) -> AppResult<UserNode> {
        Ok(UserNode::new(services(ctx)?.user(self.0.user_id).await?))
    }

    async fn joined_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// An invitation to join an organisation, answered with the secret from its link.
pub struct InvitationNode(pub Invitation);

#[Object(name = "Invitation")]
impl InvitationNode {
    pub async fn id(&self) -> ID {
        NodeType::Invitation.id(self.0.id)
    }

    async fn email(&self) -> &str {
        &self.0.email
    }

    async fn role(&self) -> Role {
        self.0.role.into()
    }

    async fn status(&self) -> InvitationStatus {
        match (&self.0.accepted_at, &self.0.revoked_at) {
            (Some(_), _) => InvitationStatus::Accepted,
            (_, Some(_)) => InvitationStatus::Revoked,
            _ if self.0.expires_at <= Utc::now() => InvitationStatus::Expired,
            _ => InvitationStatus::Pending,
        }
    }

    async fn organisation(&self, ctx: &Context<'_>) -> AppResult<OrganisationNode> {
        Ok(OrganisationNode(
            super::loaders::organisation(ctx, self.0.organisation_id).await?,
        ))
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.expires_at
    }
}

/// A WISE's share of staff from target groups as an administrator verified it.
#[derive(async_graphql::SimpleObject)]
pub struct VerifiedWiseFigures {
    pub share_percent: i32,
    pub measured_on: chrono::NaiveDate,
}

/// A change to one of the viewer's memberships.
pub struct MembershipChangedEvent {
    event: MembershipEvent,
    services: Services,
}

#[Object(name = "MembershipChanged")]
impl MembershipChangedEvent {
    async fn change(&self) -> MembershipChange {
        self.event.change.into()
    }

    /// The role after the change; `null` when the membership ended.
    async fn role(&self) -> Option<Role> {
        self.event.role.map(Into::into)
    }

    async fn organisation(&self) -> AppResult<OrganisationNode> {
        Ok(OrganisationNode(
            self.services
                .organisation(self.event.organisation_id)
                .await?,
        ))
    }
}
