//! Reads of many records by id in one statement each, for the batched reads of a request
//! (`graphql::loaders`): a page of twenty needs reads its buyers, CPV labels or authors with
//! one statement each, not one per need. Written once for both databases.

use super::{Membership, Need, OfferMember, Organisation, Profile, StoreResult, User};
use crate::domain::cpv::CpvCode;
use async_trait::async_trait;

/// At most this many ids go into one statement; longer lists are read in chunks.
pub const MAX_IDS_PER_STATEMENT: usize = 500;

/// `$1, $2, ... $n`, for an `IN (...)` list.
pub fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[async_trait]
pub trait BatchStore: Send + Sync {
    /// The organisations with these ids that exist, in no particular order.
    async fn organisations_by_ids(&self, ids: &[i64]) -> StoreResult<Vec<Organisation>>;
    /// The needs with these ids that exist (drafts too: callers check visibility).
    async fn needs_by_ids(&self, ids: &[i64]) -> StoreResult<Vec<Need>>;
    /// The users with these ids that exist.
    async fn users_by_ids(&self, ids: &[i64]) -> StoreResult<Vec<User>>;
    /// The labels of the codes the CPV list has.
    async fn cpv_labels(&self, codes: &[CpvCode]) -> StoreResult<Vec<(CpvCode, String)>>;
    /// The profiles of these organisations that have one.
    async fn profiles_of(&self, org_ids: &[i64]) -> StoreResult<Vec<Profile>>;
    /// The members of these joint offers (every state), each offer's in the order
    /// `offer_members` gives them.
    async fn offer_members_of(&self, offer_ids: &[i64]) -> StoreResult<Vec<OfferMember>>;
    /// The user's memberships in these organisations.
    async fn memberships_in(&self, user_id: i64, org_ids: &[i64]) -> StoreResult<Vec<Membership>>;
}
