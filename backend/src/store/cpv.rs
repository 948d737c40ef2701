//! The CPV code list (Common Procurement Vocabulary): which codes exist, their labels, and
//! finding codes for pickers. Shipped with the product and loaded on first start.

use super::StoreResult;
use crate::domain::cpv::{CpvCode, CpvQuery};
use async_trait::async_trait;

#[async_trait]
pub trait CpvStore: Send + Sync {
    /// The codes that are not in the CPV list.
    async fn cpv_missing(&self, codes: &[CpvCode]) -> StoreResult<Vec<CpvCode>>;
    /// A CPV code's English label.
    async fn cpv_label(&self, code: &CpvCode) -> StoreResult<Option<String>>;
    /// Adds or updates CPV codes; returns how many rows were read.
    async fn import_cpv(&self, rows: &[(CpvCode, String)]) -> StoreResult<u64>;
    /// How many codes the CPV list holds.
    async fn cpv_count(&self) -> StoreResult<i64>;
    /// Adds the codes the list lacks, keeping existing labels; returns how many were added.
    async fn add_cpv(&self, rows: &[(CpvCode, String)]) -> StoreResult<u64>;
    /// Codes for a picker: every prefix and word must match; broader codes first, then by code.
    async fn search_cpv(&self, query: &CpvQuery, limit: i64)
        -> StoreResult<Vec<(CpvCode, String)>>;
}
