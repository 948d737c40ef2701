//! Matchmaking: how well an enterprise fits a lot, and what a group forming a joint offer
//! still lacks.
//!
//! The score is a sum of points per factor, each with a ceiling, so a person can read why one
//! enterprise ranks above another. Nothing random, nothing learned: the same data always
//! gives the same order.
//!
//! | factor       | points | earned by |
//! |--------------|--------|-----------|
//! | `Cpv`        | 40 | a service offered is the lot's code, covers it or lies below it: 40; same class (4 digits): 30; same group (3): 20; same division (2): 10 |
//! | `Region`     | 25 | a region served contains the place of delivery: 25; lies inside it: 15; same country: 5 |
//! | `Capacity`   | 20 | 20 × the share of the lot the enterprise can take on: training places or staff against the lot's quantity, else the largest contract against the estimated value |
//! | `Reserved`   | 10 | only on a reserved lot (Art. 20): the enterprise is a verified WISE with integration as main aim and at least 30 % target-group staff |
//! | `Verified`   | 5  | an administrator verified the organisation |
//! | `Employment` | 5  | only when the need carries employment requirements: the enterprise takes them on and serves one of the target groups asked for |
//!
//! Ranking is by score, then by id, so ties never depend on storage order.

use super::cpv::CpvCode;
use super::geography::Geography;
use super::need::{Currency, NeedContent, ReservedParticipation, TargetGroup};
use super::profile::ProfileContent;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Factor {
    Cpv,
    Region,
    Capacity,
    Reserved,
    Verified,
    Employment,
}

impl Factor {
    pub fn max_points(self) -> u32 {
        match self {
            Factor::Cpv => 40,
            Factor::Region => 25,
            Factor::Capacity => 20,
            Factor::Reserved => 10,
            Factor::Verified | Factor::Employment => 5,
        }
    }
}

/// One factor's points and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    pub factor: Factor,
    pub points: u32,
    pub wording: Wording,
}

impl Reason {
    fn new(
        factor: Factor,
        points: u32,
        key: &'static str,
        values: Vec<(&'static str, String)>,
    ) -> Self {
        Self {
            factor,
            points,
            wording: Wording::new(key, values),
        }
    }

    /// Why, in English.
    pub fn explanation(&self) -> String {
        self.wording.english()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub score: u32,
    pub reasons: Vec<Reason>,
}

impl Fit {
    fn of(reasons: Vec<Reason>) -> Self {
        Self {
            score: reasons.iter().map(|r| r.points).sum(),
            reasons,
        }
    }
}

/// What a lot's capacity is counted in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measure {
    TrainingPlaces,
    Staff,
    /// The lot's estimated value, in SEK-equivalent units, against the largest contract handled.
    Value,
}

impl Measure {
    /// Reads a quantity's free-text unit: places are training places, people are staff.
    fn of_unit(unit: &str) -> Option<Self> {
        let unit = unit.to_lowercase();
        let any = |words: &[&str]| words.iter().any(|w| unit.contains(w));
        if any(&["place", "plats", "plass", "trainee", "praktik"]) {
            Some(Measure::TrainingPlaces)
        } else if any(&[
            "person", "people", "staff", "employ", "anställ", "ansatt", "fte", "årsverk",
        ]) {
            Some(Measure::Staff)
        } else {
            None
        }
    }
}

/// Rough fixed rates to SEK. Profiles state their largest contract in SEK-equivalent units;
/// these only decide whether a contract is of the same order of size, never a price.
fn to_sek(amount: i64, currency: Currency) -> f64 {
    let rate = match currency {
        Currency::Sek => 1.0,
        Currency::Nok => 1.0,
        Currency::Dkk => 1.5,
        Currency::Eur => 11.5,
        Currency::Gbp => 13.5,
    };
    amount as f64 * rate
}

/// What a lot (or a need without lots) asks for, as matchmaking reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct LotNeeds {
    /// The lot number; `None` for the need as a whole.
    pub lot: Option<u32>,
    pub cpv: CpvCode,
    /// The place of delivery as a NUTS/ITL code, when known.
    pub region: Option<String>,
    /// How much capacity the lot takes, and in what.
    pub capacity: Option<(f64, Measure)>,
    pub reserved: bool,
    /// `Some` when the need carries employment requirements: the target groups asked for.
    pub employment: Option<Vec<TargetGroup>>,
}

