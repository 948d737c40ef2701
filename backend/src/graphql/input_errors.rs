//! Input that async-graphql cannot coerce (a date that does not exist, an Int beyond 32 bits)
//! is the caller's mistake: `BAD_USER_INPUT` with the field and a reason, not `INTERNAL` with
//! the parser's wording. async-graphql reports such a failure as `Failed to parse "Type": ...`
//! without the field's name, so the field is found in the request's variables: the value of
//! that type that does not parse.

use async_graphql::ServerError;
use serde_json::Value;

/// Rewrites a coercion failure into a field error; false when `error` is something else.
pub(super) fn as_field_error(error: &mut ServerError, variables: Option<&Value>) -> bool {
    let Some(rest) = error.message.strip_prefix("Failed to parse \"") else {
        return false;
    };
    let Some((scalar, detail)) = rest.split_once('"') else {
        return false;
    };
    let out_of_range = detail.contains("out of range") || detail.contains("Only integers");
    let found = variables.and_then(|v| find(v, scalar, &mut Vec::new()));
    let (field, value) = found.unwrap_or_else(|| ("input".to_owned(), String::new()));
    let shown = if value.is_empty() {
        String::new()
    } else {
        format!("{value} ")
    };
    let (reason, message) = match scalar {
        "Int" => (
            "OUT_OF_RANGE",
            format!(
                "{shown}is out of range: a whole number from \
                 -2147483648 to 2147483647 is expected."
            ),
        ),
        "NaiveDate" => (
            if out_of_range {
                "OUT_OF_RANGE"
            } else {
                "INVALID_FORMAT"
            },
            format!("{shown}is not a date: use a day that exists, as YYYY-MM-DD."),
        ),
        "DateTime" => (
            if out_of_range {
                "OUT_OF_RANGE"
            } else {
                "INVALID_FORMAT"
            },
            format!("{shown}is not a time: use RFC 3339, such as 2027-03-01T09:00:00Z."),
        ),
        "Float" => (
            "OUT_OF_RANGE",
            format!("{shown}is not a number that can be used here."),
        ),
        _ => (
            if out_of_range {
                "OUT_OF_RANGE"
            } else {
                "INVALID_FORMAT"
            },
            format!("{shown}is not a valid {scalar}."),
        ),
    };
    error.message = format!("{field}: {message}");
    let extensions = error.extensions.get_or_insert_with(Default::default);
    extensions.set("code", "BAD_USER_INPUT");
    extensions.set("field", field);
    extensions.set("reason", reason);
    true
}

/// A variable the operation requires but the request left out is the caller's mistake too:
/// async-graphql's validation passes over absent variables, and execution then reports
/// `Variable id is not defined.` with nothing to say whose fault it is.
pub(super) fn as_missing_variable(error: &mut ServerError) -> bool {
    let Some(name) = error
        .message
        .strip_prefix("Variable ")
        .and_then(|rest| rest.strip_suffix(" is not defined."))
    else {
        return false;
    };
    let name = name.to_owned();
    error.message = format!("{name}: this variable is required; give it a value.");
    let extensions = error.extensions.get_or_insert_with(Default::default);
    extensions.set("code", "BAD_USER_INPUT");
    extensions.set("field", name);
    extensions.set("reason", "REQUIRED");
    true
}

/// The dotted path (`need.dates.contractStart`, without the variable's name when it is an
/// input object) and text of the first value of `scalar` in `value` that does not parse.
fn find(value: &Value, scalar: &str, path: &mut Vec<String>) -> Option<(String, String)> {
    match value {
        Value::Object(map) => map.iter().find_map(|(key, v)| {
            path.push(key.clone());
            let found = find(v, scalar, path);
            path.pop();
            found
        }),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| {
            if let Some(last) = path.last_mut() {
                last.push_str(&format!("[{i}]"));
                let found = find(v, scalar, path);
                if let Some(last) = path.last_mut() {
                    let cut = last.rfind('[').unwrap_or(last.len());
                    last.truncate(cut);
                }
                found
            } else {
                None
            }
        }),
        leaf if fails(
            leaf,
            scalar,
            path.last().map(String::as_str).unwrap_or_default(),
        ) =>
        {
            // Input objects are passed as one variable (`$i`, `$input`): name the field inside.
            let inner = if path.len() > 1 {
                &path[1..]
            } else {
                &path[..]
            };
            Some((inner.join("."), leaf.to_string()))
        }
        _ => None,
    }
}

