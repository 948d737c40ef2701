//! Partner search on the embedded engine: words in any of their forms, typos, facets and
//! filters, visibility, clear errors; and the index following the database through the
//! outbox, across a crash between commit and indexing, equal to a rebuild.

use crate::helpers::{Backend, Client, Reply, TestApp};
use crate::on_both_databases;
use crate::operations::update_profile;
use crate::scenario::{Organisation, Scenario, STADBOLAGET};
use samspill::search::{follow_outbox, rebuild, PartnerQuery, SearchIndex, TantivyIndex};
use serde_json::{json, Value};

const SEARCH: &str = "query($q: String!, $f: PartnerFilter) { searchPartners(query: $q, filter: \
                      $f, first: 10) { totalCount matches { organisation { name } snippet } \
                      facets { kind { value count } region { value count } cpv { value count } \
                      verifiedWise resWsEligible } } }";

struct Market {
    app: TestApp,
    sara: Client,
    erik: Client,
    anonymous: Client,
    wise: String,
}

async fn market(backend: Backend) -> Market {
    let s = Scenario::start(backend).await;
    s.buyer().await;
    let wise = s.wise().await;
    let window_cleaner = Organisation {
        name: "Fönsterputs Väst",
        ..STADBOLAGET
    };
    let supplier = s.founder("erik@stad.se", "Erik", window_cleaner).await;
    let wise_profile = json!({
        "cpv": ["90910000"], "servicesDescription": "Vi erbjuder städning av skolor och kontor \
                                                     med handledda praktikanter.",
        "keywords": ["lokalvård"], "regionsServed": ["SE232"], "targetGroups": ["NEWLY_ARRIVED"],
        "capacity": { "staff": 25, "trainingPlaces": 8 },
        "wise": { "integrationMainAim": true, "targetGroupStaffPercent": 40, "measuredOn": crate::helpers::recent_day(), "evidence": "Annual report 2025" },
    });
    update_profile(&wise.client, &wise.org, 0, wise_profile)
        .await
        .data("updateProfile");
    let supplier_profile = json!({
        "cpv": ["90911300"], "servicesDescription": "Window cleaning and facility services for \
                                                     offices.",
        "regionsServed": ["SE110"], "capacity": { "staff": 120 }, "visibility": "SIGNED_IN",
    });
    update_profile(&supplier.client, &supplier.org, 0, supplier_profile)
        .await
        .data("updateProfile");
    Market {
        anonymous: s.anonymous(),
        app: s.app,
        sara: wise.client,
        erik: supplier.client,
        wise: wise.org,
    }
}

async fn search(client: &Client, query: &str, filter: Value) -> Reply {
    client.gql(SEARCH, json!({ "q": query, "f": filter })).await
}

fn names(reply: &Reply) -> Vec<String> {
    reply
        .data("searchPartners.matches")
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["organisation"]["name"].as_str().unwrap().to_owned())
        .collect()
}

/// Waits until a search gives `expected` names: the index follows writes within a moment.
async fn eventually(client: &Client, query: &str, filter: Value, expected: &[&str]) -> Reply {
    let vars = json!({ "q": query, "f": filter });
    let reply = client
        .once_caught_up(SEARCH, vars, |r| names(r) == expected)
        .await;
    assert_eq!(names(&reply), expected, "search for {query:?}");
    reply
}

