//! Need search: public needs found by words in any form and by filters, with counts; drafts
//! never found; status changes followed; the live index equal to a rebuild; clear errors.

use crate::helpers::{Backend, Client, Reply, TestApp};
use crate::on_both_databases;
use crate::operations::{change_status, create_need, try_change_status};
use crate::scenario::Scenario;
use samspill::search::{rebuild, NeedSearch, SearchIndex, TantivyIndex};
use serde_json::{json, Value};

const SEARCH: &str = "query($q: String!, $f: NeedSearchFilter) { searchNeeds(query: $q, filter: \
                      $f) { totalCount matches { need { title status } snippet } facets { status \
                      { value count } region { value count } cpv { value count } reserved \
                      innovative } } }";

struct Pipeline {
    app: TestApp,
    anna: Client,
    visitor: Client,
    meals: (String, Value),
}

/// Creates a need for `buyer`, announced if asked; its id and revision.
pub async fn create(anna: &Client, buyer: &str, need: Value, announce: bool) -> (String, Value) {
    let mut need = create_need(anna, buyer, need).await;
    if announce {
        need = change_status(anna, &need, "ANNOUNCED").await;
    }
    (need.id, need.revision)
}

/// Göteborg announces a cleaning need with a reserved lot and an innovative school-meals
/// need, and keeps a window-cleaning draft.
async fn pipeline(backend: Backend) -> Pipeline {
    let s = Scenario::with_codes(backend).await;
    let (anna, buyer) = s.buyer().await.parts();
    let base = |title: &str, summary: &str, cpv: &str| {
        json!({
            "title": title, "summary": summary, "mainCpv": cpv,
            "place": { "country": "SE", "nutsCode": "SE232" },
            "contractNature": "SERVICES", "procedureType": "OPEN",
        })
    };
    let mut cleaning = base(
        "Städning av förskolor",
        "Lokalvård i kommunens förskolor, med ett reserverat delområde.",
        "90911200",
    );
    cleaning["lots"] = json!([{ "title": "Arbetsträning i städning", "reserved": true }]);
    create(&anna, &buyer, cleaning, true).await;
    let mut meals = base(
        "School meals from local produce",
        "Cooking and delivering lunches to twelve schools.",
        "55520000",
    );
    meals["flags"] = json!({ "innovative": true });
    let meals = create(&anna, &buyer, meals, true).await;
    create(
        &anna,
        &buyer,
        base(
            "Fönsterputs, hemligt utkast",
            "Ännu inte offentligt.",
            "90911200",
        ),
        false,
    )
    .await;
    Pipeline {
        visitor: s.anonymous(),
        app: s.app,
        anna,
        meals,
    }
}

async fn search(client: &Client, query: &str, filter: Value) -> Reply {
    client.gql(SEARCH, json!({ "q": query, "f": filter })).await
}

fn titles(reply: &Reply) -> Vec<String> {
    reply
        .data("searchNeeds.matches")
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["need"]["title"].as_str().unwrap().to_owned())
        .collect()
}

/// Waits until a search gives `expected` titles: the index follows writes within a moment.
async fn eventually(client: &Client, query: &str, filter: Value, expected: &[&str]) -> Reply {
    let vars = json!({ "q": query, "f": filter });
    let reply = client
        .once_caught_up(SEARCH, vars, |r| titles(r) == expected)
        .await;
    assert_eq!(titles(&reply), expected, "search for {query:?}");
    reply
}

