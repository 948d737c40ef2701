//! A match reason or coverage gap as a key and the values it names, so that the web app says it
//! in the reader's language (`cpv.hierarchy` with `offeredCode` and `wanted`), and the same
//! sentence in English for API clients that show the explanation as it is.

use super::Measure;
use crate::domain::geography::Geography;

/// What a reason or gap says: a stable key and its named values (codes and plain numbers, never
/// words, so that each language can name them its own way).
#[derive(Debug, Clone, PartialEq)]
pub struct Wording {
    pub key: &'static str,
    pub values: Vec<(&'static str, String)>,
}

impl Wording {
    pub fn new(key: &'static str, values: Vec<(&'static str, String)>) -> Self {
        Self { key, values }
    }

    fn value(&self, name: &str) -> &str {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The sentence in English; every key the matchmaking uses has one.
    pub fn english(&self) -> String {
        let v = |name| self.value(name);
        let region = |name| region_name(v(name));
        let measure = || measure_noun(v("measure"));
        match self.key {
            "cpv.own" => format!("Offers {}, the lot's own code.", v("wanted")),
            "cpv.hierarchy" => format!(
                "Offers {}, which matches {} down the hierarchy.",
                v("offeredCode"),
                v("wanted")
            ),
            "cpv.none" => format!("Offers nothing in CPV division {}.", v("division")),
            "cpv.related" => format!(
                "Offers {}, related to {} (same {}).",
                v("offeredCode"),
                v("wanted"),
                v("level")
            ),
            "region.unknown" => "The need gives no region for the place of delivery.".into(),
            "region.includes" => format!(
                "Serves {}, which includes {}.",
                region("served"),
                region("place")
            ),
            "region.partOf" => format!("Serves {}, part of {}.", region("served"), region("place")),
            "region.country" => format!("Serves the same country, not {}.", region("place")),
            "region.not" => format!("Does not serve {}.", region("place")),
            "capacity.unknown" => "The lot states no quantity or value to compare with.".into(),
            "capacity.unstated" => format!("States no capacity {}.", measure()),
            "capacity.share" => format!(
                "Can take on {} of {} {}.",
                v("offered"),
                v("needed"),
                measure()
            ),
            "reserved.eligible" => "Eligible for this reserved lot: a verified WISE with at least \
                                    30 % target-group staff."
                .into(),
            "reserved.not" => "Not eligible for this reserved lot (not a verified WISE with at \
                               least 30 % target-group staff); it could take part only as a \
                               subcontractor."
                .into(),
            "verified.yes" => "Verified by the platform.".into(),
            "verified.no" => "Not yet verified by the platform.".into(),
            "employment.groups" => {
                "Takes on employment requirements and works with the target groups asked for."
                    .into()
            }
            "employment.otherGroups" => {
                "Takes on employment requirements, but not with the target groups asked for.".into()
            }
            "employment.no" => "Does not say it takes on employment requirements.".into(),
            "gap.cpv" => format!(
                "No member offers {} or a code above or below it.",
                v("wanted")
            ),
            "gap.region" => format!("No member serves {}.", region("place")),
            "gap.capacity" => format!("{} more {} are needed.", v("missing"), measure()),
            "gap.reserved" => "No member is eligible for this reserved lot: a verified WISE with \
                               at least 30 % target-group staff must take part."
                .into(),
            other => other.to_owned(),
        }
    }
}

impl Measure {
    /// The code a wording names the measure by.
    pub fn code(self) -> &'static str {
        match self {
            Measure::TrainingPlaces => "TRAINING_PLACES",
            Measure::Staff => "STAFF",
            Measure::Value => "VALUE",
        }
    }
}

fn measure_noun(code: &str) -> &'static str {
    match code {
        "TRAINING_PLACES" => "work-training places",
        "STAFF" => "staff",
        _ => "in contract value (SEK equivalent)",
    }
}

fn region_name(code: &str) -> String {
    match Geography::embedded().region(code) {
        Some(region) => format!("{} ({code})", region.name),
        None => code.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::Wording;

    /// The web app's catalogues (frontend/src/i18n/*/matching.json) use the same keys.
    const KEYS: [&str; 21] = [
        "cpv.own",
        "cpv.hierarchy",
        "cpv.none",
        "cpv.related",
        "region.unknown",
        "region.includes",
        "region.partOf",
        "region.country",
        "region.not",
        "capacity.unknown",
        "capacity.unstated",
        "capacity.share",
        "reserved.eligible",
        "reserved.not",
        "verified.yes",
        "verified.no",
        "employment.groups",
        "employment.otherGroups",
        "employment.no",
        "gap.cpv",
        "gap.region",
    ];

    #[test]
    fn every_key_has_an_english_sentence() {
        for key in KEYS {
            let english = Wording::new(key, vec![]).english();
            assert!(english.ends_with('.') && english != key, "{key}: {english}");
        }
    }

    #[test]
    fn values_fill_the_sentence() {
        let share = Wording::new(
            "capacity.share",
            vec![
                ("offered", "8".into()),
                ("needed", "20".into()),
                ("measure", "TRAINING_PLACES".into()),
            ],
        );
        assert_eq!(share.english(), "Can take on 8 of 20 work-training places.");
        let region = Wording::new("region.not", vec![("place", "SE232".into())]);
        assert_eq!(
            region.english(),
            "Does not serve Västra Götalands län (SE232)."
        );
    }
}
