//! Joint procurement by consent: a buyer named as co-buyer by someone else is not listed under
//! it, not in its open data, and cannot edit, until one of its own admins accepts (and they are
//! told); a need that is awarded takes no new co-buyers.

use crate::helpers::{Backend, TestApp, GOTEBORG, TRONDHEIM};
use crate::on_both_databases;
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
    let app = TestApp::spawn(backend).await;
    let (anna, ingrid, mallory, anonymous) =
        (app.browser(), app.browser(), app.browser(), app.browser());
    anna.register("anna@goteborg.se", "Anna").await;
    ingrid.register("ingrid@trondheim.no", "Ingrid").await;
    mallory.register("mallory@example.org", "Mallory").await;
    let goteborg = anna
        .create_org("MUNICIPALITY", "Göteborgs Stad", "SE", GOTEBORG)
        .await
        .str("createOrganisation.id");
    let trondheim = ingrid
        .create_org("MUNICIPALITY", "Trondheim kommune", "NO", TRONDHEIM)
        .await
        .str("createOrganisation.id");
    let fake = mallory
        .create_org("MUNICIPALITY", "Falska kommunen", "SE", "559012-3450")
        .await
        .str("createOrganisation.id");

    let created = mallory
        .gql(
            "mutation($i: CreateNeedInput!) { createNeed(input: $i) { id revision } }",
            json!({ "i": { "buyerId": fake, "coBuyerIds": [goteborg, trondheim], "need": need_input("Städning i Göteborg") } }),
        )
        .await;
    let id = created.str("createNeed.id");
    let announced = mallory
        .gql(
            "mutation($i: ChangeNeedStatusInput!) { changeNeedStatus(input: $i) { revision } }",
            json!({ "i": { "id": id, "revision": created.data("createNeed.revision"), "status": "ANNOUNCED" } }),
        )
        .await;
    announced.data("changeNeedStatus");

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
    let ocds: Value = reqwest::get(app.url(&format!("/ocds/needs/{number}")))
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
    let ocds: Value = reqwest::get(app.url(&format!("/ocds/needs/{number}")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(ocds.to_string().contains("Göteborgs Stad"));

    // Awarded: no new co-buyer, though the need keeps the one it has.
    let mut revision = after.data("need.revision").clone();
    for status in ["TENDERING", "AWARDED"] {
        let moved = mallory
            .gql(
                "mutation($i: ChangeNeedStatusInput!) { changeNeedStatus(input: $i) { revision } }",
                json!({ "i": { "id": id, "revision": revision, "status": status } }),
            )
            .await;
        revision = moved.data("changeNeedStatus.revision").clone();
    }
    let update = "mutation($i: UpdateNeedInput!) { updateNeed(input: $i) { coBuyers { name } } }";
    let added = mallory
        .gql(update, json!({ "i": { "id": id, "revision": revision, "coBuyerIds": [goteborg, trondheim], "need": need_input("Städning i Göteborg") } }))
        .await;
    assert_eq!(
        (added.code(), added.field()),
        ("BAD_USER_INPUT", "coBuyerIds")
    );
    let kept = mallory
        .gql(update, json!({ "i": { "id": id, "revision": revision, "need": need_input("Städning i Göteborg") } }))
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