/// True when `value` (under `key`) is meant as `scalar` but is not one.
fn fails(value: &Value, scalar: &str, key: &str) -> bool {
    let meant_as_date = |s: &str| looks_like_date(s) || date_key(key);
    match (scalar, value) {
        ("Int", Value::Number(n)) => n.as_i64().is_none_or(|n| i32::try_from(n).is_err()),
        ("NaiveDate", Value::String(s)) => {
            meant_as_date(s) && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_err()
        }
        ("DateTime", Value::String(s)) => {
            meant_as_date(s) && chrono::DateTime::parse_from_rfc3339(s).is_err()
        }
        _ => false,
    }
}

/// Field names the schema gives its dates and times (`measuredOn`, `startsAt`,
/// `expectedTenderFrom`, `dialogueOpens`, `contractStart`, `questionsDeadline`, ...).
fn date_key(key: &str) -> bool {
    let key = key.split('[').next().unwrap_or(key);
    [
        "On",
        "At",
        "From",
        "To",
        "Opens",
        "Closes",
        "Start",
        "Deadline",
        "Publication",
        "Date",
        "Until",
    ]
    .iter()
    .any(|end| key.ends_with(end))
}

/// Starts like a date (`2027-13-45`, `2027-02-30T...`): the values a date field would hold.
fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 8 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-'
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_the_field_and_reason() {
        let variables = json!({ "i": { "buyerId": "x", "need": { "title": "2027 plan", "dates": { "contractStart": "2027-13-45" } } } });
        let mut error = ServerError::new(
            "Failed to parse \"NaiveDate\": input is out of range \
             (occurred while parsing \"DatesInput\")",
            None,
        );
        assert!(as_field_error(&mut error, Some(&variables)));
        let ext = error.extensions.unwrap();
        assert_eq!(
            ext.get("field"),
            Some(&async_graphql::Value::from("need.dates.contractStart"))
        );
        assert_eq!(
            ext.get("reason"),
            Some(&async_graphql::Value::from("OUT_OF_RANGE"))
        );
        assert!(error
            .message
            .starts_with("need.dates.contractStart: \"2027-13-45\" is not a date"));

        let variables =
            json!({ "i": { "lots": [{ "quantity": 1 }, { "quantity": 3000000000u64 }] } });
        let mut error = ServerError::new(
            "Failed to parse \"Int\": Only integers from -2147483648 to 2147483647 are accepted.",
            None,
        );
        assert!(as_field_error(&mut error, Some(&variables)));
        assert_eq!(
            error.extensions.unwrap().get("field"),
            Some(&async_graphql::Value::from("lots[1].quantity"))
        );

        let mut other = ServerError::new("Something else", None);
        assert!(!as_field_error(&mut other, None));
    }

    #[test]
    fn a_required_variable_left_out_is_the_callers_mistake() {
        let mut error = ServerError::new("Variable id is not defined.", None);
        assert!(as_missing_variable(&mut error));
        assert_eq!(
            error.message,
            "id: this variable is required; give it a value."
        );
        let extensions = error.extensions.unwrap();
        assert_eq!(
            extensions.get("code"),
            Some(&async_graphql::Value::from("BAD_USER_INPUT"))
        );
        assert_eq!(
            extensions.get("field"),
            Some(&async_graphql::Value::from("id"))
        );
    }

    #[test]
    fn other_errors_are_left_alone() {
        let mut error = ServerError::new("Variable names must be unique.", None);
        assert!(!as_missing_variable(&mut error));
        assert_eq!(error.message, "Variable names must be unique.");
    }
}
