//! The CPV list ships with the product and is loaded on first start; `cpvCodes` finds codes for
//! a picker by code prefix or label words, broader codes first. On both databases.

use crate::helpers::{Backend, TestApp};
use crate::on_both_databases;
use serde_json::{json, Value};

const PICK: &str = "query($q: String!, $n: Int!) { cpvCodes(query: $q, first: $n) { code label } }";
/// Without `first`, which then takes its default.
const PICK_DEFAULT: &str = "query($q: String!) { cpvCodes(query: $q) { code label } }";

/// Significant digits: 2 for a division, 3 for a group, 4 for a class...
fn level(code: &str) -> usize {
    code.trim_end_matches('0').len().max(2)
}

async fn pick(app: &TestApp, query: &str, first: Option<i32>) -> Vec<(String, String)> {
    let reply = match first {
        Some(n) => app.browser().gql(PICK, json!({ "q": query, "n": n })).await,
        None => app.browser().gql(PICK_DEFAULT, json!({ "q": query })).await,
    };
    reply
        .data("cpvCodes")
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["code"].as_str().unwrap().to_owned(),
                c["label"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Broader codes first, then by code.
fn assert_ordered(found: &[(String, String)]) {
    let keys: Vec<(usize, &str)> = found.iter().map(|(c, _)| (level(c), c.as_str())).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

/// A new database holds the whole list (not just the divisions), and starting again adds
/// nothing.
async fn full_list_is_loaded_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let label = app
        .browser()
        .gql(
            "{ cpvCode(code: \"90911200-8\") { code label } }",
            json!({}),
        )
        .await;
    assert_eq!(
        label.data("cpvCode"),
        &json!({ "code": "90911200", "label": "Building-cleaning services" })
    );
    assert_eq!(app.store.cpv_count().await.unwrap(), 9454);
    samspill::app::prepare_database(app.store.as_ref())
        .await
        .unwrap();
    assert_eq!(app.store.cpv_count().await.unwrap(), 9454);
}

/// Digits match by prefix (a check digit is ignored), words must all occur in the label in
/// any case, broader codes come first, and `first` is bounded.
async fn picker_finds_codes(backend: Backend) {
    let app = TestApp::spawn(backend).await;

    let social = pick(&app, "853", Some(50)).await;
    assert_eq!(
        social[0],
        (
            "85300000".to_owned(),
            "Social work and related services".to_owned()
        )
    );
    assert!(social.iter().all(|(c, _)| c.starts_with("853")));
    assert!(social.iter().any(|(c, _)| c == "85312320"));
    assert_ordered(&social);

    assert_eq!(
        pick(&app, " 85312320-8 ", None).await,
        [("85312320".to_owned(), "Counselling services".to_owned())]
    );
    assert!(pick(&app, "853123201", None).await.is_empty());

    let cleaning = pick(&app, "CLEANING services", Some(50)).await;
    assert!(cleaning.len() > 5, "{cleaning:?}");
    for (_, label) in &cleaning {
        let label = label.to_lowercase();
        assert!(
            label.contains("cleaning") && label.contains("services"),
            "{label}"
        );
    }
    assert_ordered(&cleaning);
    assert_eq!(cleaning[0].0, "90000000", "the division comes first");
    assert_eq!(cleaning[1].0, "90600000", "then the groups, by code");

    let mixed = pick(&app, "cleaning 9091", Some(50)).await;
    assert!(!mixed.is_empty());
    assert!(mixed
        .iter()
        .all(|(c, l)| c.starts_with("9091") && l.to_lowercase().contains("cleaning")));

    let divisions = pick(&app, "", None).await;
    assert_eq!(divisions.len(), 20, "first defaults to 20");
    assert!(divisions.iter().all(|(c, _)| level(c) == 2));
    assert_eq!(divisions[0].0, "03000000");

    assert!(pick(&app, "100%", None).await.is_empty());
    assert!(
        pick(&app, "clean_ng", None).await.is_empty(),
        "_ is no wildcard"
    );

    for first in [0, 51] {
        let refused = app
            .browser()
            .gql(PICK, json!({ "q": "85", "n": first }))
            .await;
        assert_eq!(refused.code(), "BAD_USER_INPUT");
        assert_eq!(refused.field(), "first");
        assert_eq!(refused.body["data"], Value::Null);
    }
    assert_eq!(pick(&app, "8", Some(50)).await.len(), 50);
}

on_both_databases!(full_list_is_loaded_once, picker_finds_codes);
