//! Matchmaking in the schema: `Need.suggestedPartners`, `Organisation.suggestedNeeds` and
//! `complementaryPartners`. Every suggestion carries its score and the reasons behind it.

use super::ids::{self, NodeType};
use super::need_types::NeedNode;
use super::organisations::OrganisationNode;
use super::{services, viewer};
use crate::domain::matching::{self as m, Fit, Gap, Wording};
use crate::error::{AppError, AppResult};
use crate::services::Suggestion;
use crate::store::Organisation;
use async_graphql::{Context, Enum, Object, SimpleObject, ID};

/// What a suggestion's points are for; see `MatchReason.maxPoints` for each ceiling.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "m::Factor")]
pub enum MatchFactor {
    /// The services offered against the lot's CPV code, down the hierarchy.
    Cpv,
    /// The regions served against the place of delivery.
    Region,
    /// Capacity (training places, staff or contract size) against the lot's quantity.
    Capacity,
    /// Eligibility for a lot reserved under Art. 20 (only on reserved lots).
    Reserved,
    /// Verified by a platform administrator.
    Verified,
    /// Takes on the need's employment requirements (only where the need has them).
    Employment,
}

#[derive(SimpleObject)]
pub struct MatchReason {
    pub factor: MatchFactor,
    pub points: u32,
    pub max_points: u32,
    /// In English, such as "Can take on 8 of 20 work-training places."
    pub explanation: String,
    /// The same as a key and values, for saying it in the reader's language.
    pub wording: MatchWording,
}

/// A reason or gap as a key (`capacity.share`) and the values it names (`offered`, `needed`,
/// `measure`): codes and plain numbers, never words.
#[derive(SimpleObject)]
pub struct MatchWording {
    pub key: String,
    pub values: Vec<MatchWordingValue>,
}

#[derive(SimpleObject)]
pub struct MatchWordingValue {
    pub name: String,
    pub value: String,
}

impl From<&Wording> for MatchWording {
    fn from(w: &Wording) -> Self {
        Self {
            key: w.key.to_owned(),
            values: w
                .values
                .iter()
                .map(|(name, value)| MatchWordingValue {
                    name: (*name).to_owned(),
                    value: value.clone(),
                })
                .collect(),
        }
    }
}

fn reasons(fit: &Fit) -> Vec<MatchReason> {
    fit.reasons
        .iter()
        .map(|r| MatchReason {
            factor: r.factor.into(),
            points: r.points,
            max_points: r.factor.max_points(),
            explanation: r.explanation(),
            wording: (&r.wording).into(),
        })
        .collect()
}

#[derive(SimpleObject)]
pub struct SuggestedPartner {
    pub organisation: OrganisationNode,
    /// The sum of the reasons' points; higher fits better.
    pub score: u32,
    pub reasons: Vec<MatchReason>,
}

impl From<Suggestion<Organisation>> for SuggestedPartner {
    fn from(s: Suggestion<Organisation>) -> Self {
        Self {
            score: s.fit.score,
            reasons: reasons(&s.fit),
            organisation: OrganisationNode(s.item),
        }
    }
}

#[derive(SimpleObject)]
pub struct SuggestedNeed {
    pub need: NeedNode,
    /// The lot that fits best; `null` for a need without lots.
    pub lot: Option<u32>,
    pub score: u32,
    pub reasons: Vec<MatchReason>,
}

#[derive(SimpleObject)]
pub struct CoverageGap {
    pub factor: MatchFactor,
    /// In English.
    pub explanation: String,
    /// The same as a key and values, for saying it in the reader's language.
    pub wording: MatchWording,
}

impl CoverageGap {
    pub fn of(gap: &Gap, wording: &Wording) -> Self {
        Self {
            factor: gap.factor().into(),
            explanation: wording.english(),
            wording: wording.into(),
        }
    }
}

#[derive(SimpleObject)]
pub struct ComplementaryPartners {
    /// What the group lacks for the lot; empty when it covers the lot.
    pub gaps: Vec<CoverageGap>,
    /// Enterprises outside the group, ranked by how much of the gaps they fill (points only
    /// for the factors in `gaps`).
    pub partners: Vec<SuggestedPartner>,
}

pub fn page_size(first: i32) -> AppResult<usize> {
    usize::try_from(first)
        .ok()
        .filter(|f| (1..=50).contains(f))
        .ok_or_else(|| {
            AppError::bad_input_as(
                "first",
                crate::domain::Reason::OutOfRange,
                "Ask for between 1 and 50 suggestions.",
            )
        })
}

fn lot_number(lot: Option<i32>) -> AppResult<Option<u32>> {
    lot.map(|n| {
        u32::try_from(n)
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| AppError::bad_input("lot", "Lots are numbered from 1."))
    })
    .transpose()
}

pub async fn suggested_partners(
    ctx: &Context<'_>,
    need_id: i64,
    lot: Option<i32>,
    first: i32,
) -> AppResult<Vec<SuggestedPartner>> {
    let suggestions = services(ctx)?
        .suggested_partners(viewer(ctx), need_id, lot_number(lot)?, page_size(first)?)
        .await?;
    Ok(suggestions.into_iter().map(Into::into).collect())
}

pub async fn suggested_needs(
    ctx: &Context<'_>,
    organisation_id: i64,
    first: i32,
) -> AppResult<Vec<SuggestedNeed>> {
    let suggestions = services(ctx)?
        .suggested_needs(viewer(ctx), organisation_id, page_size(first)?)
        .await?;
    Ok(suggestions
        .into_iter()
        .map(|s| {
            let (need, lot) = s.item;
            SuggestedNeed {
                score: s.fit.score,
                reasons: reasons(&s.fit),
                need: NeedNode(need),
                lot,
            }
        })
        .collect())
}

#[derive(Default)]
pub struct MatchingQuery;

#[Object]
impl MatchingQuery {
    /// For a group forming a joint offer: what it lacks for the lot (services, region,
    /// capacity, reserved-lot eligibility) and who would fill it. Signed-in users only.
    #[graphql(complexity = "first.clamp(1, 50) as usize * child_complexity")]
    async fn complementary_partners(
        &self,
        ctx: &Context<'_>,
        organisations: Vec<ID>,
        need: ID,
        lot: Option<i32>,
        #[graphql(default = 10)] first: i32,
    ) -> AppResult<ComplementaryPartners> {
        let group = organisations
            .iter()
            .map(|id| ids::decode_as(id, NodeType::Organisation, "organisations"))
            .collect::<AppResult<Vec<i64>>>()?;
        let need = ids::decode_as(&need, NodeType::Need, "need")?;
        let complement = services(ctx)?
            .complementary_partners(
                viewer(ctx),
                &group,
                need,
                lot_number(lot)?,
                page_size(first)?,
            )
            .await?;
        Ok(ComplementaryPartners {
            gaps: complement
                .gaps
                .into_iter()
                .map(|(gap, wording)| CoverageGap::of(&gap, &wording))
                .collect(),
            partners: complement.partners.into_iter().map(Into::into).collect(),
        })
    }
}
