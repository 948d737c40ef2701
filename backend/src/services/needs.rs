//! Needs: who may announce, edit and see them; interest; saved searches and their alerts.

use super::Services;
use crate::auth::Viewer;
use crate::domain::cpv::CpvCode;
use crate::domain::geography::Geography;
use crate::domain::need::{plain_text, single_line, Language, NeedContent, NeedFilter, NeedStatus};
use crate::domain::OrgKind;
use crate::domain::Reason;
use crate::error::{AppError, AppResult};
use crate::store::{
    Need, NeedChange, NeedCursor, NeedInterest, NeedOrder, NeedQuery, NewNeed, NewNotification,
    NotificationKind, SavedSearch, StoreError,
};
use chrono::Utc;

/// Co-buyers a need may have; joint procurements rarely involve more.
const MAX_CO_BUYERS: usize = 20;
/// Saved searches one person may keep.
const MAX_SAVED_SEARCHES: usize = 50;

fn is_buyer_kind(kind: OrgKind) -> bool {
    matches!(kind, OrgKind::Municipality | OrgKind::Other)
}

fn need_not_found() -> AppError {
    AppError::NotFound("Need".into())
}

impl Services {
    pub fn geography(&self) -> &'static Geography {
        Geography::embedded()
    }

    /// Organisations the viewer belongs to: their buyer side for drafts they may see.
    pub(super) async fn viewer_orgs(&self, viewer: &Viewer) -> AppResult<Vec<i64>> {
        match viewer.user_id() {
            Some(user_id) => Ok(self
                .store
                .memberships_of_user(user_id)
                .await?
                .into_iter()
                .map(|m| m.organisation_id)
                .collect()),
            None => Ok(Vec::new()),
        }
    }

    /// Members of the buyer and of every co-buyer may edit; nobody else.
    pub async fn can_edit_need(&self, viewer: &Viewer, need: &Need) -> AppResult<bool> {
        self.is_on_buyer_side(viewer, need.buyer_id, &need.co_buyers)
            .await
    }

    /// True when the viewer belongs to the buyer or one of the co-buyers.
    pub async fn is_on_buyer_side(
        &self,
        viewer: &Viewer,
        buyer_id: i64,
        co_buyers: &[i64],
    ) -> AppResult<bool> {
        let orgs = self.viewer_orgs(viewer).await?;
        Ok(orgs.contains(&buyer_id) || co_buyers.iter().any(|c| orgs.contains(c)))
    }

    pub async fn can_see_need(&self, viewer: &Viewer, need: &Need) -> AppResult<bool> {
        Ok(need.status.is_public() || self.can_edit_need(viewer, need).await?)
    }

    /// The need if the viewer may see it; a draft is "not found" for everyone else.
    pub async fn visible_need(&self, viewer: &Viewer, id: i64) -> AppResult<Option<Need>> {
        match self.store.need(id).await? {
            Some(need) if self.can_see_need(viewer, &need).await? => Ok(Some(need)),
            _ => Ok(None),
        }
    }

    async fn editable_need(&self, viewer: &Viewer, id: i64) -> AppResult<Need> {
        viewer.user()?;
        let need = self
            .visible_need(viewer, id)
            .await?
            .ok_or_else(need_not_found)?;
        if !self.can_edit_need(viewer, &need).await? {
            return Err(AppError::Forbidden(
                "Only the buyer's members can change this need.".into(),
            ));
        }
        Ok(need)
    }

    /// Validates content: every rule of the record, then that each CPV code exists.
    async fn validate_content(&self, content: &NeedContent) -> AppResult<()> {
        content.check(self.geography()).map_err(AppError::from)?;
        let codes: Vec<CpvCode> = content.all_cpvs().cloned().collect();
        let missing = self.store.cpv_missing(&codes).await?;
        let Some(code) = missing.first() else {
            return Ok(());
        };
        let field = if *code == content.main_cpv {
            "mainCpv".to_owned()
        } else if content.additional_cpvs.contains(code) {
            "additionalCpvs".to_owned()
        } else {
            let lot = content
                .lots
                .iter()
                .position(|l| l.cpv.as_ref() == Some(code))
                .unwrap_or_default();
            format!("lots[{lot}].cpv")
        };
        Err(AppError::bad_input_as(
            &field,
            Reason::Unknown,
            format!("{} is not in the CPV list.", code.as_str()),
        ))
    }

    /// Refuses CPV codes (profile codes, search filters) that are not in the CPV list, naming
    /// the field (`cpv[2]` for a list, `cpv` for a single filter).
    pub(super) async fn require_known_cpvs(
        &self,
        field: &str,
        codes: &[CpvCode],
        indexed: bool,
    ) -> AppResult<()> {
        let missing = self.store.cpv_missing(codes).await?;
        let Some(code) = missing.first() else {
            return Ok(());
        };
        let field = match codes.iter().position(|c| c == code) {
            Some(i) if indexed => format!("{field}[{i}]"),
            _ => field.to_owned(),
        };
        Err(AppError::bad_input_as(
            &field,
            Reason::Unknown,
            format!("{} is not in the CPV list.", code.as_str()),
        ))
    }

    /// Co-buyers must be other public buyers that exist.
    async fn validate_co_buyers(&self, buyer_id: i64, co_buyers: &[i64]) -> AppResult<()> {
        if co_buyers.len() > MAX_CO_BUYERS {
            return Err(AppError::bad_input(
                "coBuyerIds",
                format!("At most {MAX_CO_BUYERS} co-buyers."),
            ));
        }
        for &id in co_buyers {
            let org = self.store.organisation(id).await?;
            match org {
                Some(org) if org.id != buyer_id && is_buyer_kind(org.kind) => {}
                Some(org) if org.id == buyer_id => {
                    return Err(AppError::bad_input(
                        "coBuyerIds",
                        "The buyer cannot also be its own co-buyer.",
                    ))
                }
                Some(org) => {
                    return Err(AppError::bad_input(
                        "coBuyerIds",
                        format!("{} is not a public buyer.", org.name),
                    ))
                }
                None => {
                    return Err(AppError::bad_input(
                        "coBuyerIds",
                        "One of the co-buyers does not exist.",
                    ))
                }
            }
        }
        Ok(())
    }

    /// Creates a draft for a buyer organisation the viewer belongs to.
    pub async fn create_need(
        &self,
        viewer: &Viewer,
        buyer_id: i64,
        co_buyers: Vec<i64>,
        mut content: NeedContent,
    ) -> AppResult<Need> {
        let user = viewer.user()?;
        let buyer = self.organisation(buyer_id).await?;
        content.language = content
            .language
            .or(Some(Language::for_country(buyer.org_number.country())));
        self.require_member(
            buyer_id,
            user.id,
            "Only members of the buying organisation can announce its needs.",
        )
        .await?;
        if !is_buyer_kind(buyer.kind) {
            return Err(AppError::Forbidden(
                "Only municipalities and other public buyers announce needs.".into(),
            ));
        }
        self.validate_co_buyers(buyer_id, &co_buyers).await?;
        self.validate_content(&content).await?;
        let need = self
            .store
            .create_need(&NewNeed {
                buyer_id,
                co_buyers,
                content,
                created_by: user.id,
                now: Utc::now(),
            })
            .await?;
        self.events_committed().await;
        Ok(need)
    }

    /// Replaces the content. `revision` is the one the editor read: a concurrent edit is a
    /// conflict, never a silent overwrite.
    pub async fn update_need(
        &self,
        viewer: &Viewer,
        id: i64,
        revision: i64,
        co_buyers: Option<Vec<i64>>,
        mut content: NeedContent,
    ) -> AppResult<Need> {
        let need = self.editable_need(viewer, id).await?;
        // Left out, the language stays what it was.
        content.language = content
            .language
            .or(need.content.language)
            .or(Some(Language::for_country(need.content.place.country)));
        // The co-buyers named and those asked: left out, both stay as they are.
        let mut known: Vec<i64> = need.buyer_side().skip(1).collect();
        known.extend(&need.co_buyer_requests);
        known.sort_unstable();
        let mut co_buyers = co_buyers.unwrap_or_else(|| known.clone());
        co_buyers.sort_unstable();
        co_buyers.dedup();
        if co_buyers.iter().any(|c| !known.contains(c))
            && matches!(
                need.status,
                NeedStatus::Awarded
                    | NeedStatus::Closed
                    | NeedStatus::Withdrawn
                    | NeedStatus::Cancelled
            )
        {
            return Err(AppError::bad_input(
                "coBuyerIds",
                "Other buyers can be asked to join a need only before it is awarded.",
            ));
        }
        if matches!(
            need.status,
            NeedStatus::Closed | NeedStatus::Withdrawn | NeedStatus::Cancelled
        ) {
            return Err(AppError::Conflict(
                "A closed, withdrawn or cancelled need can no longer be edited.".into(),
            ));
        }
        self.validate_co_buyers(need.buyer_id, &co_buyers).await?;
        self.validate_content(&content).await?;
        if need.revision == revision && *need.content == content && known == co_buyers {
            // Nothing changed: no new version, no alerts.
            return Ok(need);
        }
        let by = viewer.user()?.id;
        let after = Need {
            content: std::sync::Arc::new(content.clone()),
            ..need.clone()
        };
        let change = self
            .change_for(
                &after,
                revision,
                by,
                Utc::now(),
                "was updated",
                Some((
                    NotificationKind::NeedChanged,
                    format!("{} was updated.", content.title),
                )),
            )
            .await?;
        let (need, _) = self
            .store
            .update_need(&change, &content, &co_buyers)
            .await
            .map_err(stale)?;
        self.events_committed().await;
        Ok(need)
    }

    /// Moves the need along its lifecycle; refused unless the transition is allowed.
    pub async fn change_need_status(
        &self,
        viewer: &Viewer,
        id: i64,
        revision: i64,
        to: NeedStatus,
        note: &str,
    ) -> AppResult<Need> {
        let need = self.editable_need(viewer, id).await?;
        if !need.status.can_become(to) {
            let allowed: Vec<&str> = need.status.next().iter().map(|s| s.as_stored()).collect();
            let options = if allowed.is_empty() {
                "nothing: it is final".to_owned()
            } else {
                allowed.join(", ")
            };
            return Err(AppError::bad_input(
                "status",
                format!(
                    "A need that is {} cannot become {}; it can become {options}.",
                    need.status.as_stored(),
                    to.as_stored()
                ),
            ));
        }
        plain_text("note", note, 0, 2000).map_err(AppError::from)?;
        let by = viewer.user()?.id;
        let now = Utc::now();
        let after = Need {
            status: to,
            announced_at: need.announced_at.or(Some(now)),
            ..need.clone()
        };
        let what = if to == NeedStatus::Announced {
            "was announced".to_owned()
        } else {
            format!("is now {}", to.as_stored())
        };
        let interested = (need.status.is_public()).then(|| {
            (
                NotificationKind::NeedStatusChanged,
                format!("{} {what}.", need.content.title),
            )
        });
        let change = self
            .change_for(&after, revision, by, now, &what, interested)
            .await?;
        let (need, _) = self
            .store
            .transition_need(&change, to, note.trim())
            .await
            .map_err(stale)?;
        self.events_committed().await;
        Ok(need)
    }

    /// The change record with its alerts: one per saved search (not the editor's own) that the
    /// need matches after the change, keyed so each fires once per change.
    async fn change_for(
        &self,
        after: &Need,
        revision: i64,
        by: i64,
        now: chrono::DateTime<Utc>,
        what: &str,
        notify_interested: Option<(NotificationKind, String)>,
    ) -> AppResult<NeedChange> {
        let mut alerts = Vec::new();
        if after.status.is_public() {
            for search in self.store.all_saved_searches().await? {
                if search.user_id != by && search.filter.matches(&after.facts()) {
                    alerts.push(NewNotification {
                        user_id: search.user_id,
                        kind: NotificationKind::SavedSearchMatch,
                        need_id: Some(after.id),
                        message: format!(
                            "{} {what} (saved search \"{}\").",
                            after.content.title, search.name
                        ),
                        dedupe_key: format!("search:{}:{}:{}", search.id, after.id, revision + 1),
                    });
                }
            }
        }
        Ok(NeedChange {
            need_id: after.id,
            expected_revision: revision,
            by,
            now,
            alerts,
            notify_interested,
        })
    }

    pub async fn delete_draft(&self, viewer: &Viewer, id: i64) -> AppResult<()> {
        let need = self.editable_need(viewer, id).await?;
        if need.status != NeedStatus::Draft || !self.store.delete_draft(id).await? {
            return Err(AppError::Conflict(
                "Only a need that was never announced can be deleted; withdraw it instead.".into(),
            ));
        }
        Ok(())
    }

    /// A page of needs the viewer may see.
    pub async fn needs(
        &self,
        viewer: &Viewer,
        filter: NeedFilter,
        order: NeedOrder,
        after: Option<NeedCursor>,
        first: u32,
    ) -> AppResult<Vec<Need>> {
        self.require_known_cpvs("cpv", &filter.cpv, false).await?;
        let query = NeedQuery {
            filter,
            drafts_of: self.viewer_orgs(viewer).await?,
            order,
            after,
            first,
        };
        self.store.needs(&query).await.map_err(|err| match err {
            StoreError::NotFound(_) => AppError::bad_input(
                "after",
                "This cursor is not valid; start again from the first page.",
            ),
            other => other.into(),
        })
    }

    /// Need search over public needs. The needs come from the store, so a hit shows the need as
    /// it is now even if the index lags a change by a moment.
    pub async fn search_needs(
        &self,
        viewer: &Viewer,
        query: crate::search::NeedSearch,
    ) -> AppResult<(crate::search::NeedHits, Vec<Need>)> {
        if let Some(code) = &query.cpv {
            self.require_known_cpvs("cpv", std::slice::from_ref(code), false)
                .await?;
        }
        let hits = self.search.search_needs(&query).await?;
        let ids: Vec<i64> = hits.hits.iter().map(|hit| hit.need_id).collect();
        let needs = self.visible_needs(viewer, &ids).await?;
        Ok((hits, needs))
    }

    /// Marks an organisation (a WISE or supplier the viewer belongs to) as interested, in the
    /// whole need or in some lots.
    pub async fn mark_interest(
        &self,
        viewer: &Viewer,
        need_id: i64,
        org_id: i64,
        lots: Vec<u32>,
    ) -> AppResult<NeedInterest> {
        let user = viewer.user()?;
        let need = self
            .visible_need(viewer, need_id)
            .await?
            .ok_or_else(need_not_found)?;
        let org = self.organisation(org_id).await?;
        self.require_member(
            org_id,
            user.id,
            "Only members of the organisation can mark its interest.",
        )
        .await?;
        if !matches!(org.kind, OrgKind::Wise | OrgKind::Supplier) {
            return Err(AppError::Forbidden(
                "Interest is marked by work integration social enterprises and suppliers.".into(),
            ));
        }
        if !need.status.is_open() {
            return Err(AppError::Conflict(
                "This need is no longer open for interest.".into(),
            ));
        }
        if let Some(lot) = lots
            .iter()
            .find(|&&n| n == 0 || n as usize > need.content.lots.len())
        {
            return Err(AppError::bad_input(
                "lotNumbers",
                format!("The need has no lot {lot}."),
            ));
        }
        let mut lots = lots;
        lots.sort_unstable();
        lots.dedup();
        let interest = NeedInterest {
            need_id,
            organisation_id: org_id,
            lots,
            marked_by: user.id,
            created_at: Utc::now(),
        };
        self.store.set_interest(&interest).await?;
        Ok(interest)
    }

    pub async fn withdraw_interest(
        &self,
        viewer: &Viewer,
        need_id: i64,
        org_id: i64,
    ) -> AppResult<()> {
        let user = viewer.user()?;
        self.require_member(
            org_id,
            user.id,
            "Only members of the organisation can withdraw its interest.",
        )
        .await?;
        if !self.store.remove_interest(need_id, org_id).await? {
            return Err(AppError::NotFound("Interest".into()));
        }
        Ok(())
    }

    /// Who is interested: for the buyer side only (enterprises do not see each other's interest).
    pub async fn interests(&self, viewer: &Viewer, need: &Need) -> AppResult<Vec<NeedInterest>> {
        if !self.can_edit_need(viewer, need).await? {
            return Err(AppError::Forbidden(
                "Only the buyer sees which organisations are interested.".into(),
            ));
        }
        Ok(self.store.interests(need.id).await?)
    }

    /// The viewer's own organisations' interest in the need.
    pub async fn viewer_interests(
        &self,
        viewer: &Viewer,
        need: &Need,
    ) -> AppResult<Vec<NeedInterest>> {
        let orgs = self.viewer_orgs(viewer).await?;
        if orgs.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self
            .store
            .interests(need.id)
            .await?
            .into_iter()
            .filter(|i| orgs.contains(&i.organisation_id))
            .collect())
    }

    pub async fn save_search(
        &self,
        viewer: &Viewer,
        name: &str,
        filter: NeedFilter,
    ) -> AppResult<SavedSearch> {
        let user = viewer.user()?;
        let name = name.trim();
        single_line("name", name, 1, 100).map_err(AppError::from)?;
        if self.store.saved_searches(user.id).await?.len() >= MAX_SAVED_SEARCHES {
            return Err(AppError::Conflict(format!(
                "You can keep at most {MAX_SAVED_SEARCHES} saved searches."
            )));
        }
        Ok(self
            .store
            .create_saved_search(user.id, name, &filter, Utc::now())
            .await?)
    }

    pub async fn delete_saved_search(&self, viewer: &Viewer, id: i64) -> AppResult<()> {
        let user = viewer.user()?;
        if !self.store.delete_saved_search(user.id, id).await? {
            return Err(AppError::NotFound("Saved search".into()));
        }
        Ok(())
    }
}

