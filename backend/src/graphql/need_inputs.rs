//! Inputs for needs and their conversion into domain values. Every parse failure names the
//! input field the way the client spelled it (`lots[1].cpv`).

use super::ids::{decode_as, NodeType};
use crate::domain::cpv::CpvCode;
use crate::domain::geography::Geography;
use crate::domain::need::{self as d, NeedContent, NeedFilter, MAX_VALUE};
use crate::error::{AppError, AppResult};
use async_graphql::{Enum, InputObject, ID};
use chrono::{DateTime, NaiveDate, Utc};

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "d::NeedStatus")]
pub enum NeedStatus {
    Draft,
    Announced,
    InDialogue,
    Tendering,
    Awarded,
    Closed,
    Withdrawn,
    Cancelled,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "d::ContractNature")]
pub enum ContractNature {
    Works,
    Supplies,
    Services,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "d::ProcedureType")]
pub enum ProcedureType {
    Open,
    Restricted,
    Negotiated,
    CompetitiveDialogue,
    InnovationPartnership,
    DirectAwardBelowThreshold,
    DynamicPurchasingSystem,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "d::Currency")]
pub enum Currency {
    Sek,
    Nok,
    Dkk,
    Eur,
    Gbp,
}

/// eForms BT-71 reserved participation.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "d::ReservedParticipation")]
pub enum ReservedParticipation {
    /// `none`: not reserved.
    None,
    /// `res-ws`: sheltered workshops and WISE (Directive 2014/24 Art. 20).
    #[graphql(name = "RES_WS")]
    ShelteredWorkshops,
    /// `res-pub-ser`: public-service-mission organisations, Art. 77 services only.
    #[graphql(name = "RES_PUB_SER")]
    PublicServiceMission,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "d::TargetGroup")]
pub enum TargetGroup {
    NewlyArrived,
    LongTermUnemployed,
    YoungPeople,
    PeopleWithDisabilities,
    Other,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "d::EmploymentVariant")]
pub enum EmploymentVariant {
    EmploymentOrTraining,
    DialogueOnly,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "d::EngagementKind")]
pub enum EngagementKind {
    RequestForInformation,
    SupplierDay,
    OneToOneMeetings,
    DraftConsultation,
}

#[derive(InputObject)]
pub struct PlaceInput {
    pub country: super::types::Country,
    /// NUTS (Sweden, Norway) or ITL (UK) code, such as SE232.
    pub nuts_code: Option<String>,
    pub municipality: Option<String>,
}

/// Whole currency units.
#[derive(InputObject)]
pub struct EstimatedValueInput {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub currency: Currency,
}

#[derive(InputObject)]
pub struct QuantityInput {
    pub amount: f64,
    pub unit: String,
}

/// A lot; lots are numbered 1, 2, 3... in the order given.
#[derive(InputObject)]
pub struct LotInput {
    pub title: String,
    #[graphql(default)]
    pub description: String,
    pub cpv: Option<String>,
    pub nuts_code: Option<String>,
    pub estimated_value: Option<EstimatedValueInput>,
    pub quantity: Option<QuantityInput>,
    /// Reserved for sheltered workshops / WISE.
    #[graphql(default)]
    pub reserved: bool,
}

#[derive(InputObject, Default)]
pub struct DatesInput {
    pub dialogue_opens: Option<NaiveDate>,
    pub dialogue_closes: Option<NaiveDate>,
    pub questions_deadline: Option<DateTime<Utc>>,
    pub expected_tender_publication: Option<NaiveDate>,
    /// The expected deadline for tenders; for a Swedish need, answers to questions must reach
    /// every supplier at least 6 days before it.
    pub tender_deadline: Option<NaiveDate>,
    pub contract_start: Option<NaiveDate>,
    pub contract_duration_months: Option<i32>,
}

#[derive(InputObject, Default)]
pub struct StrategicFlagsInput {
    #[graphql(default)]
    pub social_objective: bool,
    #[graphql(default)]
    pub innovative: bool,
    #[graphql(default)]
    pub green: bool,
    #[graphql(default)]
    pub sme_suitable: bool,
}

#[derive(InputObject)]
pub struct EmploymentRequirementInput {
    pub variant: EmploymentVariant,
    pub target_groups: Vec<TargetGroup>,
    pub volume_full_time_months: Option<i32>,
    pub first_hire_within_months: Option<i32>,
    pub follow_up_by: String,
    #[graphql(default)]
    pub reporting: String,
}

#[derive(InputObject)]
pub struct EngagementActivityInput {
    pub kind: EngagementKind,
    pub starts_at: Option<DateTime<Utc>>,
    #[graphql(default)]
    pub place: String,
    #[graphql(default)]
    pub description: String,
}

#[derive(InputObject)]
pub struct ContactInput {
    pub name: String,
    pub email: String,
}

