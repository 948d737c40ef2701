//! Finding needs, on both databases: every filter, order and page; saved-search alerts that fire
//! once; and the store's SQL filter deciding as the in-memory matcher does.

use crate::helpers::{Backend, Client};
use crate::needs::{id_number, need_input, next_payload, world};
use crate::on_both_databases;
use crate::operations::{api_token, save_search, update_need};
use serde_json::{json, Value};

/// Each filter finds exactly the needs it should; orders and pages follow the order.
async fn filters_order_and_pages(backend: Backend) {
    let w = world(backend).await;
    let mut cleaning = need_input("Cleaning schools", "90910000");
    cleaning["lots"] = json!([{ "title": "Reserved lot", "reserved": true, "quantity": { "amount": 20, "unit": "places" } }]);
    cleaning["flags"] = json!({ "socialObjective": true, "green": true });
    cleaning["estimatedValue"] = json!({ "max": 9000000, "currency": "SEK" });
    cleaning["dates"] = json!({ "expectedTenderPublication": "2027-05-01" });
    let mut snow = need_input("Snow clearing", "90620000");
    snow["place"] = json!({ "country": "NO", "nutsCode": "NO060", "municipality": "Trondheim" });
    snow["estimatedValue"] = json!({ "max": 3000000, "currency": "NOK" });
    snow["dates"] = json!({ "expectedTenderPublication": "2027-02-01" });
    let mut software = need_input("Welfare technology", "48000000");
    software["flags"] = json!({ "innovative": true });
    software["estimatedValue"] = Value::Null;
    software["dates"] = json!({});
    let mut counselling = need_input("Youth counselling", "85312320");
    counselling["reserved"] = json!("RES_WS");
    counselling["place"] = json!({ "country": "SE", "nutsCode": "SE110" });
    counselling["estimatedValue"] = json!({ "max": 5000000, "currency": "SEK" });
    counselling["dates"] = json!({ "expectedTenderPublication": "2027-04-01" });
    for need in [cleaning, snow, software, counselling.clone()] {
        w.announce(w.create(need).await).await;
    }
    let tendering = w
        .announce(
            w.create(counselling_like("Park maintenance", "77310000"))
                .await,
        )
        .await;
    w.walk(tendering, &["TENDERING"]).await;
    w.create(need_input("Still a draft", "90910000")).await;

    let all = [
        "Cleaning schools",
        "Park maintenance",
        "Snow clearing",
        "Welfare technology",
        "Youth counselling",
    ];
    let t = |f: Value| w.titles(&w.anonymous, f);
    assert_eq!(t(json!({})).await, all);
    assert_eq!(
        t(json!({ "cpv": ["90000000"] })).await,
        ["Cleaning schools", "Snow clearing"],
        "a division finds descendants"
    );
    assert_eq!(
        t(json!({ "cpv": ["85312320-8"] })).await,
        ["Youth counselling"],
        "the check digit is accepted"
    );
    assert_eq!(
        t(json!({ "cpv": ["85000000", "48000000"] })).await,
        ["Welfare technology", "Youth counselling"]
    );
    assert_eq!(
        t(json!({ "statuses": ["TENDERING"] })).await,
        ["Park maintenance"]
    );
    assert_eq!(t(json!({ "country": "NO" })).await, ["Snow clearing"]);
    assert_eq!(t(json!({ "region": "SE11" })).await, ["Youth counselling"]);
    assert_eq!(
        t(json!({ "region": "SE" })).await.len(),
        4,
        "a level-0 region is the country"
    );
    assert_eq!(t(json!({ "buyerIds": [w.goteborg] })).await.len(), 5);
    assert!(t(json!({ "buyerIds": [w.trondheim] })).await.is_empty());
    assert_eq!(
        t(json!({ "reserved": true })).await,
        ["Cleaning schools", "Youth counselling"],
        "need or lot reserved"
    );
    assert_eq!(
        t(json!({ "innovative": true })).await,
        ["Welfare technology"]
    );
    assert_eq!(
        t(json!({ "green": true, "socialObjective": true })).await,
        ["Cleaning schools"]
    );
    assert_eq!(
        t(json!({ "expectedTenderFrom": "2027-03-01", "expectedTenderTo": "2027-04-30" })).await,
        ["Park maintenance", "Youth counselling"]
    );
    assert_eq!(
        t(json!({ "expectedTenderFrom": "2027-04-01", "expectedTenderTo": "2027-04-01" })).await,
        ["Youth counselling"],
        "bounds are inclusive"
    );
    assert_eq!(t(json!({ "text": "CLEANING" })).await, ["Cleaning schools"]);
    assert_eq!(
        t(json!({ "text": "reserved lot" })).await,
        ["Cleaning schools"],
        "lot titles are searched"
    );
    assert!(
        t(json!({ "text": "100%_off" })).await.is_empty(),
        "LIKE wildcards match themselves"
    );
    assert_eq!(
        t(json!({ "announcedFrom": "2000-01-01T00:00:00Z" }))
            .await
            .len(),
        5
    );
    assert!(t(json!({ "announcedTo": "2000-01-01T00:00:00Z" }))
        .await
        .is_empty());
    for (filter, field) in [
        (json!({ "cpv": ["nonsense"] }), "cpv"),
        (json!({ "region": "XX999" }), "region"),
        (json!({ "buyerIds": ["bm9wZQ"] }), "buyerIds"),
        (json!({ "text": "x".repeat(201) }), "text"),
        (json!({ "text": "nul\u{0}byte" }), "text"),
        (
            json!({ "expectedTenderTo": "2999-01-01" }),
            "expectedTenderTo",
        ),
    ] {
        let reply = w
            .anonymous
            .gql(
                "query($f: NeedFilterInput) { needs(first: 5, filter: $f) { edges { cursor } } }",
                json!({ "f": filter }),
            )
            .await;
        assert_eq!(reply.field(), field);
    }

    let ordered = |order: &'static str| ordered_titles(&w.anonymous, order);
    assert_eq!(
        ordered("EXPECTED_TENDER").await,
        [
            "Snow clearing",
            "Park maintenance",
            "Youth counselling",
            "Cleaning schools",
            "Welfare technology"
        ]
    );
    assert_eq!(
        ordered("VALUE").await,
        [
            "Cleaning schools",
            "Youth counselling",
            "Snow clearing",
            "Park maintenance",
            "Welfare technology"
        ]
    );
    let newest = ordered("NEWEST").await;
    assert_eq!(newest[0], "Park maintenance");

    for order in ["NEWEST", "EXPECTED_TENDER", "VALUE"] {
        let mut seen = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let reply = w
                .anonymous
                .gql(
                    "query($o: NeedOrder, $a: String) { needs(first: 2, orderBy: $o, after: $a) { \
                     pageInfo { hasNextPage endCursor } edges { node { title } } } }",
                    json!({ "o": order, "a": after }),
                )
                .await;
            seen.extend(
                reply
                    .data("needs.edges")
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["node"]["title"].as_str().unwrap().to_owned()),
            );
            if reply.data("needs.pageInfo.hasNextPage") != true {
                break;
            }
            after = Some(reply.str("needs.pageInfo.endCursor"));
        }
        assert_eq!(
            seen,
            ordered(order).await,
            "paging through {order} gives the same order, each need once"
        );
    }
}

