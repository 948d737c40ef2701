//! Joint procurement by consent: a buyer asked to be co-buyer of another buyer's need is named
//! (listed under it, in open data, editing it) only once one of its own admins accepts.

use super::Services;
use crate::auth::Viewer;
use crate::error::{AppError, AppResult};
use crate::store::Need;
use chrono::{DateTime, Utc};

impl Services {
    /// An admin of the organisation accepts or declines its request to be co-buyer of a need.
    pub async fn answer_co_buyer_request(
        &self,
        viewer: &Viewer,
        need_id: i64,
        org_id: i64,
        accept: bool,
    ) -> AppResult<Need> {
        self.require_org_admin(viewer, org_id).await?;
        if !self
            .store
            .answer_co_buyer_request(need_id, org_id, accept, Utc::now())
            .await?
        {
            return Err(AppError::NotFound("Co-buyer request".into()));
        }
        self.store
            .need(need_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Need".into()))
    }

    /// The needs whose buyers ask the organisation to be co-buyer, for its admins: enough to
    /// decide (the need as it is, even a draft) and when they asked.
    pub async fn co_buyer_requests(
        &self,
        viewer: &Viewer,
        org_id: i64,
    ) -> AppResult<Vec<(Need, DateTime<Utc>)>> {
        self.require_org_admin(viewer, org_id).await?;
        let mut requests = Vec::new();
        for (need_id, requested_at) in self.store.co_buyer_requests(org_id).await? {
            if let Some(need) = self.store.need(need_id).await? {
                requests.push((need, requested_at));
            }
        }
        Ok(requests)
    }

    /// The buyers asked to be co-buyers of a need that have not accepted, for the buyer side.
    pub async fn pending_co_buyers(&self, viewer: &Viewer, need: &Need) -> AppResult<Vec<i64>> {
        if self.can_edit_need(viewer, need).await? {
            Ok(need.co_buyer_requests.clone())
        } else {
            Ok(Vec::new())
        }
    }
}