impl LotNeeds {
    /// The lot's requirements, falling back to the need's own fields where the lot is silent.
    /// `None` when the need has no such lot.
    pub fn of(content: &NeedContent, lot: Option<u32>) -> Option<Self> {
        let reserved_need = content.reserved == ReservedParticipation::ShelteredWorkshops;
        let employment = content.employment.as_ref().map(|e| e.target_groups.clone());
        let need_value = content.value_sort().map(|v| {
            let currency = content.estimated_value.as_ref().map(|e| e.currency);
            (to_sek(v, currency.unwrap_or(Currency::Sek)), Measure::Value)
        });
        let Some(number) = lot else {
            return Some(Self {
                lot: None,
                cpv: content.main_cpv.clone(),
                region: content.region_code(),
                capacity: need_value,
                reserved: reserved_need || content.lots.iter().any(|l| l.reserved),
                employment,
            });
        };
        let lot = content.lots.iter().find(|l| l.number == number)?;
        let quantity = lot.quantity.as_ref().and_then(|q| {
            Measure::of_unit(&q.unit)
                .filter(|_| q.amount > 0.0)
                .map(|m| (q.amount, m))
        });
        let value = lot.estimated_value.as_ref().and_then(|e| {
            e.max
                .or(e.min)
                .map(|v| (to_sek(v, e.currency), Measure::Value))
        });
        Some(Self {
            lot: Some(number),
            cpv: lot.cpv.clone().unwrap_or_else(|| content.main_cpv.clone()),
            region: lot.nuts_code.clone().or_else(|| content.region_code()),
            capacity: quantity.or(value).or(need_value),
            reserved: reserved_need || lot.reserved,
            employment,
        })
    }

    /// Every lot of the need, or the need itself when it has none.
    pub fn all_of(content: &NeedContent) -> Vec<Self> {
        if content.lots.is_empty() {
            return Self::of(content, None).into_iter().collect();
        }
        content
            .lots
            .iter()
            .filter_map(|l| Self::of(content, Some(l.number)))
            .collect()
    }
}

/// What an enterprise offers, as matchmaking reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Capability {
    pub organisation_id: i64,
    pub cpv: Vec<CpvCode>,
    pub regions: Vec<String>,
    pub staff: Option<u32>,
    pub training_places: Option<u32>,
    pub largest_contract: Option<i64>,
    pub verified: bool,
    /// Verified WISE whose stated share reaches 30 % with integration as main aim.
    pub reserved_eligible: bool,
    pub takes_employment_requirements: bool,
    pub target_groups: Vec<TargetGroup>,
}

impl Capability {
    /// `own_region` is the organisation's region when it is a region code.
    pub fn new(
        organisation_id: i64,
        verified: bool,
        reserved_eligible: bool,
        own_region: Option<String>,
        profile: &ProfileContent,
    ) -> Self {
        let mut regions = profile.regions_served.clone();
        regions.extend(own_region);
        regions.sort();
        regions.dedup();
        Self {
            organisation_id,
            cpv: profile.cpv.clone(),
            regions,
            staff: profile.capacity.staff,
            training_places: profile.capacity.training_places,
            largest_contract: profile.capacity.largest_contract,
            verified,
            reserved_eligible,
            takes_employment_requirements: profile.takes_employment_requirements,
            target_groups: profile.target_groups.clone(),
        }
    }

    fn amount(&self, measure: Measure) -> Option<f64> {
        match measure {
            Measure::TrainingPlaces => self.training_places.map(f64::from),
            Measure::Staff => self.staff.map(f64::from),
            Measure::Value => self.largest_contract.map(|v| v as f64),
        }
    }
}

/// How far down the CPV hierarchy two codes agree, as points.
fn cpv_points(offered: &CpvCode, wanted: &CpvCode) -> u32 {
    if offered.covers(wanted) || wanted.covers(offered) {
        return 40;
    }
    let shared = offered
        .as_str()
        .chars()
        .zip(wanted.as_str().chars())
        .take_while(|(a, b)| a == b)
        .count();
    match shared {
        4.. => 30,
        3 => 20,
        2 => 10,
        _ => 0,
    }
}

fn cpv_reason(lot: &LotNeeds, cap: &Capability) -> Reason {
    let best = cap
        .cpv
        .iter()
        .map(|c| (cpv_points(c, &lot.cpv), c))
        .max_by_key(|(points, c)| (*points, std::cmp::Reverse(c.as_str().to_owned())));
    let wanted = ("wanted", lot.cpv.as_str().to_owned());
    let offered = |code: &CpvCode| ("offeredCode", code.as_str().to_owned());
    let (points, key, values) = match best {
        Some((40, code)) if code == &lot.cpv => (40, "cpv.own", vec![wanted]),
        Some((40, code)) => (40, "cpv.hierarchy", vec![offered(code), wanted]),
        Some((0, _)) | None => (
            0,
            "cpv.none",
            vec![("division", lot.cpv.division().to_string())],
        ),
        Some((points, code)) => (
            points,
            "cpv.related",
            vec![offered(code), wanted, ("level", level_name(points).into())],
        ),
    };
    Reason::new(Factor::Cpv, points, key, values)
}

