//! Joint offers: enterprises that bid together for a need's lots (Directive 2014/24 Art. 19 and
//! 63: no legal form may be demanded before award, and a bidder may rely on others' capacity).
//!
//! This module holds the rules that need no database: which change is allowed in which state
//! ([`OfferOp::check`]), when an offer becomes ready ([`settled_status`]), what a member's stated
//! contribution adds to a lot, and the competition-law reading of a consortium
//! ([`assess_lot`]). The store applies the same checks inside its transaction, so two people
//! acting at once cannot slip past them.

use super::cpv::CpvCode;
use super::matching::{Capability, Coverage, Gap, LotNeeds};
use super::profile::{EligibilityGap, ProfileContent, VerifiedStanding};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a joint offer stands. `FORMING` -> `READY` (every member confirmed) -> `SUBMITTED`
/// (the buyer sees it) -> `AWARDED` / `NOT_AWARDED`; `WITHDRAWN` from any open state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OfferStatus {
    Forming,
    Ready,
    Submitted,
    Withdrawn,
    Awarded,
    NotAwarded,
}

impl OfferStatus {
    pub fn as_stored(self) -> &'static str {
        match self {
            Self::Forming => "FORMING",
            Self::Ready => "READY",
            Self::Submitted => "SUBMITTED",
            Self::Withdrawn => "WITHDRAWN",
            Self::Awarded => "AWARDED",
            Self::NotAwarded => "NOT_AWARDED",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        Some(match text {
            "FORMING" => Self::Forming,
            "READY" => Self::Ready,
            "SUBMITTED" => Self::Submitted,
            "WITHDRAWN" => Self::Withdrawn,
            "AWARDED" => Self::Awarded,
            "NOT_AWARDED" => Self::NotAwarded,
            _ => return None,
        })
    }

    /// Composition, contributions and lots may still change.
    pub fn is_forming(self) -> bool {
        matches!(self, Self::Forming | Self::Ready)
    }

    /// The offer still competes for the lots (its members' places are held).
    pub fn holds_places(self) -> bool {
        !matches!(self, Self::Withdrawn)
    }

    /// The buyer has decided on it.
    pub fn is_decided(self) -> bool {
        matches!(self, Self::Awarded | Self::NotAwarded)
    }
}

/// What a member does in the offer. Lead and partners bid; a subcontractor works for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberRole {
    Lead,
    Partner,
    Subcontractor,
}

impl MemberRole {
    pub fn as_stored(self) -> &'static str {
        match self {
            Self::Lead => "LEAD",
            Self::Partner => "PARTNER",
            Self::Subcontractor => "SUBCONTRACTOR",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        Some(match text {
            "LEAD" => Self::Lead,
            "PARTNER" => Self::Partner,
            "SUBCONTRACTOR" => Self::Subcontractor,
            _ => return None,
        })
    }

    /// Part of the bidding group, so bound by "one offer per lot".
    pub fn bids(self) -> bool {
        !matches!(self, Self::Subcontractor)
    }
}

/// An organisation's standing in an offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberState {
    /// The lead invited it; its admin has not answered.
    Invited,
    /// It asked to join a published call; the lead has not answered.
    Requested,
    Accepted,
    Declined,
    /// The lead turned its request down.
    Rejected,
    Left,
}

impl MemberState {
    pub fn as_stored(self) -> &'static str {
        match self {
            Self::Invited => "INVITED",
            Self::Requested => "REQUESTED",
            Self::Accepted => "ACCEPTED",
            Self::Declined => "DECLINED",
            Self::Rejected => "REJECTED",
            Self::Left => "LEFT",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        Some(match text {
            "INVITED" => Self::Invited,
            "REQUESTED" => Self::Requested,
            "ACCEPTED" => Self::Accepted,
            "DECLINED" => Self::Declined,
            "REJECTED" => Self::Rejected,
            "LEFT" => Self::Left,
            _ => return None,
        })
    }

    /// Waiting for an answer, from the invitee or from the lead.
    pub fn is_pending(self) -> bool {
        matches!(self, Self::Invited | Self::Requested)
    }
}

