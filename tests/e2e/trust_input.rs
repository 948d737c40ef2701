//! Input a hostile or careless client sends is refused as the caller's mistake, with the field
//! and a reason: dates that do not exist and numbers beyond range, text made of invisible or
//! direction-changing characters, titles with line breaks. And the words of a consortium's
//! invitations stay in the consortium once the buyer sees the offer.

use crate::helpers::{Backend, Reply, TestApp, GOTEBORG};
use crate::joint_offers::{confirm, market, CREATE};
use crate::on_both_databases;
use crate::operations::{invite_to_joint_offer, try_create_need};
use crate::scenario::{Member, Scenario};
use serde_json::{json, Value};

fn reason(reply: &Reply) -> &str {
    reply.body["errors"][0]["extensions"]["reason"]
        .as_str()
        .unwrap_or_default()
}

fn need(dates: Value, title: &str) -> Value {
    json!({ "title": title, "mainCpv": "90910000", "place": { "country": "SE" },
            "contractNature": "SERVICES", "procedureType": "OPEN", "dates": dates })
}

/// A date that does not exist, an Int beyond 32 bits in a nested input, a filter date and a
/// page size out of range: each is BAD_USER_INPUT naming the field, with a reason, never
/// INTERNAL with the parser's wording; nothing is created.
async fn bad_dates_and_numbers_name_the_field(backend: Backend) {
    let s = Scenario::start(backend).await;
    let Member { client: anna, org } = s.buyer().await;

    let cases = [
        (
            json!({ "contractStart": "2027-13-45" }),
            "need.dates.contractStart",
            "OUT_OF_RANGE",
        ),
        (
            json!({ "expectedTenderPublication": "1 March" }),
            "need.dates.expectedTenderPublication",
            "INVALID_FORMAT",
        ),
        (
            json!({ "contractDurationMonths": 3_000_000_000u64 }),
            "need.dates.contractDurationMonths",
            "OUT_OF_RANGE",
        ),
        (
            json!({ "questionsDeadline": "2027-02-30T09:00:00Z" }),
            "need.dates.questionsDeadline",
            "OUT_OF_RANGE",
        ),
    ];
    for (dates, field, why) in cases {
        let reply = try_create_need(
            &anna,
            json!({ "buyerId": org, "need": need(dates.clone(), "Städning") }),
        )
        .await;
        assert_eq!(
            (reply.code(), reply.field(), reason(&reply)),
            ("BAD_USER_INPUT", field, why),
            "{dates}: {}",
            reply.body
        );
        assert!(reply.message().starts_with(field), "{}", reply.message());
        assert!(
            !reply.message().contains("Failed to parse"),
            "{}",
            reply.message()
        );
    }
    let filter = anna
        .gql(
            "query($f: NeedFilterInput) { needs(first: 5, filter: $f) { edges { node { id } } } }",
            json!({ "f": { "expectedTenderFrom": "2027-02-30" } }),
        )
        .await;
    assert_eq!(
        (filter.code(), filter.field()),
        ("BAD_USER_INPUT", "expectedTenderFrom")
    );
    let page = anna
        .gql(
            "query($n: Int!) { needs(first: $n) { edges { node { id } } } }",
            json!({ "n": 3_000_000_000u64 }),
        )
        .await;
    assert_eq!(page.code(), "BAD_USER_INPUT", "{}", page.body);
    let listed = anna
        .gql(
            "{ needs(first: 10, filter: { statuses: [DRAFT] }) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    assert!(listed.data("needs.edges").as_array().unwrap().is_empty());
}

/// Names made of zero-width characters, names and titles with bidi overrides or isolates, and
/// titles with line breaks are refused with the field and INVALID_CHARACTERS (or REQUIRED when
/// nothing visible is left); ordinary text with an emoji joiner passes.
async fn invisible_and_reversed_text_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let anna = app.browser();
    let zero_width = anna.register("z@x.se", "\u{200B}\u{200B}").await;
    assert_eq!(
        (zero_width.code(), zero_width.field(), reason(&zero_width)),
        ("BAD_USER_INPUT", "name", "INVALID_CHARACTERS")
    );
    let joiners = anna.register("z@x.se", "\u{200D}\u{200C}").await;
    assert_eq!((joiners.field(), reason(&joiners)), ("name", "REQUIRED"));
    anna.register("anna@goteborg.se", "Anna \u{1F469}\u{200D}\u{1F4BB}")
        .await
        .data("register");

    let reversed = anna
        .create_org("MUNICIPALITY", "Göteborgs \u{202E}datS", "SE", GOTEBORG)
        .await;
    assert_eq!(
        (reversed.code(), reversed.field(), reason(&reversed)),
        ("BAD_USER_INPUT", "name", "INVALID_CHARACTERS")
    );
    let org = anna
        .create_org("MUNICIPALITY", "Göteborgs Stad", "SE", GOTEBORG)
        .await
        .str("createOrganisation.id");

    for (title, why) in [
        ("Städning\nSubject: urgent", "INVALID_CHARACTERS"),
        ("\u{2067}Städning\u{2069}", "INVALID_CHARACTERS"),
    ] {
        let reply = try_create_need(
            &anna,
            json!({ "buyerId": org, "need": need(json!({}), title) }),
        )
        .await;
        assert_eq!(
            (reply.code(), reply.field(), reason(&reply)),
            ("BAD_USER_INPUT", "title", why),
            "{title:?}"
        );
    }
    let mut with_lot = need(json!({}), "Städning");
    with_lot["lots"] = json!([{ "title": "Skolor\r\nnorr" }]);
    let lot = try_create_need(&anna, json!({ "buyerId": org, "need": with_lot })).await;
    assert_eq!(
        (lot.code(), lot.field()),
        ("BAD_USER_INPUT", "lots[0].title"),
        "{}",
        lot.body
    );
    let description = need(json!({}), "Städning av skolor");
    let mut multi = description.clone();
    multi["description"] = json!("Line one\nLine two");
    try_create_need(&anna, json!({ "buyerId": org, "need": multi }))
        .await
        .data("createNeed");
}

