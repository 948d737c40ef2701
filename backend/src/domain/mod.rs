//! Domain values that can only be built valid ("parse, don't validate").
//!
//! Every type here has a `parse` constructor that returns a [`Invalid`] naming what is wrong in
//! words a person understands; the GraphQL layer attaches the input field's name.

pub mod cpv;
mod email;
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
pub use text::{Description, OrgName, PersonName, Region, Website};

/// Why a value was rejected, phrased for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(pub String);

impl Invalid {
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}
