//! Common Procurement Vocabulary codes.
//!
//! A code is eight digits, optionally followed by `-N`, the check digit the EU publishes. That
//! check digit follows no single formula, so it is accepted and dropped, never computed; whether
//! a code exists is decided by looking it up in the imported list (see the store).

use super::Invalid;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CpvCode(String);

impl CpvCode {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let trimmed = raw.trim();
        let digits = match trimmed.split_once('-') {
            Some((code, check))
                if check.len() == 1 && check.chars().all(|c| c.is_ascii_digit()) =>
            {
                code
            }
            Some(_) => {
                return Err(Invalid::new(format!(
                "{trimmed} is not a CPV code: write eight digits, such as 85312320 or 85312320-8."
            )))
            }
            None => trimmed,
        };
        if digits.len() != 8 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(Invalid::new(format!(
                "{trimmed} is not a CPV code: write eight digits, such as 85312320 or 85312320-8."
            )));
        }
        Ok(Self(digits.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The significant digits (trailing zeros dropped, at least the two-digit division): every
    /// code below this one in the hierarchy starts with them. `85000000` -> `85`, `85312000` -> `85312`.
    pub fn prefix(&self) -> &str {
        let significant = self.0.trim_end_matches('0').len().max(2);
        &self.0[..significant]
    }

    /// The two-digit division, such as `85` for health and social work.
    pub fn division(&self) -> &str {
        &self.0[..2]
    }

    /// True when `other` is this code or lies below it in the hierarchy.
    pub fn covers(&self, other: &CpvCode) -> bool {
        other.0.starts_with(self.prefix())
    }
}

impl TryFrom<String> for CpvCode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).map_err(|e| e.0)
    }
}

impl From<CpvCode> for String {
    fn from(code: CpvCode) -> String {
        code.0
    }
}

/// The social, health and cultural services of Directive 2014/24 Art. 77 (and Annex XIV), the
/// only ones a contract may be reserved for under `res-pub-ser`: the listed codes and, for the
/// range 85000000 to 85323000, health and social work services.
pub fn allows_public_service_reservation(code: &CpvCode) -> bool {
    const LISTED: [&str; 12] = [
        "75121000", "75122000", "75123000", "79622000", "79624000", "79625000", "80110000",
        "80300000", "80420000", "80430000", "80511000", "80520000",
    ];
    const LISTED_MORE: [&str; 5] = ["80590000", "92500000", "92600000", "98133000", "98133110"];
    let c = code.as_str();
    // Eight-digit strings compare like the numbers they spell.
    let in_health_range = ("85000000"..="85323000").contains(&c);
    LISTED.contains(&c) || LISTED_MORE.contains(&c) || in_health_range
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_with_or_without_check_digit() {
        assert_eq!(CpvCode::parse("85312320-8").unwrap().as_str(), "85312320");
        assert_eq!(CpvCode::parse(" 85312320 ").unwrap().as_str(), "85312320");
        for bad in [
            "8531232",
            "853123200",
            "85312320-",
            "85312320-88",
            "8531232x",
            "",
            "８５３１２３２０",
        ] {
            assert!(CpvCode::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn hierarchy_by_prefix() {
        let health = CpvCode::parse("85000000").unwrap();
        let counselling = CpvCode::parse("85312320").unwrap();
        assert_eq!(health.prefix(), "85");
        assert!(health.covers(&counselling));
        assert!(!counselling.covers(&health));
        assert!(CpvCode::parse("85310000").unwrap().covers(&counselling));
        assert!(!CpvCode::parse("85320000").unwrap().covers(&counselling));
        assert_eq!(CpvCode::parse("03000000").unwrap().prefix(), "03");
        assert_eq!(CpvCode::parse("80000000").unwrap().prefix(), "80");
    }

    #[test]
    fn public_service_reservation_codes() {
        for ok in [
            "85312320", "85000000", "85323000", "80110000", "92500000", "98133110",
        ] {
            assert!(
                allows_public_service_reservation(&CpvCode::parse(ok).unwrap()),
                "{ok}"
            );
        }
        for no in ["90910000", "45000000", "85324000", "15000000"] {
            assert!(
                !allows_public_service_reservation(&CpvCode::parse(no).unwrap()),
                "{no}"
            );
        }
    }
}