async fn ordered_titles(client: &Client, order: &str) -> Vec<String> {
    let reply = client
        .gql(
            "query($o: NeedOrder) { needs(first: 10, orderBy: $o) { edges { node { title } } } }",
            json!({ "o": order }),
        )
        .await;
    reply
        .data("needs.edges")
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["title"].as_str().unwrap().to_owned())
        .collect()
}

fn counselling_like(title: &str, cpv: &str) -> Value {
    let mut need = need_input(title, cpv);
    need["estimatedValue"] = json!({ "max": 2500000, "currency": "SEK" });
    need["dates"] = json!({ "expectedTenderPublication": "2027-03-15" });
    need
}

/// A saved search alerts its owner once per matching change: on announcement and on each
/// later edit, never for needs that do not match; live over the websocket as well.
async fn saved_search_alerts_fire_once(backend: Backend) {
    let w = world(backend).await;
    let saved = save_search(
        &w.sara,
        "Cleaning in Västsverige",
        json!({ "cpv": ["90900000"], "region": "SE2" }),
    )
    .await;
    assert_eq!(saved.str("saveSearch.name"), "Cleaning in Västsverige");
    let token = api_token(&w.sara, "ws").await.token;
    let mut socket = crate::websocket_client::open(&w.app, Some(&token)).await;
    let query = "subscription($after: String) { notifications(after: $after) { cursor \
                 notification { kind message need { title } } } }";
    crate::websocket_client::subscribe_from_now(
        &mut socket,
        &w.app.url("/graphql"),
        "alerts",
        query,
    )
    .await;

    let unread = || {
        w.sara.gql(
            "{ me { unreadNotificationCount notifications(first: 10) { edges { node { id \
             kind message } } } } }",
            json!({}),
        )
    };
    let draft = w.create(need_input("Office cleaning", "90910000")).await;
    assert_eq!(
        unread().await.data("me.unreadNotificationCount"),
        0,
        "drafts alert nobody"
    );
    let other = w.create(need_input("Snow clearing", "90620000")).await;
    w.announce(other).await;
    assert_eq!(
        unread().await.data("me.unreadNotificationCount"),
        0,
        "a need that does not match"
    );

    let announced = w.announce(draft).await;
    let live = next_payload(&mut socket).await;
    assert_eq!(
        live["data"]["notifications"]["notification"]["kind"],
        "SAVED_SEARCH_MATCH"
    );
    assert_eq!(
        live["data"]["notifications"]["notification"]["need"]["title"],
        "Office cleaning"
    );
    assert_eq!(unread().await.data("me.unreadNotificationCount"), 1);

    let mut edited = need_input("Office cleaning, extended", "90910000");
    edited["summary"] = json!("More buildings.");
    update_need(
        &w.anna,
        json!({ "id": announced["id"], "revision": announced["revision"], "need": edited }),
    )
    .await
    .data("updateNeed");
    let after_edit = unread().await;
    assert_eq!(
        after_edit.data("me.unreadNotificationCount"),
        2,
        "one more for the edit, not more"
    );
    let newest = after_edit.data("me.notifications.edges")[0]["node"].clone();
    assert!(newest["message"]
        .as_str()
        .unwrap()
        .contains("Cleaning in Västsverige"));
    assert_eq!(
        next_payload(&mut socket).await["data"]["notifications"]["notification"]["need"]["title"],
        "Office cleaning, extended"
    );

    let marked = w
        .sara
        .gql(
            "mutation($id: ID!) { markNotificationsRead(upTo: $id) }",
            json!({ "id": newest["id"] }),
        )
        .await;
    assert_eq!(marked.data("markNotificationsRead"), 2);
    assert_eq!(unread().await.data("me.unreadNotificationCount"), 0);
    let others = w
        .stranger
        .gql("{ me { unreadNotificationCount } }", json!({}))
        .await;
    assert_eq!(
        others.data("me.unreadNotificationCount"),
        0,
        "alerts reach only the search's owner"
    );
    let searches = w
        .sara
        .gql("{ me { savedSearches { id filter } } }", json!({}))
        .await;
    let search_id = searches.data("me.savedSearches")[0]["id"].clone();
    assert_eq!(
        searches.data("me.savedSearches")[0]["filter"]["region"],
        "SE2"
    );
    assert_eq!(
        w.stranger
            .gql(
                "mutation($id: ID!) { deleteSavedSearch(id: $id) }",
                json!({ "id": search_id })
            )
            .await
            .code(),
        "NOT_FOUND"
    );
    assert_eq!(
        w.sara
            .gql(
                "mutation($id: ID!) { deleteSavedSearch(id: $id) }",
                json!({ "id": search_id })
            )
            .await
            .data("deleteSavedSearch"),
        true
    );
}

