//! Joint offers in the schema: the offer with its members, per-lot coverage and history,
//! published calls for partners, the mutations that form an offer, and its live events.
//!
//! Every field that is not for everyone checks the [`OfferAccess`] the node was built with:
//! members see everything, invitees the offer they are invited to, the buyer side a submitted
//! offer (never its thread, history or warnings about other offers).

use super::ids::{self, NodeType};
use super::matching::{page_size, CoverageGap, SuggestedPartner};
use super::need_types::NeedNode;
use super::organisations::OrganisationNode;
use super::subscription::Seen;
use super::threads::{MessageNode, ThreadNode};
use super::{services, viewer};
use crate::auth::Viewer;
use crate::domain::cpv::CpvCode;
use crate::domain::joint_offer::{self as offers, Contribution, OfferOp};
use crate::domain::matching::Measure;
use crate::error::{AppError, AppResult};
use crate::live::LoggedEvent;
use crate::services::{LotReport, OfferAccess, OfferStart, Services};
use crate::store::{EventScope, JointOffer, OfferChange, OfferMember};
use async_graphql::{Context, Enum, InputObject, Object, SimpleObject, Subscription, ID};
use chrono::{DateTime, NaiveDate, Utc};
use futures_util::Stream;
use std::sync::Arc;
use tokio::sync::OnceCell;

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "offers::OfferStatus")]
pub enum JointOfferStatus {
    /// Members are being gathered; not every member has confirmed.
    Forming,
    /// Every member confirmed and no invitation is open: the lead may submit.
    Ready,
    /// An expression of interest the buyer sees.
    Submitted,
    Withdrawn,
    Awarded,
    NotAwarded,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "offers::MemberRole")]
pub enum JointOfferRole {
    Lead,
    Partner,
    /// Works for the bidders; may do so in several offers where the need allows it.
    Subcontractor,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "offers::MemberState")]
pub enum JointOfferMemberState {
    Invited,
    Requested,
    Accepted,
    Declined,
    Rejected,
    Left,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "offers::OfferChangeKind")]
pub enum JointOfferChangeKind {
    Created,
    Invited,
    Requested,
    Joined,
    Refused,
    Left,
    LeadHandedOver,
    ContributionChanged,
    Confirmed,
    Edited,
    PartnerCall,
    StatusChanged,
}

/// What a lot's capacity is counted in.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum CapacityMeasure {
    TrainingPlaces,
    Staff,
    /// Contract value in SEK-equivalent units, against the members' largest contracts.
    ContractValue,
}

impl From<Measure> for CapacityMeasure {
    fn from(m: Measure) -> Self {
        match m {
            Measure::TrainingPlaces => Self::TrainingPlaces,
            Measure::Staff => Self::Staff,
            Measure::Value => Self::ContractValue,
        }
    }
}

fn offer_id(id: &ID) -> AppResult<i64> {
    ids::decode_as(id, NodeType::JointOffer, "offerId")
}

fn organisation_id(id: &ID) -> AppResult<i64> {
    ids::decode_as(id, NodeType::Organisation, "organisationId")
}

/// Lot numbers as clients send them; 0 and negatives are refused.
fn lot_numbers(lots: &[i32], field: &str) -> AppResult<Vec<u32>> {
    lots.iter()
        .map(|&n| {
            u32::try_from(n)
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| AppError::bad_input(field, "Lots are numbered from 1."))
        })
        .collect()
}

/// Lots as clients read them: none for a need without lots.
fn visible_lots(lots: &[u32]) -> Vec<u32> {
    lots.iter().copied().filter(|&l| l > 0).collect()
}

/// A joint offer, as the viewer may see it.
pub struct JointOfferNode {
    offer: JointOffer,
    access: OfferAccess,
    /// The per-lot coverage, worked out once for `coverage` and `warnings` alike.
    reports: OnceCell<Vec<Arc<LotReport>>>,
}

impl From<(JointOffer, OfferAccess)> for JointOfferNode {
    fn from((offer, access): (JointOffer, OfferAccess)) -> Self {
        Self {
            offer,
            access,
            reports: OnceCell::new(),
        }
    }
}

