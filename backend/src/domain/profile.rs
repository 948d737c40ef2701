//! An enterprise's capability profile: what it does, where, how much it can take on, whom it
//! trains and employs, and how it wants to partner. Partner search and matchmaking read it.
//!
//! Like a need's content, the editable part is one document, [`ProfileContent`], stored whole;
//! [`ProfileContent::check`] names the failing field the way the API spells it.

use super::cpv::CpvCode;
use super::geography::Geography;
use super::need::{plain_text, FieldError, TargetGroup};
use super::OrgKind;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// The share of staff from target groups a reserved contract (Art. 20) asks for at least.
pub const RESERVED_SHARE_PERCENT: u8 = 30;

fn fail<T>(field: impl Into<String>, message: impl Into<String>) -> Result<T, FieldError> {
    Err(FieldError {
        field: field.into(),
        message: message.into(),
        reason: super::Reason::Invalid,
    })
}

fn out_of_range<T>(field: &str, message: &str) -> Result<T, FieldError> {
    Err(FieldError {
        field: field.into(),
        message: message.into(),
        reason: super::Reason::OutOfRange,
    })
}

/// ISO 639-1: the two-letter language codes.
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce \
                         ch \
                         co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha \
                         he \
                         hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku \
                         kv \
                         kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv \
                         ny \
                         oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st \
                         su \
                         sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// More staff or places than any organisation has: a typo or a probe.
const MAX_PEOPLE: u32 = 5_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PartnerRole {
    Lead,
    Partner,
    Subcontractor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Visibility {
    /// Anyone, signed in or not.
    Public,
    /// Signed-in users only.
    SignedIn,
}

impl Visibility {
    pub fn as_stored(self) -> &'static str {
        match self {
            Self::Public => "PUBLIC",
            Self::SignedIn => "SIGNED_IN",
        }
    }
}