/// What a member brings: the lots (or parts) it works on, where, how much and which services.
/// Empty lists mean "as in our profile" for regions and CPV, and "every lot of the offer" for
/// lots.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Contribution {
    pub lots: Vec<u32>,
    pub regions: Vec<String>,
    pub training_places: Option<u32>,
    pub staff: Option<u32>,
    pub cpv: Vec<CpvCode>,
    /// In words: which part of the work, which period.
    pub note: String,
}

impl Contribution {
    /// True when the member works on `lot` (0 stands for a need without lots).
    pub fn covers_lot(&self, lot: u32) -> bool {
        self.lots.is_empty() || self.lots.contains(&lot)
    }

    /// What the member adds to a lot: its profile, narrowed to what it states here. A
    /// member that does not work on the lot adds nothing.
    pub fn applied_to(&self, lot: u32, profile: &Capability) -> Option<Capability> {
        if !self.covers_lot(lot) {
            return None;
        }
        let mut cap = profile.clone();
        if !self.cpv.is_empty() {
            cap.cpv = self.cpv.clone();
        }
        if !self.regions.is_empty() {
            cap.regions = self.regions.clone();
        }
        if self.training_places.is_some() || self.staff.is_some() {
            cap.training_places = self.training_places;
            cap.staff = self.staff;
        }
        Some(cap)
    }
}

/// One member as the rules read it.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberEntry {
    pub organisation_id: i64,
    pub role: MemberRole,
    pub state: MemberState,
    pub confirmed: bool,
}

/// A change someone asks for. The store checks it against the offer as it is inside the
/// transaction (see [`OfferOp::check`]) and then applies it.
#[derive(Debug, Clone, PartialEq)]
pub enum OfferOp {
    /// The lead invites an organisation.
    Invite {
        organisation_id: i64,
        role: MemberRole,
        message: String,
    },
    /// An organisation asks to join an offer that publishes a call for partners.
    Request {
        organisation_id: i64,
        role: MemberRole,
        message: String,
        contribution: Contribution,
    },
    /// An invitation or request is accepted: by the invitee, or by the lead for a request.
    Admit {
        organisation_id: i64,
    },
    /// An invitation is declined (by the invitee) or a request turned down (by the lead).
    Refuse {
        organisation_id: i64,
    },
    Leave {
        organisation_id: i64,
    },
    HandOver {
        organisation_id: i64,
    },
    Contribute {
        organisation_id: i64,
        contribution: Contribution,
    },
    Confirm {
        organisation_id: i64,
    },
    /// The lead changes the lots or the pitch.
    Edit {
        lots: Vec<u32>,
        pitch: String,
    },
    /// Publishes (`Some`) or takes down (`None`) the call for partners.
    Call {
        text: Option<String>,
    },
    Submit,
    Withdraw,
    /// The buyer's decision after award.
    Decide {
        awarded: bool,
    },
}

impl OfferOp {
    /// The history's name for the change.
    pub fn kind(&self) -> OfferChangeKind {
        match self {
            Self::Invite { .. } => OfferChangeKind::Invited,
            Self::Request { .. } => OfferChangeKind::Requested,
            Self::Admit { .. } => OfferChangeKind::Joined,
            Self::Refuse { .. } => OfferChangeKind::Refused,
            Self::Leave { .. } => OfferChangeKind::Left,
            Self::HandOver { .. } => OfferChangeKind::LeadHandedOver,
            Self::Contribute { .. } => OfferChangeKind::ContributionChanged,
            Self::Confirm { .. } => OfferChangeKind::Confirmed,
            Self::Edit { .. } => OfferChangeKind::Edited,
            Self::Call { .. } => OfferChangeKind::PartnerCall,
            Self::Submit | Self::Withdraw | Self::Decide { .. } => OfferChangeKind::StatusChanged,
        }
    }

    /// The organisation the change is about, if one.
    pub fn organisation(&self) -> Option<i64> {
        match self {
            Self::Invite {
                organisation_id, ..
            }
            | Self::Request {
                organisation_id, ..
            }
            | Self::Admit { organisation_id }
            | Self::Refuse { organisation_id }
            | Self::Leave { organisation_id }
            | Self::HandOver { organisation_id }
            | Self::Contribute {
                organisation_id, ..
            }
            | Self::Confirm { organisation_id } => Some(*organisation_id),
            _ => None,
        }
    }

