//! What follows a need's announcement, on both databases: interest the buyer sees (and nobody
//! else), the OCDS release validated against the official schemas, and the need's language.

use crate::helpers::Backend;
use crate::needs::{need_input, world};
use crate::on_both_databases;
use crate::operations::{mark_interest, try_create_need, update_need};
use serde_json::{json, Value};

/// A WISE marks interest (in a lot); the buyer sees it, nobody else does; the WISE's members
/// hear of every later update.
async fn interest_is_seen_by_the_buyer(backend: Backend) {
    let w = world(backend).await;
    let mut input = need_input("Cleaning with lots", "90910000");
    input["lots"] = json!([{ "title": "North" }, { "title": "Reserved", "reserved": true }]);
    let need = w.announce(w.create(input.clone()).await).await;
    let need_id = need["id"].as_str().unwrap();
    let marked = mark_interest(&w.sara, need_id, &w.wise, &[2]).await;
    assert_eq!(
        marked.data("markInterest"),
        &json!({ "lotNumbers": [2], "organisation": { "name": "Returbutiken" } })
    );
    let bad_lot = mark_interest(&w.sara, need_id, &w.wise, &[3]).await;
    assert_eq!(bad_lot.field(), "lotNumbers");
    let not_member = mark_interest(&w.stranger, need_id, &w.wise, &[]).await;
    assert_eq!(not_member.code(), "FORBIDDEN");
    let buyer_org = mark_interest(&w.anna, need_id, &w.goteborg, &[]).await;
    assert_eq!(buyer_org.code(), "FORBIDDEN", "buyers do not mark interest");

    let interested = "query($id: ID!) { need(id: $id) { interestedOrganisations { organisation { \
                      name } lotNumbers } viewerInterests { lotNumbers } } }";
    let seen = w.anna.gql(interested, json!({ "id": need["id"] })).await;
    assert_eq!(
        seen.data("need.interestedOrganisations"),
        &json!([{ "organisation": { "name": "Returbutiken" }, "lotNumbers": [2] }])
    );
    assert_eq!(
        w.stranger
            .gql(interested, json!({ "id": need["id"] }))
            .await
            .code(),
        "FORBIDDEN"
    );
    let own = w
        .sara
        .gql(
            "query($id: ID!) { need(id: $id) { viewerInterests { lotNumbers } } }",
            json!({ "id": need["id"] }),
        )
        .await;
    assert_eq!(
        own.data("need.viewerInterests"),
        &json!([{ "lotNumbers": [2] }])
    );

    input["summary"] = json!("Changed after interest.");
    update_need(
        &w.anna,
        json!({ "id": need["id"], "revision": need["revision"], "need": input }),
    )
    .await
    .data("updateNeed");
    let notified = w
        .sara
        .gql(
            "{ me { notifications(first: 5) { edges { node { kind need { title } } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        notified.data("me.notifications.edges")[0]["node"]["kind"],
        "NEED_CHANGED"
    );
    let anna_notes = w
        .anna
        .gql("{ me { unreadNotificationCount } }", json!({}))
        .await;
    assert_eq!(
        anna_notes.data("me.unreadNotificationCount"),
        0,
        "the editor is not notified of their own change"
    );
    let withdraw =
        "mutation($n: ID!, $o: ID!) { withdrawInterest(needId: $n, organisationId: $o) }";
    assert_eq!(
        w.sara
            .gql(withdraw, json!({ "n": need["id"], "o": w.wise }))
            .await
            .data("withdrawInterest"),
        true
    );
    assert_eq!(
        w.sara
            .gql(withdraw, json!({ "n": need["id"], "o": w.wise }))
            .await
            .code(),
        "NOT_FOUND"
    );
}