/// The enterprise's own statement of its WISE status; an administrator's verification of the
/// organisation is what makes it count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WiseStatus {
    /// Integrating disabled or disadvantaged people is the organisation's main aim.
    pub integration_main_aim: bool,
    /// Percent of staff from target groups.
    pub target_group_staff_percent: Option<u8>,
    /// When that share was measured.
    pub measured_on: Option<NaiveDate>,
    /// Where the evidence is (an annual report, a certificate).
    pub evidence: String,
    /// Such as "Skoopi", "SIS", "Social Enterprise UK".
    pub certification: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Capacity {
    pub staff: Option<u32>,
    /// Free work-training places per `training_period`.
    pub training_places: Option<u32>,
    /// Such as "per year" or "autumn 2027".
    pub training_period: Option<String>,
    /// The largest contract handled, in whole SEK-equivalent units as stated.
    pub largest_contract: Option<i64>,
    /// Earlier contracts, in words.
    pub references: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileContact {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileContent {
    pub cpv: Vec<CpvCode>,
    pub services_description: String,
    pub keywords: Vec<String>,
    /// NUTS or ITL codes of the regions served.
    pub regions_served: Vec<String>,
    pub capacity: Capacity,
    pub target_groups: Vec<TargetGroup>,
    /// People the enterprise can supervise at once.
    pub supervision_capacity: Option<u32>,
    pub wise: Option<WiseStatus>,
    pub takes_employment_requirements: bool,
    /// The roles the enterprise seeks in joint offers.
    pub partner_roles: Vec<PartnerRole>,
    /// For which needs or kinds of needs, in words.
    pub partnering_note: String,
    /// ISO 639-1 codes, such as "sv", "no", "en".
    pub languages: Vec<String>,
    pub contact: ProfileContact,
    pub visibility: Visibility,
}

impl ProfileContent {
    /// Every rule, with the field that breaks it.
    pub fn check(&self, geography: &Geography) -> Result<(), FieldError> {
        if self.cpv.len() > 50 {
            return fail("cpv", "List at most 50 CPV codes.");
        }
        if !self.services_description.trim().is_empty() {
            plain_text(
                "servicesDescription",
                &self.services_description,
                10,
                10_000,
            )?;
        }
        if self.keywords.len() > 30 {
            return fail("keywords", "List at most 30 keywords.");
        }
        for (i, keyword) in self.keywords.iter().enumerate() {
            plain_text(&format!("keywords[{i}]"), keyword, 2, 60)?;
        }
        for (i, code) in self.regions_served.iter().enumerate() {
            if geography.region(code).is_none() {
                return fail(
                    format!("regionsServed[{i}]"),
                    format!("{code} is not a known NUTS or ITL region code, such as SE232 or UKI."),
                );
            }
        }
        if let Some(wise) = &self.wise {
            if wise.target_group_staff_percent.is_some_and(|p| p > 100) {
                return fail(
                    "wise.targetGroupStaffPercent",
                    "A share is at most 100 percent.",
                );
            }
            if wise.target_group_staff_percent.is_some() && wise.measured_on.is_none() {
                return fail(
                    "wise.measuredOn",
                    "Say when the share of staff was measured.",
                );
            }
            plain_text("wise.evidence", &wise.evidence, 3, 2000)?;
        }
        if self.capacity.references.len() > 20 {
            return fail("capacity.references", "List at most 20 references.");
        }
        if self.capacity.staff.is_some_and(|n| n > MAX_PEOPLE) {
            return out_of_range(
                "capacity.staff",
                "Give the number of staff, at most 5,000,000.",
            );
        }
        if self
            .capacity
            .training_places
            .is_some_and(|n| n > MAX_PEOPLE)
        {
            return out_of_range(
                "capacity.trainingPlaces",
                "Give the number of work-training places, at most 5,000,000.",
            );
        }
        if self
            .capacity
            .largest_contract
            .is_some_and(|v| v > super::need::MAX_VALUE)
        {
            return out_of_range(
                "capacity.largestContract",
                "This is larger than any contract.",
            );
        }
        if self.capacity.largest_contract.is_some_and(|v| v < 0) {
            return fail(
                "capacity.largestContract",
                "A contract value cannot be negative.",
            );
        }
        plain_text("partneringNote", &self.partnering_note, 0, 2000)?;
        for (i, language) in self.languages.iter().enumerate() {
            if language.len() != 2 || !ISO_639_1.split_whitespace().any(|code| code == language) {
                return fail(
                    format!("languages[{i}]"),
                    "Use two-letter ISO 639-1 language codes, such as sv, nb or en.",
                );
            }
        }
        if let Some(email) = &self.contact.email {
            super::Email::parse(email).map_err(|e| FieldError {
                field: "contact.email".into(),
                message: e.0,
                reason: e.1,
            })?;
        }
        Ok(())
    }

    /// The words search looks through, besides the organisation's name and description.
    pub fn search_text(&self) -> String {
        let mut parts = vec![
            self.services_description.clone(),
            self.partnering_note.clone(),
        ];
        parts.extend(self.keywords.iter().cloned());
        parts.extend(self.capacity.references.iter().cloned());
        parts.join("\n")
    }

    /// The share of staff and its measurement date as stated, when both are.
    pub fn wise_figures(&self) -> Option<WiseFigures> {
        let wise = self.wise.as_ref()?;
        Some(WiseFigures {
            share_percent: wise.target_group_staff_percent?,
            measured_on: wise.measured_on?,
        })
    }

    /// Why the organisation may not bid for a reserved contract (Art. 20) on `today`; empty
    /// when it may. Every reason is listed, so the enterprise learns all it has to fix at once.
    pub fn reserved_eligibility_gaps(
        &self,
        standing: &VerifiedStanding,
        today: NaiveDate,
    ) -> Vec<EligibilityGap> {
        if standing.kind != OrgKind::Wise {
            return vec![EligibilityGap::NotWise];
        }
        let mut gaps = Vec::new();
        if !standing.verified {
            gaps.push(EligibilityGap::NotVerified);
        }
        let wise = self.wise.as_ref();
        if !wise.is_some_and(|w| w.integration_main_aim) {
            gaps.push(EligibilityGap::NotMainAim);
        }
        match wise.and_then(|w| w.target_group_staff_percent) {
            None => gaps.push(EligibilityGap::NoShare),
            Some(p) if p < RESERVED_SHARE_PERCENT => gaps.push(EligibilityGap::ShareUnder30),
            Some(_) => {}
        }
        let figures = self.wise_figures();
        if standing.verified && figures.is_some() && figures != standing.figures {
            gaps.push(EligibilityGap::ChangedSinceVerification);
        }
        let measured_on = wise.and_then(|w| w.measured_on);
        if measured_on.is_some_and(|d| is_too_old(d, today)) {
            gaps.push(EligibilityGap::MeasurementOld);
        }
        gaps
    }
}

/// A measured share counts for a year; after that it is measured, and verified, again.
fn is_too_old(measured_on: NaiveDate, today: NaiveDate) -> bool {
    measured_on
        .checked_add_days(Days::new(MEASUREMENT_VALID_DAYS))
        .is_none_or(|valid_until| valid_until < today)
}

/// How many days a measured share of target-group staff counts: a year.
pub const MEASUREMENT_VALID_DAYS: u64 = 365;

/// A WISE's share of staff from target groups and when it was measured: as stated in its
/// profile, or as an administrator saw it when verifying.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WiseFigures {
    pub share_percent: u8,
    pub measured_on: NaiveDate,
}

/// What an administrator's verification says about an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifiedStanding {
    pub kind: OrgKind,
    pub verified: bool,
    /// The WISE figures the administrator verified (`None`: none were stated then).
    pub figures: Option<WiseFigures>,
}

