//! Free-text fields with the limits a person would expect from a form.

use super::{Invalid, Reason};

/// Trims `raw` and checks its length in characters and that it holds no control characters
/// (newlines are allowed only where `multiline` says so).
fn bounded(
    raw: &str,
    what: &str,
    min: usize,
    max: usize,
    multiline: bool,
) -> Result<String, Invalid> {
    let value = raw.trim();
    let chars = value.chars().count();
    if chars < min {
        return Err(if min == 1 {
            Invalid::because(Reason::Required, format!("Enter {what}."))
        } else {
            // Nothing at all is missing rather than short.
            Invalid::because(
                if chars == 0 {
                    Reason::Required
                } else {
                    Reason::TooShort
                },
                format!(
                    "{} must be at least {min} characters.",
                    sentence_start(what)
                ),
            )
        });
    }
    if chars > max {
        return Err(Invalid::because(
            Reason::TooLong,
            format!("{} can be at most {max} characters.", sentence_start(what)),
        ));
    }
    let allowed_control = |c: char| multiline && (c == '\n' || c == '\r' || c == '\t');
    if value.chars().any(|c| c.is_control() && !allowed_control(c)) {
        return Err(Invalid::because(
            Reason::InvalidCharacters,
            format!(
                "{} contains characters that cannot be shown.",
                sentence_start(what)
            ),
        ));
    }
    if let Some((reason, what_is_wrong)) = unseen(value) {
        return Err(Invalid::because(
            reason,
            format!("{} {what_is_wrong}", sentence_start(what)),
        ));
    }
    Ok(value.to_owned())
}

/// Characters that show nothing or turn the text around: zero-width spaces and joiners that are
/// not between letters, byte-order marks, fillers, and the bidirectional embedding, override
/// and isolate controls (a title could read backwards, or a name be made of nothing).
pub fn is_invisible_or_bidi(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{180E}' | '\u{034F}' | '\u{115F}'
            | '\u{1160}' | '\u{3164}' | '\u{FFA0}' | '\u{061C}' | '\u{00AD}'
    )
}

/// What is wrong with text as a person would see it: invisible or direction-changing
/// characters, or nothing visible at all (only spaces and joiners).
pub fn unseen(value: &str) -> Option<(Reason, &'static str)> {
    if value.chars().any(is_invisible_or_bidi) {
        return Some((
            Reason::InvalidCharacters,
            "contains invisible or text-direction characters; type it again without them.",
        ));
    }
    let visible = value
        .chars()
        .any(|c| !c.is_whitespace() && !c.is_control() && !matches!(c, '\u{200C}' | '\u{200D}'));
    if !value.trim().is_empty() && !visible {
        return Some((Reason::Required, "has nothing visible in it."));
    }
    None
}

/// "a name" -> "A name", for the start of a sentence.
fn sentence_start(what: &str) -> String {
    let mut chars = what.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident, $what:literal, $min:expr, $max:expr, $multiline:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            pub fn parse(raw: &str) -> Result<Self, Invalid> {
                bounded(raw, $what, $min, $max, $multiline).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_inner(self) -> String {
                self.0
            }
        }
    };
}

text_type!(
    /// A person's display name, as colleagues at other organisations will see it.
    PersonName, "a name", 1, 100, false
);
text_type!(
    /// An organisation's name as registered or commonly known.
    OrgName, "the organisation's name", 2, 200, false
);
text_type!(
    /// A free-text region until the NUTS/ITL register arrives (see the needs issue).
    Region, "a region", 1, 100, false
);
text_type!(
    /// A longer presentation; Markdown is rendered by clients, never trusted as HTML.
    Description, "a description", 0, 5000, true
);

/// An organisation's web site: an absolute http(s) URL, so that links never run script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Website(String);

impl Website {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let value = raw.trim();
        let url = url::Url::parse(value)
            .map_err(|_| Invalid::new("Enter a full web address, such as https://example.org."))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(Invalid::new(
                "A web address must start with https:// or http://.",
            ));
        }
        if value.len() > 500 {
            return Err(Invalid::because(
                Reason::TooLong,
                "A web address can be at most 500 characters.",
            ));
        }
        Ok(Self(url.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            PersonName::parse("  Anna Berg ").unwrap().as_str(),
            "Anna Berg"
        );
        assert!(PersonName::parse("   ").is_err());
        assert!(PersonName::parse(&"x".repeat(101)).is_err());
        assert!(PersonName::parse("Anna\u{0007}").is_err());
        assert!(OrgName::parse("A").is_err());
    }

    #[test]
    fn invisible_and_reversed_text_is_refused() {
        for name in [
            "\u{200B}\u{200B}",
            "Anna\u{202E}greB",
            "\u{2066}Bo\u{2069}",
            "\u{200D}\u{200C}",
            "\u{3164}",
        ] {
            assert!(PersonName::parse(name).is_err(), "{name:?}");
        }
        // Joiners between letters are part of some scripts and emoji.
        assert!(PersonName::parse("Anna \u{1F469}\u{200D}\u{1F4BB}").is_ok());
        assert!(OrgName::parse("Returbutiken").is_ok());
    }

    #[test]
    fn descriptions_keep_line_breaks() {
        assert!(Description::parse("line one\nline two").is_ok());
        assert!(Description::parse("").is_ok());
    }

    #[test]
    fn websites_must_be_http() {
        assert!(Website::parse("https://goteborg.se").is_ok());
        assert!(Website::parse("javascript:alert(1)").is_err());
        assert!(Website::parse("goteborg.se").is_err());
    }
}
