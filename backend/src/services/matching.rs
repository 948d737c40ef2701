//! Matchmaking: enterprises suggested for a lot, needs suggested for an enterprise, and the
//! partners that would fill a joint offer's gaps. The scoring itself is in
//! [`crate::domain::matching`]; this module finds candidates and checks who may see what.

use super::Services;
use crate::auth::Viewer;
use crate::domain::cpv::CpvCode;
use crate::domain::matching::{self, Capability, Coverage, Fit, Gap, LotNeeds, Wording};
use crate::domain::need::{NeedFilter, NeedStatus};
use crate::error::{AppError, AppResult};
use crate::search::PartnerQuery;
use crate::store::{Need, NeedOrder, NeedQuery, Organisation};
use chrono::Utc;

/// How many enterprises are scored for one suggestion list: the closest by CPV first.
const PARTNER_CANDIDATES: usize = 200;
/// How many open needs are scored for one enterprise.
const NEED_CANDIDATES: u32 = 500;

/// One ranked suggestion and why.
pub struct Suggestion<T> {
    pub fit: Fit,
    pub item: T,
}

/// The gaps of a group for one lot, and who would fill them.
pub struct Complement {
    pub gaps: Vec<(Gap, Wording)>,
    pub partners: Vec<Suggestion<Organisation>>,
}

impl Services {
    /// Enterprises ranked by how well they fit the lot (or the need as a whole).
    pub async fn suggested_partners(
        &self,
        viewer: &Viewer,
        need_id: i64,
        lot: Option<u32>,
        first: usize,
    ) -> AppResult<Vec<Suggestion<Organisation>>> {
        let (_, wanted) = self.lot_needs(viewer, need_id, lot).await?;
        let candidates = self.candidates(viewer, &wanted.cpv, &[]).await?;
        let scored = candidates
            .into_iter()
            .map(|(org, cap)| (matching::fit(&wanted, &cap), org.id, org))
            .collect();
        Ok(ranked(scored, first))
    }

    /// Open needs ranked by how well the enterprise fits their best lot.
    pub async fn suggested_needs(
        &self,
        viewer: &Viewer,
        organisation_id: i64,
        first: usize,
    ) -> AppResult<Vec<Suggestion<(Need, Option<u32>)>>> {
        let org = self.organisation(organisation_id).await?;
        let cap = self.capability(viewer, &org).await?;
        if cap.cpv.is_empty() {
            return Ok(Vec::new());
        }
        let mut divisions: Vec<CpvCode> = cap
            .cpv
            .iter()
            .filter_map(|c| CpvCode::parse(&format!("{}000000", c.division())).ok())
            .collect();
        divisions.sort();
        divisions.dedup();
        let query = NeedQuery {
            filter: NeedFilter {
                statuses: vec![
                    NeedStatus::Announced,
                    NeedStatus::InDialogue,
                    NeedStatus::Tendering,
                ],
                cpv: divisions,
                ..NeedFilter::default()
            },
            drafts_of: Vec::new(),
            order: NeedOrder::Newest,
            after: None,
            first: NEED_CANDIDATES,
        };
        let needs = self.store.needs(&query).await?;
        let scored = needs
            .into_iter()
            .filter_map(|need| {
                let (fit, lot) = LotNeeds::all_of(&need.content)
                    .into_iter()
                    .map(|wanted| (matching::fit(&wanted, &cap), wanted.lot))
                    .max_by_key(|(fit, lot)| (fit.score, std::cmp::Reverse(*lot)))?;
                Some((fit, need.id, (need, lot)))
            })
            .collect();
        Ok(ranked(scored, first))
    }

    /// What the group (enterprises forming a joint offer) lacks for the lot, and the
    /// enterprises outside it that fill most of that.
    pub async fn complementary_partners(
        &self,
        viewer: &Viewer,
        group: &[i64],
        need_id: i64,
        lot: Option<u32>,
        first: usize,
    ) -> AppResult<Complement> {
        viewer.user()?;
        if group.is_empty() || group.len() > 20 {
            return Err(AppError::bad_input(
                "organisations",
                "Name between 1 and 20 organisations in the group.",
            ));
        }
        let (_, wanted) = self.lot_needs(viewer, need_id, lot).await?;
        let mut members = Vec::with_capacity(group.len());
        for id in group {
            let org = self.organisation(*id).await?;
            members.push(self.capability(viewer, &org).await?);
        }
        let gaps = Coverage::of(&wanted, &members).gaps();
        let partners = self
            .partners_for_gaps(viewer, &wanted, &gaps, group, first)
            .await?;
        Ok(Complement {
            gaps: gaps
                .into_iter()
                .map(|gap| {
                    let wording = gap.wording(&wanted);
                    (gap, wording)
                })
                .collect(),
            partners,
        })
    }