impl JointOfferNode {
    pub async fn load(services: &Services, viewer: &Viewer, id: i64) -> AppResult<Self> {
        Ok(services.visible_offer(viewer, id).await?.into())
    }

    /// After a change: the offer with the viewer's standing as it is now (someone who left
    /// sees only what everyone may see).
    async fn after_change(ctx: &Context<'_>, offer: JointOffer) -> AppResult<Self> {
        let access = services(ctx)?.offer_access(viewer(ctx), &offer).await?;
        Ok((offer, access).into())
    }

    async fn reports(&self, ctx: &Context<'_>) -> AppResult<&[Arc<LotReport>]> {
        let reports = self
            .reports
            .get_or_try_init(|| async {
                let reports = services(ctx)?
                    .offer_coverage(viewer(ctx), &self.offer)
                    .await?;
                AppResult::Ok(reports.into_iter().map(Arc::new).collect())
            })
            .await?;
        Ok(reports)
    }
}

#[Object(name = "JointOffer")]
impl JointOfferNode {
    pub async fn id(&self) -> ID {
        NodeType::JointOffer.id(self.offer.id)
    }
    async fn need(&self, ctx: &Context<'_>) -> AppResult<Option<NeedNode>> {
        Ok(services(ctx)?
            .visible_need(viewer(ctx), self.offer.need_id)
            .await?
            .map(NeedNode))
    }
    async fn status(&self) -> JointOfferStatus {
        self.offer.status.into()
    }
    async fn lead(&self, ctx: &Context<'_>) -> AppResult<OrganisationNode> {
        Ok(OrganisationNode(
            super::loaders::organisation(ctx, self.offer.lead_org).await?,
        ))
    }
    /// The lots the offer covers; empty when the need has no lots (the offer is for all of it).
    async fn lots(&self) -> Vec<u32> {
        visible_lots(&self.offer.lots)
    }
    async fn pitch(&self) -> &str {
        &self.offer.pitch
    }
    /// The published call for partners, while it is up.
    async fn partner_call(&self) -> Option<&str> {
        self.offer.partner_call.as_deref()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.offer.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.offer.updated_at
    }
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.offer.submitted_at
    }
    /// Whether the viewer belongs to an accepted member, to the lead, or sees it as the buyer.
    async fn viewer_is_member(&self) -> bool {
        self.access.is_member()
    }
    async fn viewer_leads(&self) -> bool {
        self.access.leads
    }
    /// Members and their contributions. The buyer sees accepted members only; the lead also
    /// sees requests to join.
    async fn members(&self, ctx: &Context<'_>) -> AppResult<Vec<JointOfferMemberNode>> {
        let members = services(ctx)?
            .visible_members(&self.offer, &self.access)
            .await?;
        Ok(members.into_iter().map(JointOfferMemberNode).collect())
    }
    /// Per lot: required against covered, the gaps, and what competition law and the
    /// reserved-lot rules say of the group.
    async fn coverage(&self, ctx: &Context<'_>) -> AppResult<Vec<LotCoverage>> {
        Ok(self
            .reports(ctx)
            .await?
            .iter()
            .map(|report| LotCoverage {
                report: report.clone(),
                for_members: self.access.is_member(),
            })
            .collect())
    }
    /// Everything worth a second look, in words: members in other offers for the same lot,
    /// members that could meet a lot alone, members that do not qualify for a reserved lot.
    /// Members only.
    async fn warnings(&self, ctx: &Context<'_>) -> AppResult<Vec<String>> {
        if !self.access.is_member() {
            return Ok(Vec::new());
        }
        let services = services(ctx)?;
        let mut warnings = services.offer_seat_warnings(&self.offer).await?;
        for report in self.reports(ctx).await? {
            if !report.assessment.alone_capable.is_empty() {
                warnings.push(report.competition_note());
            }
            warnings.extend(report.reserved_warnings());
        }
        Ok(warnings)
    }
    /// The consortium thread, for members only; the buyer never sees it.
    async fn thread(&self, ctx: &Context<'_>) -> AppResult<Option<ThreadNode>> {
        let Some(id) = self.offer.thread_id.filter(|_| self.access.is_member()) else {
            return Ok(None);
        };
        match services(ctx)?.readable_thread(viewer(ctx), id).await {
            Ok((thread, _)) => Ok(Some(ThreadNode(thread))),
            Err(AppError::NotFound(_)) => Ok(None),
            Err(other) => Err(other),
        }
    }
    /// Every change, oldest first; members only (`null` for anyone else).
    async fn history(&self, ctx: &Context<'_>) -> AppResult<Option<Vec<JointOfferChange>>> {
        let history = services(ctx)?
            .offer_history(&self.offer, &self.access)
            .await?;
        Ok(history.map(|changes| changes.into_iter().map(JointOfferChange).collect()))
    }
}

