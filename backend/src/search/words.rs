//! How both engines read words: one analyzer chain (lower case, accents folded, optionally a
//! Swedish, Norwegian or English stem), the forms a query word is matched by, and the query
//! words themselves. Sharing it keeps matching and snippets the same whichever engine runs.

use super::{SearchError, SearchResult, MAX_QUERY_CHARS};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};

/// The languages words are stemmed in, in the order their forms are tried.
pub const LANGUAGES: [Language; 3] = [Language::Swedish, Language::Norwegian, Language::English];
/// Most query words used; the rest are ignored (a query is a few words, not a document).
const MAX_QUERY_WORDS: usize = 12;

/// Folded words, or with `language`, their stems (folded after stemming).
pub fn analyzer(language: Option<Language>) -> TextAnalyzer {
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser);
    match language {
        Some(language) => builder
            .filter(Stemmer::new(language))
            .filter(AsciiFoldingFilter)
            .build(),
        None => builder.filter(AsciiFoldingFilter).build(),
    }
}

/// The tokens of `text` through [`analyzer`].
pub fn tokens(text: &str, language: Option<Language>) -> Vec<String> {
    let mut analyzer = analyzer(language);
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// The forms a word is matched by: folded first, then its stem in each language.
pub fn forms(word: &str) -> Vec<String> {
    let mut forms = tokens(word, None);
    if let Some(folded) = forms.first().cloned() {
        forms.truncate(1);
        for language in LANGUAGES {
            if let Some(stem) = tokens(word, Some(language)).into_iter().next() {
                if stem != folded && !forms.contains(&stem) {
                    forms.push(stem);
                }
            }
        }
    }
    forms
}

/// The words of a query that can match anything, at most [`MAX_QUERY_WORDS`]; a query longer
/// than [`MAX_QUERY_CHARS`] is refused.
pub fn query_words(text: &str) -> SearchResult<Vec<String>> {
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(SearchError::BadQuery(format!(
            "Search for at most {MAX_QUERY_CHARS} characters."
        )));
    }
    Ok(text
        .split_whitespace()
        .filter(|w| !tokens(w, None).is_empty())
        .take(MAX_QUERY_WORDS)
        .map(str::to_owned)
        .collect())
}
