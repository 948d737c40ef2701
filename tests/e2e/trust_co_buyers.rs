//! Joint procurement by consent: a buyer named as co-buyer by someone else is not listed under
//! it, not in its open data, and cannot edit, until one of its own admins accepts (and they are
//! told); a need that is awarded takes no new co-buyers.

use crate::helpers::Backend;
use crate::on_both_databases;
use crate::operations::{change_status, create_need_from, update_need, Revision};
use crate::scenario::{Organisation, Scenario, GOTEBORG_STAD};
use serde_json::{json, Value};

const NEED: &str = "query($id: ID!) { need(id: $id) { coBuyers { name } pendingCoBuyers { name } \
                    viewerCanEdit revision } }";
const ANSWER: &str = "mutation($n: ID!, $o: ID!, $yes: Boolean!) { answerCoBuyerRequest(needId: \
                      $n, organisationId: $o, accept: $yes) }";
const REQUESTS: &str =
    "query($id: ID!) { organisation(id: $id) { coBuyerRequests { needId title buyer { name } } } }";

fn need_input(title: &str) -> Value {
    json!({ "title": title, "mainCpv": "90910000", "place": { "country": "SE" },
            "contractNature": "SERVICES", "procedureType": "OPEN" })
}

fn names(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect()
}

/// A fresh account's "municipality" names Göteborg and Trondheim as co-buyers: neither is named
/// anywhere (need, buyer filter, OCDS) nor may edit until its admin accepts; their admins get a
/// CO_BUYER_REQUEST notification and see the request; Göteborg accepts and is named, Trondheim
/// declines and is gone; after the award no co-buyer can be added.
async fn co_buyers_are_named_only_after_they_accept(backend: Backend) {
    let s = Scenario::start(backend).await;
    let (buyer, co_buyer) = (s.buyer().await, s.co_buyer().await);
    let (anna, ingrid, anonymous) = (&buyer.client, &co_buyer.client, s.anonymous());
    let (goteborg, trondheim) = (buyer.org.clone(), co_buyer.org.clone());
    let falska = Organisation {
        name: "Falska kommunen",
        number: "559012-3450",
        ..GOTEBORG_STAD
    };
    let mallory = s.founder("mallory@example.org", "Mallory", falska).await;
    let fake = mallory.org.clone();
    let draft = create_need_from(
        &mallory.client,
        json!({ "buyerId": fake, "coBuyerIds": [goteborg, trondheim], "need": need_input("Städning i Göteborg") }),
    )
    .await;
    let id = draft.id.clone();
    change_status(&mallory.client, &draft, "ANNOUNCED").await;
    let mallory = mallory.client;

    let seen = anonymous.gql(NEED, json!({ "id": id })).await;
    assert!(names(seen.data("need.coBuyers")).is_empty());
    assert!(
        names(seen.data("need.pendingCoBuyers")).is_empty(),
        "asked buyers are for the buyer side"
    );
    let own = mallory.gql(NEED, json!({ "id": id })).await;
    assert_eq!(
        names(own.data("need.pendingCoBuyers")),
        ["Göteborgs Stad", "Trondheim kommune"]
    );
    let listed = anonymous
        .gql(
            "query($f: NeedFilterInput) { needs(first: 10, filter: $f) { edges { node { title } \
             } } }",
            json!({ "f": { "buyerIds": [goteborg] } }),
        )
        .await;
    assert!(
        listed.data("needs.edges").as_array().unwrap().is_empty(),
        "not listed under Göteborg"
    );
    let number = id_number(&id);
    let ocds: Value = reqwest::get(s.app.url(&format!("/ocds/needs/{number}")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!ocds.to_string().contains("Göteborgs Stad"), "{ocds}");
    let as_anna = anna.gql(NEED, json!({ "id": id })).await;
    assert_eq!(as_anna.data("need.viewerCanEdit"), false);

    // Their admins are told and see the request; nobody else sees it.
    let kinds = anna
        .gql(
            "{ me { notifications(first: 10) { edges { node { kind } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        kinds.data("me.notifications.edges")[0]["node"]["kind"],
        "CO_BUYER_REQUEST"
    );
    let requests = anna.gql(REQUESTS, json!({ "id": goteborg })).await;
    assert_eq!(
        requests.data("organisation.coBuyerRequests")[0]["title"],
        "Städning i Göteborg"
    );
    assert_eq!(
        requests.data("organisation.coBuyerRequests")[0]["buyer"]["name"],
        "Falska kommunen"
    );
    assert_eq!(
        mallory
            .gql(REQUESTS, json!({ "id": goteborg }))
            .await
            .code(),
        "FORBIDDEN"
    );
    let forged = mallory
        .gql(ANSWER, json!({ "n": id, "o": goteborg, "yes": true }))
        .await;
    assert_eq!(
        forged.code(),
        "FORBIDDEN",
        "only Göteborg's admins answer for it"
    );

    anna.gql(ANSWER, json!({ "n": id, "o": goteborg, "yes": true }))
        .await
        .data("answerCoBuyerRequest");
    ingrid
        .gql(ANSWER, json!({ "n": id, "o": trondheim, "yes": false }))
        .await
        .data("answerCoBuyerRequest");
    let again = ingrid
        .gql(ANSWER, json!({ "n": id, "o": trondheim, "yes": true }))
        .await;
    assert_eq!(again.code(), "NOT_FOUND", "a declined request is gone");
    let after = anna.gql(NEED, json!({ "id": id })).await;
    assert_eq!(names(after.data("need.coBuyers")), ["Göteborgs Stad"]);
    assert!(names(after.data("need.pendingCoBuyers")).is_empty());
    assert_eq!(after.data("need.viewerCanEdit"), true);
    let ocds: Value = reqwest::get(s.app.url(&format!("/ocds/needs/{number}")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(ocds.to_string().contains("Göteborgs Stad"));

    // Awarded: no new co-buyer, though the need keeps the one it has.
    let mut need = Revision {
        id: id.clone(),
        revision: after.data("need.revision").clone(),
    };
    for status in ["TENDERING", "AWARDED"] {
        need = change_status(&mallory, &need, status).await;
    }
    let revision = need.revision;
    let added = update_need(
        &mallory,
        json!({ "id": id, "revision": revision, "coBuyerIds": [goteborg, trondheim], "need": need_input("Städning i Göteborg") }),
    )
    .await;
    assert_eq!(
        (added.code(), added.field()),
        ("BAD_USER_INPUT", "coBuyerIds")
    );
    let kept = update_need(
        &mallory,
        json!({ "id": id, "revision": revision, "need": need_input("Städning i Göteborg") }),
    )
    .await;
    assert_eq!(names(kept.data("updateNeed.coBuyers")), ["Göteborgs Stad"]);
}

fn id_number(id: &str) -> i64 {
    use base64::Engine;
    let text = String::from_utf8(
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(id)
            .unwrap(),
    )
    .unwrap();
    text.split_once(':').unwrap().1.parse().unwrap()
}

on_both_databases!(co_buyers_are_named_only_after_they_accept);
