//! The read path: how many SQL statements a page costs (counted per request by the store's
//! statement counter and read from `/metrics`), response fields in the order asked for, and a
//! pool that notices a dropped database connection.

use crate::helpers::{Backend, Client, TestApp, GOTEBORG, TRONDHEIM};
use crate::on_both_databases;
use crate::operations::{change_status, create_need_from};
use serde_json::{json, Value};
use std::time::Duration;

/// Announced needs in the data set: enough for the largest page.
const NEEDS: usize = 100;

/// The fields of a need the web app's pipeline shows (`NeedCard`), with lots and the main CPV
/// code's label as the needs page of the benchmark asks for them.
const CARD: &str = "id title summary language status hasReservedPart \
                    buyer { id name verified } place { country regionName municipality } flags { innovative } \
                    employmentRequirement { variant } dates { questionsDeadline expectedTenderPublication } \
                    lots { number title cpv { code label } } mainCpv { code label }";

struct DataSet {
    app: TestApp,
    visitor: Client,
    /// A need with a co-buyer.
    joint: String,
}

/// Two municipalities; Göteborg announces [`NEEDS`] needs with one to three lots each, every
/// fifth with Trondheim as co-buyer (asked, and accepted by Trondheim), through the API.
async fn data_set(backend: Backend) -> DataSet {
    let app = TestApp::spawn_with(backend, |config| {
        config.limits.max_complexity = 100_000;
    })
    .await;
    crate::needs::import_codes(&app).await;
    let anna = app.browser();
    anna.register("anna@goteborg.se", "Anna").await;
    let goteborg = anna
        .create_org("MUNICIPALITY", "Göteborgs Stad", "SE", GOTEBORG)
        .await
        .str("createOrganisation.id");
    let ingrid = app.browser();
    ingrid.register("ingrid@trondheim.no", "Ingrid").await;
    let trondheim = ingrid
        .create_org("MUNICIPALITY", "Trondheim kommune", "NO", TRONDHEIM)
        .await
        .str("createOrganisation.id");
    let cpvs = ["90910000", "90620000", "55520000", "77310000"];
    let mut joint = String::new();
    for n in 0..NEEDS {
        let lots: Vec<Value> = (0..=(n % 3))
            .map(|l| json!({ "title": format!("Lot {l}"), "cpv": cpvs[(n + l) % cpvs.len()] }))
            .collect();
        let need = json!({
            "title": format!("Need {n}"), "summary": "A summary.", "mainCpv": cpvs[n % cpvs.len()],
            "place": { "country": "SE", "nutsCode": "SE232", "municipality": "Göteborg" },
            "contractNature": "SERVICES", "procedureType": "OPEN", "lots": lots,
        });
        let co_buyers = if n % 5 == 0 {
            json!([trondheim])
        } else {
            json!([])
        };
        let created = create_need_from(
            &anna,
            json!({ "buyerId": goteborg, "coBuyerIds": co_buyers, "need": need }),
        )
        .await;
        let id = change_status(&anna, &created, "ANNOUNCED").await.id;
        if n % 5 == 0 {
            // A co-buyer is named only once one of its admins accepts.
            ingrid
                .gql(
                    "mutation($n: ID!, $o: ID!) { answerCoBuyerRequest(needId: $n, \
                     organisationId: $o, accept: true) }",
                    json!({ "n": id, "o": trondheim }),
                )
                .await
                .data("answerCoBuyerRequest");
            joint = id;
        }
    }
    let visitor = app.browser();
    DataSet {
        app,
        visitor,
        joint,
    }
}