    /// Enterprises outside `group`, ranked by how much of the lot's gaps they fill; none when
    /// there is no gap.
    pub(super) async fn partners_for_gaps(
        &self,
        viewer: &Viewer,
        wanted: &LotNeeds,
        gaps: &[Gap],
        group: &[i64],
        first: usize,
    ) -> AppResult<Vec<Suggestion<Organisation>>> {
        if gaps.is_empty() {
            return Ok(Vec::new());
        }
        let candidates = self.candidates(viewer, &wanted.cpv, group).await?;
        let scored = candidates
            .into_iter()
            .map(|(org, cap)| (matching::complement(wanted, gaps, &cap), org.id, org))
            .collect();
        Ok(ranked(scored, first))
    }

    /// The need, if visible, and what the lot asks for.
    async fn lot_needs(
        &self,
        viewer: &Viewer,
        need_id: i64,
        lot: Option<u32>,
    ) -> AppResult<(Need, LotNeeds)> {
        let need = self
            .visible_need(viewer, need_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Need".into()))?;
        let wanted = LotNeeds::of(&need.content, lot).ok_or_else(|| {
            AppError::bad_input("lot", format!("This need has no lot {}.", lot.unwrap_or(0)))
        })?;
        Ok((need, wanted))
    }

    /// What matchmaking reads of an organisation: its profile as the viewer may see it (a
    /// hidden profile reads as empty, so it earns nothing).
    pub(super) async fn capability(
        &self,
        viewer: &Viewer,
        org: &Organisation,
    ) -> AppResult<Capability> {
        let profile = self
            .profile(viewer, org.id)
            .await?
            .map(|p| p.content)
            .unwrap_or_default();
        let own_region = org
            .region
            .clone()
            .filter(|r| self.geography().region(r).is_some());
        let verified = org.verification.is_some();
        let reserved_eligible = profile
            .reserved_eligibility_gaps(&org.verified_standing(), Utc::now().date_naive())
            .is_empty();
        Ok(Capability::new(
            org.id,
            verified,
            reserved_eligible,
            own_region,
            &profile,
        ))
    }

    /// Enterprises the viewer may see that offer something in the code's CPV division, the
    /// closest codes first (the code itself, then its class, group and division), up to
    /// [`PARTNER_CANDIDATES`], leaving out `exclude`.
    async fn candidates(
        &self,
        viewer: &Viewer,
        cpv: &CpvCode,
        exclude: &[i64],
    ) -> AppResult<Vec<(Organisation, Capability)>> {
        let mut ids: Vec<i64> = Vec::new();
        for level in broadening(cpv) {
            let query = PartnerQuery {
                cpv: Some(level),
                signed_in: viewer.user_id().is_some(),
                limit: PARTNER_CANDIDATES + exclude.len(),
                ..PartnerQuery::default()
            };
            let hits = self.search.search_partners(&query).await?;
            for hit in hits.hits {
                let id = hit.organisation_id;
                if !ids.contains(&id) && !exclude.contains(&id) {
                    ids.push(id);
                }
            }
            if ids.len() >= PARTNER_CANDIDATES {
                break;
            }
        }
        ids.truncate(PARTNER_CANDIDATES);
        let mut candidates = Vec::with_capacity(ids.len());
        for id in ids {
            // The index may lag a deletion by a moment; a missing organisation is left out.
            if let Some(org) = self.store.organisation(id).await? {
                let cap = self.capability(viewer, &org).await?;
                candidates.push((org, cap));
            }
        }
        Ok(candidates)
    }
}

/// The code, then its class, group and division, as codes (`90911200`, `90910000`,
/// `90900000`, `90000000`), without repeats.
fn broadening(cpv: &CpvCode) -> Vec<CpvCode> {
    let mut levels: Vec<CpvCode> = Vec::new();
    for digits in [cpv.prefix().len(), 4, 3, 2] {
        let prefix = &cpv.as_str()[..digits.min(cpv.prefix().len())];
        if let Ok(code) = CpvCode::parse(&format!("{prefix:0<8}")) {
            if !levels.contains(&code) {
                levels.push(code);
            }
        }
    }
    levels
}

fn ranked<T>(scored: Vec<(Fit, i64, T)>, first: usize) -> Vec<Suggestion<T>> {
    matching::rank(scored, first)
        .into_iter()
        .map(|(fit, _, item)| Suggestion { fit, item })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_broaden_one_level_at_a_time() {
        let codes: Vec<String> = broadening(&CpvCode::parse("90911200").unwrap())
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect();
        assert_eq!(codes, ["90911200", "90910000", "90900000", "90000000"]);
        let division = broadening(&CpvCode::parse("85000000").unwrap());
        assert_eq!(division.len(), 1);
    }
}