fn level_name(points: u32) -> &'static str {
    match points {
        30 => "class",
        20 => "group",
        _ => "division",
    }
}

/// Points for one served region against the place of delivery.
fn region_points(served: &str, delivery: &str) -> u32 {
    let geography = Geography::embedded();
    if geography.is_within(delivery, served) {
        25
    } else if geography.is_within(served, delivery) {
        15
    } else if served.get(..2) == delivery.get(..2) {
        5
    } else {
        0
    }
}

fn region_reason(lot: &LotNeeds, cap: &Capability) -> Reason {
    let Some(delivery) = lot.region.as_deref() else {
        return Reason::new(Factor::Region, 0, "region.unknown", vec![]);
    };
    let best = cap
        .regions
        .iter()
        .map(|r| (region_points(r, delivery), r))
        .max_by_key(|(points, r)| (*points, std::cmp::Reverse(r.as_str())));
    let place = ("place", delivery.to_owned());
    let served = |code: &String| ("served", code.clone());
    let (points, key, values) = match best {
        Some((25, code)) => (25, "region.includes", vec![served(code), place]),
        Some((15, code)) => (15, "region.partOf", vec![served(code), place]),
        Some((5, _)) => (5, "region.country", vec![place]),
        _ => (0, "region.not", vec![place]),
    };
    Reason::new(Factor::Region, points, key, values)
}

/// The share of `needed` that `offered` covers, as up to `max` points (rounded down).
fn share_points(offered: f64, needed: f64, max: u32) -> u32 {
    if needed <= 0.0 {
        return max;
    }
    ((offered / needed).min(1.0) * f64::from(max)).floor() as u32
}

fn capacity_reason(lot: &LotNeeds, cap: &Capability) -> Reason {
    let max = Factor::Capacity.max_points();
    let Some((needed, measure)) = lot.capacity else {
        return Reason::new(Factor::Capacity, 0, "capacity.unknown", vec![]);
    };
    let unit = ("measure", measure.code().to_owned());
    match cap.amount(measure) {
        None => Reason::new(Factor::Capacity, 0, "capacity.unstated", vec![unit]),
        Some(offered) => Reason::new(
            Factor::Capacity,
            share_points(offered, needed, max),
            "capacity.share",
            vec![
                ("offered", number(offered.min(needed))),
                ("needed", number(needed)),
                unit,
            ],
        ),
    }
}

fn number(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

fn reserved_reason(cap: &Capability) -> Reason {
    match cap.reserved_eligible {
        true => Reason::new(Factor::Reserved, 10, "reserved.eligible", vec![]),
        false => Reason::new(Factor::Reserved, 0, "reserved.not", vec![]),
    }
}

fn verified_reason(cap: &Capability) -> Reason {
    match cap.verified {
        true => Reason::new(Factor::Verified, 5, "verified.yes", vec![]),
        false => Reason::new(Factor::Verified, 0, "verified.no", vec![]),
    }
}

fn employment_reason(groups: &[TargetGroup], cap: &Capability) -> Reason {
    let serves_group = groups.is_empty() || groups.iter().any(|g| cap.target_groups.contains(g));
    let (points, key) = match (cap.takes_employment_requirements, serves_group) {
        (true, true) => (5, "employment.groups"),
        (true, false) => (0, "employment.otherGroups"),
        (false, _) => (0, "employment.no"),
    };
    Reason::new(Factor::Employment, points, key, vec![])
}

/// How well one enterprise fits a lot.
pub fn fit(lot: &LotNeeds, cap: &Capability) -> Fit {
    let mut reasons = vec![
        cpv_reason(lot, cap),
        region_reason(lot, cap),
        capacity_reason(lot, cap),
    ];
    if lot.reserved {
        reasons.push(reserved_reason(cap));
    }
    reasons.push(verified_reason(cap));
    if let Some(groups) = &lot.employment {
        reasons.push(employment_reason(groups, cap));
    }
    Fit::of(reasons)
}

/// What a group of enterprises covers of one lot together.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    /// Some member offers the lot's CPV code (or one above or below it).
    pub cpv_covered: bool,
    /// Some member serves a region that includes the place of delivery (true when none is given).
    pub region_covered: bool,
    /// The lot's quantity or value, and what the members' capacities add up to.
    pub capacity: Option<(f64, f64, Measure)>,
    /// Not a reserved lot, or some member is eligible.
    pub reserved_covered: bool,
}