/// The SQL statements the named operation has run so far, from `/metrics`.
async fn statements_so_far(app: &TestApp, operation: &str) -> u64 {
    let metrics = reqwest::get(app.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let prefix = format!("samspill_graphql_sql_statements_sum{{operation=\"{operation}\"}} ");
    metrics
        .lines()
        .find_map(|line| line.strip_prefix(&prefix))
        .map(|sum| sum.trim().parse::<f64>().unwrap() as u64)
        .unwrap_or(0)
}

/// Runs one named operation and returns how many SQL statements it ran, and its data.
async fn counted(set: &DataSet, operation: &str, query: &str, variables: Value) -> (u64, Value) {
    let before = statements_so_far(&set.app, operation).await;
    let reply = set
        .visitor
        .gql(&format!("query {operation}{query}"), variables)
        .await;
    assert!(reply.body.get("errors").is_none(), "{}", reply.body);
    let data = reply.body["data"].clone();
    let after = statements_so_far(&set.app, operation).await;
    (after - before, data)
}

/// A page of needs costs the same number of SQL statements whether it holds 1, 20 or 100
/// needs, for `needs(first:)` with buyer, co-buyers, lots and CPV labels, and for the web
/// app's `searchNeeds` page; and never more than three (needs, organisations, CPV labels),
/// with co-buyers read only when asked for. One need by id with its buyer takes two.
async fn a_page_costs_the_same_statements_at_any_length(backend: Backend) {
    let set = data_set(backend).await;
    let page = format!(
        "($n: Int!) {{ needs(first: $n) {{ edges {{ node {{ {CARD} coBuyers {{ name }} }} }} }} }}"
    );
    let mut counts = Vec::new();
    for n in [1, 20, 100] {
        let (count, data) = counted(&set, &format!("NeedsPage{n}"), &page, json!({ "n": n })).await;
        let edges = data["needs"]["edges"].as_array().unwrap();
        assert_eq!(edges.len(), n, "page of {n}");
        for edge in edges {
            assert_eq!(edge["node"]["buyer"]["name"], "Göteborgs Stad");
            assert!(edge["node"]["mainCpv"]["label"].is_string(), "{edge}");
            assert!(
                edge["node"]["lots"][0]["cpv"]["label"].is_string(),
                "{edge}"
            );
        }
        if n == 100 {
            let co_buyers: Vec<&Value> = edges
                .iter()
                .flat_map(|e| e["node"]["coBuyers"].as_array().unwrap())
                .collect();
            assert_eq!(co_buyers.len(), NEEDS / 5);
            assert!(co_buyers.iter().all(|c| c["name"] == "Trondheim kommune"));
        }
        counts.push(count);
    }
    assert!(counts[0] > 0, "the statement counter counted nothing");
    assert_eq!(
        counts[0], counts[1],
        "needs page of 1 and of 20: {counts:?}"
    );
    assert_eq!(
        counts[1], counts[2],
        "needs page of 20 and of 100: {counts:?}"
    );
    assert!(counts[0] <= 3, "needs page: {counts:?}");

    // Without co-buyers, lots' labels or the buyer, the list alone.
    let (bare, _) = counted(
        &set,
        "BareNeeds",
        "{ needs(first: 100) { edges { node { id title lots { number } } } } }",
        json!({}),
    )
    .await;
    assert_eq!(bare, 1, "a page of needs alone is one statement");

    // The web app's pipeline: search, then the hits read together.
    let search = format!(
        "($n: Int!) {{ searchNeeds(query: \"\", filter: {{}}, first: $n) {{ totalCount matches {{ \
         snippet need {{ {CARD} }} }} }} }}"
    );
    let data = crate::helpers::caught_up(Duration::from_secs(30), || async {
        let (_, data) = counted(&set, "Warmup", &search, json!({ "n": 1 })).await;
        (data["searchNeeds"]["totalCount"] == json!(NEEDS), data)
    })
    .await;
    assert_eq!(
        data["searchNeeds"]["totalCount"],
        json!(NEEDS),
        "the index never caught up: {data}"
    );
    let mut counts = Vec::new();
    for n in [1, 20, 100] {
        let (count, data) =
            counted(&set, &format!("SearchPage{n}"), &search, json!({ "n": n })).await;
        assert_eq!(data["searchNeeds"]["matches"].as_array().unwrap().len(), n);
        counts.push(count);
    }
    assert_eq!(
        counts[0], counts[1],
        "search page of 1 and of 20: {counts:?}"
    );
    assert_eq!(
        counts[1], counts[2],
        "search page of 20 and of 100: {counts:?}"
    );
    assert!(counts[0] <= 3, "search page: {counts:?}");

    let (one, data) = counted(
        &set,
        "OneNeed",
        "($id: ID!) { need(id: $id) { title buyer { name } coBuyers { name } } }",
        json!({ "id": set.joint }),
    )
    .await;
    assert_eq!(data["need"]["coBuyers"][0]["name"], "Trondheim kommune");
    assert_eq!(one, 2, "one need with its buyer and co-buyers");
}

/// Fields come back in the order the query asked for them (GraphQL specification, 7.1.1
/// "Serialized Map Ordering"), over HTTP: not sorted, and not in the order they finished (a
/// field that reads the database comes before `__typename` when asked for first), fragments
/// expanded where they are spread.
async fn fields_come_back_in_the_order_asked(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let query = "query { first: cpvCodes(query: \"90910000\", first: 1) { label code } \
                 second: __typename ...Rest zeta: cpvCodes(query: \"9091\", first: 2) { code ... on \
                 CpvCode { label } } } \
                 fragment Rest on QueryRoot { third: __typename alpha: __typename }";
    let response = reqwest::Client::new()
        .post(app.url("/graphql"))
        .json(&json!({ "query": query }))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!response.contains("errors"), "{response}");
    let at = |key: &str| {
        response
            .find(&format!("\"{key}\""))
            .unwrap_or_else(|| panic!("{key} missing: {response}"))
    };
    let order = ["first", "label", "code", "second", "third", "alpha", "zeta"];
    for pair in order.windows(2) {
        assert!(
            at(pair[0]) < at(pair[1]),
            "{} before {}: {response}",
            pair[0],
            pair[1]
        );
    }
    let zeta = &response[at("zeta")..];
    assert!(zeta.find("\"code\"") < zeta.find("\"label\""), "{response}");
}