pub struct JointOfferMemberNode(OfferMember);

#[Object(name = "JointOfferMember")]
impl JointOfferMemberNode {
    async fn organisation(&self, ctx: &Context<'_>) -> AppResult<OrganisationNode> {
        Ok(OrganisationNode(
            super::loaders::organisation(ctx, self.0.organisation_id).await?,
        ))
    }
    async fn role(&self) -> JointOfferRole {
        self.0.role.into()
    }
    async fn state(&self) -> JointOfferMemberState {
        self.0.state.into()
    }
    async fn contribution(&self) -> ContributionOut {
        ContributionOut::from(&self.0.contribution)
    }
    /// When the member confirmed the offer as it stands; cleared by any change to it.
    async fn confirmed_at(&self) -> Option<DateTime<Utc>> {
        self.0.confirmed_at
    }
    /// The invitation's or request's words: for the offer's members and the invited or asking
    /// organisation itself (empty for the buyer and anyone else).
    async fn message(&self) -> &str {
        &self.0.message
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// The member's reserved-contract eligibility on the day the offer was submitted, as the
    /// law reads it; `null` before submission.
    async fn eligibility_at_submission(&self) -> Option<SubmittedEligibility> {
        self.0
            .eligibility_at_submission
            .as_ref()
            .map(SubmittedEligibility::from)
    }
}

/// What held for a member on the day its joint offer was submitted.
#[derive(SimpleObject)]
pub struct SubmittedEligibility {
    /// The day of submission.
    pub on: NaiveDate,
    /// Qualified for a contract reserved under Art. 20 that day.
    pub eligible: bool,
    pub verified: bool,
    /// The stated share of staff from target groups, in percent.
    pub share_percent: Option<i32>,
    pub measured_on: Option<NaiveDate>,
    /// Why it did not qualify; empty when it did.
    pub gaps: Vec<super::profiles::EligibilityGap>,
}

impl From<&offers::EligibilityOnSubmission> for SubmittedEligibility {
    fn from(e: &offers::EligibilityOnSubmission) -> Self {
        Self {
            on: e.on,
            eligible: e.eligible(),
            verified: e.verified,
            share_percent: e.share_percent.map(i32::from),
            measured_on: e.measured_on,
            gaps: e.gaps.iter().copied().map(Into::into).collect(),
        }
    }
}

/// What a member brings to the offer.
#[derive(SimpleObject)]
#[graphql(name = "JointOfferContribution")]
pub struct ContributionOut {
    /// The lots it works on; empty for all of the offer's lots.
    pub lots: Vec<u32>,
    /// NUTS/ITL codes; empty for the regions of its profile.
    pub regions: Vec<String>,
    pub training_places: Option<u32>,
    pub staff: Option<u32>,
    /// CPV codes; empty for the services of its profile.
    pub cpv: Vec<String>,
    pub note: String,
}

impl From<&Contribution> for ContributionOut {
    fn from(c: &Contribution) -> Self {
        Self {
            lots: visible_lots(&c.lots),
            regions: c.regions.clone(),
            training_places: c.training_places,
            staff: c.staff,
            cpv: c.cpv.iter().map(|c| c.as_str().to_owned()).collect(),
            note: c.note.clone(),
        }
    }
}

#[derive(InputObject)]
pub struct ContributionInput {
    /// The lots this member works on; leave out for all of the offer's lots.
    #[graphql(default)]
    pub lots: Vec<i32>,
    /// NUTS/ITL codes; leave out to use the regions of the profile.
    #[graphql(default)]
    pub regions: Vec<String>,
    pub training_places: Option<u32>,
    pub staff: Option<u32>,
    /// CPV codes; leave out to use the services of the profile.
    #[graphql(default)]
    pub cpv: Vec<String>,
    #[graphql(default)]
    pub note: String,
}

impl ContributionInput {
    fn parse(self) -> AppResult<Contribution> {
        let cpv = self
            .cpv
            .iter()
            .map(|c| CpvCode::parse(c).map_err(AppError::invalid("contribution.cpv")))
            .collect::<AppResult<Vec<_>>>()?;
        Ok(Contribution {
            lots: lot_numbers(&self.lots, "contribution.lots")?,
            regions: self.regions,
            training_places: self.training_places,
            staff: self.staff,
            cpv,
            note: self.note,
        })
    }
}

fn contribution(input: Option<ContributionInput>) -> AppResult<Contribution> {
    input
        .map(ContributionInput::parse)
        .transpose()
        .map(Option::unwrap_or_default)
}

pub struct JointOfferChange(OfferChange);

#[Object(name = "JointOfferChange")]
impl JointOfferChange {
    async fn kind(&self) -> JointOfferChangeKind {
        self.0.kind.into()
    }
    async fn organisation(&self, ctx: &Context<'_>) -> AppResult<Option<OrganisationNode>> {
        match self.0.organisation_id {
            Some(id) => Ok(Some(OrganisationNode(
                super::loaders::organisation(ctx, id).await?,
            ))),
            None => Ok(None),
        }
    }
    /// The offer's status after the change.
    async fn status(&self) -> JointOfferStatus {
        self.0.status.into()
    }
    /// In words, such as "Returbutiken joined".
    async fn detail(&self) -> &str {
        &self.0.detail
    }
    async fn changed_at(&self) -> DateTime<Utc> {
        self.0.changed_at
    }
}

/// One lot as the offer covers it.
pub struct LotCoverage {
    report: Arc<LotReport>,
    for_members: bool,
}

#[Object]
impl LotCoverage {
    /// `null` for a need without lots.
    async fn lot(&self) -> Option<u32> {
        self.report.wanted.lot
    }
    async fn title(&self) -> Option<&str> {
        self.report.title.as_deref()
    }
    /// The lot's CPV code, and whether a member's contribution offers it (or one above or
    /// below it).
    async fn cpv(&self) -> &str {
        self.report.wanted.cpv.as_str()
    }
    async fn cpv_covered(&self) -> bool {
        self.report.assessment.coverage.cpv_covered
    }
    /// The place of delivery (NUTS/ITL), and whether a member serves a region that includes it.
    async fn region(&self) -> Option<&str> {
        self.report.wanted.region.as_deref()
    }
    async fn region_covered(&self) -> bool {
        self.report.assessment.coverage.region_covered
    }
    async fn measure(&self) -> Option<CapacityMeasure> {
        self.report
            .assessment
            .coverage
            .capacity
            .map(|(_, _, m)| m.into())
    }
    /// The lot's quantity (such as 20 work-training places) or value.
    async fn required(&self) -> Option<f64> {
        self.report.assessment.coverage.capacity.map(|(n, _, _)| n)
    }
    /// What the members' contributions add up to, in the same measure.
    async fn covered(&self) -> Option<f64> {
        self.report.assessment.coverage.capacity.map(|(_, c, _)| c)
    }
    /// Reserved for WISE (Art. 20, `res-ws`).
    async fn reserved(&self) -> bool {
        self.report.wanted.reserved
    }
    async fn reserved_covered(&self) -> bool {
        self.report.assessment.coverage.reserved_covered
    }
    /// What the group still lacks; empty when it covers the lot.
    async fn gaps(&self) -> Vec<CoverageGap> {
        self.report
            .assessment
            .gaps
            .iter()
            .zip(&self.report.gap_wordings)
            .map(|(gap, wording)| CoverageGap::of(gap, wording))
            .collect()
    }
    /// Enterprises outside the offer that would fill the gaps, best first (members only).
    #[graphql(complexity = "first.clamp(1, 50) as usize * child_complexity")]
    async fn complementary_partners(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 5)] first: i32,
    ) -> AppResult<Vec<SuggestedPartner>> {
        if !self.for_members {
            return Ok(Vec::new());
        }
        let partners = services(ctx)?
            .offer_complements(viewer(ctx), &self.report, page_size(first)?)
            .await?;
        Ok(partners.into_iter().map(Into::into).collect())
    }
    /// For a reserved lot: each member's share of staff from target groups and whether it
    /// qualifies. Empty for other lots.
    async fn reserved_shares(&self, ctx: &Context<'_>) -> AppResult<Vec<ReservedShare>> {
        if !self.report.wanted.reserved {
            return Ok(Vec::new());
        }
        let services = services(ctx)?;
        let mut shares = Vec::new();
        for (_, org, cap) in &self.report.members {
            let wise = services
                .profile(viewer(ctx), org.id)
                .await?
                .and_then(|p| p.content.wise);
            shares.push(ReservedShare {
                organisation: OrganisationNode(org.clone()),
                verified: org.verification.is_some(),
                integration_main_aim: wise.as_ref().is_some_and(|w| w.integration_main_aim),
                target_group_staff_percent: wise
                    .as_ref()
                    .and_then(|w| w.target_group_staff_percent),
                measured_on: wise.as_ref().and_then(|w| w.measured_on),
                qualifies: cap.reserved_eligible,
            });
        }
        Ok(shares)
    }
    /// What competition law says of the group for this lot.
    async fn competition(&self) -> CompetitionReading {
        let alone = &self.report.assessment.alone_capable;
        CompetitionReading {
            clearly_fine: alone.is_empty(),
            explanation: self.report.competition_note(),
            capable_alone: self
                .report
                .members
                .iter()
                .filter(|(_, org, _)| alone.contains(&org.id))
                .map(|(_, org, _)| OrganisationNode(org.clone()))
                .collect(),
        }
    }
}