/// Word forms, typos, visibility, facets and filters.
async fn partners_are_found_by_what_they_do(backend: Backend) {
    let m = market(backend).await;
    let inflected = eventually(&m.sara, "städningen", json!({}), &["Returbutiken"]).await;
    let snippet = inflected.data("searchPartners.matches")[0]["snippet"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(snippet.contains("<mark>städning</mark>"), "{snippet}");
    eventually(&m.sara, "stadning", json!({}), &["Returbutiken"]).await;
    eventually(&m.sara, "cleaned windows", json!({}), &["Fönsterputs Väst"]).await;
    eventually(&m.sara, "clening", json!({}), &["Fönsterputs Väst"]).await;
    eventually(&m.sara, "LOKALVÅRD", json!({}), &["Returbutiken"]).await;

    // The supplier's profile is for signed-in users; buyers are never partners.
    let everyone = eventually(
        &m.sara,
        "",
        json!({}),
        &["Returbutiken", "Fönsterputs Väst"],
    )
    .await;
    assert_eq!(everyone.data("searchPartners.totalCount"), 2);
    eventually(&m.anonymous, "", json!({}), &["Returbutiken"]).await;
    eventually(&m.anonymous, "cleaning", json!({}), &[]).await;

    let facets = everyone.data("searchPartners.facets").clone();
    assert_eq!(
        facets["kind"],
        json!([{ "value": "SUPPLIER", "count": 1 }, { "value": "WISE", "count": 1 }])
    );
    assert_eq!(facets["region"], json!([{ "value": "SE", "count": 2 }]));
    assert_eq!(facets["cpv"], json!([{ "value": "90", "count": 2 }]));
    assert_eq!(facets["resWsEligible"], 0, "not verified yet");
    let west = eventually(&m.erik, "", json!({ "region": "SE2" }), &["Returbutiken"]).await;
    assert_eq!(
        west.data("searchPartners.facets.region"),
        &json!([{ "value": "SE23", "count": 1 }])
    );
    eventually(
        &m.erik,
        "",
        json!({ "cpv": "90900000" }),
        &["Returbutiken", "Fönsterputs Väst"],
    )
    .await;
    eventually(
        &m.erik,
        "",
        json!({ "cpv": "90911000" }),
        &["Fönsterputs Väst"],
    )
    .await;
    eventually(
        &m.erik,
        "",
        json!({ "minStaff": 100 }),
        &["Fönsterputs Väst"],
    )
    .await;
    eventually(
        &m.erik,
        "",
        json!({ "targetGroup": "NEWLY_ARRIVED", "kinds": ["WISE"] }),
        &["Returbutiken"],
    )
    .await;

    // Verification by an administrator makes the WISE eligible for reserved contracts.
    m.app.verify_organisation(&m.wise).await;
    eventually(
        &m.erik,
        "",
        json!({ "resWsEligible": true }),
        &["Returbutiken"],
    )
    .await;
}

/// Odd, huge and injection-looking input gets a clear error or a safe result.
async fn odd_queries_are_safe(backend: Backend) {
    let m = market(backend).await;
    eventually(
        &m.sara,
        "",
        json!({}),
        &["Returbutiken", "Fönsterputs Väst"],
    )
    .await;
    for odd in [
        "\"'); DROP TABLE organisations;--",
        "*:* OR name:x",
        "~~~ ^^ ((",
        "é",
        "🧹🧽",
        "a b c d e f g h i j k l m n o p",
    ] {
        let reply = search(&m.sara, odd, json!({})).await;
        assert!(
            reply.body.get("errors").is_none(),
            "{odd}: {:?}",
            reply.body
        );
    }
    let huge = search(&m.sara, &"städning ".repeat(100), json!({})).await;
    assert_eq!(huge.code(), "BAD_USER_INPUT");
    assert_eq!(huge.field(), "query");
    let region = search(&m.sara, "", json!({ "region": "XX9" })).await;
    assert_eq!(region.field(), "filter.region");
    let cpv = search(&m.sara, "", json!({ "cpv": "cleaning" })).await;
    assert_eq!(cpv.field(), "filter.cpv");
    let staff = search(&m.sara, "", json!({ "minStaff": 50, "maxStaff": 10 })).await;
    assert_eq!(staff.code(), "BAD_USER_INPUT");
    let page = m
        .sara
        .gql("{ searchPartners(first: 0) { totalCount } }", json!({}))
        .await;
    assert_eq!(page.field(), "first");
    let stale = update_profile(&m.erik, &m.wise, 0, json!({})).await;
    assert_eq!(stale.code(), "FORBIDDEN", "only members write a profile");
    let conflict = update_profile(&m.sara, &m.wise, 0, json!({})).await;
    assert_eq!(conflict.code(), "CONFLICT", "revision 0 when one exists");
    let bad_region =
        update_profile(&m.sara, &m.wise, 1, json!({ "regionsServed": ["Mars"] })).await;
    assert_eq!(bad_region.field(), "regionsServed[0]");
}

fn ids(hits: &samspill::search::PartnerHits) -> Vec<i64> {
    hits.hits.iter().map(|h| h.organisation_id).collect()
}

/// A change committed while no index follows (as in a crash between commit and indexing) is
/// applied when an index on disk opens again; a rebuild gives the same answers.
async fn index_converges_after_a_crash_and_equals_a_rebuild(backend: Backend) {
    let m = market(backend).await;
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "search-{}-{}",
        std::process::id(),
        m.app.addr.port()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let store = m.app.store.clone();
    let on_disk = TantivyIndex::open(&dir).unwrap();
    follow_outbox(store.as_ref(), &on_disk).await.unwrap();
    let query = |text: &str| PartnerQuery {
        text: text.into(),
        signed_in: true,
        limit: 10,
        ..PartnerQuery::default()
    };
    assert_eq!(
        ids(&on_disk.search_partners(&query("städning")).await.unwrap()).len(),
        1
    );

    let wise_id = {
        let text = base64_decode(&m.wise);
        text.split_once(':').unwrap().1.parse::<i64>().unwrap()
    };
    let profile = store.profile(wise_id).await.unwrap().unwrap();
    let mut content = profile.content.clone();
    content.services_description = "Vi erbjuder trädgårdsskötsel och snöröjning.".into();
    store
        .save_profile(
            wise_id,
            &content,
            profile.revision,
            profile.updated_by,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    drop(on_disk); // the "crash": the commit is in the database, not in this index

    let reopened = TantivyIndex::open(&dir).unwrap();
    assert!(ids(&reopened
        .search_partners(&query("snöröjning"))
        .await
        .unwrap())
    .is_empty());
    assert!(follow_outbox(store.as_ref(), &reopened).await.unwrap() >= 1);
    assert_eq!(
        ids(&reopened
            .search_partners(&query("snöröjningen"))
            .await
            .unwrap()),
        vec![wise_id]
    );
    assert!(ids(&reopened.search_partners(&query("städning")).await.unwrap()).is_empty());

    let rebuilt = TantivyIndex::in_memory().unwrap();
    rebuild(store.as_ref(), &rebuilt).await.unwrap();
    for text in ["", "snöröjning", "cleaning", "clening", "städning"] {
        for signed_in in [true, false] {
            let q = PartnerQuery {
                signed_in,
                ..query(text)
            };
            let incremental = reopened.search_partners(&q).await.unwrap();
            let full = rebuilt.search_partners(&q).await.unwrap();
            assert_eq!(incremental, full, "query {text:?}, signed in: {signed_in}");
        }
    }
    drop(reopened);
    let _ = std::fs::remove_dir_all(&dir);
}

fn base64_decode(id: &str) -> String {
    use base64::Engine;
    String::from_utf8(
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(id)
            .unwrap(),
    )
    .unwrap()
}

on_both_databases!(
    partners_are_found_by_what_they_do,
    odd_queries_are_safe,
    index_converges_after_a_crash_and_equals_a_rebuild,
);