/// Everything a buyer says about a need; an update replaces it whole.
#[derive(InputObject)]
pub struct NeedInput {
    pub title: String,
    #[graphql(default)]
    pub summary: String,
    /// Markdown.
    #[graphql(default)]
    pub description: String,
    #[graphql(default)]
    pub rationale: String,
    /// Eight digits, with or without the check digit (85312320 or 85312320-8).
    pub main_cpv: String,
    #[graphql(default)]
    pub additional_cpvs: Vec<String>,
    pub place: PlaceInput,
    pub contract_nature: ContractNature,
    pub procedure_type: ProcedureType,
    pub estimated_value: Option<EstimatedValueInput>,
    #[graphql(default)]
    pub lots: Vec<LotInput>,
    pub max_lots_per_bidder: Option<i32>,
    #[graphql(default)]
    pub dates: DatesInput,
    #[graphql(default_with = "ReservedParticipation::None")]
    pub reserved: ReservedParticipation,
    #[graphql(default)]
    pub flags: StrategicFlagsInput,
    pub employment: Option<EmploymentRequirementInput>,
    #[graphql(default)]
    pub engagement: Vec<EngagementActivityInput>,
    #[graphql(default)]
    pub joint_offers_welcome: bool,
    #[graphql(default)]
    pub subcontracting_welcome: bool,
    pub contact: Option<ContactInput>,
    /// The language the texts are written in, as a BCP 47 tag: `sv`, `nb`, `nn` or `en`.
    /// Default: the buyer's (`sv` in Sweden, `nb` in Norway, `en` in the United Kingdom) when
    /// creating, the need's current language when updating.
    pub language: Option<String>,
}

fn cpv(field: &str, raw: &str) -> AppResult<CpvCode> {
    CpvCode::parse(raw).map_err(AppError::invalid(field))
}

fn count(field: &str, value: Option<i32>) -> AppResult<Option<u32>> {
    value
        .map(|v| {
            u32::try_from(v)
                .map_err(|_| AppError::bad_input(field, "Give a number of zero or more."))
        })
        .transpose()
}

fn amount(field: &str, value: Option<f64>) -> AppResult<Option<i64>> {
    value
        .map(|v| {
            if v.is_finite() && v.fract() == 0.0 && (0.0..=MAX_VALUE as f64).contains(&v) {
                Ok(v as i64)
            } else {
                Err(AppError::bad_input(
                    field,
                    "Give a whole amount of zero or more.",
                ))
            }
        })
        .transpose()
}

fn estimated(
    field: &str,
    input: Option<EstimatedValueInput>,
) -> AppResult<Option<d::EstimatedValue>> {
    input
        .map(|v| {
            Ok(d::EstimatedValue {
                min: amount(&format!("{field}.min"), v.min)?,
                max: amount(&format!("{field}.max"), v.max)?,
                currency: v.currency.into(),
            })
        })
        .transpose()
}