/// A member's standing for a reserved lot (a verified WISE, integration as main aim, at least
/// 30 % of staff from target groups).
#[derive(SimpleObject)]
pub struct ReservedShare {
    pub organisation: OrganisationNode,
    /// An administrator verified the organisation.
    pub verified: bool,
    pub integration_main_aim: bool,
    pub target_group_staff_percent: Option<u8>,
    pub measured_on: Option<NaiveDate>,
    pub qualifies: bool,
}

#[derive(SimpleObject)]
pub struct CompetitionReading {
    /// No member could meet the lot alone: bidding together is clearly fine.
    pub clearly_fine: bool,
    pub explanation: String,
    /// Members whose own profile covers the whole lot.
    pub capable_alone: Vec<OrganisationNode>,
}

/// A forming offer's call for partners, as every signed-in user sees it: the lead, the lots
/// and the gaps, never the other members or their contributions.
pub struct PartnerCall(JointOffer);

#[Object]
impl PartnerCall {
    /// The joint offer's id, for `askToJoinJointOffer`.
    async fn offer_id(&self) -> ID {
        NodeType::JointOffer.id(self.0.id)
    }
    async fn need(&self, ctx: &Context<'_>) -> AppResult<Option<NeedNode>> {
        Ok(services(ctx)?
            .visible_need(viewer(ctx), self.0.need_id)
            .await?
            .map(NeedNode))
    }
    async fn lead(&self, ctx: &Context<'_>) -> AppResult<OrganisationNode> {
        Ok(OrganisationNode(
            super::loaders::organisation(ctx, self.0.lead_org).await?,
        ))
    }
    async fn lots(&self) -> Vec<u32> {
        visible_lots(&self.0.lots)
    }
    async fn pitch(&self) -> &str {
        &self.0.pitch
    }
    async fn text(&self) -> &str {
        self.0.partner_call.as_deref().unwrap_or_default()
    }
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.partner_call_at
    }
    /// What the offer still lacks, per lot.
    async fn gaps(&self, ctx: &Context<'_>) -> AppResult<Vec<PartnerCallGaps>> {
        let reports = services(ctx)?.offer_coverage(viewer(ctx), &self.0).await?;
        Ok(reports
            .into_iter()
            .map(|r| PartnerCallGaps {
                lot: r.wanted.lot,
                title: r.title.clone(),
                gaps: r
                    .assessment
                    .gaps
                    .iter()
                    .zip(&r.gap_wordings)
                    .map(|(gap, wording)| CoverageGap::of(gap, wording))
                    .collect(),
            })
            .collect())
    }
}

