//! An announced need: a planning notice for a procurement to come (OCDS `planning`/`tender`,
//! eForms prior information notice, the UK pipeline notice), its lifecycle, and the filter that
//! finds it.
//!
//! The editable part is one document, [`NeedContent`], stored and versioned whole. [`NeedContent::check`]
//! enforces every rule that involves more than one field and names the failing field the way the
//! API spells it (`lots[1].title`), so a person knows what to fix.

use super::cpv::{allows_public_service_reservation, CpvCode};
use super::geography::Geography;
use super::{Country, Email, Reason};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A validation failure on one field of a need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
    pub reason: Reason,
}

/// A broken rule the message explains.
fn fail<T>(field: impl Into<String>, message: impl Into<String>) -> Result<T, FieldError> {
    fail_as(field, Reason::Invalid, message)
}

fn fail_as<T>(
    field: impl Into<String>,
    reason: Reason,
    message: impl Into<String>,
) -> Result<T, FieldError> {
    Err(FieldError {
        field: field.into(),
        message: message.into(),
        reason,
    })
}

macro_rules! stored_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($(#[$vdoc])* #[serde(rename = $text)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_stored(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }

            pub fn from_stored(text: &str) -> Option<Self> {
                match text { $($text => Some(Self::$variant),)+ _ => None }
            }
        }
    };
}

stored_enum!(
    /// Where a need is in its life. Only the transitions in [`NeedStatus::next`] are allowed.
    NeedStatus {
        Draft => "DRAFT",
        Announced => "ANNOUNCED",
        InDialogue => "IN_DIALOGUE",
        Tendering => "TENDERING",
        Awarded => "AWARDED",
        Closed => "CLOSED",
        Withdrawn => "WITHDRAWN",
        Cancelled => "CANCELLED",
    }
);

impl NeedStatus {
    /// The statuses this one may move to. A need is withdrawn before its tender is published
    /// and cancelled after; a draft that will never be announced is simply deleted.
    pub fn next(self) -> &'static [NeedStatus] {
        use NeedStatus::*;
        match self {
            Draft => &[Announced],
            Announced => &[InDialogue, Tendering, Withdrawn],
            InDialogue => &[Tendering, Withdrawn],
            Tendering => &[Awarded, Cancelled],
            Awarded => &[Closed],
            Closed | Withdrawn | Cancelled => &[],
        }
    }

    pub fn can_become(self, next: NeedStatus) -> bool {
        self.next().contains(&next)
    }

    /// Everything but a draft is public: a procurement pipeline is public information.
    pub fn is_public(self) -> bool {
        self != NeedStatus::Draft
    }

    /// Enterprises can still prepare for it: interest, dialogue and partnering make sense.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            NeedStatus::Announced | NeedStatus::InDialogue | NeedStatus::Tendering
        )
    }
}

stored_enum!(ContractNature { Works => "WORKS", Supplies => "SUPPLIES", Services => "SERVICES" });

stored_enum!(ProcedureType {
    Open => "OPEN",
    Restricted => "RESTRICTED",
    Negotiated => "NEGOTIATED",
    CompetitiveDialogue => "COMPETITIVE_DIALOGUE",
    InnovationPartnership => "INNOVATION_PARTNERSHIP",
    DirectAwardBelowThreshold => "DIRECT_AWARD_BELOW_THRESHOLD",
    DynamicPurchasingSystem => "DYNAMIC_PURCHASING_SYSTEM",
});

stored_enum!(Currency { Sek => "SEK", Nok => "NOK", Dkk => "DKK", Eur => "EUR", Gbp => "GBP" });

stored_enum!(
    /// eForms BT-71 reserved participation.
    ReservedParticipation {
        /// Not reserved.
        None => "none",
        /// Sheltered workshops and economic operators whose main aim is the social and
        /// professional integration of disabled or disadvantaged persons (Art. 20).
        ShelteredWorkshops => "res-ws",
        /// Public-service-mission organisations, for the Art. 77 health, social and cultural services.
        PublicServiceMission => "res-pub-ser",
    }
);

stored_enum!(TargetGroup {
    NewlyArrived => "NEWLY_ARRIVED",
    LongTermUnemployed => "LONG_TERM_UNEMPLOYED",
    YoungPeople => "YOUNG_PEOPLE",
    PeopleWithDisabilities => "PEOPLE_WITH_DISABILITIES",
    Other => "OTHER",
});

