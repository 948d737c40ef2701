//! Matchmaking through the API: suggested partners for a lot, suggested needs for an
//! enterprise, and complementary partners for a group, with scores worked out by hand from
//! the table in `domain::matching`.

use crate::helpers::{Backend, Client, Reply, TestApp};
use crate::on_both_databases;
use crate::scenario::{Member, Organisation, Scenario, RETURBUTIKEN, SKOLMAT, STADBOLAGET};
use serde_json::{json, Value};

const SUGGESTED: &str = "query($id: ID!, $lot: Int, $first: Int = 10) { need(id: $id) { \
                         suggestedPartners(lot: $lot, first: $first) { organisation { name } \
                         score reasons { factor points maxPoints explanation } } } }";
const COMPLEMENT: &str = "query($o: [ID!]!, $n: ID!, $lot: Int) { \
                          complementaryPartners(organisations: $o, need: $n, lot: $lot) { gaps { \
                          factor explanation } partners { organisation { name } score reasons { \
                          factor points } } } }";
const NEEDS_FOR: &str = "query($id: ID!) { node(id: $id) { ... on Organisation { suggestedNeeds { \
                         need { title } lot score } } } }";

struct Market {
    /// Keeps the server running.
    _app: TestApp,
    anna: Client,
    sara: Client,
    anonymous: Client,
    need: String,
    draft: String,
    wise: String,
    cleaner: String,
    caterer: String,
}

/// Göteborg's need: lot 1 is building cleaning in SE232, 20 work-training places, reserved,
/// with an employment requirement for newly arrived people; lot 2 is catering.
pub fn need() -> Value {
    json!({
        "title": "Cleaning and meals for schools", "mainCpv": "90910000",
        "place": { "country": "SE", "nutsCode": "SE232" },
        "contractNature": "SERVICES", "procedureType": "OPEN",
        "lots": [
            { "title": "Cleaning team", "cpv": "90911200", "reserved": true,
              "quantity": { "amount": 20, "unit": "work-training places" } },
            { "title": "School meals", "cpv": "55520000" },
        ],
        "employment": { "variant": "EMPLOYMENT_OR_TRAINING", "targetGroups": ["NEWLY_ARRIVED"], "volumeFullTimeMonths": 48, "followUpBy": "Labour-market unit" },
    })
}

async fn market(backend: Backend) -> Market {
    let s = Scenario::with_codes(backend).await;
    let (anna, buyer) = s.buyer().await.parts();
    let (id, _) = crate::need_search::create(&anna, &buyer, need(), true).await;
    let mut draft = need();
    draft["title"] = json!("Draft: window cleaning");
    let (draft, _) = crate::need_search::create(&anna, &buyer, draft, false).await;

    let Member { client: sara, org: wise } = s.enterprise(RETURBUTIKEN, json!({
        "cpv": ["90911200"], "regionsServed": ["SE232"], "targetGroups": ["NEWLY_ARRIVED"],
        "takesEmploymentRequirements": true, "capacity": { "trainingPlaces": 8 },
        "wise": { "integrationMainAim": true, "targetGroupStaffPercent": 40, "measuredOn": crate::helpers::recent_day(), "evidence": "Annual report 2025" },
    })).await;
    let Member { org: cleaner, .. } = s.enterprise(STADBOLAGET, json!({
        "cpv": ["90910000"], "regionsServed": ["SE2"], "capacity": { "staff": 40, "trainingPlaces": 14 },
    })).await;
    s.enterprise(
        Organisation {
            kind: "SUPPLIER",
            name: "Fönsterputs Stockholm",
            country: "GB",
            number: "01234567",
        },
        json!({
            "cpv": ["90911300"], "regionsServed": ["SE110"], "capacity": { "trainingPlaces": 4 },
            "visibility": "SIGNED_IN",
        }),
    )
    .await;
    let Member { org: caterer, .. } = s
        .enterprise(
            SKOLMAT,
            json!({
                "cpv": ["55520000"], "regionsServed": ["SE232"],
            }),
        )
        .await;

    s.app.verify_organisation(&wise).await;
    Market {
        anonymous: s.anonymous(),
        _app: s.app,
        anna,
        sara,
        need: id,
        draft,
        wise,
        cleaner,
        caterer,
    }
}