fn blank_to_none(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

impl NeedInput {
    pub fn into_content(self) -> AppResult<NeedContent> {
        let lots = self
            .lots
            .into_iter()
            .enumerate()
            .map(|(i, lot)| {
                let field = |name: &str| format!("lots[{i}].{name}");
                Ok(d::Lot {
                    number: u32::try_from(i + 1).unwrap_or(u32::MAX),
                    title: lot.title,
                    description: lot.description,
                    cpv: lot
                        .cpv
                        .as_deref()
                        .map(|c| cpv(&field("cpv"), c))
                        .transpose()?,
                    nuts_code: blank_to_none(lot.nuts_code),
                    estimated_value: estimated(&field("estimatedValue"), lot.estimated_value)?,
                    quantity: lot.quantity.map(|q| d::Quantity {
                        amount: q.amount,
                        unit: q.unit,
                    }),
                    reserved: lot.reserved,
                })
            })
            .collect::<AppResult<Vec<_>>>()?;
        Ok(NeedContent {
            title: self.title.trim().to_owned(),
            summary: self.summary,
            description: self.description,
            rationale: self.rationale,
            main_cpv: cpv("mainCpv", &self.main_cpv)?,
            additional_cpvs: self
                .additional_cpvs
                .iter()
                .map(|c| cpv("additionalCpvs", c))
                .collect::<AppResult<_>>()?,
            place: d::Place {
                country: self.place.country.into(),
                nuts_code: blank_to_none(self.place.nuts_code),
                municipality: blank_to_none(self.place.municipality),
            },
            contract_nature: self.contract_nature.into(),
            procedure_type: self.procedure_type.into(),
            estimated_value: estimated("estimatedValue", self.estimated_value)?,
            lots,
            max_lots_per_bidder: count("maxLotsPerBidder", self.max_lots_per_bidder)?,
            dates: d::Dates {
                dialogue_opens: self.dates.dialogue_opens,
                dialogue_closes: self.dates.dialogue_closes,
                questions_deadline: self.dates.questions_deadline,
                expected_tender_publication: self.dates.expected_tender_publication,
                tender_deadline: self.dates.tender_deadline,
                contract_start: self.dates.contract_start,
                contract_duration_months: count(
                    "dates.contractDurationMonths",
                    self.dates.contract_duration_months,
                )?,
            },
            reserved: self.reserved.into(),
            flags: d::StrategicFlags {
                social_objective: self.flags.social_objective,
                innovative: self.flags.innovative,
                green: self.flags.green,
                sme_suitable: self.flags.sme_suitable,
            },
            employment: self
                .employment
                .map(|e| {
                    Ok::<_, AppError>(d::EmploymentRequirement {
                        variant: e.variant.into(),
                        target_groups: e.target_groups.into_iter().map(Into::into).collect(),
                        volume_full_time_months: count(
                            "employment.volumeFullTimeMonths",
                            e.volume_full_time_months,
                        )?,
                        first_hire_within_months: count(
                            "employment.firstHireWithinMonths",
                            e.first_hire_within_months,
                        )?,
                        follow_up_by: e.follow_up_by,
                        reporting: e.reporting,
                    })
                })
                .transpose()?,
            engagement: self
                .engagement
                .into_iter()
                .map(|a| d::EngagementActivity {
                    kind: a.kind.into(),
                    starts_at: a.starts_at,
                    place: a.place,
                    description: a.description,
                })
                .collect(),
            joint_offers_welcome: self.joint_offers_welcome,
            subcontracting_welcome: self.subcontracting_welcome,
            contact: self.contact.map(|c| d::Contact {
                name: c.name.trim().to_owned(),
                email: c.email.trim().to_owned(),
            }),
            language: self
                .language
                .as_deref()
                .map(|tag| d::Language::parse("language", tag))
                .transpose()
                .map_err(AppError::from)?,
        })
    }
}

/// Finds needs; every criterion given must hold.
#[derive(InputObject, Default)]
pub struct NeedFilterInput {
    #[graphql(default)]
    pub statuses: Vec<NeedStatus>,
    /// CPV codes; a code finds its descendants (85000000 finds 85312320).
    #[graphql(default)]
    pub cpv: Vec<String>,
    pub country: Option<super::types::Country>,
    /// A NUTS/ITL region of any level; finds needs placed inside it.
    pub region: Option<String>,
    /// Buyer or co-buyer organisations.
    #[graphql(default)]
    pub buyer_ids: Vec<ID>,
    /// The need or one of its lots is reserved.
    pub reserved: Option<bool>,
    pub social_objective: Option<bool>,
    pub innovative: Option<bool>,
    pub green: Option<bool>,
    pub sme_suitable: Option<bool>,
    pub expected_tender_from: Option<NaiveDate>,
    pub expected_tender_to: Option<NaiveDate>,
    pub announced_from: Option<DateTime<Utc>>,
    pub announced_to: Option<DateTime<Utc>>,
    /// Words that must all appear in the title, summary, description, rationale or lot titles.
    pub text: Option<String>,
}

impl NeedFilterInput {
    pub fn into_filter(self, geography: &Geography) -> AppResult<NeedFilter> {
        let mut country = self.country.map(Into::into);
        let region = match blank_to_none(self.region) {
            None => None,
            Some(code) => match geography.region(&code) {
                // A level-0 code is a whole country: filter by the country instead.
                Some(region) if region.level == 0 => {
                    country = Some(region.country);
                    None
                }
                Some(region) => Some(region.code.clone()),
                None => {
                    return Err(AppError::bad_input(
                        "region",
                        format!("{code} is not a NUTS/ITL region code."),
                    ))
                }
            },
        };
        if self.cpv.len() > 50 {
            return Err(AppError::bad_input("cpv", "At most 50 CPV codes."));
        }
        if self.buyer_ids.len() > 100 {
            return Err(AppError::bad_input("buyerIds", "At most 100 buyers."));
        }
        let text = blank_to_none(self.text);
        if let Some(text) = &text {
            d::plain_text("text", text, 0, 200).map_err(AppError::from)?;
        }
        for (field, date) in [
            ("expectedTenderFrom", self.expected_tender_from),
            ("expectedTenderTo", self.expected_tender_to),
            ("announcedFrom", self.announced_from.map(|t| t.date_naive())),
            ("announcedTo", self.announced_to.map(|t| t.date_naive())),
        ] {
            d::reasonable_date(field, date).map_err(AppError::from)?;
        }
        Ok(NeedFilter {
            statuses: self.statuses.into_iter().map(Into::into).collect(),
            cpv: self
                .cpv
                .iter()
                .map(|c| cpv("cpv", c))
                .collect::<AppResult<_>>()?,
            country,
            region,
            buyers: self
                .buyer_ids
                .iter()
                .map(|id| decode_as(id, NodeType::Organisation, "buyerIds"))
                .collect::<AppResult<_>>()?,
            reserved: self.reserved,
            social_objective: self.social_objective,
            innovative: self.innovative,
            green: self.green,
            sme_suitable: self.sme_suitable,
            expected_tender_from: self.expected_tender_from,
            expected_tender_to: self.expected_tender_to,
            announced_from: self.announced_from,
            announced_to: self.announced_to,
            text,
        })
    }
}
