//! Search documents, built from what the database holds now.

use super::{NeedDoc, PartnerDoc};
use crate::domain::profile::Visibility;
use crate::domain::OrgKind;
use crate::store::{Store, StoreResult};

/// The organisation's search document, or `None` when search must not show it (it does not
/// exist, or it is a buyer rather than a potential partner).
pub async fn partner_document(
    store: &dyn Store,
    organisation_id: i64,
) -> StoreResult<Option<PartnerDoc>> {
    let Some(org) = store.organisation(organisation_id).await? else {
        return Ok(None);
    };
    let kind = match org.kind {
        OrgKind::Wise => "WISE",
        OrgKind::Supplier => "SUPPLIER",
        OrgKind::Other => "OTHER",
        OrgKind::Municipality => return Ok(None),
    };
    let profile = store
        .profile(organisation_id)
        .await?
        .map(|p| p.content)
        .unwrap_or_default();
    let verified_wise = org.kind == OrgKind::Wise && org.verification.is_some();
    let mut regions = profile.regions_served.clone();
    // The organisation's own region counts when it is a region code (it may be free text).
    let geography = crate::domain::geography::Geography::embedded();
    regions.extend(org.region.clone().filter(|r| geography.region(r).is_some()));
    regions.sort();
    regions.dedup();
    let mut summary = org.description.clone();
    if !profile.services_description.is_empty() {
        if !summary.is_empty() {
            summary.push('\n');
        }
        summary.push_str(&profile.services_description);
    }
    Ok(Some(PartnerDoc {
        organisation_id,
        kind,
        name: org.name.clone(),
        summary,
        text: profile.search_text(),
        cpv: profile.cpv.iter().map(|c| c.as_str().to_owned()).collect(),
        regions,
        target_groups: profile
            .target_groups
            .iter()
            .map(|t| t.as_stored())
            .collect(),
        staff: profile.capacity.staff,
        training_places: profile.capacity.training_places,
        verified_wise,
        // As of indexing: a measurement that ages past a year shows until the next change.
        res_ws_eligible: profile
            .reserved_eligibility_gaps(&org.verified_standing(), chrono::Utc::now().date_naive())
            .is_empty(),
        public: profile.visibility == Visibility::Public,
    }))
}

/// The need's search document, or `None` when search must not show it (it does not exist or
/// is a draft).
pub async fn need_document(store: &dyn Store, need_id: i64) -> StoreResult<Option<NeedDoc>> {
    let Some(need) = store.need(need_id).await? else {
        return Ok(None);
    };
    if !need.status.is_public() {
        return Ok(None);
    }
    let c = &need.content;
    let buyer = store
        .organisation(need.buyer_id)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let geography = crate::domain::geography::Geography::embedded();
    let mut regions: Vec<String> = c
        .region_code()
        .into_iter()
        .chain(c.lots.iter().filter_map(|l| l.nuts_code.clone()))
        .filter(|r| geography.region(r).is_some())
        .collect();
    regions.sort();
    regions.dedup();
    let summary = if c.summary.trim().is_empty() {
        c.description.chars().take(300).collect()
    } else {
        c.summary.clone()
    };
    let mut text = vec![c.description.clone(), c.rationale.clone(), buyer];
    for lot in &c.lots {
        text.push(lot.title.clone());
        text.push(lot.description.clone());
    }
    Ok(Some(NeedDoc {
        need_id,
        title: c.title.clone(),
        summary,
        text: text.join("\n"),
        cpv: c.all_cpvs().map(|code| code.as_str().to_owned()).collect(),
        regions,
        status: need.status.as_stored(),
        reserved: c.reserved_any(),
        innovative: c.flags.innovative,
    }))
}
