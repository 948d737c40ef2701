//! Parsed queries, kept by their text. The web app sends the same few dozen operations over
//! and over, and parsing one (async-graphql's pest grammar) cost more than checking and
//! ordering it: about 0.29 M instructions for the needs page's 160 characters, 7 % of the
//! whole request (callgrind, BENCHMARKS.md). A parsed document depends on nothing but its text,
//! so one cache serves the whole process, every schema and every viewer.

use async_graphql::parser::types::ExecutableDocument;
use async_graphql::Request;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

/// How many documents are kept; a web app has well under a hundred operations.
const CAPACITY: usize = 256;
/// Longer queries are parsed every time, so the cache stays small whatever clients send.
const MAX_QUERY_BYTES: usize = 4 * 1024;

static DOCUMENTS: LazyLock<Mutex<HashMap<String, Arc<ExecutableDocument>>>> =
    LazyLock::new(|| Mutex::new(HashMap::with_capacity(CAPACITY)));

/// Gives `request` its parsed document (a compact copy), from the cache when this text was
/// parsed before, and returns it for the steps after execution. `None` when the query does not parse (execution
/// then reports the syntax error where it is).
pub fn parsed(request: &mut Request) -> Option<Arc<ExecutableDocument>> {
    let cacheable = request.query.len() <= MAX_QUERY_BYTES;
    if cacheable {
        let kept = DOCUMENTS
            .lock()
            .ok()
            .and_then(|documents| documents.get(&request.query).cloned());
        if let Some(document) = kept {
            request.set_parsed_query(ExecutableDocument::clone(&document));
            return Some(document);
        }
    }
    let document = Arc::new(request.parsed_query().ok()?.clone());
    // The request gets the copy too: the parser grows every list by doubling, so a selection
    // of two fields keeps room for four throughout the tree, and a subscription holds its
    // document for as long as it runs; a clone has exactly the lengths.
    request.set_parsed_query(ExecutableDocument::clone(&document));
    if cacheable {
        if let Ok(mut documents) = DOCUMENTS.lock() {
            // Full: start again rather than track use; real clients refill it at once.
            if documents.len() >= CAPACITY {
                documents.clear();
            }
            documents.insert(request.query.clone(), document.clone());
        }
    }
    Some(document)
}