async fn needs_are_found_by_words_and_filters(backend: Backend) {
    let p = pipeline(backend).await;
    // Newest first without words; the draft is nobody's search result, not even its buyer's.
    let all = eventually(
        &p.visitor,
        "",
        json!({}),
        &["School meals from local produce", "Städning av förskolor"],
    )
    .await;
    let facets = all.data("searchNeeds.facets");
    assert_eq!(
        facets["status"],
        json!([{ "value": "ANNOUNCED", "count": 2 }])
    );
    assert_eq!(
        facets["cpv"],
        json!([{ "value": "55", "count": 1 }, { "value": "90", "count": 1 }])
    );
    assert_eq!(
        (facets["reserved"].as_u64(), facets["innovative"].as_u64()),
        (Some(1), Some(1))
    );
    eventually(&p.anna, "hemligt", json!({}), &[]).await;

    eventually(
        &p.visitor,
        "städningen",
        json!({}),
        &["Städning av förskolor"],
    )
    .await;
    let inflected = eventually(
        &p.visitor,
        "förskolorna",
        json!({}),
        &["Städning av förskolor"],
    )
    .await;
    let snippet = inflected.data("searchNeeds.matches")[0]["snippet"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(snippet.contains("<mark>"), "{snippet}");
    eventually(
        &p.visitor,
        "lunch",
        json!({}),
        &["School meals from local produce"],
    )
    .await;
    eventually(
        &p.visitor,
        "shcool",
        json!({}),
        &["School meals from local produce"],
    )
    .await;
    eventually(
        &p.visitor,
        "",
        json!({ "reserved": true }),
        &["Städning av förskolor"],
    )
    .await;
    eventually(
        &p.visitor,
        "",
        json!({ "cpv": "55000000" }),
        &["School meals from local produce"],
    )
    .await;
    eventually(
        &p.visitor,
        "",
        json!({ "innovative": true, "region": "SE2" }),
        &["School meals from local produce"],
    )
    .await;
    eventually(&p.visitor, "", json!({ "region": "SE1" }), &[]).await;

    // A withdrawn need is still public, under its new status.
    let (id, revision) = &p.meals;
    try_change_status(&p.anna, id, revision, "WITHDRAWN", None)
        .await
        .data("changeNeedStatus");
    eventually(
        &p.visitor,
        "",
        json!({ "statuses": ["WITHDRAWN"] }),
        &["School meals from local produce"],
    )
    .await;
    eventually(
        &p.visitor,
        "",
        json!({ "statuses": ["ANNOUNCED", "IN_DIALOGUE"] }),
        &["Städning av förskolor"],
    )
    .await;
}

async fn need_search_refuses_bad_input_clearly(backend: Backend) {
    let p = pipeline(backend).await;
    let drafts = search(&p.anna, "", json!({ "statuses": ["DRAFT"] })).await;
    assert_eq!(
        (drafts.code(), drafts.field()),
        ("BAD_USER_INPUT", "filter.statuses")
    );
    let region = search(&p.visitor, "", json!({ "region": "XX9" })).await;
    assert_eq!(
        (region.code(), region.field()),
        ("BAD_USER_INPUT", "filter.region")
    );
    let cpv = search(&p.visitor, "", json!({ "cpv": "12" })).await;
    assert_eq!((cpv.code(), cpv.field()), ("BAD_USER_INPUT", "filter.cpv"));
    let long = search(&p.visitor, &"ord ".repeat(200), json!({})).await;
    assert_eq!((long.code(), long.field()), ("BAD_USER_INPUT", "query"));
    for odd in [
        "\"; DROP TABLE needs; --",
        "title:*",
        "((",
        "<script>",
        "\u{0}",
        "🧹",
    ] {
        let reply = search(&p.visitor, odd, json!({})).await;
        assert!(
            reply.body.get("errors").is_none(),
            "{odd:?}: {:#?}",
            reply.body
        );
    }
}

/// The live index, fed through the outbox, answers need searches exactly as a rebuild does.
async fn live_need_index_equals_a_rebuild(backend: Backend) {
    let p = pipeline(backend).await;
    eventually(
        &p.visitor,
        "",
        json!({}),
        &["School meals from local produce", "Städning av förskolor"],
    )
    .await;
    let rebuilt = TantivyIndex::in_memory().unwrap();
    rebuild(p.app.store.as_ref(), &rebuilt).await.unwrap();
    for text in ["", "städning", "school", "hemligt", "lokalvård"] {
        let q = NeedSearch {
            text: text.into(),
            limit: 10,
            ..NeedSearch::default()
        };
        let live = p.app.services.search.search_needs(&q).await.unwrap();
        let full = rebuilt.search_needs(&q).await.unwrap();
        assert_eq!(live, full, "query {text:?}");
    }
}

on_both_databases!(
    needs_are_found_by_words_and_filters,
    need_search_refuses_bad_input_clearly,
    live_need_index_equals_a_rebuild,
);