stored_enum!(
    /// What the supplier commits to.
    EmploymentVariant {
        /// Employ or train people from the target groups for a stated volume.
        EmploymentOrTraining => "EMPLOYMENT_OR_TRAINING",
        /// Only a dialogue about employment measures during the contract.
        DialogueOnly => "DIALOGUE_ONLY",
    }
);

stored_enum!(EngagementKind {
    RequestForInformation => "REQUEST_FOR_INFORMATION",
    SupplierDay => "SUPPLIER_DAY",
    OneToOneMeetings => "ONE_TO_ONE_MEETINGS",
    DraftConsultation => "DRAFT_CONSULTATION",
});

stored_enum!(
    /// The language a need is written in, as a BCP 47 tag (OCDS `language`). The platform's
    /// countries write Swedish, Norwegian (bokmål or nynorsk) and English.
    Language {
        Swedish => "sv",
        NorwegianBokmal => "nb",
        NorwegianNynorsk => "nn",
        English => "en",
    }
);

impl Language {
    /// The BCP 47 tag, such as `sv`.
    pub fn code(self) -> &'static str {
        self.as_stored()
    }

    /// Reads a tag the way people write it (`sv`, `NB`, ` en `).
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let tag = raw.trim().to_ascii_lowercase();
        Self::from_stored(&tag).ok_or_else(|| FieldError {
            field: field.into(),
            message: format!(
                "{} is not a language we publish in: write sv, nb, nn or en.",
                raw.trim()
            ),
            reason: Reason::Unknown,
        })
    }

    /// What a buyer in this country writes unless it says otherwise: Swedish in Sweden,
    /// bokmål in Norway, English in the United Kingdom; Denmark and Finland, whose languages the
    /// platform does not publish in yet, default to English.
    pub fn for_country(country: Country) -> Self {
        match country {
            Country::Se => Self::Swedish,
            Country::No => Self::NorwegianBokmal,
            Country::Gb | Country::Dk | Country::Fi => Self::English,
        }
    }
}

