//! Snippets: the passage of a text around the first word the query matched, HTML-escaped,
//! with every matching word in `<mark>`. A word matches when a stemmed form equals a query
//! term's (for any of the languages) or it is within the query's typo tolerance.

/// Words before the first match kept for context, and words shown in all.
const LEAD: usize = 8;
const WINDOW: usize = 30;

/// Typos tolerated in a query word of this many characters.
pub fn typo_tolerance(chars: usize) -> u8 {
    match chars {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// `terms`: the query's words as folded (lower-case, accents removed) and as stemmed forms;
/// `forms`: a function giving the same for a word of the text.
pub fn snippet(text: &str, terms: &[Vec<String>], forms: impl Fn(&str) -> Vec<String>) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let matches: Vec<bool> = words
        .iter()
        .map(|word| {
            let word_forms = forms(word);
            !word_forms.is_empty() && terms.iter().any(|term| matches_term(&word_forms, term))
        })
        .collect();
    let first = matches.iter().position(|&m| m).unwrap_or(0);
    let start = first.saturating_sub(LEAD);
    let end = (start + WINDOW).min(words.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    for i in start..end {
        if i > start {
            out.push(' ');
        }
        let escaped = escape(words[i]);
        if matches[i] {
            out.push_str("<mark>");
            out.push_str(&escaped);
            out.push_str("</mark>");
        } else {
            out.push_str(&escaped);
        }
    }
    if end < words.len() {
        out.push('…');
    }
    out
}

/// `word_forms[0]` and `term[0]` are the folded words; the rest are stems.
fn matches_term(word_forms: &[String], term: &[String]) -> bool {
    let (Some(word), Some(query)) = (word_forms.first(), term.first()) else {
        return false;
    };
    if word == query || word_forms[1..].iter().any(|w| term[1..].contains(w)) {
        return true;
    }
    let tolerance = typo_tolerance(query.chars().count());
    tolerance > 0 && edit_distance(word, query) <= usize::from(tolerance)
}

/// Levenshtein distance with adjacent transpositions counted as one edit.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(word: &str) -> Vec<String> {
        let w: String = word
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        if w.is_empty() {
            vec![]
        } else {
            vec![w]
        }
    }

    #[test]
    fn marks_exact_and_misspelt_words_and_escapes() {
        let terms = vec![vec!["cleaning".to_owned()]];
        let text = "We do <b>window</b> cleaning and cleanign of schools.";
        let html = snippet(text, &terms, folded);
        assert_eq!(
            html,
            "We do &lt;b&gt;window&lt;/b&gt; <mark>cleaning</mark> and <mark>cleanign</mark> of \
             schools."
        );
    }

    #[test]
    fn windows_long_texts_around_the_first_match() {
        let text = (0..100)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let terms = vec![vec!["w50".to_owned()]];
        let html = snippet(&text, &terms, folded);
        assert!(html.starts_with("…w42 "), "{html}");
        assert!(html.contains("<mark>w50</mark>"));
        assert!(html.ends_with('…'));
    }

    #[test]
    fn edit_distance_counts_transpositions_once() {
        assert_eq!(edit_distance("städning", "stdäning"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(typo_tolerance(3), 0);
    }
}