/// Why an enterprise may not bid for a contract reserved under Art. 20.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
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
    /// The share or its date changed since an administrator verified them: verified again first.
    ChangedSinceVerification,
    /// The share was measured more than a year ago.
    MeasurementOld,
}

impl Default for ProfileContent {
    fn default() -> Self {
        Self {
            cpv: Vec::new(),
            services_description: String::new(),
            keywords: Vec::new(),
            regions_served: Vec::new(),
            capacity: Capacity::default(),
            target_groups: Vec::new(),
            supervision_capacity: None,
            wise: None,
            takes_employment_requirements: false,
            partner_roles: Vec::new(),
            partnering_note: String::new(),
            languages: Vec::new(),
            contact: ProfileContact::default(),
            visibility: Visibility::Public,
        }
    }
}

#[cfg(test)]
mod eligibility_tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn wise(percent: u8, measured: &str) -> ProfileContent {
        ProfileContent {
            wise: Some(WiseStatus {
                integration_main_aim: true,
                target_group_staff_percent: Some(percent),
                measured_on: Some(day(measured)),
                evidence: "Annual report".into(),
                certification: None,
            }),
            ..ProfileContent::default()
        }
    }

    fn verified_as(percent: u8, measured: &str) -> VerifiedStanding {
        VerifiedStanding {
            kind: OrgKind::Wise,
            verified: true,
            figures: Some(WiseFigures {
                share_percent: percent,
                measured_on: day(measured),
            }),
        }
    }

    #[test]
    fn a_verified_wise_with_its_verified_figures_is_eligible() {
        let profile = wise(40, "2026-03-01");
        let gaps =
            profile.reserved_eligibility_gaps(&verified_as(40, "2026-03-01"), day("2026-12-01"));
        assert_eq!(gaps, []);
    }

    #[test]
    fn changing_the_share_or_its_date_needs_verifying_again() {
        let today = day("2026-12-01");
        let standing = verified_as(40, "2026-03-01");
        assert_eq!(
            wise(45, "2026-03-01").reserved_eligibility_gaps(&standing, today),
            [EligibilityGap::ChangedSinceVerification]
        );
        assert_eq!(
            wise(40, "2026-06-01").reserved_eligibility_gaps(&standing, today),
            [EligibilityGap::ChangedSinceVerification]
        );
    }

    #[test]
    fn a_measurement_counts_for_a_year() {
        let profile = wise(40, "2025-12-01");
        let standing = verified_as(40, "2025-12-01");
        assert_eq!(
            profile.reserved_eligibility_gaps(&standing, day("2026-12-01")),
            []
        );
        assert_eq!(
            profile.reserved_eligibility_gaps(&standing, day("2026-12-02")),
            [EligibilityGap::MeasurementOld]
        );
    }

    #[test]
    fn every_gap_is_named() {
        let standing = VerifiedStanding {
            kind: OrgKind::Wise,
            verified: false,
            figures: None,
        };
        let mut profile = wise(20, "2024-01-01");
        if let Some(w) = profile.wise.as_mut() {
            w.integration_main_aim = false;
        }
        assert_eq!(
            profile.reserved_eligibility_gaps(&standing, day("2026-12-01")),
            [
                EligibilityGap::NotVerified,
                EligibilityGap::NotMainAim,
                EligibilityGap::ShareUnder30,
                EligibilityGap::MeasurementOld
            ]
        );
        let supplier = VerifiedStanding {
            kind: OrgKind::Supplier,
            ..standing
        };
        assert_eq!(
            profile.reserved_eligibility_gaps(&supplier, day("2026-12-01")),
            [EligibilityGap::NotWise]
        );
    }
}
