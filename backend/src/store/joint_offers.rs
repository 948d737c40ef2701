//! Joint offers: records, the [`JointOfferStore`] trait and its SQL, written once for both
//! databases.
//!
//! Every change goes through one transaction shape ([`JointOfferStore::change_joint_offer`]):
//! hold the offer's row, re-check the change against the offer as it is now
//! ([`OfferOp::check`]), apply it, settle `FORMING`/`READY`, and write the history entry, the
//! live event and the notifications before committing. The rule "one bidding offer per
//! organisation and lot" is a partial unique index on `joint_offer_seats`, so it holds however
//! many people join at the same moment, on both databases.

use super::records::NewNotification;
use super::StoreResult;
use crate::domain::joint_offer::{
    Contribution, EligibilityOnSubmission, MemberRole, MemberState, OfferChangeKind, OfferOp,
    OfferStatus,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[derive(Debug, Clone)]
pub struct JointOffer {
    pub id: i64,
    pub need_id: i64,
    pub lead_org: i64,
    pub status: OfferStatus,
    /// Lot numbers; `[0]` for a need without lots.
    pub lots: Vec<u32>,
    pub pitch: String,
    /// "Looking for partners", while published.
    pub partner_call: Option<String>,
    pub partner_call_at: Option<DateTime<Utc>>,
    /// The consortium thread, private to the members.
    pub thread_id: Option<i64>,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When the buyer first saw it.
    pub submitted_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct OfferMember {
    pub offer_id: i64,
    pub organisation_id: i64,
    pub role: MemberRole,
    pub state: MemberState,
    pub contribution: Contribution,
    pub confirmed_at: Option<DateTime<Utc>>,
    /// The invitation's or request's words.
    pub message: String,
    pub added_by: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Recorded when the offer was submitted.
    pub eligibility_at_submission: Option<EligibilityOnSubmission>,
}

/// One entry of an offer's history.
#[derive(Debug, Clone)]
pub struct OfferChange {
    pub id: i64,
    pub kind: OfferChangeKind,
    pub organisation_id: Option<i64>,
    /// The offer's status after the change.
    pub status: OfferStatus,
    pub detail: String,
    pub changed_by: i64,
    pub changed_at: DateTime<Utc>,
}

/// A member of this offer that also sits in another live offer for the same lot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedSeat {
    pub organisation_id: i64,
    pub lot: u32,
    pub other_offer_id: i64,
    pub other_lead_org: i64,
    pub bidding_here: bool,
    pub bidding_there: bool,
}

#[derive(Debug)]
pub struct NewJointOffer {
    pub need_id: i64,
    pub lead_org: i64,
    pub lots: Vec<u32>,
    pub pitch: String,
    pub contribution: Contribution,
    pub thread_title: String,
    pub by: i64,
    pub now: DateTime<Utc>,
}

/// A change to an offer, with its history text and the notifications it causes.
#[derive(Debug)]
pub struct OfferUpdate {
    pub offer_id: i64,
    pub op: OfferOp,
    pub detail: String,
    pub by: i64,
    pub now: DateTime<Utc>,
    pub notify: Vec<NewNotification>,
    /// For a submission: each member's eligibility that day, recorded with it (a member's
    /// first submission counts; a resubmission keeps it).
    pub eligibility: Vec<(i64, EligibilityOnSubmission)>,
}

#[async_trait]
pub trait JointOfferStore: Send + Sync {
    /// Creates the offer with its lead (accepted, role lead), the lead's places for the lots,
    /// the consortium thread and the first history entry; a refusal when the lead already bids
    /// in another offer for one of the lots.
    async fn create_joint_offer(&self, offer: &NewJointOffer) -> StoreResult<JointOffer>;
    async fn joint_offer(&self, id: i64) -> StoreResult<Option<JointOffer>>;
    async fn joint_offers_of_need(&self, need_id: i64) -> StoreResult<Vec<JointOffer>>;
    /// Offers in which the organisation has any standing (member, invited, requested, ...).
    async fn joint_offers_of_organisation(&self, org_id: i64) -> StoreResult<Vec<JointOffer>>;
    /// Forming offers that publish a call for partners, newest call first.
    async fn partner_calls(&self, need_id: Option<i64>, limit: u32)
        -> StoreResult<Vec<JointOffer>>;
    /// Every organisation with a standing in the offer, lead first.
    async fn offer_members(&self, offer_id: i64) -> StoreResult<Vec<OfferMember>>;
    /// Oldest first.
    async fn offer_history(&self, offer_id: i64) -> StoreResult<Vec<OfferChange>>;
    async fn shared_seats(&self, offer_id: i64) -> StoreResult<Vec<SharedSeat>>;
    /// Applies one change; [`StoreError::Refused`](super::StoreError::Refused) when the
    /// offer's current state does not allow it.
    async fn change_joint_offer(&self, update: &OfferUpdate) -> StoreResult<JointOffer>;
}
