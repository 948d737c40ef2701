//! Limits on a query's shape, checked before async-graphql parses and walks it.
//!
//! Two things async-graphql does not bound by itself:
//! - aliases: one request could ask for the same expensive field thousands of times under
//!   different names;
//! - fragment expansion: its recursion-depth check and validation rules visit a fragment once
//!   per spread without remembering it, so fragments that spread each other twice at every
//!   level cost 2^levels before any other limit applies (a "billion laughs" query).
//!
//! Both are counted here on the parsed document with each fragment counted once and remembered,
//! in time linear in the query's length, and a query over either limit is refused with
//! `BAD_USER_INPUT` before anything else looks at it.
//!
//! A third rule async-graphql does not enforce: a subscription selects exactly one root field
//! (GraphQL specification, "Single root field"); with two, which stream ends it is undefined.
//!
//! The document parsed here is kept in the request, so async-graphql does not parse it again.
//! [`check_shape`] runs before execution (see `graphql::execute`), not as an async-graphql
//! extension: an installed extension wraps every field's resolver, which cost the needs page a
//! measurable share of its instructions.

use async_graphql::parser::types::{
    ExecutableDocument, FragmentDefinition, OperationType, Selection, SelectionSet,
};
use async_graphql::{Name, Positioned, Request, ServerError, ServerResult};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// The fields a query may select once every fragment spread is expanded; generous for any
/// real client, small enough that walking the expanded query is cheap.
pub const MAX_EXPANDED_FIELDS: usize = 2_000;

/// Refuses a query over the alias or expanded-field limit, or a subscription with other than
/// one root field. A query that does not parse is left to async-graphql, which says where.
pub fn check_shape(request: &mut Request, max_aliases: usize) -> ServerResult<()> {
    match request.parsed_query() {
        Ok(document) => ShapeLimit { max_aliases }.check(document),
        Err(_) => Ok(()),
    }
}

struct ShapeLimit {
    max_aliases: usize,
}

impl ShapeLimit {
    fn check(&self, document: &ExecutableDocument) -> ServerResult<()> {
        let counter = ShapeCounter::new(&document.fragments);
        let shape = document
            .operations
            .iter()
            .fold(Shape::default(), |total, (_, op)| {
                total.add(counter.count(&op.node.selection_set.node))
            });
        if shape.aliases > self.max_aliases {
            return Err(bad_input(format!(
                "The query uses {} aliases; at most {} are allowed.",
                shape.aliases, self.max_aliases
            )));
        }
        if shape.fields > MAX_EXPANDED_FIELDS {
            return Err(bad_input(format!(
                "The query selects {} fields once its fragments are expanded; at most \
                 {MAX_EXPANDED_FIELDS} are allowed.",
                shape.fields
            )));
        }
        for (_, operation) in document.operations.iter() {
            if operation.node.ty != OperationType::Subscription {
                continue;
            }
            let roots = root_fields(&document.fragments, &operation.node.selection_set.node);
            if roots.len() != 1 {
                return Err(bad_input(format!(
                    "A subscription selects exactly one field at its root; this one selects {}.",
                    roots.len()
                )));
            }
        }
        Ok(())
    }
}

/// The distinct response names at the root of a selection, through fragments (each fragment
/// visited once, so cycles end; validation refuses them later).
fn root_fields(
    fragments: &HashMap<Name, Positioned<FragmentDefinition>>,
    set: &SelectionSet,
) -> HashSet<Name> {
    fn collect<'a>(
        fragments: &'a HashMap<Name, Positioned<FragmentDefinition>>,
        set: &'a SelectionSet,
        seen: &mut HashSet<&'a Name>,
        names: &mut HashSet<Name>,
    ) {
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    names.insert(field.node.response_key().node.clone());
                }
                Selection::InlineFragment(fragment) => {
                    collect(fragments, &fragment.node.selection_set.node, seen, names)
                }
                Selection::FragmentSpread(spread) => {
                    let name = &spread.node.fragment_name.node;
                    if let Some(fragment) = fragments.get(name) {
                        if seen.insert(name) {
                            collect(fragments, &fragment.node.selection_set.node, seen, names);
                        }
                    }
                }
            }
        }
    }
    let mut names = HashSet::new();
    collect(fragments, set, &mut HashSet::new(), &mut names);
    names
}

fn bad_input(message: String) -> ServerError {
    let mut error = ServerError::new(message, None);
    let mut extensions = async_graphql::ErrorExtensionValues::default();
    extensions.set("code", "BAD_USER_INPUT");
    error.extensions = Some(extensions);
    error
}