    /// Changes to who is in the offer or what they bring: every member must confirm again.
    pub fn unsettles_composition(&self) -> bool {
        matches!(
            self,
            Self::Admit { .. }
                | Self::Leave { .. }
                | Self::HandOver { .. }
                | Self::Contribute { .. }
                | Self::Edit { .. }
        )
    }

    /// Whether the change is allowed with the offer in `status` and these members; the
    /// refusal says why in words.
    pub fn check(&self, status: OfferStatus, members: &[MemberEntry]) -> Result<(), String> {
        let find = |org: i64| members.iter().find(|m| m.organisation_id == org);
        let forming = || {
            if status.is_forming() {
                Ok(())
            } else {
                Err(format!(
                    "The joint offer is {} and can no longer change.",
                    status.as_stored().to_lowercase().replace('_', " ")
                ))
            }
        };
        let accepted = |org: i64| match find(org) {
            Some(m) if m.state == MemberState::Accepted => Ok(m),
            _ => Err("This organisation is not a member of the joint offer.".to_owned()),
        };
        match self {
            Self::Invite {
                organisation_id,
                role,
                ..
            }
            | Self::Request {
                organisation_id,
                role,
                ..
            } => {
                forming()?;
                if *role == MemberRole::Lead {
                    return Err(
                        "A joint offer has one lead; invite as partner or subcontractor, \
                         then hand over the lead."
                            .into(),
                    );
                }
                match find(*organisation_id) {
                    Some(m) if m.state == MemberState::Accepted => {
                        Err("This organisation is already a member.".into())
                    }
                    Some(m) if m.state.is_pending() => {
                        Err("This organisation already has an open invitation or request.".into())
                    }
                    _ => Ok(()),
                }
            }
            Self::Admit { organisation_id } | Self::Refuse { organisation_id } => {
                forming()?;
                match find(*organisation_id) {
                    Some(m) if m.state.is_pending() => Ok(()),
                    _ => {
                        Err("There is no open invitation or request for this organisation.".into())
                    }
                }
            }
            Self::Leave { organisation_id } => {
                forming()?;
                if accepted(*organisation_id)?.role == MemberRole::Lead {
                    return Err(
                        "The lead cannot leave: hand over the lead to another member \
                         first, or withdraw the offer."
                            .into(),
                    );
                }
                Ok(())
            }
            Self::HandOver { organisation_id } => {
                forming()?;
                if accepted(*organisation_id)?.role == MemberRole::Lead {
                    return Err("This organisation already leads the offer.".into());
                }
                Ok(())
            }
            Self::Contribute {
                organisation_id, ..
            }
            | Self::Confirm { organisation_id } => {
                forming()?;
                accepted(*organisation_id).map(|_| ())
            }
            Self::Edit { .. } | Self::Call { .. } => forming(),
            Self::Submit => match status {
                OfferStatus::Ready => Ok(()),
                OfferStatus::Forming => Err("Every member must confirm the offer (and every \
                                             invitation be answered) before it is submitted."
                    .into()),
                _ => Err("The joint offer has already been submitted or closed.".into()),
            },
            Self::Withdraw => match status {
                OfferStatus::Forming | OfferStatus::Ready | OfferStatus::Submitted => Ok(()),
                _ => Err("The joint offer is already closed.".into()),
            },
            Self::Decide { .. } => match status {
                OfferStatus::Submitted => Ok(()),
                _ => Err("Only a submitted joint offer can be awarded or not.".into()),
            },
        }
    }

    /// The status this change moves to by itself (status changes), before readiness settles.
    pub fn target_status(&self, status: OfferStatus) -> OfferStatus {
        match self {
            Self::Submit => OfferStatus::Submitted,
            Self::Withdraw => OfferStatus::Withdrawn,
            Self::Decide { awarded: true } => OfferStatus::Awarded,
            Self::Decide { awarded: false } => OfferStatus::NotAwarded,
            _ => status,
        }
    }
}