/// A revision conflict from the store, in words for the editor.
fn stale(err: StoreError) -> AppError {
    match err {
        StoreError::Conflict(_) => AppError::Conflict(
            "Someone changed this need since you opened it. Reload it and apply your change again."
                .into(),
        ),
        other => other.into(),
    }
}

/// At most this many needs go into the all-needs release package in one response.
pub const MAX_PACKAGE_RELEASES: u32 = 10_000;

impl Services {
    /// The need as an OCDS release; only for public needs.
    pub async fn ocds_release(&self, need: &Need) -> AppResult<serde_json::Value> {
        if !need.status.is_public() {
            return Err(need_not_found());
        }
        let buyer = self.organisation(need.buyer_id).await?;
        let mut co_buyers = Vec::new();
        for &id in &need.co_buyers {
            co_buyers.push(self.organisation(id).await?);
        }
        let mut cpv_labels = std::collections::HashMap::new();
        for code in need.content.all_cpvs() {
            if let Some(label) = self.store.cpv_label(code).await? {
                cpv_labels.insert(code.as_str().to_owned(), label);
            }
        }
        let ctx = crate::ocds::ReleaseContext {
            ocid_prefix: &self.config.ocid_prefix,
            buyer: &buyer,
            co_buyers: &co_buyers,
            cpv_labels: &cpv_labels,
        };
        Ok(crate::ocds::release(need, &ctx))
    }