on_both_databases!(
    a_page_costs_the_same_statements_at_any_length,
    fields_come_back_in_the_order_asked,
);

/// A dropped database connection is noticed and replaced: PostgreSQL ends every backend of the
/// app (as a restart or failover would), and once the pool's connections have been idle past
/// the check threshold the next requests succeed on new connections. PostgreSQL only: an
/// SQLite file in the same process has no connection that can drop.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_connection_is_replaced() {
    let app = TestApp::spawn(Backend::Postgres).await;
    let visitor = app.browser();
    let page = "{ needs(first: 5) { edges { node { id } } } cpvCodes(query: \"9091\", first: 1) { \
                code } }";
    visitor.gql(page, json!({})).await.data("cpvCodes");
    let url = &app.services.config.database_url;
    let database = url.expose().rsplit('/').next().unwrap().to_owned();
    let admin = sqlx::PgPool::connect(&crate::helpers::postgres_admin_url())
        .await
        .unwrap();
    let backends = || {
        sqlx::query_scalar::<_, i32>(
            "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'samspill'",
        )
        .bind(&database)
        .fetch_all(&admin)
    };
    let before = backends().await.unwrap();
    assert!(!before.is_empty(), "the app holds no connection");
    let ended: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND \
         application_name = 'samspill'",
    )
    .bind(&database)
    .fetch_all(&admin)
    .await
    .unwrap();
    assert!(ended.iter().all(|e| *e), "{ended:?}");
    // Idle past the threshold, as any connection is after a lull.
    tokio::time::sleep(samspill::store::IDLE_BEFORE_CHECK + Duration::from_millis(300)).await;
    for _ in 0..5 {
        let reply = visitor.gql(page, json!({})).await;
        assert!(reply.body.get("errors").is_none(), "{}", reply.body);
    }
    let after = backends().await.unwrap();
    assert!(!after.is_empty());
    assert!(
        after.iter().all(|pid| !before.contains(pid)),
        "{before:?} {after:?}"
    );
    admin.close().await;
}