fn names_and_scores(list: &Value) -> Vec<(String, u64)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["organisation"]["name"].as_str().unwrap().to_owned(),
                s["score"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Asks until the answer at `path` has `len` entries: the index follows writes in a moment.
async fn settled(client: &Client, query: &str, vars: Value, path: &str, len: usize) -> Reply {
    let entries = |reply: &Reply| reply.data(path).as_array().map(Vec::len);
    let reply = client
        .once_caught_up(query, vars, |r| entries(r) == Some(len))
        .await;
    assert_eq!(entries(&reply), Some(len), "{path}: {:#?}", reply.body);
    reply
}

/// Lot 1, by hand:
/// - Returbutiken: its own code 40, SE232 25, 8 of 20 places 8, eligible 10, verified 5,
///   employment 5 = 93.
/// - Städbolaget Väst: 90910000 covers the lot's code 40, SE2 includes SE232 25, 14 of 20
///   places 14 = 79.
/// - Fönsterputs Stockholm (signed-in only): same class 30, same country 5, 4 places 4 = 39.
/// - Skolmat Väst offers catering: not a candidate for cleaning.
async fn partners_are_ranked_by_fit_and_explained(backend: Backend) {
    let m = market(backend).await;
    let vars = json!({ "id": m.need, "lot": 1 });
    let reply = settled(
        &m.sara,
        SUGGESTED,
        vars.clone(),
        "need.suggestedPartners",
        3,
    )
    .await;
    let list = reply.data("need.suggestedPartners");
    assert_eq!(
        names_and_scores(list),
        [
            ("Returbutiken".to_owned(), 93),
            ("Städbolaget Väst".to_owned(), 79),
            ("Fönsterputs Stockholm".to_owned(), 39),
        ]
    );
    let capacity = list[1]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["factor"] == "CAPACITY")
        .unwrap();
    assert_eq!(capacity["points"], 14);
    assert_eq!(capacity["maxPoints"], 20);
    assert_eq!(
        capacity["explanation"],
        "Can take on 14 of 20 work-training places."
    );
    let reserved = &list[1]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["factor"] == "RESERVED")
        .unwrap()["explanation"];
    assert!(
        reserved.as_str().unwrap().starts_with("Not eligible"),
        "{reserved}"
    );

    // Anonymous visitors never see a profile for signed-in users.
    let public = m.anonymous.gql(SUGGESTED, vars).await;
    assert_eq!(
        names_and_scores(public.data("need.suggestedPartners")),
        [
            ("Returbutiken".to_owned(), 93),
            ("Städbolaget Väst".to_owned(), 79)
        ]
    );

    // Lot 2 is catering: only the caterer fits (own code 40, SE232 25).
    let meals = m
        .sara
        .gql(SUGGESTED, json!({ "id": m.need, "lot": 2 }))
        .await;
    assert_eq!(
        names_and_scores(meals.data("need.suggestedPartners")),
        [("Skolmat Väst".to_owned(), 65)]
    );
    let top = m
        .sara
        .gql(SUGGESTED, json!({ "id": m.need, "lot": 1, "first": 1 }))
        .await;
    assert_eq!(
        top.data("need.suggestedPartners").as_array().unwrap().len(),
        1
    );
}

/// Each enterprise is pointed at the lot it fits best; drafts are never suggested.
async fn needs_are_suggested_to_enterprises(backend: Backend) {
    let m = market(backend).await;
    let vars = json!({ "id": m.wise });
    let reply = m.sara.gql(NEEDS_FOR, vars).await;
    assert_eq!(
        reply.data("node.suggestedNeeds"),
        &json!([{ "need": { "title": "Cleaning and meals for schools" }, "lot": 1, "score": 93 }])
    );
    let caterer = m.anonymous.gql(NEEDS_FOR, json!({ "id": m.caterer })).await;
    assert_eq!(caterer.data("node.suggestedNeeds")[0]["lot"], 2);
    assert_eq!(
        caterer
            .data("node.suggestedNeeds")
            .as_array()
            .unwrap()
            .len(),
        1,
        "the draft stays hidden"
    );
    let buyer_side = m
        .anna
        .gql(SUGGESTED, json!({ "id": m.draft, "lot": 1 }))
        .await;
    assert!(
        buyer_side.body.get("errors").is_none(),
        "the buyer may match its own draft"
    );
    let outsider = m
        .sara
        .gql(SUGGESTED, json!({ "id": m.draft, "lot": 1 }))
        .await;
    assert_eq!(outsider.data("need"), &Value::Null, "a draft is not found");
}

