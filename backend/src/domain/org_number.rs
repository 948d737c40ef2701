//! Organisation numbers, validated the way each national register defines them.
//!
//! Each accepted number also carries its org-id.guide register prefix (`SE-BLV`, `NO-BRC`, ...),
//! which is what OCDS `parties[].identifier.scheme` expects.

use super::{Invalid, Reason};

/// The countries Samspill serves: the Nordics and the United Kingdom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Country {
    Se,
    No,
    Dk,
    Fi,
    Gb,
}

impl serde::Serialize for Country {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for Country {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Country::from_code(&code)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown country {code}")))
    }
}

impl Country {
    pub const ALL: [Country; 5] = [Self::Se, Self::No, Self::Dk, Self::Fi, Self::Gb];

    /// ISO 3166-1 alpha-2, as stored and as written in OCDS.
    pub fn code(self) -> &'static str {
        match self {
            Self::Se => "SE",
            Self::No => "NO",
            Self::Dk => "DK",
            Self::Fi => "FI",
            Self::Gb => "GB",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(code))
    }
}

/// A registry number that is well formed for its country (and has a correct check digit where
/// the country's register defines one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgNumber {
    country: Country,
    value: String,
    scheme: &'static str,
}

impl OrgNumber {
    pub fn parse(country: Country, raw: &str) -> Result<Self, Invalid> {
        let compact: String = raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        let compact = compact.to_uppercase();
        if compact.is_empty() {
            return Err(Invalid::because(
                Reason::Required,
                "Enter the organisation number.",
            ));
        }
        let (value, scheme) = match country {
            Country::Se => (swedish(&compact)?, "SE-BLV"),
            Country::No => (norwegian(&compact)?, "NO-BRC"),
            Country::Dk => (danish(&compact)?, "DK-CVR"),
            Country::Fi => (finnish(&compact)?, "FI-PRO"),
            Country::Gb => british(&compact, raw)?,
        };
        Ok(Self {
            country,
            value,
            scheme,
        })
    }

    /// Rebuilds a number read back from storage, where it was validated on the way in.
    pub fn from_stored(country: Country, value: String) -> Self {
        Self::parse(country, &value).unwrap_or(Self {
            country,
            value,
            scheme: "XI-UNKNOWN",
        })
    }

    pub fn country(&self) -> Country {
        self.country
    }

    /// The number in the form the register prints it (`212000-1355`, `942110464`, `SC123456`).
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The org-id.guide register code, for OCDS identifiers.
    pub fn scheme(&self) -> &'static str {
        self.scheme
    }
}

fn digits(s: &str) -> Option<Vec<u32>> {
    s.chars().map(|c| c.to_digit(10)).collect()
}

/// Swedish organisationsnummer: ten digits whose last is a Luhn check digit. A twelve-digit form
/// with the `16` prefix used by some registers is accepted and shortened.
fn swedish(compact: &str) -> Result<String, Invalid> {
    let ten = match compact.len() {
        12 if compact.starts_with("16") => &compact[2..],
        _ => compact,
    };
    let d = digits(ten).filter(|d| d.len() == 10).ok_or_else(|| {
        Invalid::new("A Swedish organisation number has ten digits, as in 212000-1355.")
    })?;
    let sum: u32 = d
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            let v = if i % 2 == 0 { x * 2 } else { x };
            if v > 9 {
                v - 9
            } else {
                v
            }
        })
        .sum();
    if sum % 10 != 0 {
        return Err(Invalid::because(
            Reason::InvalidCheckDigit,
            "This Swedish organisation number has a wrong check digit: check for a typo.",
        ));
    }
    Ok(format!("{}-{}", &ten[..6], &ten[6..]))
}

/// Weighted modulus 11 as used by the Norwegian and Danish registers: `Some(check)` or `None`
/// when the remainder admits no valid check digit.
fn mod11_check(d: &[u32], weights: &[u32]) -> Option<u32> {
    let sum: u32 = d.iter().zip(weights).map(|(a, b)| a * b).sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        c => Some(c),
    }
}

/// Norwegian organisasjonsnummer: nine digits, the last a modulus 11 check digit.
fn norwegian(compact: &str) -> Result<String, Invalid> {
    let d = digits(compact).filter(|d| d.len() == 9).ok_or_else(|| {
        Invalid::new("A Norwegian organisation number has nine digits, as in 942 110 464.")
    })?;
    if mod11_check(&d[..8], &[3, 2, 7, 6, 5, 4, 3, 2]) != Some(d[8]) {
        return Err(Invalid::because(
            Reason::InvalidCheckDigit,
            "This Norwegian organisation number has a wrong check digit: check for a typo.",
        ));
    }
    Ok(compact.to_owned())
}

/// Danish CVR number: eight digits whose weighted sum is divisible by 11.
fn danish(compact: &str) -> Result<String, Invalid> {
    let d = digits(compact)
        .filter(|d| d.len() == 8)
        .ok_or_else(|| Invalid::new("A Danish CVR number has eight digits."))?;
    let sum: u32 = d
        .iter()
        .zip([2, 7, 6, 5, 4, 3, 2, 1])
        .map(|(a, b)| a * b)
        .sum();
    if sum % 11 != 0 {
        return Err(Invalid::because(
            Reason::InvalidCheckDigit,
            "This CVR number has a wrong check digit: check for a typo.",
        ));
    }
    Ok(compact.to_owned())
}