/// The store's SQL filter and the in-memory matcher used for alerts decide alike.
async fn sql_filter_agrees_with_matcher(backend: Backend) {
    use samspill::domain::need::NeedFilter;
    use samspill::store::{NeedOrder, NeedQuery};
    let w = world(backend).await;
    let mut variants = Vec::new();
    for (i, (cpv, nuts, flags)) in [
        ("90910000", "SE232", json!({ "green": true })),
        ("90620000", "SE110", json!({ "innovative": true })),
        ("85312320", "SE232", json!({ "socialObjective": true })),
        ("48000000", "SE121", json!({ "smeSuitable": true })),
    ]
    .into_iter()
    .enumerate()
    {
        let mut need = need_input(&format!("Need number {i} cleaning"), cpv);
        // The first need is placed by municipality only; its region comes from the municipality.
        need["place"] = if i == 0 {
            json!({ "country": "SE", "municipality": "Göteborg" })
        } else {
            json!({ "country": "SE", "nutsCode": nuts })
        };
        need["flags"] = flags;
        if i == 3 {
            need["lots"] = json!([{ "title": "100% reserved_lot", "reserved": true }]);
            need["dates"] = json!({ "expectedTenderPublication": "2027-06-01" });
        }
        let created = w.create(need).await;
        variants.push(if i % 2 == 0 {
            w.announce(created).await
        } else {
            created
        });
    }
    let filters: Vec<NeedFilter> = [
        json!({}),
        json!({ "cpv": ["90000000"] }),
        json!({ "region": "SE23" }),
        json!({ "green": false }),
        json!({ "statuses": ["DRAFT"] }),
        json!({ "text": "number 2" }),
        json!({ "cpv": ["85000000"], "socialObjective": true }),
        json!({ "innovative": true, "region": "SE1" }),
        json!({ "region": "SE232" }),
        json!({ "reserved": true }),
        json!({ "reserved": false, "smeSuitable": false }),
        json!({ "country": "SE" }),
        json!({ "country": "NO" }),
        json!({ "text": "100%" }),
        json!({ "text": "%" }),
        json!({ "text": "reserved_lot" }),
        json!({ "text": "reserved lot" }),
        json!({ "expectedTenderFrom": "2027-04-01" }),
        json!({ "expectedTenderTo": "2027-04-01" }),
        json!({ "announcedFrom": "2000-01-01T00:00:00Z" }),
        json!({ "announcedTo": "2000-01-01T00:00:00Z" }),
        json!({ "buyers": [1] }),
        json!({ "buyers": [99] }),
    ]
    .into_iter()
    .map(|f| serde_json::from_value(f).unwrap())
    .collect();
    let everything = w
        .app
        .store
        .needs(&NeedQuery {
            filter: NeedFilter::default(),
            drafts_of: vec![id_number(&w.goteborg)],
            order: NeedOrder::Newest,
            after: None,
            first: 100,
        })
        .await
        .unwrap();
    assert_eq!(everything.len(), 4);
    for filter in filters {
        let query = NeedQuery {
            filter: filter.clone(),
            drafts_of: vec![id_number(&w.goteborg)],
            order: NeedOrder::Newest,
            after: None,
            first: 100,
        };
        let mut by_sql: Vec<i64> = w
            .app
            .store
            .needs(&query)
            .await
            .unwrap()
            .iter()
            .map(|n| n.id)
            .collect();
        let mut by_matcher: Vec<i64> = everything
            .iter()
            .filter(|n| filter.matches(&n.facts()))
            .map(|n| n.id)
            .collect();
        by_sql.sort_unstable();
        by_matcher.sort_unstable();
        assert_eq!(by_sql, by_matcher, "{filter:?}");
    }
}

on_both_databases!(
    filters_order_and_pages,
    saved_search_alerts_fire_once,
    sql_filter_agrees_with_matcher,
);
