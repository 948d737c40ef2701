//! Domain values that can only be built valid ("parse, don't validate").
//!
//! Every type here has a `parse` constructor that returns a [`Invalid`] naming what is wrong in
//! words a person understands; the GraphQL layer attaches the input field's name.

pub mod cpv;
pub mod dialogue;
mod email;
pub mod erasure;
pub mod geography;
pub mod joint_offer;
pub mod markdown;
pub mod matching;
pub mod need;
mod org_number;
mod organisation;
mod password;
pub mod profile;
mod text;

pub use email::Email;
pub use org_number::{Country, OrgNumber};
pub use organisation::{OrgKind, Role};
pub use password::{Password, PasswordHash};
pub use text::{is_invisible_or_bidi, unseen, Description, OrgName, PersonName, Region, Website};

/// Why a value was rejected, phrased for the person who typed it, and as a stable [`Reason`]
/// a client can translate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(pub String, pub Reason);

impl Invalid {
    /// A value in the wrong form (the most common failure of a parse).
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into(), Reason::InvalidFormat)
    }

    pub fn because(reason: Reason, message: impl Into<String>) -> Self {
        Self(message.into(), reason)
    }
}

/// What is wrong with an input field, as a stable code beside the English message
/// (`extensions.reason` in GraphQL), so a client can say it in the person's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Nothing was given.
    Required,
    /// Shorter than the minimum length.
    TooShort,
    /// Longer than the maximum length.
    TooLong,
    /// Not in the expected form (digits, an @, a URL...).
    InvalidFormat,
    /// The right form, but the check digit does not match.
    InvalidCheckDigit,
    /// Characters that cannot be shown (control characters).
    InvalidCharacters,
    /// A number or date outside the allowed range.
    OutOfRange,
    /// Already used by someone else.
    Taken,
    /// Names something that does not exist (a CPV code not in the list, a region).
    Unknown,
    /// Breaks a rule the message explains (such as dates in the wrong order).
    Invalid,
    /// An invitation for another e-mail address than the signed-in person's.
    EmailMismatch,
    /// The signed-in person has not verified their e-mail address yet.
    EmailNotVerified,
    /// An organisation number a verified organisation holds: join that organisation instead.
    JoinExisting,
    /// The password given to confirm a change that matters is not the account's.
    WrongPassword,
    /// The person is the only admin of an organisation that has other members: it would be
    /// left with nobody to run it.
    SoleAdmin,
}

impl Reason {
    pub fn code(self) -> &'static str {
        match self {
            Self::Required => "REQUIRED",
            Self::TooShort => "TOO_SHORT",
            Self::TooLong => "TOO_LONG",
            Self::InvalidFormat => "INVALID_FORMAT",
            Self::InvalidCheckDigit => "INVALID_CHECK_DIGIT",
            Self::InvalidCharacters => "INVALID_CHARACTERS",
            Self::OutOfRange => "OUT_OF_RANGE",
            Self::Taken => "TAKEN",
            Self::Unknown => "UNKNOWN",
            Self::Invalid => "INVALID",
            Self::EmailMismatch => "EMAIL_MISMATCH",
            Self::EmailNotVerified => "EMAIL_NOT_VERIFIED",
            Self::JoinExisting => "JOIN_EXISTING",
            Self::WrongPassword => "WRONG_PASSWORD",
            Self::SoleAdmin => "SOLE_ADMIN",
        }
    }
}
