//! Joint offers: enterprises form a consortium whose combined capacity covers a need's lots.
//!
//! Who sees what is decided in one place, [`Services::offer_access`]: members see everything
//! about their offer, an invited organisation sees the offer it is invited to (not its thread),
//! the buyer side sees an offer once it has been submitted, and everyone else sees only a
//! published call for partners. The rules of each change live in
//! [`crate::domain::joint_offer`] and are re-checked by the store inside its transaction; this
//! module checks who may ask for a change, validates input and decides who is told.

use super::dialogue::bad;
use super::{Services, Suggestion};
use crate::auth::Viewer;
use crate::domain::cpv::CpvCode;
use crate::domain::joint_offer::{
    self as offers, Contribution, EligibilityOnSubmission, LotAssessment, MemberCapacity,
    MemberRole, MemberState, OfferOp,
};
use crate::domain::matching::{Capability, LotNeeds, Wording};
use crate::domain::need::{plain_text, NeedStatus};
use crate::domain::OrgKind;
use crate::error::{AppError, AppResult};
use crate::store::{
    JointOffer, Need, NewJointOffer, NewNotification, NotificationKind, OfferChange, OfferMember,
    OfferUpdate, Organisation,
};
use chrono::Utc;

/// Most lots, regions or CPV codes one contribution may name.
const MAX_LIST: usize = 50;
/// Most training places or staff one contribution may state.
const MAX_CAPACITY: u32 = 100_000;

fn offer_not_found() -> AppError {
    AppError::NotFound("Joint offer".into())
}

/// What a person gives to start a joint offer.
pub struct OfferStart {
    pub need_id: i64,
    /// The enterprise that leads.
    pub organisation_id: i64,
    /// Empty for every lot (or the whole need when it has none).
    pub lots: Vec<u32>,
    pub pitch: String,
    pub contribution: Contribution,
}

/// How the viewer stands towards an offer.
#[derive(Debug, Clone, Default)]
pub struct OfferAccess {
    /// The viewer's organisations that are accepted members.
    pub member_orgs: Vec<i64>,
    /// The viewer's organisations with an open invitation.
    pub invited_orgs: Vec<i64>,
    /// The viewer belongs to the lead organisation.
    pub leads: bool,
    /// The viewer is on the need's buyer side and the offer has been submitted.
    pub buyer: bool,
}

impl OfferAccess {
    pub fn is_member(&self) -> bool {
        !self.member_orgs.is_empty()
    }

    /// May read the offer itself (composition, contributions, coverage).
    pub fn sees_offer(&self) -> bool {
        self.is_member() || !self.invited_orgs.is_empty() || self.buyer
    }
}

/// One lot of an offer: what it asks, what the members cover, and what that means.
pub struct LotReport {
    pub wanted: LotNeeds,
    pub title: Option<String>,
    pub assessment: LotAssessment,
    /// Accepted members with what matchmaking reads of them, in member order.
    pub members: Vec<(OfferMember, Organisation, Capability)>,
    /// What each of the lot's gaps says, in the same order.
    pub gap_wordings: Vec<Wording>,
}

impl LotReport {
    /// Competition law: clearly fine when no member could meet the lot alone.
    pub fn competition_note(&self) -> String {
        let alone: Vec<&str> = self
            .members
            .iter()
            .filter(|(_, org, _)| self.assessment.alone_capable.contains(&org.id))
            .map(|(_, org, _)| org.name.as_str())
            .collect();
        if alone.is_empty() {
            "No member could meet this lot alone, so bidding together is clearly fine under \
             competition law."
                .into()
        } else {
            format!(
                "{} could meet this lot alone by its own profile: check that bidding together is \
                 necessary before submitting (competition law).",
                alone.join(", ")
            )
        }
    }

    /// Warnings for a reserved lot: members that are not an eligible WISE.
    pub fn reserved_warnings(&self) -> Vec<String> {
        if !self.wanted.reserved {
            return Vec::new();
        }
        self.members
            .iter()
            .filter(|(_, _, cap)| !cap.reserved_eligible)
            .map(|(_, org, _)| {
                format!(
                    "{} does not qualify for this reserved lot (a verified WISE with integration \
                     as its main aim and at least 30 % of staff from target groups).",
                    org.name
                )
            })
            .collect()
    }
}

