//! Passwords: checked for length, hashed with argon2id at OWASP's recommended parameters.

use super::{Invalid, Reason};
use argon2::password_hash::{rand_core::OsRng, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// A password as typed; never printed.
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

impl Password {
    pub const MIN_CHARS: usize = 10;
    /// Hashing cost grows with length; an upper bound keeps a login from being a denial of service.
    pub const MAX_CHARS: usize = 256;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let chars = raw.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(Invalid::because(
                Reason::TooShort,
                format!(
                    "Choose a password of at least {} characters; a short sentence works well.",
                    Self::MIN_CHARS
                ),
            ));
        }
        if chars > Self::MAX_CHARS {
            return Err(Invalid::because(
                Reason::TooLong,
                format!("A password can be at most {} characters.", Self::MAX_CHARS),
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    /// A password for comparison only (login), where length rules must not reveal anything.
    pub fn for_login(raw: &str) -> Self {
        Self(raw.chars().take(Self::MAX_CHARS).collect())
    }

    /// Hashes with a fresh salt. CPU-heavy: call from a blocking thread.
    pub fn hash(&self) -> PasswordHash {
        let salt = SaltString::generate(&mut OsRng);
        let hash = hasher()
            .hash_password(self.0.as_bytes(), &salt)
            .map(|h| h.to_string())
            // Only fails for parameters or salts out of range, which are fixed here.
            .unwrap_or_default();
        PasswordHash(hash)
    }

    /// Constant-time check against a stored PHC string. CPU-heavy: call from a blocking thread.
    pub fn verify(&self, stored: &PasswordHash) -> bool {
        argon2::PasswordHash::new(&stored.0)
            .map(|parsed| hasher().verify_password(self.0.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    }
}

/// argon2id, m = 19 MiB, t = 2, p = 1: the OWASP Password Storage Cheat Sheet's first choice.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A PHC-format argon2id hash as stored in the database.
#[derive(Clone)]
pub struct PasswordHash(pub String);

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(<redacted>)")
    }
}

impl PasswordHash {
    /// A valid hash, computed once, that a login for an unknown e-mail is verified against: the
    /// answer then costs one verification either way, so timing does not tell whether the
    /// address has an account.
    pub fn dummy() -> Self {
        static DUMMY: std::sync::LazyLock<PasswordHash> = std::sync::LazyLock::new(|| {
            Password(String::from("no account has this password")).hash()
        });
        DUMMY.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_verifies_only_the_same_password() {
        let password = Password::parse("correct horse battery").unwrap();
        let hash = password.hash();
        assert!(hash.0.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(password.verify(&hash));
        assert!(!Password::for_login("correct horse battery!").verify(&hash));
    }

    #[test]
    fn length_rules_and_redaction() {
        assert!(Password::parse("short").is_err());
        assert!(Password::parse(&"x".repeat(257)).is_err());
        let password = Password::parse("a long enough secret").unwrap();
        assert_eq!(format!("{password:?}"), "Password(<redacted>)");
        assert!(!format!("{:?}", password.hash()).contains("argon2"));
    }
}