#[derive(SimpleObject)]
pub struct PartnerCallGaps {
    pub lot: Option<u32>,
    pub title: Option<String>,
    pub gaps: Vec<CoverageGap>,
}

#[derive(Default)]
pub struct JointOfferQuery;

#[Object]
impl JointOfferQuery {
    /// A joint offer the viewer may see; `null` otherwise.
    async fn joint_offer(&self, ctx: &Context<'_>, id: ID) -> AppResult<Option<JointOfferNode>> {
        let id = ids::decode_as(&id, NodeType::JointOffer, "id")?;
        match JointOfferNode::load(services(ctx)?, viewer(ctx), id).await {
            Ok(node) => Ok(Some(node)),
            Err(AppError::NotFound(_)) => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// Offers the viewer's organisations lead, belong to or are invited to, newest first.
    async fn my_joint_offers(&self, ctx: &Context<'_>) -> AppResult<Vec<JointOfferNode>> {
        let offers = services(ctx)?.my_joint_offers(viewer(ctx)).await?;
        Ok(offers.into_iter().map(JointOfferNode::from).collect())
    }

    /// Joint offers looking for partners (for one need, or all), newest call first. Signed-in
    /// users only.
    async fn partner_calls(
        &self,
        ctx: &Context<'_>,
        need_id: Option<ID>,
        #[graphql(default = 20)] first: i32,
    ) -> AppResult<Vec<PartnerCall>> {
        let need = need_id
            .map(|id| ids::decode_as(&id, NodeType::Need, "needId"))
            .transpose()?;
        let first = u32::try_from(first)
            .ok()
            .filter(|f| (1..=100).contains(f))
            .ok_or_else(|| AppError::bad_input("first", "Ask for between 1 and 100."))?;
        let calls = services(ctx)?
            .partner_calls(viewer(ctx), need, first)
            .await?;
        Ok(calls.into_iter().map(PartnerCall).collect())
    }
}

#[derive(InputObject)]
pub struct CreateJointOfferInput {
    pub need_id: ID,
    /// The enterprise that leads (you must belong to it).
    pub organisation_id: ID,
    /// The lots to bid for; leave out for all of them.
    #[graphql(default)]
    pub lots: Vec<i32>,
    #[graphql(default)]
    pub pitch: String,
    /// What the lead itself brings.
    pub contribution: Option<ContributionInput>,
}

#[derive(Default)]
pub struct JointOfferMutation;

impl JointOfferMutation {
    /// Invitations and requests are answered alike; the service tells who may answer which.
    async fn answer(
        ctx: &Context<'_>,
        offer: &ID,
        organisation: &ID,
        accept: bool,
    ) -> AppResult<JointOfferNode> {
        let organisation_id = organisation_id(organisation)?;
        let op = if accept {
            OfferOp::Admit { organisation_id }
        } else {
            OfferOp::Refuse { organisation_id }
        };
        Self::change(ctx, offer, op).await
    }

    async fn change(ctx: &Context<'_>, offer: &ID, op: OfferOp) -> AppResult<JointOfferNode> {
        let changed = services(ctx)?
            .change_joint_offer(viewer(ctx), offer_id(offer)?, op)
            .await?;
        JointOfferNode::after_change(ctx, changed).await
    }
}

#[Object]
impl JointOfferMutation {
    /// Starts a joint offer for a need; your organisation leads it. A private consortium
    /// thread is opened for the members.
    async fn create_joint_offer(
        &self,
        ctx: &Context<'_>,
        input: CreateJointOfferInput,
    ) -> AppResult<JointOfferNode> {
        let start = OfferStart {
            need_id: ids::decode_as(&input.need_id, NodeType::Need, "needId")?,
            organisation_id: organisation_id(&input.organisation_id)?,
            lots: lot_numbers(&input.lots, "lots")?,
            pitch: input.pitch,
            contribution: contribution(input.contribution)?,
        };
        let offer = services(ctx)?
            .create_joint_offer(viewer(ctx), start)
            .await?;
        JointOfferNode::after_change(ctx, offer).await
    }

    /// The lead invites an enterprise; its admins accept or decline.
    async fn invite_to_joint_offer(
        &self,
        ctx: &Context<'_>,
        offer_id: ID,
        organisation_id: ID,
        #[graphql(default_with = "JointOfferRole::Partner")] role: JointOfferRole,
        #[graphql(default)] message: String,
    ) -> AppResult<JointOfferNode> {
        let op = OfferOp::Invite {
            organisation_id: self::organisation_id(&organisation_id)?,
            role: role.into(),
            message,
        };
        Self::change(ctx, &offer_id, op).await
    }

    /// An admin of the invited organisation accepts or declines.
    async fn answer_joint_offer_invitation(
        &self,
        ctx: &Context<'_>,
        offer_id: ID,
        organisation_id: ID,
        accept: bool,
    ) -> AppResult<JointOfferNode> {
        Self::answer(ctx, &offer_id, &organisation_id, accept).await
    }

    /// Asks to join an offer that publishes a call for partners; the lead answers.
    async fn ask_to_join_joint_offer(
        &self,
        ctx: &Context<'_>,
        offer_id: ID,
        organisation_id: ID,
        #[graphql(default_with = "JointOfferRole::Partner")] role: JointOfferRole,
        #[graphql(default)] message: String,
        contribution: Option<ContributionInput>,
    ) -> AppResult<JointOfferNode> {
        let op = OfferOp::Request {
            organisation_id: self::organisation_id(&organisation_id)?,
            role: role.into(),
            message,
            contribution: self::contribution(contribution)?,
        };
        Self::change(ctx, &offer_id, op).await
    }

    /// The lead accepts or turns down a request to join.
    async fn answer_join_request(
        &self,
        ctx: &Context<'_>,
        offer_id: ID,
        organisation_id: ID,
        accept: bool,
    ) -> AppResult<JointOfferNode> {
        Self::answer(ctx, &offer_id, &organisation_id, accept).await
    }

    /// A member (not the lead) leaves the offer.
    async fn leave_joint_offer(
        &self,
        ctx: &Context<'_>,
        offer_id: ID,
        organisation_id: ID,
    ) -> AppResult<JointOfferNode> {
        let op = OfferOp::Leave {
            organisation_id: self::organisation_id(&organisation_id)?,
        };
        Self::change(ctx, &offer_id, op).await
    }

    /// The lead hands the lead role to another member and becomes a partner.
    async fn hand_over_joint_offer_lead(
        &self,
        ctx: &Context<'_>,
        offer_id: ID,
        organisation_id: ID,
    ) -> AppResult<JointOfferNode> {
        let op = OfferOp::HandOver {
            organisation_id: self::organisation_id(&organisation_id)?,
        };
        Self::change(ctx, &offer_id, op).await
    }

    /// A member states what it brings; every member must confirm again.
    async fn set_joint_offer_contribution(
        &self,
        ctx: &Context<'_>,
        offer_id: ID,
        organisation_id: ID,
        contribution: ContributionInput,
    ) -> AppResult<JointOfferNode> {
        let op = OfferOp::Contribute {
            organisation_id: self::organisation_id(&organisation_id)?,
            contribution: contribution.parse()?,
        };
        Self::change(ctx, &offer_id, op).await
    }

    /// A member's admin confirms the offer as it stands; when all have, it is `READY`.
    async fn confirm_joint_offer(
        &self,
        ctx: &Context<'_>,
        offer_id: ID,
        organisation_id: ID,
    ) -> AppResult<JointOfferNode> {
        let op = OfferOp::Confirm {
            organisation_id: self::organisation_id(&organisation_id)?,
        };
        Self::change(ctx, &offer_id, op).await
    }

    /// The lead changes the lots or the pitch (what is left out stays as it is).
    async fn update_joint_offer(
        &self,
        ctx: &Context<'_>,
        offer_id: ID,
        lots: Option<Vec<i32>>,
        pitch: Option<String>,
    ) -> AppResult<JointOfferNode> {
        let current = services(ctx)?
            .offer_to_change(viewer(ctx), self::offer_id(&offer_id)?)
            .await?;
        let op = OfferOp::Edit {
            lots: match lots {
                Some(lots) => lot_numbers(&lots, "lots")?,
                None => visible_lots(&current.lots),
            },
            pitch: pitch.unwrap_or(current.pitch),
        };
        Self::change(ctx, &offer_id, op).await
    }

    /// The lead publishes a call for partners (its gaps show to every signed-in user), or
    /// takes it down with `text: null`.
    async fn set_partner_call(
        &self,
        ctx: &Context<'_>,
        offer_id: ID,
        text: Option<String>,
    ) -> AppResult<JointOfferNode> {
        Self::change(ctx, &offer_id, OfferOp::Call { text }).await
    }

    /// The lead submits a `READY` offer: the buyer sees it, with its composition and coverage.
    async fn submit_joint_offer(
        &self,
        ctx: &Context<'_>,
        offer_id: ID,
    ) -> AppResult<JointOfferNode> {
        Self::change(ctx, &offer_id, OfferOp::Submit).await
    }

    async fn withdraw_joint_offer(
        &self,
        ctx: &Context<'_>,
        offer_id: ID,
    ) -> AppResult<JointOfferNode> {
        Self::change(ctx, &offer_id, OfferOp::Withdraw).await
    }

    /// The buyer records the outcome of a submitted offer.
    async fn decide_joint_offer(
        &self,
        ctx: &Context<'_>,
        offer_id: ID,
        awarded: bool,
    ) -> AppResult<JointOfferNode> {
        Self::change(ctx, &offer_id, OfferOp::Decide { awarded }).await
    }
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum JointOfferEventKind {
    /// Membership, contributions, lots or status changed (see `change`).
    Changed,
    /// A message was posted, edited or deleted in the consortium thread.
    Message,
}

#[derive(SimpleObject)]
pub struct JointOfferEvent {
    /// Pass as `after` when subscribing again to resume right after this event.
    pub cursor: String,
    pub kind: JointOfferEventKind,
    /// For `CHANGED`: what changed.
    pub change: Option<JointOfferChangeKind>,
    pub offer: JointOfferNode,
    /// For `MESSAGE`: the consortium message.
    pub message: Option<MessageNode>,
}

#[derive(Default)]
pub struct JointOfferSubscription;

#[Subscription]
impl JointOfferSubscription {
    /// Changes to the joint offers the viewer may see, and messages in the consortium threads
    /// of those it is a member of; each checked against the viewer's standing when delivered.
    /// With `after`, missed events come first: nothing lost or repeated.
    async fn joint_offer_events(
        &self,
        ctx: &Context<'_>,
        after: Option<String>,
    ) -> Result<impl Stream<Item = JointOfferEvent>, AppError> {
        let viewer = viewer(ctx).clone();
        viewer.user()?;
        let services = services(ctx)?.clone();
        let after = after.as_deref().map(ids::decode_event_cursor).transpose()?;
        let events = services.live_events(EventScope::All, after).await?;
        Ok(super::subscription::visible(
            events,
            services,
            viewer,
            joint_offer_event,
        ))
    }
}

/// The event as this viewer may see it (services decide), in the subscription's shape.
fn joint_offer_event<'a>(
    services: &'a Services,
    viewer: &'a Viewer,
    event: &'a LoggedEvent,
) -> Seen<'a, JointOfferEvent> {
    Box::pin(async move {
        let seen = services.visible_joint_offer_event(viewer, event).await?;
        Ok(seen.map(|seen| JointOfferEvent {
            cursor: ids::event_cursor(event.id),
            kind: if seen.message.is_some() {
                JointOfferEventKind::Message
            } else {
                JointOfferEventKind::Changed
            },
            change: seen.change.map(Into::into),
            offer: (seen.offer, seen.access).into(),
            message: seen.message.map(MessageNode),
        }))
    })
}