/// The standing of a viewer who belongs to `mine` towards the offer, from its members and,
/// once submitted, its need (`None` before submission).
fn standing(
    mine: &[i64],
    offer: &JointOffer,
    members: &[OfferMember],
    need: Option<&Need>,
) -> OfferAccess {
    let mut access = OfferAccess {
        leads: mine.contains(&offer.lead_org),
        ..OfferAccess::default()
    };
    for member in members {
        if !mine.contains(&member.organisation_id) {
            continue;
        }
        match member.state {
            MemberState::Accepted => access.member_orgs.push(member.organisation_id),
            MemberState::Invited => access.invited_orgs.push(member.organisation_id),
            _ => {}
        }
    }
    if offer.submitted_at.is_some() {
        if let Some(need) = need {
            access.buyer = need.buyer_side().any(|org| mine.contains(&org));
        }
    }
    access
}

impl Services {
    /// The viewer's standing towards the offer, with memberships as they are now.
    pub async fn offer_access(
        &self,
        viewer: &Viewer,
        offer: &JointOffer,
    ) -> AppResult<OfferAccess> {
        let mine = self.viewer_orgs(viewer).await?;
        if mine.is_empty() {
            return Ok(OfferAccess::default());
        }
        let members = self.store.offer_members(offer.id).await?;
        let need = match offer.submitted_at {
            Some(_) => self.store.need(offer.need_id).await?,
            None => None,
        };
        Ok(standing(&mine, offer, &members, need.as_ref()))
    }

    /// The offer if the viewer may read it; "not found" otherwise, so its existence does not
    /// leak.
    pub async fn visible_offer(
        &self,
        viewer: &Viewer,
        id: i64,
    ) -> AppResult<(JointOffer, OfferAccess)> {
        let offer = self
            .store
            .joint_offer(id)
            .await?
            .ok_or_else(offer_not_found)?;
        let access = self.offer_access(viewer, &offer).await?;
        if !access.sees_offer() {
            return Err(offer_not_found());
        }
        Ok((offer, access))
    }

    /// The offer as it stands, for someone about to change it: signing in comes first, so an
    /// anonymous caller hears UNAUTHENTICATED rather than "not found".
    pub async fn offer_to_change(&self, viewer: &Viewer, id: i64) -> AppResult<JointOffer> {
        viewer.user()?;
        Ok(self.visible_offer(viewer, id).await?.0)
    }

    /// Every change to the offer, oldest first; for its members only (`None` for anyone else).
    pub async fn offer_history(
        &self,
        offer: &JointOffer,
        access: &OfferAccess,
    ) -> AppResult<Option<Vec<OfferChange>>> {
        if !access.is_member() {
            return Ok(None);
        }
        Ok(Some(self.store.offer_history(offer.id).await?))
    }

    /// Passes when the offer publishes a call for partners the viewer may answer: it is
    /// forming, and the viewer is signed in and can see the need.
    async fn require_visible_call(&self, viewer: &Viewer, offer: &JointOffer) -> AppResult<()> {
        viewer.user()?;
        if offer.partner_call.is_none() || !offer.status.is_forming() {
            return Err(offer_not_found());
        }
        self.visible_need(viewer, offer.need_id)
            .await?
            .ok_or_else(offer_not_found)?;
        Ok(())
    }

    /// Checks an organisation asked into an offer (invited or asking): an enterprise, in a role
    /// the need allows, with a short message; returns the message trimmed.
    async fn checked_newcomer(
        &self,
        need: &Need,
        organisation_id: i64,
        role: MemberRole,
        message: &str,
    ) -> AppResult<String> {
        require_enterprise(&self.organisation(organisation_id).await?, "organisationId")?;
        require_role_allowed(need, role)?;
        plain_text("message", message, 0, 2000).map_err(bad)?;
        Ok(message.trim().to_owned())
    }

