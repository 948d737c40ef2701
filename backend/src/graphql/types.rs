//! Output types and enums. Each object wraps a store record and decides, field by field, what
//! the viewer may see.

use super::ids::{cursor, NodeType};
use super::{services, viewer};
use crate::domain;
use crate::error::{AppError, AppResult};
use crate::live;
use crate::services::{OwnAccount, Services};
use crate::store::{self, Credential, Invitation, Membership, Organisation, User};
use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, Enum, Interface, Object, OutputType, ID};
use chrono::{DateTime, Utc};

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

/// ISO 3166-1 alpha-2 codes of the countries Samspill serves.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::Country")]
pub enum Country {
    Se,
    No,
    Dk,
    Fi,
    Gb,
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

/// An object with a global id, fetchable with `node(id:)`.
// One value per `node` answer, built and dropped within the request: boxing would only add an
// allocation (and the Interface derive wants the object types themselves).
#[allow(clippy::large_enum_variant)]
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID"))]
pub enum Node {
    User(UserNode),
    Organisation(OrganisationNode),
    Invitation(InvitationNode),
    Need(super::need_types::NeedNode),
    Thread(super::threads::ThreadNode),
    Message(super::threads::MessageNode),
    Meeting(super::meetings::MeetingNode),
    JointOffer(super::joint_offers::JointOfferNode),
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
    async fn id(&self) -> ID {
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

/// A municipality, WISE, supplier or support body.
pub struct OrganisationNode(pub Organisation);

#[Object(name = "Organisation")]
impl OrganisationNode {
    async fn id(&self) -> ID {
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
    async fn id(&self) -> ID {
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

/// Checks `first` (required, 1 to 100) and decodes `after`.
pub fn page(first: i32, after: Option<&str>) -> AppResult<store::Page> {
    let first = u32::try_from(first)
        .ok()
        .filter(|f| (1..=100).contains(f))
        .ok_or_else(|| {
            AppError::bad_input_as(
                "first",
                crate::domain::Reason::OutOfRange,
                "Ask for between 1 and 100 items at a time.",
            )
        })?;
    let after = after.map(super::ids::decode_cursor).transpose()?;
    Ok(store::Page { after, first })
}

/// Builds a connection from rows fetched with [`store::Page`]'s extra row.
pub fn connection<T: OutputType>(
    page: store::Page,
    mut rows: Vec<T>,
    position: impl Fn(&T) -> i64,
) -> Connection<String, T> {
    let has_next = rows.len() > page.first as usize;
    rows.truncate(page.first as usize);
    let mut connection = Connection::new(page.after.is_some(), has_next);
    connection.edges.extend(
        rows.into_iter()
            .map(|row| Edge::new(cursor(position(&row)), row)),
    );
    connection
}

/// A WISE's share of staff from target groups as an administrator verified it.
#[derive(async_graphql::SimpleObject)]
pub struct VerifiedWiseFigures {
    pub share_percent: i32,
    pub measured_on: chrono::NaiveDate,
}