/// Finnish business ID (Y-tunnus): seven digits, a hyphen and a modulus 11 check digit.
fn finnish(compact: &str) -> Result<String, Invalid> {
    let d = digits(compact).filter(|d| d.len() == 8).ok_or_else(|| {
        Invalid::new("A Finnish business ID has seven digits and a check digit, as in 0201256-6.")
    })?;
    let sum: u32 = d[..7]
        .iter()
        .zip([7, 9, 10, 5, 8, 4, 2])
        .map(|(a, b)| a * b)
        .sum();
    let check = match sum % 11 {
        0 => Some(0),
        1 => None,
        r => Some(11 - r),
    };
    if check != Some(d[7]) {
        return Err(Invalid::because(
            Reason::InvalidCheckDigit,
            "This Finnish business ID has a wrong check digit: check for a typo.",
        ));
    }
    Ok(format!("{}-{}", &compact[..7], &compact[7..]))
}

/// United Kingdom: Companies House numbers (eight digits, or two letters and six digits), charity
/// numbers (England and Wales six or seven digits with an optional `-N` subsidiary suffix,
/// Scotland `SC` + six digits, Northern Ireland `NIC` + six digits) and local authority codes
/// (three or four letters, the GB-LAE/LAS/LAW/NIE registers), since councils have no company
/// number. None of these registers publishes a check digit, so only the format is checked.
fn british(compact: &str, raw: &str) -> Result<(String, &'static str), Invalid> {
    if !compact.is_ascii() {
        return Err(Invalid::new(
            "A UK registry number has only letters A-Z and digits.",
        ));
    }
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let letters = |s: &str| s.chars().all(|c| c.is_ascii_uppercase());
    let trimmed = raw.trim().to_uppercase();
    if let Some((number, suffix)) = trimmed.split_once('-') {
        if all_digits(number)
            && (6..=7).contains(&number.len())
            && all_digits(suffix)
            && suffix.len() <= 2
        {
            return Ok((trimmed.clone(), "GB-CHC"));
        }
    }
    let result = match compact.len() {
        8 if all_digits(compact) => Some((compact.to_owned(), "GB-COH")),
        8 if letters(&compact[..2]) && all_digits(&compact[2..]) => {
            Some((compact.to_owned(), "GB-COH"))
        }
        6 | 7 if all_digits(compact) => Some((compact.to_owned(), "GB-CHC")),
        9 if compact.starts_with("NIC") && all_digits(&compact[3..]) => {
            Some((compact.to_owned(), "GB-NIC"))
        }
        3 | 4 if letters(compact) => Some((compact.to_owned(), "GB-LAE")),
        _ => None,
    };
    result.ok_or_else(|| {
        Invalid::new(
            "Enter a Companies House number (such as 01234567 or SC123456), a charity number \
             (such as 1123456 or NIC100002) or a council's local authority code (such as BIR).",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_swedish_numbers_pass_and_typos_fail() {
        // Göteborgs Stad and Skatteverket.
        assert_eq!(
            OrgNumber::parse(Country::Se, "212000-1355")
                .unwrap()
                .as_str(),
            "212000-1355"
        );
        assert_eq!(
            OrgNumber::parse(Country::Se, "2021005448")
                .unwrap()
                .as_str(),
            "202100-5448"
        );
        assert_eq!(
            OrgNumber::parse(Country::Se, "162120001355")
                .unwrap()
                .as_str(),
            "212000-1355"
        );
        assert!(OrgNumber::parse(Country::Se, "212000-1356").is_err());
        assert!(OrgNumber::parse(Country::Se, "21200013").is_err());
        assert!(OrgNumber::parse(Country::Se, "21200x-1355").is_err());
        assert!(OrgNumber::parse(Country::Se, "16ö1200013").is_err());
        assert!(OrgNumber::parse(Country::No, "ø42110464").is_err());
    }

    #[test]
    fn real_norwegian_numbers_pass_and_typos_fail() {
        // Trondheim kommune and Oslo kommune.
        assert!(OrgNumber::parse(Country::No, "942 110 464").is_ok());
        assert!(OrgNumber::parse(Country::No, "958935420").is_ok());
        assert!(OrgNumber::parse(Country::No, "942110465").is_err());
        assert!(OrgNumber::parse(Country::No, "94211046").is_err());
    }

    #[test]
    fn danish_and_finnish_check_digits() {
        assert!(OrgNumber::parse(Country::Dk, "64942212").is_ok()); // Københavns Kommune
        assert!(OrgNumber::parse(Country::Dk, "64942213").is_err());
        assert_eq!(
            OrgNumber::parse(Country::Fi, "0201256-6").unwrap().as_str(),
            "0201256-6"
        ); // Helsinki
        assert!(OrgNumber::parse(Country::Fi, "0201256-7").is_err());
    }

    #[test]
    fn british_registers_by_format() {
        for (raw, scheme) in [
            ("01234567", "GB-COH"),
            ("SC123456", "GB-COH"),
            ("1123456", "GB-CHC"),
            ("1123456-1", "GB-CHC"),
            ("NIC100002", "GB-NIC"),
            ("BIR", "GB-LAE"),
        ] {
            assert_eq!(
                OrgNumber::parse(Country::Gb, raw).unwrap().scheme(),
                scheme,
                "{raw}"
            );
        }
        for bad in [
            "12345",
            "ABC12345",
            "S1234567",
            "BIRMINGHAM",
            "€12345",
            "ÅÄ123456",
        ] {
            assert!(OrgNumber::parse(Country::Gb, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn country_codes_round_trip() {
        for c in Country::ALL {
            assert_eq!(Country::from_code(c.code()), Some(c));
        }
        assert_eq!(Country::from_code("us"), None);
    }
}
