use super::{Invalid, Reason};

/// An e-mail address, trimmed and lower-cased so that one person cannot register twice by case.
///
/// Validation is deliberately loose (one `@`, a dotted domain, no spaces): the only real proof
/// that an address works is a message that arrives, and rejecting valid but unusual addresses
/// locks people out.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err(Invalid::because(
                Reason::Required,
                "Enter an e-mail address.",
            ));
        }
        if email.len() > Self::MAX_LEN {
            return Err(Invalid::because(
                Reason::TooLong,
                "An e-mail address can be at most 254 characters.",
            ));
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err(Invalid::new(
                "An e-mail address needs an @, as in name@example.org.",
            ));
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@');
        if local.is_empty()
            || !domain_ok
            || email.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(Invalid::new(
                "This does not look like an e-mail address (name@example.org).",
            ));
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_and_whitespace() {
        assert_eq!(
            Email::parse("  Anna@Goteborg.SE ").unwrap().as_str(),
            "anna@goteborg.se"
        );
    }

    #[test]
    fn rejects_what_cannot_be_an_address() {
        for bad in [
            "",
            "anna",
            "anna@",
            "@goteborg.se",
            "anna@goteborg",
            "an na@x.se",
            "a@.se",
            "a@b@c.se",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }
}