/// Fields and aliases of a selection with its fragments expanded (saturating, never overflowing).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Shape {
    fields: usize,
    aliases: usize,
}

impl Shape {
    fn add(self, other: Shape) -> Shape {
        Shape {
            fields: self.fields.saturating_add(other.fields),
            aliases: self.aliases.saturating_add(other.aliases),
        }
    }
}

/// Counts each fragment once and remembers it; a fragment cycle (not yet rejected, since this
/// runs before validation) counts as nothing here and is refused by validation later.
struct ShapeCounter<'a> {
    fragments: &'a HashMap<Name, Positioned<FragmentDefinition>>,
    known: RefCell<HashMap<Name, Shape>>,
    visiting: RefCell<HashSet<Name>>,
}

impl<'a> ShapeCounter<'a> {
    fn new(fragments: &'a HashMap<Name, Positioned<FragmentDefinition>>) -> Self {
        Self {
            fragments,
            known: RefCell::default(),
            visiting: RefCell::default(),
        }
    }

    fn count(&self, set: &SelectionSet) -> Shape {
        set.items.iter().fold(Shape::default(), |total, item| {
            let here = match &item.node {
                Selection::Field(field) => {
                    let own = Shape {
                        fields: 1,
                        aliases: usize::from(field.node.alias.is_some()),
                    };
                    own.add(self.count(&field.node.selection_set.node))
                }
                Selection::InlineFragment(fragment) => {
                    self.count(&fragment.node.selection_set.node)
                }
                Selection::FragmentSpread(spread) => self.fragment(&spread.node.fragment_name.node),
            };
            total.add(here)
        })
    }

    fn fragment(&self, name: &Name) -> Shape {
        if let Some(known) = self.known.borrow().get(name) {
            return *known;
        }
        let Some(fragment) = self.fragments.get(name) else {
            return Shape::default();
        };
        if !self.visiting.borrow_mut().insert(name.clone()) {
            return Shape::default();
        }
        let shape = self.count(&fragment.node.selection_set.node);
        self.visiting.borrow_mut().remove(name);
        self.known.borrow_mut().insert(name.clone(), shape);
        shape
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(query: &str) -> Shape {
        let document = async_graphql::parser::parse_query(query).unwrap();
        let counter = ShapeCounter::new(&document.fragments);
        document
            .operations
            .iter()
            .fold(Shape::default(), |t, (_, op)| {
                t.add(counter.count(&op.node.selection_set.node))
            })
    }

    #[test]
    fn fragments_count_once_per_spread() {
        assert_eq!(
            shape("{ a: me { id } b: me { id } }"),
            Shape {
                fields: 4,
                aliases: 2
            }
        );
        assert_eq!(
            shape("{ ...F ...F } fragment F on Q { x: me { id } }"),
            Shape {
                fields: 4,
                aliases: 2
            }
        );
    }

    #[test]
    fn doubling_fragments_are_counted_in_linear_time() {
        let doubling = |levels: usize| {
            let fragments: String = (0..levels)
                .map(|i| {
                    format!(
                        "fragment N{i} on Q {{ a: me {{ id }} ...N{n} ...N{n} }} ",
                        n = i + 1
                    )
                })
                .collect();
            shape(&format!(
                "{{ ...N0 }} {fragments} fragment N{levels} on Q {{ id }}"
            ))
        };
        assert_eq!(doubling(60).aliases, (1usize << 60) - 1);
        assert_eq!(
            doubling(70).aliases,
            usize::MAX,
            "saturates rather than overflows"
        );
    }

    fn roots(query: &str) -> usize {
        let document = async_graphql::parser::parse_query(query).unwrap();
        let (_, operation) = document.operations.iter().next().unwrap();
        root_fields(&document.fragments, &operation.node.selection_set.node).len()
    }

    #[test]
    fn subscription_roots_are_counted_through_fragments() {
        assert_eq!(roots("subscription { a { id } }"), 1);
        assert_eq!(roots("subscription { a { id } a { name } }"), 1, "merged");
        assert_eq!(roots("subscription { a { id } b { id } }"), 2);
        assert_eq!(roots("subscription { a ...F } fragment F on S { x: a }"), 2);
        assert_eq!(
            roots("subscription { ...F } fragment F on S { ...G a } fragment G on S { ...F }"),
            1
        );
    }

    #[test]
    fn cycles_do_not_recurse_forever() {
        assert_eq!(
            shape("{ ...A } fragment A on Q { ...B } fragment B on Q { ...A }").fields,
            0
        );
    }
}