/// The release package of public needs validates against the OCDS 1.1 schemas, offline.
async fn ocds_validates(backend: Backend) {
    let w = world(backend).await;
    let mut rich = need_input("Cleaning of schools", "90910000");
    rich["additionalCpvs"] = json!(["90911200"]);
    rich["rationale"] = json!("The contract ends.");
    rich["reserved"] = json!("RES_WS");
    rich["lots"] = json!([
        { "title": "North", "cpv": "90911200", "estimatedValue": { "max": 500000, "currency": "SEK" } },
        { "title": "Training team", "reserved": true, "quantity": { "amount": 20, "unit": "work-training places" } },
    ]);
    rich["maxLotsPerBidder"] = json!(1);
    rich["dates"] = json!({
        "dialogueOpens": "2027-01-10", "dialogueCloses": "2027-02-10", "questionsDeadline": "2027-02-01T12:00:00Z",
        "expectedTenderPublication": "2027-03-01", "contractStart": "2027-09-01", "contractDurationMonths": 36
    });
    rich["engagement"] = json!([{ "kind": "SUPPLIER_DAY", "startsAt": "2027-01-20T09:00:00Z", "place": "City hall", "description": "Presentation" }]);
    let need = w.create_with(rich, json!([w.trondheim])).await;
    w.walk(need, &["ANNOUNCED", "IN_DIALOGUE"]).await;
    w.walk(
        w.create(need_input("Snow", "90620000")).await,
        &["ANNOUNCED", "TENDERING", "CANCELLED"],
    )
    .await;
    let package = reqwest::get(w.app.url("/ocds/releases"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let parsed: Value = serde_json::from_str(&package).unwrap();
    assert_eq!(parsed["releases"].as_array().unwrap().len(), 2);
    let release = &parsed["releases"][1];
    assert_eq!(release["tender"]["lots"].as_array().unwrap().len(), 2);
    assert_eq!(
        release["parties"].as_array().unwrap().len(),
        2,
        "buyer and co-buyer"
    );
    assert_eq!(
        release["tender"]["otherRequirements"]["reservedParticipation"],
        json!(["shelteredWorkshop"])
    );
    assert!(release["tender"]["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["type"] == "engagement"));
    crate::ocds::assert_valid_package(&package);
    let field = w
        .anonymous
        .gql(
            "{ needs(first: 1) { edges { node { ocdsRelease } } } }",
            json!({}),
        )
        .await;
    assert!(field.data("needs.edges")[0]["node"]["ocdsRelease"]["ocid"]
        .as_str()
        .unwrap()
        .starts_with("ocds-"));
}

/// A need records its language: by default the buyer's (Swedish for Göteborg, bokmål for
/// Trondheim), or the one given; an update that leaves it out keeps it; an unknown tag is
/// refused on its field; the OCDS release carries it.
async fn language_defaults_from_the_buyer(backend: Backend) {
    let w = world(backend).await;
    let create = |buyer: &str, need: Value| json!({ "buyerId": buyer, "need": need });
    let swedish = try_create_need(
        &w.anna,
        create(&w.goteborg, need_input("Städning", "90910000")),
    )
    .await;
    assert_eq!(swedish.str("createNeed.language"), "sv");

    let mut norwegian = need_input("Snørydding", "90620000");
    norwegian["place"] =
        json!({ "country": "NO", "nutsCode": "NO060", "municipality": "Trondheim" });
    norwegian["estimatedValue"] = json!({ "max": 9000000, "currency": "NOK" });
    let bokmal = try_create_need(&w.ingrid, create(&w.trondheim, norwegian.clone())).await;
    assert_eq!(bokmal.str("createNeed.language"), "nb");

    norwegian["language"] = json!("nn");
    let nynorsk = try_create_need(&w.ingrid, create(&w.trondheim, norwegian.clone()))
        .await
        .data("createNeed")
        .clone();
    assert_eq!(nynorsk["language"], "nn");

    let mut unchanged = norwegian.clone();
    unchanged.as_object_mut().unwrap().remove("language");
    unchanged["summary"] = json!("Vintervedlikehald av fortau.");
    let kept = update_need(
        &w.ingrid,
        json!({ "id": nynorsk["id"], "revision": nynorsk["revision"], "need": unchanged }),
    )
    .await
    .data("updateNeed")
    .clone();
    assert_eq!(kept["language"], "nn", "left out, the language stays");

    let mut english = norwegian.clone();
    english["language"] = json!(" EN ");
    let changed = update_need(
        &w.ingrid,
        json!({ "id": kept["id"], "revision": kept["revision"], "need": english }),
    )
    .await;
    assert_eq!(changed.str("updateNeed.language"), "en");

    let mut german = need_input("Reinigung", "90910000");
    german["language"] = json!("de");
    let refused = try_create_need(&w.anna, create(&w.goteborg, german)).await;
    assert_eq!(refused.code(), "BAD_USER_INPUT");
    assert_eq!(refused.field(), "language");

    let announced = w
        .walk(swedish.data("createNeed").clone(), &["ANNOUNCED"])
        .await;
    let release = w
        .anonymous
        .gql(
            "query($id: ID!) { need(id: $id) { ocdsRelease } }",
            json!({ "id": announced["id"] }),
        )
        .await;
    let release = release.data("need.ocdsRelease");
    assert_eq!(release["language"], "sv", "{release}");
}

on_both_databases!(
    interest_is_seen_by_the_buyer,
    ocds_validates,
    language_defaults_from_the_buyer,
);