    pub async fn create_joint_offer(
        &self,
        viewer: &Viewer,
        start: OfferStart,
    ) -> AppResult<JointOffer> {
        let user = viewer.user()?;
        self.require_member(
            start.organisation_id,
            user.id,
            "You can only start a joint offer for an organisation you belong to.",
        )
        .await?;
        let lead = self.organisation(start.organisation_id).await?;
        require_enterprise(&lead, "organisationId")?;
        let need = self
            .visible_need(viewer, start.need_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Need".into()))?;
        require_open_for_offers(&need)?;
        if !need.content.joint_offers_welcome {
            return Err(AppError::Conflict(
                "The buyer does not invite joint offers for this need.".into(),
            ));
        }
        let lots = offer_lots(&need, start.lots)?;
        check_pitch(&start.pitch)?;
        let contribution = self.checked_contribution(start.contribution, &lots).await?;
        let new = NewJointOffer {
            need_id: need.id,
            lead_org: lead.id,
            lots,
            pitch: start.pitch.trim().to_owned(),
            contribution,
            thread_title: format!("Joint offer led by {}", lead.name),
            by: user.id,
            now: Utc::now(),
        };
        let offer = self.store.create_joint_offer(&new).await?;
        self.events_committed().await;
        Ok(offer)
    }

    /// Applies one change after checking that the viewer may ask for it and that its input is
    /// sound; the store re-checks the offer's state inside its transaction.
    pub async fn change_joint_offer(
        &self,
        viewer: &Viewer,
        offer_id: i64,
        op: OfferOp,
    ) -> AppResult<JointOffer> {
        let user = viewer.user()?;
        let offer = self
            .store
            .joint_offer(offer_id)
            .await?
            .ok_or_else(offer_not_found)?;
        let access = self.offer_access(viewer, &offer).await?;
        let need = self
            .store
            .need(offer.need_id)
            .await?
            .ok_or_else(offer_not_found)?;
        let members = self.store.offer_members(offer.id).await?;
        let op = self
            .authorised(viewer, &offer, &access, &need, &members, op)
            .await?;
        let detail = self.describe(&op).await?;
        let notify = self
            .offer_audience(&offer, &need, &members, &op, user.id, &detail)
            .await?;
        let now = Utc::now();
        let eligibility = match op {
            OfferOp::Submit => self.eligibility_on(&members, now.date_naive()).await?,
            _ => Vec::new(),
        };
        let update = OfferUpdate {
            offer_id: offer.id,
            op,
            detail,
            by: user.id,
            now,
            notify,
            eligibility,
        };
        let changed = self.store.change_joint_offer(&update).await?;
        self.events_committed().await;
        Ok(changed)
    }

    /// Refuses a change the viewer may not ask for, and validates (and normalises) its input.
    async fn authorised(
        &self,
        viewer: &Viewer,
        offer: &JointOffer,
        access: &OfferAccess,
        need: &Need,
        members: &[OfferMember],
        op: OfferOp,
    ) -> AppResult<OfferOp> {
        let standing = |org: i64| members.iter().find(|m| m.organisation_id == org);
        let lead_only = || {
            if access.leads {
                Ok(())
            } else if access.sees_offer() {
                Err(AppError::Forbidden(
                    "Only the lead organisation can do this.".into(),
                ))
            } else {
                Err(offer_not_found())
            }
        };
        match op {
            OfferOp::Invite {
                organisation_id,
                role,
                message,
            } => {
                lead_only()?;
                let message = self
                    .checked_newcomer(need, organisation_id, role, &message)
                    .await?;
                Ok(OfferOp::Invite {
                    organisation_id,
                    role,
                    message,
                })
            }
            OfferOp::Request {
                organisation_id,
                role,
                message,
                contribution,
            } => {
                self.require_visible_call(viewer, offer).await?;
                self.require_org_admin(viewer, organisation_id).await?;
                let message = self
                    .checked_newcomer(need, organisation_id, role, &message)
                    .await?;
                let contribution = self.checked_contribution(contribution, &offer.lots).await?;
                Ok(OfferOp::Request {
                    organisation_id,
                    role,
                    message,
                    contribution,
                })
            }
            OfferOp::Admit { organisation_id } | OfferOp::Refuse { organisation_id } => {
                match standing(organisation_id).map(|m| m.state) {
                    // An invitation is answered by the invited organisation's admins.
                    Some(MemberState::Invited) => {
                        if !access.sees_offer() {
                            return Err(offer_not_found());
                        }
                        self.require_org_admin(viewer, organisation_id).await?
                    }
                    // A request is answered by the lead.
                    Some(MemberState::Requested) => lead_only()?,
                    _ if !access.sees_offer() => return Err(offer_not_found()),
                    _ => {
                        return Err(AppError::Conflict(
                            "There is no open invitation or request for this organisation.".into(),
                        ))
                    }
                }
                Ok(op)
            }
            OfferOp::Leave { organisation_id } | OfferOp::Confirm { organisation_id } => {
                self.require_member_org(access, organisation_id)?;
                self.require_org_admin(viewer, organisation_id).await?;
                Ok(op)
            }
            OfferOp::HandOver { .. } | OfferOp::Submit | OfferOp::Withdraw => {
                lead_only()?;
                self.require_org_admin(viewer, offer.lead_org).await?;
                if matches!(op, OfferOp::Submit) {
                    require_open_for_offers(need)?;
                }
                Ok(op)
            }
            OfferOp::Contribute {
                organisation_id,
                contribution,
            } => {
                self.require_member_org(access, organisation_id)?;
                let contribution = self.checked_contribution(contribution, &offer.lots).await?;
                Ok(OfferOp::Contribute {
                    organisation_id,
                    contribution,
                })
            }
            OfferOp::Edit { lots, pitch } => {
                lead_only()?;
                check_pitch(&pitch)?;
                let lots = offer_lots(need, lots)?;
                for member in members.iter().filter(|m| m.state == MemberState::Accepted) {
                    if let Some(lot) = member.contribution.lots.iter().find(|l| !lots.contains(l)) {
                        return Err(AppError::bad_input(
                            "lots",
                            format!(
                                "A member works on lot {lot}; change its contribution before \
                                 leaving that lot out."
                            ),
                        ));
                    }
                }
                Ok(OfferOp::Edit {
                    lots,
                    pitch: pitch.trim().to_owned(),
                })
            }
            OfferOp::Call { text } => {
                lead_only()?;
                if let Some(text) = &text {
                    plain_text("text", text, 10, 2000).map_err(bad)?;
                }
                Ok(OfferOp::Call {
                    text: text.map(|t| t.trim().to_owned()),
                })
            }
            OfferOp::Decide { .. } => {
                if !access.buyer {
                    return Err(offer_not_found());
                }
                Ok(op)
            }
        }
    }

    /// Each accepted member's reserved-contract eligibility on `day`, from its profile and
    /// verification as they are now (recorded with a submission).
    async fn eligibility_on(
        &self,
        members: &[OfferMember],
        day: chrono::NaiveDate,
    ) -> AppResult<Vec<(i64, EligibilityOnSubmission)>> {
        let mut recorded = Vec::new();
        for member in members.iter().filter(|m| m.state == MemberState::Accepted) {
            let org = self.organisation(member.organisation_id).await?;
            let profile = self
                .store
                .profile(org.id)
                .await?
                .map(|p| p.content)
                .unwrap_or_default();
            let eligibility = EligibilityOnSubmission::of(&profile, &org.verified_standing(), day);
            recorded.push((org.id, eligibility));
        }
        Ok(recorded)
    }

    /// The organisations that are accepted members of the offer.
    pub(super) async fn offer_member_orgs(&self, offer_id: i64) -> AppResult<Vec<i64>> {
        Ok(self
            .store
            .offer_members(offer_id)
            .await?
            .into_iter()
            .filter(|m| m.state == MemberState::Accepted)
            .map(|m| m.organisation_id)
            .collect())
    }

    /// Passes when the viewer belongs to `org` and `org` is an accepted member.
    fn require_member_org(&self, access: &OfferAccess, org: i64) -> AppResult<()> {
        if access.member_orgs.contains(&org) {
            Ok(())
        } else if access.sees_offer() {
            Err(AppError::Forbidden(
                "You can only act for a member organisation you belong to.".into(),
            ))
        } else {
            Err(offer_not_found())
        }
    }

    /// The history's words for a change.
    async fn describe(&self, op: &OfferOp) -> AppResult<String> {
        let name = match op.organisation() {
            Some(id) => self.organisation(id).await?.name,
            None => String::new(),
        };
        Ok(match op {
            OfferOp::Invite { role, .. } => format!("{name} invited as {}", role_word(*role)),
            OfferOp::Request { role, .. } => {
                format!("{name} asked to join as {}", role_word(*role))
            }
            OfferOp::Admit { .. } => format!("{name} joined"),
            OfferOp::Refuse { .. } => format!("{name}: invitation or request turned down"),
            OfferOp::Leave { .. } => format!("{name} left"),
            OfferOp::HandOver { .. } => format!("{name} took over the lead"),
            OfferOp::Contribute { .. } => format!("{name} changed its contribution"),
            OfferOp::Confirm { .. } => format!("{name} confirmed the offer"),
            OfferOp::Edit { lots, .. } => {
                let lots: Vec<String> = lots.iter().map(u32::to_string).collect();
                format!("Lots or pitch changed (lots now {})", lots.join(", "))
            }
            OfferOp::Call { text: Some(_) } => "Call for partners published".into(),
            OfferOp::Call { text: None } => "Call for partners taken down".into(),
            OfferOp::Submit => "Submitted to the buyer".into(),
            OfferOp::Withdraw => "Withdrawn".into(),
            OfferOp::Decide { awarded: true } => "Awarded".into(),
            OfferOp::Decide { awarded: false } => "Not awarded".into(),
        })
    }

    /// Who hears of a change: the members' people, the organisation it is about, the buyer
    /// side for what it sees (submission, a withdrawal after it), and the leads of other
    /// offers a new subcontractor also works for. Never the person who made it.
    async fn offer_audience(
        &self,
        offer: &JointOffer,
        need: &Need,
        members: &[OfferMember],
        op: &OfferOp,
        author: i64,
        detail: &str,
    ) -> AppResult<Vec<NewNotification>> {
        let mut orgs: Vec<i64> = members
            .iter()
            .filter(|m| m.state == MemberState::Accepted)
            .map(|m| m.organisation_id)
            .collect();
        let mut kind = NotificationKind::JointOfferChanged;
        match op {
            OfferOp::Invite {
                organisation_id, ..
            } => {
                kind = NotificationKind::JointOfferInvitation;
                orgs = vec![*organisation_id];
            }
            OfferOp::Request { .. } => {
                kind = NotificationKind::JointOfferInvitation;
                orgs = vec![offer.lead_org];
            }
            _ => orgs.extend(op.organisation()),
        }
        let buyer_sees = matches!(op, OfferOp::Submit)
            || (matches!(op, OfferOp::Withdraw) && offer.submitted_at.is_some());
        if buyer_sees {
            orgs.extend(need.buyer_side());
        }
        if let OfferOp::Admit { organisation_id } = op {
            orgs.extend(self.other_leads(offer, members, *organisation_id).await?);
        }
        orgs.sort_unstable();
        orgs.dedup();
        let mut people = self.members_of(&orgs).await?;
        people.sort_unstable();
        people.dedup();
        people.retain(|&p| p != author);
        let stamp = Utc::now().timestamp_micros();
        let text = format!("Joint offer for \"{}\": {detail}", need.content.title);
        Ok(people
            .into_iter()
            .map(|user_id| NewNotification {
                user_id,
                kind,
                need_id: Some(need.id),
                message: text.clone(),
                dedupe_key: format!(
                    "offer:{}:{}:{stamp}:{user_id}",
                    offer.id,
                    op.kind().as_stored()
                ),
            })
            .collect())
    }

    /// The leads of other live offers for the same lots that `org` already works in, when it
    /// joins this one as a subcontractor (both leads are warned).
    async fn other_leads(
        &self,
        offer: &JointOffer,
        members: &[OfferMember],
        org: i64,
    ) -> AppResult<Vec<i64>> {
        let subcontracts = members
            .iter()
            .any(|m| m.organisation_id == org && m.role == MemberRole::Subcontractor);
        if !subcontracts {
            return Ok(Vec::new());
        }
        let mut leads = Vec::new();
        for other in self.store.joint_offers_of_organisation(org).await? {
            let competing = other.id != offer.id
                && other.need_id == offer.need_id
                && other.status.holds_places()
                && other.lots.iter().any(|l| offer.lots.contains(l));
            if competing && self.offer_member_orgs(other.id).await?.contains(&org) {
                leads.push(other.lead_org);
            }
        }
        Ok(leads)
    }

    /// Checks a contribution's lots, regions, codes and numbers.
    async fn checked_contribution(
        &self,
        mut c: Contribution,
        offer_lots: &[u32],
    ) -> AppResult<Contribution> {
        if c.lots.len() > MAX_LIST || c.regions.len() > MAX_LIST || c.cpv.len() > MAX_LIST {
            return Err(AppError::bad_input(
                "contribution",
                format!("Name at most {MAX_LIST} lots, regions or CPV codes."),
            ));
        }
        c.lots.sort_unstable();
        c.lots.dedup();
        if let Some(lot) = c.lots.iter().find(|l| !offer_lots.contains(l)) {
            return Err(AppError::bad_input(
                "contribution.lots",
                format!("Lot {lot} is not one of the joint offer's lots."),
            ));
        }
        for region in &c.regions {
            if self.geography().region(region).is_none() {
                return Err(AppError::bad_input(
                    "contribution.regions",
                    format!("{region} is not a NUTS or ITL region code we know."),
                ));
            }
        }
        c.cpv.sort();
        c.cpv.dedup();
        let missing: Vec<CpvCode> = self.store.cpv_missing(&c.cpv).await?;
        if let Some(code) = missing.first() {
            return Err(AppError::bad_input(
                "contribution.cpv",
                format!("{} is not in the CPV list.", code.as_str()),
            ));
        }
        for (field, value) in [
            ("contribution.trainingPlaces", c.training_places),
            ("contribution.staff", c.staff),
        ] {
            if value.is_some_and(|v| v > MAX_CAPACITY) {
                return Err(AppError::bad_input(
                    field,
                    format!("At most {MAX_CAPACITY}."),
                ));
            }
        }
        plain_text("contribution.note", &c.note, 0, 2000).map_err(bad)?;
        c.note = c.note.trim().to_owned();
        Ok(c)
    }

    /// Offers the viewer may read for a need, each with the viewer's standing: their own
    /// organisations', and for the buyer side the submitted ones.
    pub async fn joint_offers_for_need(
        &self,
        viewer: &Viewer,
        need: &Need,
    ) -> AppResult<Vec<(JointOffer, OfferAccess)>> {
        let offers = self.store.joint_offers_of_need(need.id).await?;
        self.readable_offers(viewer, offers).await
    }

    /// Offers the viewer's organisations lead, belong to or are invited to, newest first, each
    /// with the viewer's standing.
    pub async fn my_joint_offers(
        &self,
        viewer: &Viewer,
    ) -> AppResult<Vec<(JointOffer, OfferAccess)>> {
        viewer.user()?;
        let mut offers: Vec<JointOffer> = Vec::new();
        for org in self.viewer_orgs(viewer).await? {
            for offer in self.store.joint_offers_of_organisation(org).await? {
                if !offers.iter().any(|o| o.id == offer.id) {
                    offers.push(offer);
                }
            }
        }
        offers.sort_by_key(|o| std::cmp::Reverse(o.id));
        self.readable_offers(viewer, offers).await
    }

    /// The offers the viewer may read, with the standing that decided it, as
    /// [`Services::offer_access`] decides it for one: the viewer's organisations, the offers'
    /// members and the submitted offers' needs are each read once for the whole list.
    async fn readable_offers(
        &self,
        viewer: &Viewer,
        offers: Vec<JointOffer>,
    ) -> AppResult<Vec<(JointOffer, OfferAccess)>> {
        let mine = self.viewer_orgs(viewer).await?;
        if mine.is_empty() || offers.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = offers.iter().map(|o| o.id).collect();
        let mut members: std::collections::HashMap<i64, Vec<OfferMember>> =
            std::collections::HashMap::new();
        for member in self.store.offer_members_of(&ids).await? {
            members.entry(member.offer_id).or_default().push(member);
        }
        let submitted: Vec<i64> = offers
            .iter()
            .filter(|o| o.submitted_at.is_some())
            .map(|o| o.need_id)
            .collect();
        let needs: std::collections::HashMap<i64, Need> = self
            .store
            .needs_by_ids(&submitted)
            .await?
            .into_iter()
            .map(|n| (n.id, n))
            .collect();
        let mut readable = Vec::new();
        for offer in offers {
            let need = match offer.submitted_at {
                Some(_) => needs.get(&offer.need_id),
                None => None,
            };
            let of_offer = members.get(&offer.id).map_or(&[][..], Vec::as_slice);
            let access = standing(&mine, &offer, of_offer, need);
            if access.sees_offer() {
                readable.push((offer, access));
            }
        }
        Ok(readable)
    }

    /// Published calls for partners the viewer may see, newest first.
    pub async fn partner_calls(
        &self,
        viewer: &Viewer,
        need_id: Option<i64>,
        first: u32,
    ) -> AppResult<Vec<JointOffer>> {
        viewer.user()?;
        let calls = self.store.partner_calls(need_id, first).await?;
        let need_ids: Vec<i64> = calls.iter().map(|c| c.need_id).collect();
        let visible: Vec<i64> = self
            .visible_needs(viewer, &need_ids)
            .await?
            .iter()
            .map(|n| n.id)
            .collect();
        Ok(calls
            .into_iter()
            .filter(|c| visible.contains(&c.need_id))
            .collect())
    }

    /// The members the viewer may see: everyone with a standing for members and invitees
    /// (requests too for the lead), only accepted members for the buyer.
    pub async fn visible_members(
        &self,
        offer: &JointOffer,
        access: &OfferAccess,
    ) -> AppResult<Vec<OfferMember>> {
        let members = self.store.offer_members(offer.id).await?;
        Ok(members
            .into_iter()
            .filter(|m| match m.state {
                MemberState::Accepted => access.sees_offer(),
                MemberState::Requested | MemberState::Rejected => access.leads,
                _ => access.is_member() || access.invited_orgs.contains(&m.organisation_id),
            })
            .map(|mut m| {
                // The words of an invitation or request are the consortium's own business:
                // the buyer (once the offer is submitted) and other invitees see none.
                if !access.is_member() && !access.invited_orgs.contains(&m.organisation_id) {
                    m.message.clear();
                }
                m
            })
            .collect())
    }

    /// Per lot: required against covered, the gaps, and the competition and reserved-lot
    /// readings. Once submitted, a member's reserved-lot eligibility is the one recorded that
    /// day (the law reads it as of submission), not what its profile says now.
    pub async fn offer_coverage(
        &self,
        viewer: &Viewer,
        offer: &JointOffer,
    ) -> AppResult<Vec<LotReport>> {
        let need = self
            .store
            .need(offer.need_id)
            .await?
            .ok_or_else(offer_not_found)?;
        let mut members = Vec::new();
        for member in self.store.offer_members(offer.id).await? {
            if member.state != MemberState::Accepted {
                continue;
            }
            let org = self.organisation(member.organisation_id).await?;
            let mut cap = self.capability(viewer, &org).await?;
            if let Some(frozen) = &member.eligibility_at_submission {
                cap.reserved_eligible = frozen.eligible();
            }
            members.push((member, org, cap));
        }
        let capacities: Vec<MemberCapacity> = members
            .iter()
            .map(|(m, _, cap)| MemberCapacity {
                profile: cap.clone(),
                contribution: m.contribution.clone(),
            })
            .collect();
        let mut reports = Vec::new();
        for &lot in &offer.lots {
            let number = (lot > 0).then_some(lot);
            let Some(wanted) = LotNeeds::of(&need.content, number) else {
                continue;
            };
            let assessment = offers::assess_lot(&wanted, &capacities);
            let gap_wordings = assessment.gaps.iter().map(|g| g.wording(&wanted)).collect();
            let title = need
                .content
                .lots
                .iter()
                .find(|l| Some(l.number) == number)
                .map(|l| l.title.clone());
            reports.push(LotReport {
                wanted,
                title,
                assessment,
                members: members.clone(),
                gap_wordings,
            });
        }
        Ok(reports)
    }

    /// Enterprises that would fill a lot's gaps, for the offer's members.
    pub async fn offer_complements(
        &self,
        viewer: &Viewer,
        report: &LotReport,
        first: usize,
    ) -> AppResult<Vec<Suggestion<Organisation>>> {
        let group: Vec<i64> = report.members.iter().map(|(_, org, _)| org.id).collect();
        self.partners_for_gaps(
            viewer,
            &report.wanted,
            &report.assessment.gaps,
            &group,
            first,
        )
        .await
    }

    /// Members that sit in another live offer for the same lot, in words.
    pub async fn offer_seat_warnings(&self, offer: &JointOffer) -> AppResult<Vec<String>> {
        let mut warnings = Vec::new();
        for seat in self.store.shared_seats(offer.id).await? {
            let member = self.organisation(seat.organisation_id).await?.name;
            let other = self.organisation(seat.other_lead_org).await?.name;
            let lot = if seat.lot == 0 {
                "this need".to_owned()
            } else {
                format!("lot {}", seat.lot)
            };
            let how = if seat.bidding_there {
                "bids"
            } else {
                "subcontracts"
            };
            warnings.push(format!(
                "{member} also {how} in another joint offer for {lot} (led by {other})."
            ));
        }
        Ok(warnings)
    }
}

/// Joint offers are made by enterprises: WISE and suppliers.
fn require_enterprise(org: &Organisation, field: &str) -> AppResult<()> {
    match org.kind {
        OrgKind::Wise | OrgKind::Supplier => Ok(()),
        _ => Err(AppError::bad_input(
            field,
            "Joint offers are formed by enterprises (a WISE or a supplier).",
        )),
    }
}

fn require_role_allowed(need: &Need, role: MemberRole) -> AppResult<()> {
    if role == MemberRole::Subcontractor && !need.content.subcontracting_welcome {
        return Err(AppError::Conflict(
            "The buyer does not allow subcontracting for this need.".into(),
        ));
    }
    Ok(())
}

/// Offers are made for needs that are announced, in dialogue or out to tender.
fn require_open_for_offers(need: &Need) -> AppResult<()> {
    match need.status {
        NeedStatus::Announced | NeedStatus::InDialogue | NeedStatus::Tendering => Ok(()),
        status => Err(AppError::Conflict(format!(
            "Joint offers can no longer be made for this need (it is {}).",
            status.as_stored()
        ))),
    }
}

fn check_pitch(pitch: &str) -> AppResult<()> {
    plain_text("pitch", pitch, 0, 4000).map_err(bad)
}

/// The lots asked for, checked against the need: every lot when none are named, `[0]` for a
/// need without lots, and never more than the need's maximum per bidder.
fn offer_lots(need: &Need, mut lots: Vec<u32>) -> AppResult<Vec<u32>> {
    let content = &need.content;
    if content.lots.is_empty() {
        if lots.iter().any(|&l| l != 0) {
            return Err(AppError::bad_input(
                "lots",
                "This need has no lots; leave lots out.",
            ));
        }
        return Ok(vec![0]);
    }
    if lots.is_empty() {
        lots = content.lots.iter().map(|l| l.number).collect();
    }
    lots.sort_unstable();
    lots.dedup();
    if let Some(lot) = lots
        .iter()
        .find(|&&n| !content.lots.iter().any(|l| l.number == n))
    {
        return Err(AppError::bad_input(
            "lots",
            format!("This need has no lot {lot}."),
        ));
    }
    if let Some(max) = content.max_lots_per_bidder {
        if lots.len() > max as usize {
            return Err(AppError::bad_input(
                "lots",
                format!("The buyer allows at most {max} lots per bidder."),
            ));
        }
    }
    Ok(lots)
}

fn role_word(role: MemberRole) -> &'static str {
    match role {
        MemberRole::Lead => "lead",
        MemberRole::Partner => "partner",
        MemberRole::Subcontractor => "subcontractor",
    }
}

