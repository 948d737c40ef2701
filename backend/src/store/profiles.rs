//! Capability profiles and the search outbox, written once for both databases.

use super::StoreResult;
use crate::domain::profile::ProfileContent;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[derive(Debug, Clone)]
pub struct Profile {
    pub organisation_id: i64,
    pub content: ProfileContent,
    pub revision: i64,
    pub updated_by: i64,
    pub updated_at: DateTime<Utc>,
}

/// One row of the search outbox: this organisation's search document may have changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: i64,
    pub organisation_id: i64,
    /// Set when the entry is about this need (of the organisation, its buyer) instead.
    pub need_id: Option<i64>,
}

#[async_trait]
pub trait ProfileStore: Send + Sync {
    async fn profile(&self, organisation_id: i64) -> StoreResult<Option<Profile>>;
    /// Creates or replaces the profile and queues the organisation for search, atomically.
    /// A conflict when `expected_revision` (0 for none yet) is not the stored one.
    async fn save_profile(
        &self,
        organisation_id: i64,
        content: &ProfileContent,
        expected_revision: i64,
        by: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Profile>;
    /// Outbox entries after `after`, in id order.
    async fn search_outbox_after(&self, after: i64, limit: u32) -> StoreResult<Vec<OutboxEntry>>;
    /// The newest outbox id (0 when empty).
    async fn search_outbox_end(&self) -> StoreResult<i64>;
    /// Deletes outbox rows older than `before`; every index has long applied them.
    async fn prune_search_outbox(&self, before: DateTime<Utc>) -> StoreResult<u64>;
    /// Ids of organisations partner search shows (WISE, suppliers, others), after `after`.
    async fn partner_organisation_ids(&self, after: i64, limit: u32) -> StoreResult<Vec<i64>>;
    /// Ids of needs need search shows (every status but draft), after `after`.
    async fn public_need_ids(&self, after: i64, limit: u32) -> StoreResult<Vec<i64>>;
}
