//! Response fields in the order the query asked for them.
//!
//! The GraphQL specification (7.1.1, "Serialized Map Ordering") wants each object's fields in
//! the order the selection set lists them, fragments expanded where they are spread.
//! async-graphql 7 resolves a query's fields concurrently and keeps them in the order they
//! *finish* (a `FuturesUnordered`), so a field that waits for the database comes after one
//! that does not. [`order_response`] takes the parsed operation and puts each object's fields
//! back in the order of its selection set. Mutations' top-level fields run one
//! after another and are already in order; what they return is put in order like any query.
//!
//! It runs after execution (see `graphql::execute`), not as an async-graphql extension: an
//! installed extension wraps every field's resolver, which cost the needs page a measurable
//! share of its instructions.

use async_graphql::parser::types::{
    ExecutableDocument, FragmentDefinition, Selection, SelectionSet,
};
use async_graphql::{Name, Positioned, Response, Value};
use std::collections::HashMap;

/// How deep fragment spreads are followed; validation has refused cycles already.
const MAX_FRAGMENT_DEPTH: usize = 32;

/// Puts `response`'s fields in the order `document`'s operation (`operation_name`, or its only
/// one) selects them.
pub fn order_response(
    response: &mut Response,
    document: &ExecutableDocument,
    operation_name: Option<&str>,
) {
    if let Some(operation) = super::documents::operation(document, operation_name) {
        let planner = Planner {
            fragments: &document.fragments,
        };
        let plan = planner.plan(&[&operation.selection_set.node]);
        plan.apply(&mut response.data);
    }
}

/// The order of one object's fields, each with the order of its own value (empty for a
/// scalar). Worked out once per response from the document, then applied to every object
/// and list item it describes.
#[derive(Default)]
struct Plan<'a> {
    fields: Vec<(&'a Name, Plan<'a>)>,
}

impl Plan<'_> {
    /// Puts each object's fields in this plan's order (sorting in place, and only when they
    /// are out of order), then orders each field's value by its own plan.
    fn apply(&self, value: &mut Value) {
        match value {
            Value::List(items) => {
                for item in items {
                    self.apply(item);
                }
            }
            Value::Object(map) => {
                // A key the selection does not name (there should be none) goes last.
                let rank = |key: &Name| {
                    self.fields
                        .iter()
                        .position(|(k, _)| *k == key)
                        .unwrap_or(usize::MAX)
                };
                if !map.keys().map(rank).is_sorted() {
                    map.sort_by_cached_key(|key, _| rank(key));
                }
                for (key, field) in map.iter_mut() {
                    if let Some((_, plan)) = self.fields.get(rank(key)) {
                        if !plan.fields.is_empty() {
                            plan.apply(field);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

struct Planner<'a> {
    fragments: &'a HashMap<Name, Positioned<FragmentDefinition>>,
}

impl<'a> Planner<'a> {
    /// The plan for an object selected by all of `sets` (a field selected twice, or through
    /// fragments, merges its selections).
    fn plan(&self, sets: &[&'a SelectionSet]) -> Plan<'a> {
        let mut keys: Vec<(&'a Name, Vec<&'a SelectionSet>)> = Vec::new();
        for set in sets {
            self.collect(set, &mut keys, 0);
        }
        Plan {
            fields: keys
                .into_iter()
                .map(|(key, sub_sets)| (key, self.plan(&sub_sets)))
                .collect(),
        }
    }

    /// Response keys in the order the set selects them, fragments expanded in place, each with
    /// the sub-selections asked of it.
    fn collect(
        &self,
        set: &'a SelectionSet,
        keys: &mut Vec<(&'a Name, Vec<&'a SelectionSet>)>,
        depth: usize,
    ) {
        if depth > MAX_FRAGMENT_DEPTH {
            return;
        }
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => {
                    let key = &field.node.response_key().node;
                    let sub = &field.node.selection_set.node;
                    let position = match keys.iter().position(|(k, _)| *k == key) {
                        Some(position) => position,
                        None => {
                            keys.push((key, Vec::new()));
                            keys.len() - 1
                        }
                    };
                    if !sub.items.is_empty() {
                        keys[position].1.push(sub);
                    }
                }
                Selection::InlineFragment(fragment) => {
                    self.collect(&fragment.node.selection_set.node, keys, depth + 1);
                }
                Selection::FragmentSpread(spread) => {
                    if let Some(fragment) = self.fragments.get(&spread.node.fragment_name.node) {
                        self.collect(&fragment.node.selection_set.node, keys, depth + 1);
                    }
                }
            }
        }
    }
}