/// What a viewer may see of a joint offer event: the offer with the viewer's standing, what
/// changed, and for consortium messages the message.
pub struct VisibleOfferEvent {
    pub offer: JointOffer,
    pub access: OfferAccess,
    /// For a change to the offer: what changed.
    pub change: Option<crate::domain::joint_offer::OfferChangeKind>,
    /// For a message in the consortium's thread.
    pub message: Option<crate::store::Message>,
}

impl Services {
    /// A joint offer event as this viewer may see it, checked against their standing when it is
    /// delivered: changes to offers they may see, messages in the consortium threads of offers
    /// they are a member of. The buyer side learns of status changes only.
    pub async fn visible_joint_offer_event(
        &self,
        viewer: &Viewer,
        event: &crate::live::LoggedEvent,
    ) -> AppResult<Option<VisibleOfferEvent>> {
        use crate::domain::joint_offer::OfferChangeKind;
        use crate::store::EventPayload;
        let (offer_id, change, message_id) = match event.payload {
            EventPayload::JointOffer {
                offer_id, change, ..
            } => (offer_id, Some(change), None),
            EventPayload::Message {
                consortium_id: Some(offer_id),
                message_id,
                ..
            } => (offer_id, None, Some(message_id)),
            _ => return Ok(None),
        };
        let Some(offer) = self.store.joint_offer(offer_id).await? else {
            return Ok(None);
        };
        let access = self.offer_access(viewer, &offer).await?;
        // The buyer side learns of status changes only: what happened before submission (a
        // replay from an old cursor) stays the members' business.
        let buyer_only = access.buyer && !access.is_member() && access.invited_orgs.is_empty();
        let message = match message_id {
            Some(id) if access.is_member() => match self.store.message(id).await? {
                Some(message) => Some(message),
                None => return Ok(None),
            },
            Some(_) => return Ok(None),
            None if buyer_only && change != Some(OfferChangeKind::StatusChanged) => {
                return Ok(None)
            }
            None if access.sees_offer() => None,
            None => return Ok(None),
        };
        Ok(Some(VisibleOfferEvent {
            offer,
            access,
            change,
            message,
        }))
    }
}
