//! Capability profiles and partner search.

use super::Services;
use crate::auth::Viewer;
use crate::domain::profile::{ProfileContent, Visibility};
use crate::domain::OrgKind;
use crate::error::{AppError, AppResult};
use crate::search::{PartnerHits, PartnerQuery, SearchError};
use crate::store::{Organisation, Profile, StoreError};
use chrono::Utc;

impl From<SearchError> for AppError {
    fn from(err: SearchError) -> Self {
        match err {
            SearchError::BadQuery(message) => AppError::bad_input("query", message),
            SearchError::Engine(detail) | SearchError::InUse(detail) => AppError::Internal(detail),
        }
    }
}

impl Services {
    /// The organisation's profile as the viewer may see it: profiles for signed-in users only
    /// are `None` for anonymous visitors.
    pub async fn profile(
        &self,
        viewer: &Viewer,
        organisation_id: i64,
    ) -> AppResult<Option<Profile>> {
        let profile = self.store.profile(organisation_id).await?;
        Ok(profile
            .filter(|p| p.content.visibility == Visibility::Public || viewer.user_id().is_some()))
    }

    /// Members of an enterprise write its profile; `revision` is the one they read (0 for none).
    pub async fn update_profile(
        &self,
        viewer: &Viewer,
        organisation_id: i64,
        content: ProfileContent,
        revision: i64,
    ) -> AppResult<Profile> {
        let user = viewer.user()?;
        let org = self.organisation(organisation_id).await?;
        self.require_member(
            organisation_id,
            user.id,
            "Only members of the organisation can change its profile.",
        )
        .await?;
        if org.kind == OrgKind::Municipality {
            return Err(AppError::bad_input(
                "organisationId",
                "Capability profiles are for enterprises; municipalities announce needs instead.",
            ));
        }
        content.check(self.geography()).map_err(AppError::from)?;
        self.require_known_cpvs("cpv", &content.cpv, true).await?;
        let saved = self
            .store
            .save_profile(organisation_id, &content, revision, user.id, Utc::now())
            .await
            .map_err(|err| match err {
                StoreError::Conflict(_) => AppError::Conflict(
                    "Someone saved this profile since you read it. Reload it and apply your \
                     change again."
                        .into(),
                ),
                other => other.into(),
            })?;
        self.search_wake.notify_one();
        Ok(saved)
    }

    /// Partner search; what the viewer may not see (profiles for signed-in users only) is left
    /// out by the engine, so counts and pages agree.
    pub async fn search_partners(
        &self,
        viewer: &Viewer,
        mut query: PartnerQuery,
    ) -> AppResult<(PartnerHits, Vec<Organisation>)> {
        query.signed_in = viewer.user_id().is_some();
        if let Some(code) = &query.cpv {
            self.require_known_cpvs("cpv", std::slice::from_ref(code), false)
                .await?;
        }
        let hits = self.search.search_partners(&query).await?;
        let ids: Vec<i64> = hits.hits.iter().map(|hit| hit.organisation_id).collect();
        let mut found = self.organisations_by_ids(&ids).await?;
        // The index may lag a deletion by a moment; a missing organisation is left out.
        let organisations = ids.iter().filter_map(|id| found.remove(id)).collect();
        Ok((hits, organisations))
    }
}
