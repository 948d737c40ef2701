//! Parsed queries, kept by their text. The web app sends the same few dozen operations over
//! and over, and parsing one (async-graphql's pest grammar) cost more than checking and
//! ordering it: about 0.29 M instructions for the needs page's 160 characters, 7 % of the
//! whole request (callgrind, BENCHMARKS.md). A parsed document depends on nothing but its text,
//! so one cache serves the whole process, every schema and every viewer.

use crate::recent::Recent;
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationDefinition};
use async_graphql::Request;
use std::ops::Deref;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock};

/// Bytes of query text a generation of the cache holds: a web app has well under a hundred
/// operations, a few hundred bytes each.
const BUDGET: usize = 64 * 1024;
/// Longer queries are parsed every time, so a few large ones cannot push out the rest.
const MAX_QUERY_BYTES: usize = 4 * 1024;

static DOCUMENTS: LazyLock<Recent<Arc<Parsed>>> = LazyLock::new(|| Recent::new(BUDGET));

/// A parsed document, and whether it has passed every validation rule once (see
/// `graphql::validation`).
pub struct Parsed {
    document: ExecutableDocument,
    validated: AtomicBool,
}

impl Parsed {
    /// True once a strict validation of this text has passed.
    pub fn validated(&self) -> bool {
        self.validated.load(Ordering::Relaxed)
    }

    pub fn mark_validated(&self) {
        self.validated.store(true, Ordering::Relaxed);
    }
}

impl Deref for Parsed {
    type Target = ExecutableDocument;
    fn deref(&self) -> &ExecutableDocument {
        &self.document
    }
}

/// Gives `request` its parsed document (a compact copy), from the cache when this text was
/// parsed before, and returns it for the steps after execution. `None` when the query does
/// not parse (execution then reports the syntax error where it is).
pub fn parsed(request: &mut Request) -> Option<Arc<Parsed>> {
    if let Some(parsed) = DOCUMENTS.get(&request.query) {
        request.set_parsed_query(ExecutableDocument::clone(&parsed));
        return Some(parsed);
    }
    let document = Arc::new(Parsed {
        document: request.parsed_query().ok()?.clone(),
        validated: AtomicBool::new(false),
    });
    // The request gets the copy too: the parser grows every list by doubling, so a selection
    // of two fields keeps room for four throughout the tree, and a subscription holds its
    // document for as long as it runs; a clone has exactly the lengths.
    request.set_parsed_query(ExecutableDocument::clone(&document));
    if request.query.len() <= MAX_QUERY_BYTES {
        DOCUMENTS.insert(&request.query, document.clone());
    }
    Some(document)
}

/// The operation a request runs: the one named `name`, or the document's only one.
pub fn operation<'a>(
    document: &'a ExecutableDocument,
    name: Option<&str>,
) -> Option<&'a OperationDefinition> {
    let operation = match (&document.operations, name) {
        (DocumentOperations::Single(op), _) => Some(op),
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => ops.values().next(),
        (DocumentOperations::Multiple(_), None) => None,
    };
    operation.map(|op| &op.node)
}