    /// A release package of the given public needs.
    pub async fn ocds_package(&self, needs: &[Need], path: &str) -> AppResult<serde_json::Value> {
        let mut releases = Vec::with_capacity(needs.len());
        for need in needs.iter().filter(|n| n.status.is_public()) {
            releases.push(self.ocds_release(need).await?);
        }
        let uri = self
            .config
            .public_url
            .join(path)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(crate::ocds::package(uri.as_str(), releases, Utc::now()))
    }

    /// Every public need, newest first, up to `MAX_PACKAGE_RELEASES`.
    pub async fn public_needs(&self) -> AppResult<Vec<Need>> {
        let query = NeedQuery {
            filter: NeedFilter::default(),
            drafts_of: Vec::new(),
            order: NeedOrder::Newest,
            after: None,
            first: MAX_PACKAGE_RELEASES,
        };
        let mut needs = self.store.needs(&query).await?;
        needs.truncate(MAX_PACKAGE_RELEASES as usize);
        Ok(needs)
    }
}

impl Services {
    /// Adds or updates CPV codes (`samspill import cpv`, the demo); returns how many rows were
    /// read. The store's own error, for the command line to show in full.
    pub async fn import_cpv(&self, rows: &[(CpvCode, String)]) -> crate::store::StoreResult<u64> {
        self.store.import_cpv(rows).await
    }

