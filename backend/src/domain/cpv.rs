//! Common Procurement Vocabulary codes.
//!
//! A code is eight digits, optionally followed by `-N`, the check digit the EU publishes. That
//! check digit follows no single formula, so it is accepted and dropped, never computed; whether
//! a code exists is decided by looking it up in the list (see the store).
//!
//! The product ships the full CPV 2008 main vocabulary ([`shipped`], `backend/data/`), which the
//! EU publishes for free reuse, and loads it into the database at start. Labels are English
//! only: no Swedish or Norwegian label list is published in a package registry, so the UI shows
//! the English label until one is.

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

/// Reads a CPV list in the EU's TSV form: a header line, then the eight-digit code (a `-N`
/// check digit is accepted) and its label, tab-separated. Errors name the line.
pub fn parse_tsv(text: &str) -> Result<Vec<(CpvCode, String)>, Invalid> {
    let mut rows = Vec::new();
    for (number, line) in text.lines().enumerate().skip(1) {
        let line_no = number + 1;
        if line.trim().is_empty() {
            continue;
        }
        let (code, label) = line.split_once('\t').ok_or_else(|| {
            Invalid::new(format!(
                "Line {line_no}: expected a code, a tab and a label."
            ))
        })?;
        let code =
            CpvCode::parse(code).map_err(|e| Invalid::new(format!("Line {line_no}: {}", e.0)))?;
        let label = label.trim();
        if label.is_empty() {
            return Err(Invalid::new(format!("Line {line_no}: the label is empty.")));
        }
        rows.push((code, label.to_owned()));
    }
    Ok(rows)
}

/// The full CPV 2008 main vocabulary (Commission Regulation (EC) No 213/2008) with its English
/// labels, 9,454 codes, as shipped in `backend/data/cpv-2008-en.tsv`.
pub fn shipped() -> &'static [(CpvCode, String)] {
    static LIST: std::sync::OnceLock<Vec<(CpvCode, String)>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        parse_tsv(include_str!("../../data/cpv-2008-en.tsv"))
            .unwrap_or_else(|e| unreachable!("the shipped CPV list is valid: {}", e.0))
    })
}

/// What a CPV picker asked for: code prefixes (digit words, a `-N` check digit dropped) and
/// label words, all of which must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CpvQuery {
    pub code_prefixes: Vec<String>,
    /// Lowercased.
    pub words: Vec<String>,
}

impl CpvQuery {
    /// Splits on whitespace: `85312` and `85312320-8` are code prefixes, anything else a word
    /// of the label. `None` when a digit word is longer than a code (nothing can match).
    pub fn parse(text: &str) -> Option<Self> {
        let mut query = Self::default();
        for word in text.split_whitespace() {
            let digits = match word.split_once('-') {
                Some((code, check))
                    if check.len() == 1 && check.chars().all(|c| c.is_ascii_digit()) =>
                {
                    code
                }
                _ => word,
            };
            if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
                if digits.len() > 8 {
                    return None;
                }
                query.code_prefixes.push(digits.to_owned());
            } else {
                query.words.push(word.to_lowercase());
            }
        }
        Some(query)
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
    fn shipped_list_is_complete() {
        let list = shipped();
        assert_eq!(list.len(), 9454);
        assert!(list
            .iter()
            .any(|(c, l)| c.as_str() == "85312320" && l == "Counselling services"));
    }

    #[test]
    fn picker_queries() {
        assert_eq!(
            CpvQuery::parse(" 85312320-8 "),
            Some(CpvQuery {
                code_prefixes: vec!["85312320".into()],
                words: vec![]
            })
        );
        assert_eq!(
            CpvQuery::parse("Cleaning 909"),
            Some(CpvQuery {
                code_prefixes: vec!["909".into()],
                words: vec!["cleaning".into()]
            })
        );
        assert_eq!(CpvQuery::parse("853123201"), None);
        assert_eq!(CpvQuery::parse(""), Some(CpvQuery::default()));
        assert_eq!(
            parse_tsv("code\tlabel\n1234\tShort\n").unwrap_err().0,
            "Line 2: 1234 is not a CPV code: write eight digits, such as 85312320 or 85312320-8."
        );
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