/// An estimated value in whole currency units (estimates do not need cents).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EstimatedValue {
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub currency: Currency,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Place {
    pub country: Country,
    /// NUTS 3 / ITL 3 code, or a broader region.
    pub nuts_code: Option<String>,
    pub municipality: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub amount: f64,
    /// Such as "work-training places" or "tonnes per year".
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Lot {
    /// 1, 2, 3... in the order the buyer lists them; stable within a need.
    pub number: u32,
    pub title: String,
    pub description: String,
    pub cpv: Option<CpvCode>,
    pub nuts_code: Option<String>,
    pub estimated_value: Option<EstimatedValue>,
    pub quantity: Option<Quantity>,
    /// Reserved for sheltered workshops / WISE (`res-ws`) even when the need as a whole is not.
    pub reserved: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dates {
    pub dialogue_opens: Option<NaiveDate>,
    pub dialogue_closes: Option<NaiveDate>,
    pub questions_deadline: Option<DateTime<Utc>>,
    /// eForms BT-127.
    pub expected_tender_publication: Option<NaiveDate>,
    /// The expected deadline for tenders; the law counts the last day for clarifications back
    /// from it (see [`super::dialogue`]).
    #[serde(default)]
    pub tender_deadline: Option<NaiveDate>,
    pub contract_start: Option<NaiveDate>,
    pub contract_duration_months: Option<u32>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StrategicFlags {
    pub social_objective: bool,
    pub innovative: bool,
    pub green: bool,
    /// Suitable for SMEs and the voluntary and community sector.
    pub sme_suitable: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmploymentRequirement {
    pub variant: EmploymentVariant,
    pub target_groups: Vec<TargetGroup>,
    /// Full-time months of employment or training over the contract.
    pub volume_full_time_months: Option<u32>,
    /// At least one hire within this many months of contract start.
    pub first_hire_within_months: Option<u32>,
    /// Who follows up (a unit or role, such as the labour-market unit).
    pub follow_up_by: String,
    /// When reports are due, and how personal data is handled.
    pub reporting: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EngagementActivity {
    pub kind: EngagementKind,
    pub starts_at: Option<DateTime<Utc>>,
    pub place: String,
    pub description: String,
}

/// The person enterprises contact; published with the need, so it is the buyer's choice to give
/// a work address here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NeedContent {
    pub title: String,
    pub summary: String,
    /// Markdown; rendered with [`super::markdown::render_safe`].
    pub description: String,
    /// Why it is bought.
    pub rationale: String,
    pub main_cpv: CpvCode,
    pub additional_cpvs: Vec<CpvCode>,
    pub place: Place,
    pub contract_nature: ContractNature,
    pub procedure_type: ProcedureType,
    pub estimated_value: Option<EstimatedValue>,
    pub lots: Vec<Lot>,
    pub max_lots_per_bidder: Option<u32>,
    pub dates: Dates,
    pub reserved: ReservedParticipation,
    pub flags: StrategicFlags,
    pub employment: Option<EmploymentRequirement>,
    pub engagement: Vec<EngagementActivity>,
    pub joint_offers_welcome: bool,
    pub subcontracting_welcome: bool,
    pub contact: Option<Contact>,
    /// The language of the texts above. `None` only in input that leaves it to the buyer's
    /// country; the service fills it in before storing, and a migration gave it to older needs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
}

const MAX_LOTS: usize = 100;
const MAX_CPVS: usize = 20;
/// Larger than any public contract; keeps arithmetic and JSON numbers exact.
pub const MAX_VALUE: i64 = 1_000_000_000_000_000;

/// Checks a free-text field: trimmed length within bounds and no control characters except
/// line breaks and tabs (PostgreSQL cannot store a NUL; nobody means to type one).
pub fn plain_text(field: &str, value: &str, min: usize, max: usize) -> Result<(), FieldError> {
    text(field, value, min, max)
}

/// As [`plain_text`], on one line: titles and names reach e-mail subjects and lists, where a
/// line break would split them.
pub fn single_line(field: &str, value: &str, min: usize, max: usize) -> Result<(), FieldError> {
    text(field, value, min, max)?;
    if value.trim().contains(['\n', '\r', '\t']) {
        return fail_as(
            field,
            Reason::InvalidCharacters,
            "Keep this on one line, without line breaks or tabs.",
        );
    }
    Ok(())
}

/// Years a planning notice may plausibly name; outside them a date is a typo, and far-future
/// years would not even sort the same way in every database.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

pub fn reasonable_date(field: &str, date: Option<NaiveDate>) -> Result<(), FieldError> {
    use chrono::Datelike;
    match date {
        Some(d) if !YEARS.contains(&d.year()) => fail_as(
            field,
            Reason::OutOfRange,
            "Give a date between the years 2000 and 2100.",
        ),
        _ => Ok(()),
    }
}

fn text(field: &str, value: &str, min: usize, max: usize) -> Result<(), FieldError> {
    let chars = value.trim().chars().count();
    if chars < min {
        return if min <= 1 {
            fail_as(field, Reason::Required, "This field is required.")
        } else {
            // Nothing at all is missing rather than short.
            let reason = if chars == 0 {
                Reason::Required
            } else {
                Reason::TooShort
            };
            fail_as(field, reason, format!("Write at least {min} characters."))
        };
    }
    if chars > max {
        return fail_as(field, Reason::TooLong, format!("At most {max} characters."));
    }
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return fail_as(
            field,
            Reason::InvalidCharacters,
            "Contains characters that cannot be shown.",
        );
    }
    if let Some((reason, what_is_wrong)) = super::unseen(value) {
        return fail_as(field, reason, format!("This text {what_is_wrong}"));
    }
    Ok(())
}

fn value_range(field: &str, value: &EstimatedValue) -> Result<(), FieldError> {
    for (name, amount) in [("min", value.min), ("max", value.max)] {
        if let Some(amount) = amount {
            if !(0..=MAX_VALUE).contains(&amount) {
                return fail_as(
                    format!("{field}.{name}"),
                    Reason::OutOfRange,
                    "Give an amount of zero or more.",
                );
            }
        }
    }
    if let (Some(min), Some(max)) = (value.min, value.max) {
        if min > max {
            return fail(
                format!("{field}.max"),
                "The maximum is lower than the minimum.",
            );
        }
    }
    if value.min.is_none() && value.max.is_none() {
        return fail(
            format!("{field}.max"),
            "Give a minimum, a maximum or both, or leave the value out.",
        );
    }
    Ok(())
}

fn region(
    field: &str,
    code: &Option<String>,
    country: Country,
    geography: &Geography,
) -> Result<(), FieldError> {
    let Some(code) = code else { return Ok(()) };
    match geography.region(code) {
        Some(region) if region.country == country => Ok(()),
        Some(_) => fail(
            field,
            format!("{code} is not a region of the need's country."),
        ),
        None if matches!(country, Country::Dk | Country::Fi) => fail(
            field,
            "Regions for Denmark and Finland are not available yet; leave the region out.",
        ),
        None => fail_as(
            field,
            Reason::Unknown,
            format!("{code} is not a NUTS/ITL region code (such as SE232 or TLG31)."),
        ),
    }
}

fn ordered<T: PartialOrd>(
    field: &str,
    earlier: Option<T>,
    later: Option<T>,
    message: &str,
) -> Result<(), FieldError> {
    match (earlier, later) {
        (Some(a), Some(b)) if a > b => fail(field, message),
        _ => Ok(()),
    }
}

impl NeedContent {
    /// Every rule of a need that the types alone do not guarantee. CPV codes are checked for
    /// existence separately (that needs the database); see [`NeedContent::all_cpvs`].
    pub fn check(&self, geography: &Geography) -> Result<(), FieldError> {
        single_line("title", &self.title, 3, 200)?;
        text("summary", &self.summary, 0, 1000)?;
        text("description", &self.description, 0, 20_000)?;
        text("rationale", &self.rationale, 0, 5000)?;
        if self.additional_cpvs.len() > MAX_CPVS {
            return fail(
                "additionalCpvs",
                format!("At most {MAX_CPVS} additional CPV codes."),
            );
        }
        region(
            "place.nutsCode",
            &self.place.nuts_code,
            self.place.country,
            geography,
        )?;
        if let Some(name) = &self.place.municipality {
            let Some(municipality) = geography.municipality(self.place.country, name) else {
                return fail(
                    "place.municipality",
                    format!("{name} is not a municipality we know in this country."),
                );
            };
            if let Some(code) = &self.place.nuts_code {
                if !geography.is_within(&municipality.region, code) {
                    return fail(
                        "place.municipality",
                        format!("{} does not lie in {code}.", municipality.name),
                    );
                }
            }
        }
        if let Some(value) = &self.estimated_value {
            value_range("estimatedValue", value)?;
        }
        self.check_lots(geography)?;
        self.check_dates()?;
        self.check_reservation()?;
        self.check_employment()?;
        for (i, activity) in self.engagement.iter().enumerate() {
            text(&format!("engagement[{i}].place"), &activity.place, 0, 300)?;
            text(
                &format!("engagement[{i}].description"),
                &activity.description,
                0,
                2000,
            )?;
        }
        if self.engagement.len() > 50 {
            return fail("engagement", "At most 50 engagement activities.");
        }
        if let Some(contact) = &self.contact {
            single_line("contact.name", &contact.name, 1, 100)?;
            if let Err(invalid) = Email::parse(&contact.email) {
                return fail("contact.email", invalid.0);
            }
        }
        Ok(())
    }

    fn check_lots(&self, geography: &Geography) -> Result<(), FieldError> {
        if self.lots.len() > MAX_LOTS {
            return fail("lots", format!("At most {MAX_LOTS} lots."));
        }
        for (i, lot) in self.lots.iter().enumerate() {
            let field = |name: &str| format!("lots[{i}].{name}");
            if lot.number as usize != i + 1 {
                return fail(field("number"), "Lots are numbered 1, 2, 3... in order.");
            }
            single_line(&field("title"), &lot.title, 2, 200)?;
            text(&field("description"), &lot.description, 0, 5000)?;
            region(
                &field("nutsCode"),
                &lot.nuts_code,
                self.place.country,
                geography,
            )?;
            if let Some(value) = &lot.estimated_value {
                value_range(&field("estimatedValue"), value)?;
            }
            if let Some(quantity) = &lot.quantity {
                if !quantity.amount.is_finite() || quantity.amount < 0.0 || quantity.amount > 1e12 {
                    return fail(field("quantity.amount"), "Give a quantity of zero or more.");
                }
                text(&field("quantity.unit"), &quantity.unit, 1, 100)?;
            }
        }
        match self.max_lots_per_bidder {
            Some(0) => fail("maxLotsPerBidder", "At least 1."),
            Some(n) if n as usize > self.lots.len() => fail(
                "maxLotsPerBidder",
                "Cannot be more than the number of lots.",
            ),
            _ => Ok(()),
        }
    }

    fn check_dates(&self) -> Result<(), FieldError> {
        let d = &self.dates;
        for (field, date) in [
            ("dates.dialogueOpens", d.dialogue_opens),
            ("dates.dialogueCloses", d.dialogue_closes),
            (
                "dates.questionsDeadline",
                d.questions_deadline.map(|t| t.date_naive()),
            ),
            (
                "dates.expectedTenderPublication",
                d.expected_tender_publication,
            ),
            ("dates.tenderDeadline", d.tender_deadline),
            ("dates.contractStart", d.contract_start),
        ] {
            reasonable_date(field, date)?;
        }
        for (i, activity) in self.engagement.iter().enumerate() {
            reasonable_date(
                &format!("engagement[{i}].startsAt"),
                activity.starts_at.map(|t| t.date_naive()),
            )?;
        }
        ordered(
            "dates.dialogueCloses",
            d.dialogue_opens,
            d.dialogue_closes,
            "The dialogue closes before it opens.",
        )?;
        ordered(
            "dates.questionsDeadline",
            d.questions_deadline.map(|t| t.date_naive()),
            d.dialogue_closes,
            "The question deadline falls after the dialogue closes.",
        )?;
        ordered(
            "dates.expectedTenderPublication",
            d.dialogue_opens,
            d.expected_tender_publication,
            "The tender is expected before the dialogue opens.",
        )?;
        ordered(
            "dates.tenderDeadline",
            d.expected_tender_publication,
            d.tender_deadline,
            "The tender deadline falls before the tender is published.",
        )?;
        ordered(
            "dates.tenderDeadline",
            d.dialogue_closes,
            d.tender_deadline,
            "The tender deadline falls before the dialogue closes.",
        )?;
        ordered(
            "dates.contractStart",
            d.expected_tender_publication,
            d.contract_start,
            "The contract starts before the tender is published.",
        )?;
        ordered(
            "dates.contractStart",
            d.tender_deadline,
            d.contract_start,
            "The contract starts before the tender deadline.",
        )?;
        match d.contract_duration_months {
            Some(0) => fail("dates.contractDurationMonths", "At least one month."),
            Some(m) if m > 600 => fail("dates.contractDurationMonths", "At most 600 months."),
            _ => Ok(()),
        }
    }

    /// `res-pub-ser` is lawful only for the Art. 77 services: every CPV code must be one of them.
    fn check_reservation(&self) -> Result<(), FieldError> {
        if self.reserved != ReservedParticipation::PublicServiceMission {
            return Ok(());
        }
        match self
            .all_cpvs()
            .find(|code| !allows_public_service_reservation(code))
        {
            Some(code) => fail(
                "reserved",
                format!(
                    "res-pub-ser is only for the health, social and cultural services of Art. 77; \
                     {} is not one of them.",
                    code.as_str()
                ),
            ),
            None => Ok(()),
        }
    }

    fn check_employment(&self) -> Result<(), FieldError> {
        let Some(employment) = &self.employment else {
            return Ok(());
        };
        if employment.target_groups.is_empty() {
            return fail("employment.targetGroups", "Name at least one target group.");
        }
        if employment.variant == EmploymentVariant::EmploymentOrTraining
            && employment.volume_full_time_months.unwrap_or(0) == 0
        {
            return fail(
                "employment.volumeFullTimeMonths",
                "Give the volume in full-time months.",
            );
        }
        text("employment.followUpBy", &employment.follow_up_by, 1, 200)?;
        text("employment.reporting", &employment.reporting, 0, 2000)
    }

    /// Main, additional and lot CPV codes, without repeats.
    pub fn all_cpvs(&self) -> impl Iterator<Item = &CpvCode> {
        let mut seen = std::collections::BTreeSet::new();
        std::iter::once(&self.main_cpv)
            .chain(&self.additional_cpvs)
            .chain(self.lots.iter().filter_map(|l| l.cpv.as_ref()))
            .filter(move |c| seen.insert(c.as_str().to_owned()))
    }

    /// The region filters look at: the NUTS/ITL code given, else the region of the named
    /// municipality, so a need placed only by municipality is still found by region.
    pub fn region_code(&self) -> Option<String> {
        self.place.nuts_code.clone().or_else(|| {
            let name = self.place.municipality.as_deref()?;
            Geography::embedded()
                .municipality(self.place.country, name)
                .map(|m| m.region.clone())
        })
    }

    /// True when the need or any lot is reserved.
    pub fn reserved_any(&self) -> bool {
        self.reserved != ReservedParticipation::None || self.lots.iter().any(|l| l.reserved)
    }

    /// The lower-cased text free-text search looks in.
    pub fn search_text(&self) -> String {
        let mut parts = vec![
            self.title.as_str(),
            &self.summary,
            &self.description,
            &self.rationale,
        ];
        parts.extend(self.lots.iter().map(|l| l.title.as_str()));
        parts.join("\n").to_lowercase()
    }

    /// The value needs are ordered by: the estimate's maximum, else its minimum.
    pub fn value_sort(&self) -> Option<i64> {
        self.estimated_value.as_ref().and_then(|v| v.max.or(v.min))
    }

    /// The top-level fields whose value differs between two versions, in API spelling.
    pub fn changed_fields(before: &NeedContent, after: &NeedContent) -> Vec<String> {
        let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
            (serde_json::to_value(before), serde_json::to_value(after))
        else {
            return Vec::new();
        };
        b.iter()
            .filter(|(key, value)| a.get(*key) != Some(value))
            .map(|(key, _)| key.clone())
            .collect()
    }
}

/// What finds needs: in a list, in a saved search, in an alert. Every criterion that is set must
/// hold; an empty filter finds everything the viewer may see.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NeedFilter {
    pub statuses: Vec<NeedStatus>,
    /// A need matches when any of its codes lies under any of these.
    pub cpv: Vec<CpvCode>,
    pub country: Option<Country>,
    /// A NUTS/ITL code of any level below the country; the need's region must lie inside it.
    pub region: Option<String>,
    /// Buyer or co-buyer.
    pub buyers: Vec<i64>,
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

/// The facts about one need that a filter looks at.
pub struct NeedFacts<'a> {
    pub status: NeedStatus,
    pub buyer_id: i64,
    pub co_buyers: &'a [i64],
    pub announced_at: Option<DateTime<Utc>>,
    pub content: &'a NeedContent,
}

impl NeedFilter {
    /// The lower-cased words of the text criterion.
    pub fn words(&self) -> Vec<String> {
        self.text
            .as_deref()
            .unwrap_or_default()
            .to_lowercase()
            .split_whitespace()
            .map(str::to_owned)
            .collect()
    }

    /// The same decision the store's query makes, for one need in memory (saved-search alerts).
    pub fn matches(&self, need: &NeedFacts<'_>) -> bool {
        let c = need.content;
        let flag = |wanted: Option<bool>, actual: bool| wanted.is_none_or(|w| w == actual);
        let in_range = |value: Option<NaiveDate>,
                        from: Option<NaiveDate>,
                        to: Option<NaiveDate>| {
            (from.is_none() && to.is_none())
                || value.is_some_and(|v| from.is_none_or(|f| v >= f) && to.is_none_or(|t| v <= t))
        };
        let announced_ok = (self.announced_from.is_none() && self.announced_to.is_none())
            || need.announced_at.is_some_and(|at| {
                self.announced_from.is_none_or(|f| at >= f)
                    && self.announced_to.is_none_or(|t| at <= t)
            });
        let words = self.words();
        // Built only when there are words to look for: alerts match every saved search.
        let text_ok = words.is_empty() || {
            let search_text = c.search_text();
            words.iter().all(|w| search_text.contains(w.as_str()))
        };
        (self.statuses.is_empty() || self.statuses.contains(&need.status))
            && (self.cpv.is_empty()
                || c.all_cpvs()
                    .any(|code| self.cpv.iter().any(|f| f.covers(code))))
            && self
                .country
                .is_none_or(|country| c.place.country == country)
            && self
                .region
                .as_deref()
                .is_none_or(|r| c.region_code().is_some_and(|n| n.starts_with(r)))
            && (self.buyers.is_empty()
                || self.buyers.contains(&need.buyer_id)
                || need.co_buyers.iter().any(|b| self.buyers.contains(b)))
            && flag(self.reserved, c.reserved_any())
            && flag(self.social_objective, c.flags.social_objective)
            && flag(self.innovative, c.flags.innovative)
            && flag(self.green, c.flags.green)
            && flag(self.sme_suitable, c.flags.sme_suitable)
            && in_range(
                c.dates.expected_tender_publication,
                self.expected_tender_from,
                self.expected_tender_to,
            )
            && announced_ok
            && text_ok
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// A valid need: cleaning services in Göteborg with a reserved lot of work-training places.
    pub fn sample() -> NeedContent {
        NeedContent {
            title: "Cleaning of municipal premises".into(),
            summary: "Two lots, one reserved for work integration social enterprises.".into(),
            description: "We will buy **cleaning** for schools.".into(),
            rationale: "The current contract ends in 2027.".into(),
            main_cpv: CpvCode::parse("90910000").unwrap(),
            additional_cpvs: vec![CpvCode::parse("90919200").unwrap()],
            place: Place {
                country: Country::Se,
                nuts_code: Some("SE232".into()),
                municipality: Some("Göteborg".into()),
            },
            contract_nature: ContractNature::Services,
            procedure_type: ProcedureType::Open,
            estimated_value: Some(EstimatedValue {
                min: Some(10_000_000),
                max: Some(14_000_000),
                currency: Currency::Sek,
            }),
            lots: vec![
                Lot {
                    number: 1,
                    title: "Schools, north".into(),
                    description: String::new(),
                    cpv: None,
                    nuts_code: None,
                    estimated_value: None,
                    quantity: None,
                    reserved: false,
                },
                Lot {
                    number: 2,
                    title: "Work-training cleaning team".into(),
                    description: String::new(),
                    cpv: Some(CpvCode::parse("90911200").unwrap()),
                    nuts_code: Some("SE232".into()),
                    estimated_value: None,
                    quantity: Some(Quantity {
                        amount: 20.0,
                        unit: "work-training places".into(),
                    }),
                    reserved: true,
                },
            ],
            max_lots_per_bidder: Some(1),
            dates: Dates {
                dialogue_opens: NaiveDate::from_ymd_opt(2027, 1, 10),
                dialogue_closes: NaiveDate::from_ymd_opt(2027, 2, 10),
                questions_deadline: None,
                expected_tender_publication: NaiveDate::from_ymd_opt(2027, 3, 1),
                tender_deadline: NaiveDate::from_ymd_opt(2027, 4, 15),
                contract_start: NaiveDate::from_ymd_opt(2027, 9, 1),
                contract_duration_months: Some(36),
            },
            reserved: ReservedParticipation::None,
            flags: StrategicFlags {
                social_objective: true,
                innovative: false,
                green: true,
                sme_suitable: true,
            },
            employment: Some(EmploymentRequirement {
                variant: EmploymentVariant::EmploymentOrTraining,
                target_groups: vec![TargetGroup::NewlyArrived],
                volume_full_time_months: Some(48),
                first_hire_within_months: Some(6),
                follow_up_by: "Labour-market unit".into(),
                reporting: "Quarterly".into(),
            }),
            engagement: vec![],
            joint_offers_welcome: true,
            subcontracting_welcome: true,
            contact: Some(Contact {
                name: "Anna Berg".into(),
                email: "anna.berg@goteborg.se".into(),
            }),
            language: Some(Language::English),
        }
    }

    fn field_of(content: &NeedContent) -> String {
        content.check(Geography::embedded()).unwrap_err().field
    }

    #[test]
    fn every_transition_is_allowed_or_refused_by_the_table() {
        use NeedStatus::*;
        let allowed = [
            (Draft, Announced),
            (Announced, InDialogue),
            (Announced, Tendering),
            (Announced, Withdrawn),
            (InDialogue, Tendering),
            (InDialogue, Withdrawn),
            (Tendering, Awarded),
            (Tendering, Cancelled),
            (Awarded, Closed),
        ];
        for &from in NeedStatus::ALL {
            for &to in NeedStatus::ALL {
                assert_eq!(
                    from.can_become(to),
                    allowed.contains(&(from, to)),
                    "{from:?} -> {to:?}"
                );
            }
        }
    }

    #[test]
    fn sample_is_valid() {
        assert_eq!(sample().check(Geography::embedded()), Ok(()));
        assert!(sample().reserved_any());
    }

    #[test]
    fn cross_field_rules_name_the_field() {
        let mut c = sample();
        c.title = "  ".into();
        assert_eq!(field_of(&c), "title");

        let mut c = sample();
        c.estimated_value = Some(EstimatedValue {
            min: Some(5),
            max: Some(4),
            currency: Currency::Sek,
        });
        assert_eq!(field_of(&c), "estimatedValue.max");

        let mut c = sample();
        c.lots[1].title = "x".into();
        assert_eq!(field_of(&c), "lots[1].title");

        let mut c = sample();
        c.lots[1].number = 7;
        assert_eq!(field_of(&c), "lots[1].number");

        let mut c = sample();
        c.max_lots_per_bidder = Some(3);
        assert_eq!(field_of(&c), "maxLotsPerBidder");

        let mut c = sample();
        c.dates.dialogue_closes = NaiveDate::from_ymd_opt(2027, 1, 1);
        assert_eq!(field_of(&c), "dates.dialogueCloses");

        let mut c = sample();
        c.dates.contract_start = NaiveDate::from_ymd_opt(2027, 2, 1);
        assert_eq!(field_of(&c), "dates.contractStart");

        let mut c = sample();
        c.place.nuts_code = Some("NO060".into());
        assert_eq!(field_of(&c), "place.nutsCode");

        let mut c = sample();
        c.place.municipality = Some("Atlantis".into());
        assert_eq!(field_of(&c), "place.municipality");

        let mut c = sample();
        c.place.municipality = Some("Uppsala".into());
        assert_eq!(
            field_of(&c),
            "place.municipality",
            "Uppsala is not in SE232"
        );

        let mut c = sample();
        c.employment.as_mut().unwrap().target_groups.clear();
        assert_eq!(field_of(&c), "employment.targetGroups");

        let mut c = sample();
        c.contact.as_mut().unwrap().email = "not an address".into();
        assert_eq!(field_of(&c), "contact.email");
    }

    #[test]
    fn public_service_reservation_only_for_article_77_services() {
        let mut c = sample();
        c.reserved = ReservedParticipation::PublicServiceMission;
        assert_eq!(
            field_of(&c),
            "reserved",
            "cleaning is not an Art. 77 service"
        );
        c.main_cpv = CpvCode::parse("85312320").unwrap();
        c.additional_cpvs.clear();
        c.lots.iter_mut().for_each(|l| l.cpv = None);
        assert_eq!(c.check(Geography::embedded()), Ok(()));
    }

    #[test]
    fn filter_matches_like_a_person_expects() {
        let content = sample();
        let facts = NeedFacts {
            status: NeedStatus::Announced,
            buyer_id: 1,
            co_buyers: &[2],
            announced_at: None,
            content: &content,
        };
        let check = |filter: NeedFilter| filter.matches(&facts);
        assert!(check(NeedFilter::default()));
        assert!(check(NeedFilter {
            cpv: vec![CpvCode::parse("90000000").unwrap()],
            ..Default::default()
        }));
        assert!(
            check(NeedFilter {
                cpv: vec![CpvCode::parse("90911000").unwrap()],
                ..Default::default()
            }),
            "a lot's code"
        );
        assert!(!check(NeedFilter {
            cpv: vec![CpvCode::parse("85000000").unwrap()],
            ..Default::default()
        }));
        assert!(check(NeedFilter {
            region: Some("SE2".into()),
            ..Default::default()
        }));
        assert!(!check(NeedFilter {
            region: Some("SE1".into()),
            ..Default::default()
        }));
        assert!(
            check(NeedFilter {
                buyers: vec![2],
                ..Default::default()
            }),
            "co-buyer"
        );
        assert!(
            check(NeedFilter {
                reserved: Some(true),
                ..Default::default()
            }),
            "a reserved lot"
        );
        assert!(!check(NeedFilter {
            innovative: Some(true),
            ..Default::default()
        }));
        assert!(check(NeedFilter {
            text: Some("CLEANING schools".into()),
            ..Default::default()
        }));
        assert!(!check(NeedFilter {
            text: Some("cleaning snow".into()),
            ..Default::default()
        }));
        assert!(!check(NeedFilter {
            statuses: vec![NeedStatus::Tendering],
            ..Default::default()
        }));
        let march = NaiveDate::from_ymd_opt(2027, 3, 1);
        assert!(check(NeedFilter {
            expected_tender_from: march,
            expected_tender_to: march,
            ..Default::default()
        }));
        assert!(!check(NeedFilter {
            expected_tender_from: NaiveDate::from_ymd_opt(2027, 3, 2),
            ..Default::default()
        }));
    }

    #[test]
    fn language_tags() {
        assert_eq!(
            Language::parse("language", " NB ").unwrap(),
            Language::NorwegianBokmal
        );
        assert_eq!(Language::parse("language", "nn").unwrap().code(), "nn");
        let wrong = Language::parse("language", "de").unwrap_err();
        assert_eq!(wrong.field, "language");
        assert_eq!(Language::for_country(Country::Se).code(), "sv");
        assert_eq!(Language::for_country(Country::No).code(), "nb");
        assert_eq!(Language::for_country(Country::Gb).code(), "en");
        let json = serde_json::to_value(sample()).unwrap();
        assert_eq!(json["language"], "en");
        let mut without = json.clone();
        without.as_object_mut().unwrap().remove("language");
        let read: NeedContent = serde_json::from_value(without).unwrap();
        assert_eq!(
            read.language, None,
            "older content reads without a language"
        );
    }

    #[test]
    fn changed_fields_lists_what_differs() {
        let before = sample();
        let mut after = sample();
        after.title = "Cleaning of schools".into();
        after.lots[0].title = "Schools, north and east".into();
        assert_eq!(
            NeedContent::changed_fields(&before, &after),
            vec!["lots".to_owned(), "title".to_owned()]
        );
    }
}
