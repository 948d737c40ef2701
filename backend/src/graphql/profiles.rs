//! Capability profiles and partner search in the schema.

use super::ids::{self, NodeType};
use super::need_inputs::TargetGroup;
use super::organisations::{OrgKind, OrganisationNode};
use super::{services, viewer};
use crate::domain::cpv::CpvCode;
use crate::domain::profile as d;
use crate::error::{AppError, AppResult};
use crate::search::{FacetCounts, PartnerQuery};
use crate::store::Profile;
use async_graphql::{Context, Enum, InputObject, Object, SimpleObject, ID};
use chrono::{DateTime, NaiveDate, Utc};

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "d::PartnerRole")]
pub enum PartnerRole {
    Lead,
    Partner,
    Subcontractor,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "ProfileVisibility", remote = "d::Visibility")]
pub enum Visibility {
    /// Anyone, signed in or not.
    Public,
    /// Signed-in users only.
    SignedIn,
}

/// The enterprise's own statement; `Organisation.verifiedAt` says whether an administrator
/// checked it.
#[derive(SimpleObject, InputObject, Clone)]
#[graphql(input_name = "WiseStatusInput")]
pub struct WiseStatus {
    pub integration_main_aim: bool,
    /// Percent of staff from target groups (a reserved contract asks for at least 30).
    pub target_group_staff_percent: Option<u8>,
    pub measured_on: Option<NaiveDate>,
    pub evidence: String,
    pub certification: Option<String>,
}

#[derive(SimpleObject, InputObject, Clone, Default)]
#[graphql(input_name = "CapacityInput")]
pub struct Capacity {
    pub staff: Option<u32>,
    /// Free work-training places per `trainingPeriod`.
    pub training_places: Option<u32>,
    pub training_period: Option<String>,
    pub largest_contract: Option<i64>,
    #[graphql(default)]
    pub references: Vec<String>,
}