/// What a group still lacks for a lot.
#[derive(Debug, Clone, PartialEq)]
pub enum Gap {
    Cpv,
    Region,
    Capacity { missing: f64, measure: Measure },
    Reserved,
}

impl Gap {
    pub fn factor(&self) -> Factor {
        match self {
            Gap::Cpv => Factor::Cpv,
            Gap::Region => Factor::Region,
            Gap::Capacity { .. } => Factor::Capacity,
            Gap::Reserved => Factor::Reserved,
        }
    }

    /// What the gap says, for the web app to put in the reader's language.
    pub fn wording(&self, lot: &LotNeeds) -> Wording {
        match self {
            Gap::Cpv => Wording::new("gap.cpv", vec![("wanted", lot.cpv.as_str().to_owned())]),
            Gap::Region => Wording::new(
                "gap.region",
                vec![("place", lot.region.clone().unwrap_or_default())],
            ),
            Gap::Capacity { missing, measure } => Wording::new(
                "gap.capacity",
                vec![
                    ("missing", number(*missing)),
                    ("measure", measure.code().to_owned()),
                ],
            ),
            Gap::Reserved => Wording::new("gap.reserved", vec![]),
        }
    }

    /// What the gap says, in English.
    pub fn explanation(&self, lot: &LotNeeds) -> String {
        self.wording(lot).english()
    }
}

impl Coverage {
    pub fn of(lot: &LotNeeds, members: &[Capability]) -> Self {
        let scores: Vec<Fit> = members.iter().map(|m| fit(lot, m)).collect();
        let top = |factor: Factor| {
            scores
                .iter()
                .flat_map(|f| &f.reasons)
                .filter(|r| r.factor == factor)
                .map(|r| r.points)
                .max()
                .unwrap_or(0)
        };
        Self {
            cpv_covered: top(Factor::Cpv) == Factor::Cpv.max_points(),
            region_covered: lot.region.is_none()
                || top(Factor::Region) == Factor::Region.max_points(),
            capacity: lot.capacity.map(|(needed, measure)| {
                let offered = members.iter().filter_map(|m| m.amount(measure)).sum();
                (needed, offered, measure)
            }),
            reserved_covered: !lot.reserved || members.iter().any(|m| m.reserved_eligible),
        }
    }

    pub fn gaps(&self) -> Vec<Gap> {
        let mut gaps = Vec::new();
        if !self.cpv_covered {
            gaps.push(Gap::Cpv);
        }
        if !self.region_covered {
            gaps.push(Gap::Region);
        }
        if let Some((needed, offered, measure)) = self.capacity {
            if offered < needed {
                gaps.push(Gap::Capacity {
                    missing: needed - offered,
                    measure,
                });
            }
        }
        if !self.reserved_covered {
            gaps.push(Gap::Reserved);
        }
        gaps
    }
}

/// How much of a group's gaps a candidate fills: the candidate's points on the factors the
/// group lacks, capacity counted against what is missing rather than the whole lot.
pub fn complement(lot: &LotNeeds, gaps: &[Gap], candidate: &Capability) -> Fit {
    let reasons = gaps
        .iter()
        .map(|gap| match gap {
            Gap::Cpv => cpv_reason(lot, candidate),
            Gap::Region => region_reason(lot, candidate),
            Gap::Reserved => reserved_reason(candidate),
            Gap::Capacity { missing, measure } => {
                let short = LotNeeds {
                    capacity: Some((*missing, *measure)),
                    ..lot.clone()
                };
                capacity_reason(&short, candidate)
            }
        })
        .collect();
    Fit::of(reasons)
}

/// Orders scored items best first, ties by id, and keeps those that score at all.
pub fn rank<T>(mut scored: Vec<(Fit, i64, T)>, limit: usize) -> Vec<(Fit, i64, T)> {
    scored.retain(|(fit, _, _)| fit.score > 0);
    scored.sort_by(|a, b| b.0.score.cmp(&a.0.score).then(a.1.cmp(&b.1)));
    scored.truncate(limit);
    scored
}

#[cfg(test)]
mod tests;
mod wording;

pub use wording::Wording;