/// `FORMING` and `READY` follow the members: ready when every member has confirmed and no
/// invitation or request waits for an answer; any other status stays as it is.
pub fn settled_status(status: OfferStatus, members: &[MemberEntry]) -> OfferStatus {
    if !status.is_forming() {
        return status;
    }
    let waiting = members.iter().any(|m| m.state.is_pending());
    let all_confirmed = members
        .iter()
        .filter(|m| m.state == MemberState::Accepted)
        .all(|m| m.confirmed);
    if all_confirmed && !waiting {
        OfferStatus::Ready
    } else {
        OfferStatus::Forming
    }
}

/// What a history entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OfferChangeKind {
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

impl OfferChangeKind {
    pub fn as_stored(self) -> &'static str {
        match self {
            Self::Created => "CREATED",
            Self::Invited => "INVITED",
            Self::Requested => "REQUESTED",
            Self::Joined => "JOINED",
            Self::Refused => "REFUSED",
            Self::Left => "LEFT",
            Self::LeadHandedOver => "LEAD_HANDED_OVER",
            Self::ContributionChanged => "CONTRIBUTION_CHANGED",
            Self::Confirmed => "CONFIRMED",
            Self::Edited => "EDITED",
            Self::PartnerCall => "PARTNER_CALL",
            Self::StatusChanged => "STATUS_CHANGED",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        [
            Self::Created,
            Self::Invited,
            Self::Requested,
            Self::Joined,
            Self::Refused,
            Self::Left,
            Self::LeadHandedOver,
            Self::ContributionChanged,
            Self::Confirmed,
            Self::Edited,
            Self::PartnerCall,
            Self::StatusChanged,
        ]
        .into_iter()
        .find(|k| k.as_stored() == text)
    }
}

/// One member as coverage reads it: what its profile says it can do, and what it offers here.
#[derive(Debug, Clone)]
pub struct MemberCapacity {
    pub profile: Capability,
    pub contribution: Contribution,
}

/// A lot as the consortium covers it.
#[derive(Debug, Clone, PartialEq)]
pub struct LotAssessment {
    pub coverage: Coverage,
    pub gaps: Vec<Gap>,
    /// Members whose own profile covers the whole lot (competition law: the joint offer is
    /// then not obviously necessary).
    pub alone_capable: Vec<i64>,
}

/// Coverage of one lot by the members' stated contributions, its gaps, and which members could
/// have met the lot alone by their profiles.
pub fn assess_lot(lot: &LotNeeds, members: &[MemberCapacity]) -> LotAssessment {
    let number = lot.lot.unwrap_or(0);
    let contributed: Vec<Capability> = members
        .iter()
        .filter_map(|m| m.contribution.applied_to(number, &m.profile))
        .collect();
    let coverage = Coverage::of(lot, &contributed);
    let gaps = coverage.gaps();
    let alone_capable = members
        .iter()
        .filter(|m| {
            Coverage::of(lot, std::slice::from_ref(&m.profile))
                .gaps()
                .is_empty()
        })
        .map(|m| m.profile.organisation_id)
        .collect();
    LotAssessment {
        coverage,
        gaps,
        alone_capable,
    }
}

/// A member's reserved-contract eligibility on the day its offer was submitted, kept as the law
/// reads it (the share requirement counts as of that day), whatever changes later.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EligibilityOnSubmission {
    pub on: NaiveDate,
    pub verified: bool,
    pub share_percent: Option<u8>,
    pub measured_on: Option<NaiveDate>,
    /// Why it did not qualify; empty when it did.
    pub gaps: Vec<EligibilityGap>,
}

impl EligibilityOnSubmission {
    pub fn of(profile: &ProfileContent, standing: &VerifiedStanding, on: NaiveDate) -> Self {
        let wise = profile.wise.as_ref();
        Self {
            on,
            verified: standing.verified,
            share_percent: wise.and_then(|w| w.target_group_staff_percent),
            measured_on: wise.and_then(|w| w.measured_on),
            gaps: profile.reserved_eligibility_gaps(standing, on),
        }
    }

    pub fn eligible(&self) -> bool {
        self.gaps.is_empty()
    }
}

#[cfg(test)]
mod tests;
