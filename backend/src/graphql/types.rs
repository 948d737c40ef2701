//! What several features share: the `Node` interface, countries, and cursor pages.

use super::ids::cursor;
use crate::domain;
use crate::error::{AppError, AppResult};
use crate::store;
use async_graphql::connection::{Connection, Edge};
use async_graphql::{Enum, Interface, OutputType, ID};

/// ISO 3166-1 alpha-2 codes of the countries Samspill serves.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "domain::Country")]
pub enum Country {
    Se,
    No,
    Dk,
    Fi,
    Gb,
}

/// An object with a global id, fetchable with `node(id:)`.
// One value per `node` answer, built and dropped within the request: boxing would only add an
// allocation (and the Interface derive wants the object types themselves).
#[allow(clippy::large_enum_variant)]
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID"))]
pub enum Node {
    User(super::accounts::UserNode),
    Organisation(super::organisations::OrganisationNode),
    Invitation(super::organisations::InvitationNode),
    Need(super::need_types::NeedNode),
    Thread(super::threads::ThreadNode),
    Message(super::threads::MessageNode),
    Meeting(super::meetings::MeetingNode),
    JointOffer(super::joint_offers::JointOfferNode),
}

/// Checks `first` (required, 1 to 100) and decodes `after`.
pub fn page(first: i32, after: Option<&str>) -> AppResult<store::Page> {
    let first = u32::try_from(first)
        .ok()
        .filter(|f| (1..=100).contains(f))
        .ok_or_else(|| {
            AppError::bad_input_as(
                "first",
                crate::domain::Reason::OutOfRange,
                "Ask for between 1 and 100 items at a time.",
            )
        })?;
    let after = after.map(super::ids::decode_cursor).transpose()?;
    Ok(store::Page { after, first })
}

/// Builds a connection from rows fetched with [`store::Page`]'s extra row.
pub fn connection<T: OutputType>(
    page: store::Page,
    mut rows: Vec<T>,
    position: impl Fn(&T) -> i64,
) -> Connection<String, T> {
    let has_next = rows.len() > page.first as usize;
    rows.truncate(page.first as usize);
    let mut connection = Connection::new(page.after.is_some(), has_next);
    connection.edges.extend(
        rows.into_iter()
            .map(|row| Edge::new(cursor(position(&row)), row)),
    );
    connection
}
