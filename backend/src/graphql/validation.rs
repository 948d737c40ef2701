//! Validation once per query text.
//!
//! async-graphql checks every request against all of the specification's validation rules
//! (fields exist, arguments are known and of the right type, fragments fit, ...): about a fifth
//! of the server's instructions for one need by id (callgrind, BENCHMARKS.md). All but one of
//! those rules depend on the query's text alone, so once a text has passed them, it passes
//! them again. The one that does not, "arguments of correct type", also checks the values of
//! the request's variables. So a request is checked in full (the strict schema) unless its
//! text passed before *and* every variable its operation declares is a plain `ID`, `String`,
//! `Int` or `Boolean` whose value is of that kind, which is the whole of what that rule would
//! check of it. Such a request runs on the fast schema, which still enforces the depth and
//! complexity limits and refuses fragment cycles. A variable of any other type (an input
//! object, an enum, a date) sends the request through the strict schema, as does a text seen
//! for the first time.

use super::documents::{self, Parsed};
use async_graphql::parser::types::{BaseType, OperationDefinition};
use async_graphql::{Request, Value};

/// True when `request` may skip the rules its text has passed before (see the module doc).
pub fn may_skip_rules(parsed: &Parsed, request: &Request) -> bool {
    parsed.validated()
        && documents::operation(parsed, request.operation_name.as_deref())
            .is_some_and(|op| plain_variables(op, request))
}

/// Every declared variable is a built-in scalar given a value of its kind, or left out (or
/// null) where the type allows it.
fn plain_variables(operation: &OperationDefinition, request: &Request) -> bool {
    operation.variable_definitions.iter().all(|definition| {
        let definition = &definition.node;
        let ty = &definition.var_type.node;
        let BaseType::Named(type_name) = &ty.base else {
            return false;
        };
        match request.variables.get(&definition.name.node) {
            None => ty.nullable || definition.default_value.is_some(),
            Some(Value::Null) => ty.nullable,
            Some(value) => of_kind(type_name, value),
        }
    })
}

fn of_kind(type_name: &str, value: &Value) -> bool {
    match (type_name, value) {
        ("ID" | "String", Value::String(_)) => true,
        ("Int", Value::Number(n)) => n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        ("Boolean", Value::Boolean(_)) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::may_skip_rules;
    use crate::graphql::documents;
    use async_graphql::{Request, Variables};
    use serde_json::json;

    fn request(query: &str, variables: serde_json::Value) -> Request {
        Request::new(query).variables(Variables::from_json(variables))
    }

    /// Whether `variables` may skip the rules once the text has passed them.
    fn skips(query: &str, variables: serde_json::Value) -> bool {
        let mut request = request(query, variables);
        let parsed = documents::parsed(&mut request).unwrap();
        parsed.mark_validated();
        may_skip_rules(&parsed, &request)
    }

    #[test]
    fn a_text_seen_for_the_first_time_is_checked_in_full() {
        let mut request = request("query FirstSeen { __typename }", json!({}));
        let parsed = documents::parsed(&mut request).unwrap();
        assert!(!may_skip_rules(&parsed, &request));
    }

    #[test]
    fn plain_variables_of_their_kind_skip_the_rules() {
        let query = "query Plain($id: ID!, $n: Int, $s: String, $b: Boolean) { __typename }";
        assert!(skips(
            query,
            json!({ "id": "TmVlZDox", "n": 3, "s": "x", "b": true })
        ));
        assert!(skips(query, json!({ "id": "TmVlZDox", "n": null })));
    }

    #[test]
    fn a_value_not_of_its_kind_is_checked_in_full() {
        let query = "query Kinds($id: ID!, $n: Int) { __typename }";
        assert!(!skips(query, json!({ "id": 5 })));
        assert!(!skips(query, json!({ "id": "a", "n": "3" })));
        assert!(!skips(query, json!({ "id": "a", "n": 3_000_000_000_i64 })));
        assert!(!skips(query, json!({})), "a required variable left out");
        assert!(
            !skips(query, json!({ "id": null })),
            "null where not allowed"
        );
    }

    #[test]
    fn other_variable_types_are_checked_in_full() {
        assert!(!skips(
            "query Input($input: CreateNeedInput!) { __typename }",
            json!({ "input": {} })
        ));
        assert!(!skips(
            "query Many($ids: [ID!]) { __typename }",
            json!({ "ids": [] })
        ));
    }
}
