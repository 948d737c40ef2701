//! Relay global ids and cursors: opaque to clients, checked on the way in.
//!
//! A global id is the URL-safe base64 of `Type:number`. Clients must treat it as opaque; the
//! server rejects one that does not decode or names another type with `BAD_USER_INPUT`, so a
//! forged id never reaches the store as something else.

use crate::error::{AppError, AppResult};
use async_graphql::ID;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};

/// Declares the node types once; the enum, the list of all of them and their names follow, so
/// a new type can never be encodable but not decodable.
macro_rules! node_types {
    ($($variant:ident),+ $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum NodeType {
            $($variant),+
        }

        impl NodeType {
            const ALL: &'static [NodeType] = &[$(NodeType::$variant),+];

            fn name(self) -> &'static str {
                match self {
                    $(NodeType::$variant => stringify!($variant)),+
                }
            }
        }
    };
}

node_types!(
    User,
    Organisation,
    Invitation,
    ApiToken,
    Need,
    SavedSearch,
    Notification,
    Question,
    Thread,
    Message,
    Meeting,
    JointOffer
);

impl NodeType {
    pub fn id(self, number: i64) -> ID {
        ID(URL_SAFE_NO_PAD.encode(format!("{}:{number}", self.name())))
    }
}

/// Decodes any global id into its type and number.
pub fn decode(id: &ID, field: &str) -> AppResult<(NodeType, i64)> {
    let forged = || AppError::bad_input(field, "This id is not valid. Use an id the API gave you.");
    let bytes = URL_SAFE_NO_PAD.decode(id.as_str()).map_err(|_| forged())?;
    let text = String::from_utf8(bytes).map_err(|_| forged())?;
    let (type_name, number) = text.split_once(':').ok_or_else(forged)?;
    let node_type = NodeType::ALL
        .iter()
        .copied()
        .find(|t| t.name() == type_name)
        .ok_or_else(forged)?;
    let number = number
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(forged)?;
    // One spelling per id: `Need:01` and `Need:+1` are not the id the API gave out.
    if node_type.id(number).as_str() != id.as_str() {
        return Err(forged());
    }
    Ok((node_type, number))
}

/// Decodes a global id that must be of `expected` type.
pub fn decode_as(id: &ID, expected: NodeType, field: &str) -> AppResult<i64> {
    match decode(id, field)? {
        (node_type, number) if node_type == expected => Ok(number),
        _ => Err(AppError::bad_input(
            field,
            format!(
                "This is not the id of an {}.",
                expected.name().to_lowercase()
            ),
        )),
    }
}

pub fn cursor(position: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("cursor:{position}"))
}

pub fn decode_cursor(cursor: &str) -> AppResult<i64> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|t| t.strip_prefix("cursor:").and_then(|n| n.parse().ok()))
        // One spelling per cursor, never negative (`cursor:-1`, `cursor:01`).
        .filter(|n: &i64| *n >= 0 && self::cursor(*n) == cursor)
        .ok_or_else(|| {
            AppError::bad_input(
                "after",
                "This cursor is not valid; start again from the first page.",
            )
        })
}

/// A position in the event log, for subscriptions that resume with `after`.
pub fn event_cursor(id: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("event:{id}"))
}

pub fn decode_event_cursor(cursor: &str) -> AppResult<i64> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|t| t.strip_prefix("event:").and_then(|n| n.parse().ok()))
        .filter(|n: &i64| *n >= 0 && event_cursor(*n) == cursor)
        .ok_or_else(|| {
            AppError::bad_input(
                "after",
                "This cursor is not valid; subscribe without one to start from now.",
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_forgeries_fail() {
        let id = NodeType::Organisation.id(42);
        assert_eq!(decode(&id, "id").unwrap(), (NodeType::Organisation, 42));
        assert_eq!(decode_as(&id, NodeType::Organisation, "id").unwrap(), 42);
        assert!(decode_as(&id, NodeType::User, "id").is_err());
        for forged in [
            "",
            "!!!",
            "T3JnYW5pc2F0aW9uOg",
            "VXNlcjotMQ",
            "QmFua0FjY291bnQ6MQ",
        ] {
            assert!(decode(&ID(forged.into()), "id").is_err(), "{forged}");
        }
    }

    #[test]
    fn every_node_type_round_trips() {
        for &node_type in NodeType::ALL {
            assert_eq!(decode(&node_type.id(9), "id").unwrap(), (node_type, 9));
        }
    }

    #[test]
    fn cursors_round_trip() {
        assert_eq!(decode_cursor(&cursor(7)).unwrap(), 7);
        assert!(decode_cursor("nonsense").is_err());
    }
}
