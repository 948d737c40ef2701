//! Reads of many records at once, for the batched reads of one request (`graphql::loaders`):
//! each answers what the single-record function beside its feature answers, for many ids in
//! one store call, with the same rules.

use super::Services;
use crate::auth::Viewer;
use crate::domain::cpv::CpvCode;
use crate::domain::profile::Visibility;
use crate::error::AppResult;
use crate::store::{Need, Organisation, Profile, User};
use std::collections::HashMap;

impl Services {
    /// Organisations by id (organisations are public); ids that do not exist are left out.
    pub async fn organisations_by_ids(&self, ids: &[i64]) -> AppResult<HashMap<i64, Organisation>> {
        let found = self.store.organisations_by_ids(ids).await?;
        Ok(found.into_iter().map(|org| (org.id, org)).collect())
    }

    /// The organisations' profiles as the viewer may see them, as [`Services::profile`]:
    /// profiles for signed-in users only are left out for anonymous visitors.
    pub async fn profiles_of(
        &self,
        viewer: &Viewer,
        ids: &[i64],
    ) -> AppResult<HashMap<i64, Profile>> {
        let signed_in = viewer.user_id().is_some();
        Ok(self
            .store
            .profiles_of(ids)
            .await?
            .into_iter()
            .filter(|p| p.content.visibility == Visibility::Public || signed_in)
            .map(|p| (p.organisation_id, p))
            .collect())
    }

    /// The English labels of CPV codes; codes the list lacks are left out.
    pub async fn cpv_labels(&self, codes: &[CpvCode]) -> AppResult<HashMap<CpvCode, String>> {
        Ok(self.store.cpv_labels(codes).await?.into_iter().collect())
    }

    /// The people shown beside what they wrote or changed, as [`Services::author`].
    pub async fn authors(&self, ids: &[i64]) -> AppResult<HashMap<i64, User>> {
        let users = self.store.users_by_ids(ids).await?;
        Ok(users.into_iter().map(|u| (u.id, u)).collect())
    }

    /// The needs among `ids` the viewer may see, in the order of `ids`, read in one statement;
    /// as [`Services::visible_need`] for each.
    pub async fn visible_needs(&self, viewer: &Viewer, ids: &[i64]) -> AppResult<Vec<Need>> {
        let mut found: HashMap<i64, Need> = self
            .store
            .needs_by_ids(ids)
            .await?
            .into_iter()
            .map(|need| (need.id, need))
            .collect();
        // Drafts are rare in a list; the viewer's organisations are read only when one is met.
        let mut orgs: Option<Vec<i64>> = None;
        let mut visible = Vec::with_capacity(found.len());
        for id in ids {
            let Some(need) = found.remove(id) else {
                continue;
            };
            if !need.status.is_public() {
                if orgs.is_none() {
                    orgs = Some(self.viewer_orgs(viewer).await?);
                }
                let orgs = orgs.as_deref().unwrap_or_default();
                let on_buyer_side = orgs.contains(&need.buyer_id)
                    || need.co_buyers.iter().any(|c| orgs.contains(c));
                if !on_buyer_side {
                    continue;
                }
            }
            visible.push(need);
        }
        Ok(visible)
    }
}