/// Once the offer is submitted the buyer sees its members but not the words of their
/// invitations; the members still do.
async fn invitation_words_stay_in_the_consortium(backend: Backend) {
    let m = market(backend).await;
    let created = m
        .sara
        .gql(CREATE, json!({ "i": { "needId": m.need, "organisationId": m.wise, "lots": [1], "contribution": { "trainingPlaces": 8 } } }))
        .await;
    let offer = created.str("createJointOffer.id");
    invite_to_joint_offer(
        &m.sara,
        &offer,
        &m.cleaner,
        "PARTNER",
        "Our margin is thin, keep this between us",
    )
    .await
    .data("inviteToJointOffer");
    m.olle
        .gql(
            crate::joint_offers::ANSWER,
            json!({ "o": offer, "org": m.cleaner, "yes": true }),
        )
        .await
        .data("answerJointOfferInvitation");
    confirm(&m.sara, &offer, &m.wise).await;
    confirm(&m.olle, &offer, &m.cleaner).await;
    m.sara
        .gql(
            "mutation($o: ID!) { submitJointOffer(offerId: $o) { status } }",
            json!({ "o": offer }),
        )
        .await
        .data("submitJointOffer");

    let query =
        "query($id: ID!) { jointOffer(id: $id) { members { organisation { name } message } } }";
    let buyer = m.anna.gql(query, json!({ "id": offer })).await;
    let members = buyer.data("jointOffer.members").as_array().unwrap().clone();
    assert_eq!(members.len(), 2);
    assert!(
        members.iter().all(|member| member["message"] == ""),
        "{members:?}"
    );
    let member = m.sara.gql(query, json!({ "id": offer })).await;
    assert!(member.body.to_string().contains("keep this between us"));
}

/// A description's images from other hosts (also written `//host` or `\\host`) are dropped,
/// leaving their alt text, so an author cannot see who read it and when; images on this site
/// stay, and a `//host` link becomes an absolute https link.
async fn external_images_are_dropped(backend: Backend) {
    let s = Scenario::start(backend).await;
    let Member { client: anna, org } = s.buyer().await;
    let mut input = need(json!({}), "Städning");
    input["description"] = json!(
        "![seen](https://tracker.example/p.png) \
         ![seen2](//tracker.example/q.png) ![plan](/files/plan.png) \
         [more](//goteborg.se/info)"
    );
    let html = try_create_need(&anna, json!({ "buyerId": org, "need": input }))
        .await
        .str("createNeed.descriptionHtml");
    assert!(!html.contains("tracker"), "{html}");
    assert!(html.contains("seen") && html.contains("seen2"), "{html}");
    assert!(html.contains(r#"<img src="/files/plan.png""#), "{html}");
    assert!(
        html.contains(r#"href="https://goteborg.se/info""#),
        "{html}"
    );
}

on_both_databases!(
    external_images_are_dropped,
    bad_dates_and_numbers_name_the_field,
    invisible_and_reversed_text_is_refused,
    invitation_words_stay_in_the_consortium
);