    /// CPV codes for a picker, broader codes first, at most `limit`; the list is public.
    pub async fn search_cpv(
        &self,
        query: &crate::domain::cpv::CpvQuery,
        limit: i64,
    ) -> AppResult<Vec<(CpvCode, String)>> {
        Ok(self.store.search_cpv(query, limit).await?)
    }

    /// The English label of a CPV code, or `None` when the list does not have it.
    pub async fn cpv_label(&self, code: &CpvCode) -> AppResult<Option<String>> {
        Ok(self.store.cpv_label(code).await?)
    }

    /// A need's status changes, oldest first (the need as the viewer already sees it).
    pub async fn need_transitions(
        &self,
        need: &Need,
    ) -> AppResult<Vec<crate::store::NeedTransition>> {
        Ok(self.store.need_transitions(need.id).await?)
    }

    /// A need's published versions, oldest first.
    pub async fn need_versions(&self, need: &Need) -> AppResult<Vec<crate::store::NeedVersion>> {
        Ok(self.store.need_versions(need.id).await?)
    }
}

/// What a viewer may see of a need event: what happened, and the need as it is now.
pub struct VisibleNeedEvent {
    pub kind: crate::store::NeedChangeKind,
    pub need: Need,
}

impl Services {
    /// A need event as this viewer may see it: public needs for everyone, drafts for the buyer
    /// side only; `None` when they may not see it, or it is not a need event.
    pub async fn visible_need_event(
        &self,
        viewer: &Viewer,
        event: &crate::live::LoggedEvent,
    ) -> AppResult<Option<VisibleNeedEvent>> {
        let crate::store::EventPayload::Need {
            kind,
            need_id,
            status,
            buyer_id,
            ref co_buyers,
        } = event.payload
        else {
            return Ok(None);
        };
        // An event from a draft's time is the buyer side's business alone, even when the need
        // has been announced since (a slow subscriber may see it late).
        if !status.is_public() && !self.is_on_buyer_side(viewer, buyer_id, co_buyers).await? {
            return Ok(None);
        }
        // The need as it is now (a later change may have hidden it again), read once per event
        // for all subscribers, then checked for this viewer.
        let Some(need) = event.need(self.store.as_ref()).await? else {
            return Ok(None);
        };
        if need.id != need_id || !self.can_see_need(viewer, need).await? {
            return Ok(None);
        }
        Ok(Some(VisibleNeedEvent {
            kind,
            need: need.clone(),
        }))
    }
}