#[derive(SimpleObject, InputObject, Clone, Default)]
#[graphql(input_name = "ProfileContactInput")]
pub struct ProfileContact {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A capability profile, as written (input) and as read (output).
#[derive(SimpleObject, InputObject, Clone)]
#[graphql(name = "ProfileContent", input_name = "ProfileInput")]
pub struct ProfileFields {
    /// CPV codes of the services offered.
    #[graphql(default)]
    pub cpv: Vec<String>,
    #[graphql(default)]
    pub services_description: String,
    #[graphql(default)]
    pub keywords: Vec<String>,
    /// NUTS or ITL codes, such as SE232 or UKI.
    #[graphql(default)]
    pub regions_served: Vec<String>,
    #[graphql(default)]
    pub capacity: Capacity,
    #[graphql(default)]
    pub target_groups: Vec<TargetGroup>,
    pub supervision_capacity: Option<u32>,
    pub wise: Option<WiseStatus>,
    #[graphql(default)]
    pub takes_employment_requirements: bool,
    #[graphql(default)]
    pub partner_roles: Vec<PartnerRole>,
    #[graphql(default)]
    pub partnering_note: String,
    /// Two-letter codes: sv, no, en.
    #[graphql(default)]
    pub languages: Vec<String>,
    #[graphql(default)]
    pub contact: ProfileContact,
    #[graphql(default_with = "Visibility::Public")]
    pub visibility: Visibility,
}

impl ProfileFields {
    fn into_content(self) -> AppResult<d::ProfileContent> {
        let cpv = self
            .cpv
            .iter()
            .enumerate()
            .map(|(i, c)| CpvCode::parse(c).map_err(AppError::invalid(&format!("cpv[{i}]"))))
            .collect::<AppResult<Vec<_>>>()?;
        Ok(d::ProfileContent {
            cpv,
            services_description: self.services_description,
            keywords: self.keywords,
            regions_served: self.regions_served,
            capacity: d::Capacity {
                staff: self.capacity.staff,
                training_places: self.capacity.training_places,
                training_period: self.capacity.training_period,
                largest_contract: self.capacity.largest_contract,
                references: self.capacity.references,
            },
            target_groups: self.target_groups.into_iter().map(Into::into).collect(),
            supervision_capacity: self.supervision_capacity,
            wise: self.wise.map(|w| d::WiseStatus {
                integration_main_aim: w.integration_main_aim,
                target_group_staff_percent: w.target_group_staff_percent,
                measured_on: w.measured_on,
                evidence: w.evidence,
                certification: w.certification,
            }),
            takes_employment_requirements: self.takes_employment_requirements,
            partner_roles: self.partner_roles.into_iter().map(Into::into).collect(),
            partnering_note: self.partnering_note,
            languages: self.languages,
            contact: d::ProfileContact {
                name: self.contact.name,
                email: self.contact.email,
                phone: self.contact.phone,
            },
            visibility: self.visibility.into(),
        })
    }
}

impl From<d::ProfileContent> for ProfileFields {
    fn from(c: d::ProfileContent) -> Self {
        Self {
            cpv: c.cpv.iter().map(|c| c.as_str().to_owned()).collect(),
            services_description: c.services_description,
            keywords: c.keywords,
            regions_served: c.regions_served,
            capacity: Capacity {
                staff: c.capacity.staff,
                training_places: c.capacity.training_places,
                training_period: c.capacity.training_period,
                largest_contract: c.capacity.largest_contract,
                references: c.capacity.references,
            },
            target_groups: c.target_groups.into_iter().map(Into::into).collect(),
            supervision_capacity: c.supervision_capacity,
            wise: c.wise.map(|w| WiseStatus {
                integration_main_aim: w.integration_main_aim,
                target_group_staff_percent: w.target_group_staff_percent,
                measured_on: w.measured_on,
                evidence: w.evidence,
                certification: w.certification,
            }),
            takes_employment_requirements: c.takes_employment_requirements,
            partner_roles: c.partner_roles.into_iter().map(Into::into).collect(),
            partnering_note: c.partnering_note,
            languages: c.languages,
            contact: ProfileContact {
                name: c.contact.name,
                email: c.contact.email,
                phone: c.contact.phone,
            },
            visibility: c.visibility.into(),
        }
    }
}

/// An organisation's capability profile.
#[derive(SimpleObject)]
#[graphql(name = "Profile")]
pub struct ProfileNode {
    /// Pass back when saving, so a concurrent change is not overwritten.
    pub revision: i64,
    pub content: ProfileFields,
    pub updated_at: DateTime<Utc>,
    /// A verified WISE whose stated share of target-group staff reaches 30 %, measured within
    /// a year and as an administrator verified it: may bid for reserved contracts (Art. 20).
    pub reserved_contract_eligible: bool,
    /// Why it may not (empty when it may), every reason at once.
    pub eligibility_gaps: Vec<EligibilityGap>,
}

/// Why an organisation may not bid for a contract reserved under Art. 20.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "d::EligibilityGap")]
pub enum EligibilityGap {
    /// Only work integration social enterprises qualify.
    NotWise,
    /// No administrator has verified the organisation.
    NotVerified,
    /// Integrating disadvantaged people is not stated as the main aim.
    NotMainAim,
    /// No share of staff from target groups is stated.
    NoShare,
    /// The stated share is under 30 %.
    ShareUnder30,
    /// The share or its measurement date changed since an administrator verified them.
    ChangedSinceVerification,
    /// The share was measured more than a year ago.
    MeasurementOld,
}

pub async fn profile_of(
    ctx: &Context<'_>,
    organisation: &OrganisationNode,
) -> AppResult<Option<ProfileNode>> {
    let org = &organisation.0;
    let profile = super::loaders::profile(ctx, org.id).await?;
    let today = Utc::now().date_naive();
    Ok(profile.map(|p: Profile| {
        let gaps = p
            .content
            .reserved_eligibility_gaps(&org.verified_standing(), today);
        ProfileNode {
            revision: p.revision,
            reserved_contract_eligible: gaps.is_empty(),
            eligibility_gaps: gaps.into_iter().map(Into::into).collect(),
            updated_at: p.updated_at,
            content: p.content.into(),
        }
    }))
}

#[derive(InputObject)]
pub struct UpdateProfileInput {
    pub organisation_id: ID,
    /// The revision you read; 0 when the organisation has no profile yet.
    pub revision: i64,
    pub profile: ProfileFields,
}

#[derive(Default)]
pub struct ProfileMutation;

#[Object]
impl ProfileMutation {
    /// Writes an enterprise's capability profile (members only); search shows it within a moment.
    async fn update_profile(
        &self,
        ctx: &Context<'_>,
        input: UpdateProfileInput,
    ) -> AppResult<OrganisationNode> {
        let org = ids::decode_as(
            &input.organisation_id,
            NodeType::Organisation,
            "organisationId",
        )?;
        let content = input.profile.into_content()?;
        let services = services(ctx)?;
        services
            .update_profile(viewer(ctx), org, content, input.revision)
            .await?;
        Ok(OrganisationNode(services.organisation(org).await?))
    }
}

#[derive(InputObject, Default)]
pub struct PartnerFilter {
    #[graphql(default)]
    pub kinds: Vec<OrgKind>,
    /// A NUTS/ITL code; regions inside it match too.
    pub region: Option<String>,
    /// A CPV code; services below it in the hierarchy match too.
    pub cpv: Option<String>,
    pub target_group: Option<TargetGroup>,
    pub min_staff: Option<u32>,
    pub max_staff: Option<u32>,
    pub min_training_places: Option<u32>,
    pub verified_wise: Option<bool>,
    /// Only enterprises that may bid for a contract reserved under Art. 20 (`res-ws`).
    pub res_ws_eligible: Option<bool>,
}

#[derive(SimpleObject)]
pub struct FacetValue {
    pub value: String,
    pub count: u64,
}

#[derive(SimpleObject)]
pub struct PartnerFacets {
    pub kind: Vec<FacetValue>,
    /// Countries, or the regions inside the filtered region.
    pub region: Vec<FacetValue>,
    /// CPV divisions, or the groups inside the filtered code.
    pub cpv: Vec<FacetValue>,
    pub target_group: Vec<FacetValue>,
    /// Staff ranges: 1-9, 10-49, 50-249, 250+.
    pub staff: Vec<FacetValue>,
    pub verified_wise: u64,
    pub res_ws_eligible: u64,
}

pub fn values(list: Vec<(String, u64)>) -> Vec<FacetValue> {
    list.into_iter()
        .map(|(value, count)| FacetValue { value, count })
        .collect()
}

impl From<FacetCounts> for PartnerFacets {
    fn from(f: FacetCounts) -> Self {
        Self {
            kind: values(f.kind),
            region: values(f.region),
            cpv: values(f.cpv),
            target_group: values(f.target_group),
            staff: values(f.staff),
            verified_wise: f.verified_wise,
            res_ws_eligible: f.res_ws_eligible,
        }
    }
}

#[derive(SimpleObject)]
pub struct PartnerMatch {
    pub organisation: OrganisationNode,
    /// HTML: the matching passage, escaped, with matched words in `<mark>`.
    pub snippet: String,
}

#[derive(SimpleObject)]
pub struct PartnerSearchResult {
    pub total_count: usize,
    pub matches: Vec<PartnerMatch>,
    pub facets: PartnerFacets,
    pub has_next_page: bool,
    /// Pass as `after` for the next page.
    pub end_cursor: Option<String>,
}

/// The offset and page size of a search page: `first` from 1 to 100, `after` a cursor from
/// an earlier page, not too far down (deep pages are for narrower searches).
pub fn search_page(first: i32, after: Option<&str>) -> AppResult<(usize, usize)> {
    let limit = usize::try_from(first)
        .ok()
        .filter(|f| (1..=100).contains(f))
        .ok_or_else(|| {
            AppError::bad_input("first", "Ask for between 1 and 100 items at a time.")
        })?;
    let offset = match after {
        Some(cursor) => usize::try_from(ids::decode_cursor(cursor)?).unwrap_or(0),
        None => 0,
    };
    if offset > 10_000 {
        return Err(AppError::bad_input(
            "after",
            "Narrow the search to see results this far down.",
        ));
    }
    Ok((offset, limit))
}

pub fn cpv_filter(cpv: Option<&str>) -> AppResult<Option<CpvCode>> {
    cpv.map(|c| CpvCode::parse(c).map_err(AppError::invalid("filter.cpv")))
        .transpose()
}

pub fn region_filter(ctx: &Context<'_>, region: Option<&str>) -> AppResult<()> {
    match region {
        Some(region) if services(ctx)?.geography().region(region).is_none() => {
            Err(AppError::bad_input(
                "filter.region",
                format!("{region} is not a known NUTS or ITL region code."),
            ))
        }
        _ => Ok(()),
    }
}

#[derive(Default)]
pub struct ProfileQuery;

#[Object]
impl ProfileQuery {
    /// Finds enterprises by what they do, where and how much: full text over names,
    /// descriptions, services and keywords (typos and Swedish, Norwegian and English word
    /// forms forgiven), filters, and counts per filter value.
    #[graphql(complexity = "first.clamp(1, 100) as usize * child_complexity")]
    async fn search_partners(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] query: String,
        #[graphql(default)] filter: PartnerFilter,
        #[graphql(default = 20)] first: i32,
        after: Option<String>,
    ) -> AppResult<PartnerSearchResult> {
        let (offset, limit) = search_page(first, after.as_deref())?;
        let cpv = cpv_filter(filter.cpv.as_deref())?;
        region_filter(ctx, filter.region.as_deref())?;
        let search = PartnerQuery {
            text: query,
            kinds: filter
                .kinds
                .iter()
                .map(|k| crate::domain::OrgKind::from(*k).as_stored().to_owned())
                .collect(),
            region: filter.region,
            cpv,
            target_group: filter.target_group.map(|t| {
                crate::domain::need::TargetGroup::from(t)
                    .as_stored()
                    .to_owned()
            }),
            min_staff: filter.min_staff,
            max_staff: filter.max_staff,
            min_training_places: filter.min_training_places,
            verified_wise: filter.verified_wise,
            res_ws_eligible: filter.res_ws_eligible,
            signed_in: false,
            offset,
            limit,
        };
        let (hits, organisations) = services(ctx)?.search_partners(viewer(ctx), search).await?;
        let end = offset + hits.hits.len();
        let matches = hits
            .hits
            .into_iter()
            .filter_map(|hit| {
                organisations
                    .iter()
                    .find(|o| o.id == hit.organisation_id)
                    .map(|o| PartnerMatch {
                        organisation: OrganisationNode(o.clone()),
                        snippet: hit.snippet,
                    })
            })
            .collect();
        Ok(PartnerSearchResult {
            total_count: hits.total,
            matches,
            facets: hits.facets.into(),
            has_next_page: end < hits.total,
            end_cursor: (end > offset).then(|| ids::cursor(end as i64)),
        })
    }
}
