//! Response fields in the order the query asked for them.
//!
//! The GraphQL specification (7.1.1, "Serialized Map Ordering") wants each object's fields in
//! the order the selection set lists them, fragments expanded where they are spread.
//! async-graphql 7 resolves a query's fields concurrently and keeps them in the order they
//! *finish* (a `FuturesUnordered`), so a field that waits for the database comes after one
//! that does not. This extension keeps the parsed operation and, once it has run, puts each
//! object's fields back in the order of its selection set. Mutations' top-level fields run one
//! after another and are already in order; what they return is put in order like any query.

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery,
};
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, FragmentDefinition, Selection, SelectionSet,
};
use async_graphql::{Name, Positioned, Response, ServerResult, Value, Variables};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// How deep fragment spreads are followed; validation has refused cycles already.
const MAX_FRAGMENT_DEPTH: usize = 32;

pub struct FieldOrder;

impl ExtensionFactory for FieldOrder {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(FieldOrderExtension {
            document: Mutex::new(None),
        })
    }
}

struct FieldOrderExtension {
    /// The request's parsed document, kept from parsing until the response is ready.
    document: Mutex<Option<ExecutableDocument>>,
}

#[async_trait::async_trait]
impl Extension for FieldOrderExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        if let Ok(mut kept) = self.document.lock() {
            *kept = Some(document.clone());
        }
        Ok(document)
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let mut response = next.run(ctx, operation_name).await;
        let document = self.document.lock().ok().and_then(|mut kept| kept.take());
        if let Some(document) = document {
            let operation = match (&document.operations, operation_name) {
                (DocumentOperations::Single(op), _) => Some(op),
                (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name),
                (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => ops.values().next(),
                (DocumentOperations::Multiple(_), None) => None,
            };
            if let Some(operation) = operation {
                let order = Order {
                    fragments: &document.fragments,
                };
                order.apply(&mut response.data, &[&operation.node.selection_set.node]);
            }
        }
        response
    }
}

struct Order<'a> {
    fragments: &'a HashMap<Name, Positioned<FragmentDefinition>>,
}

impl<'a> Order<'a> {
    /// Orders `value` (an object, or a list of them at any depth) by the merged `sets`.
    fn apply(&self, value: &mut Value, sets: &[&'a SelectionSet]) {
        match value {
            Value::List(items) => {
                for item in items {
                    self.apply(item, sets);
                }
            }
            Value::Object(map) => {
                let mut keys: Vec<(&'a Name, Vec<&'a SelectionSet>)> = Vec::new();
                for set in sets {
                    self.collect(set, &mut keys, 0);
                }
                let mut unordered = std::mem::take(map);
                for (key, sub_sets) in keys {
                    if let Some((key, mut field)) = unordered.swap_remove_entry(key) {
                        if !sub_sets.is_empty() {
                            self.apply(&mut field, &sub_sets);
                        }
                        map.insert(key, field);
                    }
                }
                // Nothing should be left; if anything is, it is kept rather than lost.
                map.extend(unordered);
            }
            _ => {}
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