/// Städbolaget Väst alone covers the service and the place but is 6 places short and not
/// eligible for the reserved lot. Returbutiken fills both (6 of 6 places 20, eligible 10);
/// Fönsterputs Stockholm fills 4 of 6 places (13).
async fn complementary_partners_fill_the_gaps(backend: Backend) {
    let m = market(backend).await;
    settled(
        &m.sara,
        SUGGESTED,
        json!({ "id": m.need, "lot": 1 }),
        "need.suggestedPartners",
        3,
    )
    .await;
    let vars = json!({ "o": [m.cleaner], "n": m.need, "lot": 1 });
    let reply = m.sara.gql(COMPLEMENT, vars.clone()).await;
    let result = reply.data("complementaryPartners");
    assert_eq!(
        result["gaps"],
        json!([
            { "factor": "CAPACITY", "explanation": "6 more work-training places are needed." },
            { "factor": "RESERVED", "explanation": "No member is eligible for this reserved lot: \
                                                    a verified WISE with at least 30 % \
                                                    target-group staff must take part." },
        ])
    );
    assert_eq!(
        names_and_scores(&result["partners"]),
        [
            ("Returbutiken".to_owned(), 30),
            ("Fönsterputs Stockholm".to_owned(), 13)
        ]
    );
    // Together they cover the lot: no gaps, nobody to suggest.
    let whole = m
        .sara
        .gql(
            COMPLEMENT,
            json!({ "o": [m.cleaner, m.wise], "n": m.need, "lot": 1 }),
        )
        .await;
    assert_eq!(
        whole.data("complementaryPartners"),
        &json!({ "gaps": [], "partners": [] })
    );

    assert_eq!(
        m.anonymous.gql(COMPLEMENT, vars).await.code(),
        "UNAUTHENTICATED"
    );
}

/// Clear errors for a lot that does not exist, odd page sizes and empty groups.
async fn bad_matchmaking_input_is_refused_clearly(backend: Backend) {
    let m = market(backend).await;
    let no_lot = m
        .sara
        .gql(SUGGESTED, json!({ "id": m.need, "lot": 9 }))
        .await;
    assert_eq!((no_lot.code(), no_lot.field()), ("BAD_USER_INPUT", "lot"));
    assert_eq!(no_lot.message(), "This need has no lot 9.");
    let zero = m
        .sara
        .gql(SUGGESTED, json!({ "id": m.need, "lot": 0 }))
        .await;
    assert_eq!(zero.field(), "lot");
    let huge = m
        .sara
        .gql(SUGGESTED, json!({ "id": m.need, "first": 1000 }))
        .await;
    assert_eq!((huge.code(), huge.field()), ("BAD_USER_INPUT", "first"));
    let empty = m
        .sara
        .gql(COMPLEMENT, json!({ "o": [], "n": m.need }))
        .await;
    assert_eq!(
        (empty.code(), empty.field()),
        ("BAD_USER_INPUT", "organisations")
    );
    let wrong_kind = m
        .sara
        .gql(COMPLEMENT, json!({ "o": [m.need], "n": m.need }))
        .await;
    assert_eq!(wrong_kind.code(), "BAD_USER_INPUT");
    // The whole need (no lot) is matched on its main code and place.
    let whole = m.sara.gql(SUGGESTED, json!({ "id": m.need })).await;
    assert!(whole.body.get("errors").is_none(), "{:#?}", whole.body);
}

on_both_databases!(
    partners_are_ranked_by_fit_and_explained,
    needs_are_suggested_to_enterprises,
    complementary_partners_fill_the_gaps,
    bad_matchmaking_input_is_refused_clearly,
);
