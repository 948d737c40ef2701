//! GraphQL over HTTP to the spec, request limits and the operational endpoints.

use crate::helpers::{Backend, TestApp};
use crate::on_both_databases;
use serde_json::{json, Value};

async fn post_raw(
    app: &TestApp,
    content_type: &str,
    accept: &str,
    body: impl Into<reqwest::Body>,
) -> (u16, String, Value) {
    let response = reqwest::Client::new()
        .post(app.url("/graphql"))
        .header("content-type", content_type)
        .header("accept", accept)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let media = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, media, response.json().await.unwrap_or(Value::Null))
}

/// Posts a JSON body of `size` bytes over a raw connection, reading the answer while still
/// writing: the server may answer 413 and close before the upload ends, and an HTTP client that
/// only reads after writing would see a reset instead of the answer.
async fn post_huge(app: &TestApp, size: usize) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let head = format!(
        "POST /graphql HTTP/1.1\r\nhost: {}\r\ncontent-type: application/json\r\ncontent-length: \
         {size}\r\nconnection: close\r\n\r\n",
        app.addr
    );
    let upload = tokio::spawn(async move {
        let _ = writer.write_all(head.as_bytes()).await;
        let chunk = vec![b' '; 64 * 1024];
        for _ in 0..size / chunk.len() {
            if writer.write_all(&chunk).await.is_err() {
                return;
            }
        }
    });
    let mut answer = Vec::new();
    let _ = reader.read_to_end(&mut answer).await;
    upload.abort();
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

async fn user_count(app: &TestApp) -> usize {
    let admin_view = app
        .store
        .user_for_login(&samspill::domain::Email::parse("eve@x.se").unwrap())
        .await
        .unwrap();
    usize::from(admin_view.is_some())
}

const REGISTER_EVE: &str = r#"{"query":"mutation { register(input: {email: \"eve@x.se\", name: \"Eve\", password: \"long enough pw\"}) { user { id } } }"}"#;

/// Bodies a browser can send cross-site without a preflight are refused, so a session cookie
/// cannot be ridden from another site; none of them changes anything.
async fn simple_request_bodies_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "",
    ] {
        let (status, _, body) =
            post_raw(&app, content_type, "application/json", REGISTER_EVE).await;
        assert_eq!(status, 415, "{content_type}");
        assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    }
    assert_eq!(user_count(&app).await, 0);
    let (status, _, _) = post_raw(
        &app,
        "application/json; charset=utf-8",
        "application/json",
        REGISTER_EVE,
    )
    .await;
    assert_eq!(status, 200, "the same request as JSON works");
    assert_eq!(user_count(&app).await, 1);
}

/// Malformed JSON, batches and oversized bodies get 4xx answers with a GraphQL error body.
async fn malformed_batched_and_huge_bodies(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (status, media, body) = post_raw(
        &app,
        "application/json",
        "application/graphql-response+json",
        "{\"query\": ",
    )
    .await;
    assert_eq!(
        (status, body["errors"][0]["extensions"]["code"].as_str()),
        (400, Some("BAD_USER_INPUT"))
    );
    assert!(media.starts_with("application/graphql-response+json"));

    let batch = format!("[{REGISTER_EVE},{REGISTER_EVE}]");
    let (status, _, body) = post_raw(&app, "application/json", "application/json", batch).await;
    assert_eq!(status, 400);
    assert!(body["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("Batched"));

    let (status, body) = post_huge(&app, 10 * 1024 * 1024).await;
    assert_eq!(status, 413);
    assert!(body.contains("The request body is too large."), "{body}");
    assert_eq!(user_count(&app).await, 0);
}

/// Request errors are 400 with application/graphql-response+json and 200 with application/json;
/// a client that accepts neither gets 406.
async fn status_codes_follow_the_media_type(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let invalid = r#"{"query":"{ noSuchField }"}"#;
    let (status, media, body) = post_raw(
        &app,
        "application/json",
        "application/graphql-response+json",
        invalid,
    )
    .await;
    assert_eq!(status, 400);
    assert!(media.starts_with("application/graphql-response+json"));
    assert!(
        body.get("data").is_none(),
        "a request error has no data entry"
    );
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    let (status, media, _) = post_raw(&app, "application/json", "application/json", invalid).await;
    assert_eq!(status, 200);
    assert!(media.starts_with("application/json"));
    let (status, _, _) = post_raw(
        &app,
        "application/json",
        "text/html",
        r#"{"query":"{ me { id } }"}"#,
    )
    .await;
    assert_eq!(status, 406);
    // A field error keeps 200 and partial data.
    let (status, _, body) = post_raw(
        &app,
        "application/json",
        "application/graphql-response+json",
        r#"{"query":"mutation { logout }"}"#,
    )
    .await;
    assert_eq!((status, &body["data"]["logout"]), (200, &json!(true)));
}

/// GET runs queries; a mutation over GET is 405 with `Allow: POST` and changes nothing.
async fn get_runs_queries_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let client = reqwest::Client::new();
    let query = client
        .get(app.url("/graphql"))
        .query(&[
            ("query", "query Who { me { id } }"),
            ("operationName", "Who"),
        ])
        .header("accept", "application/graphql-response+json")
        .send()
        .await
        .unwrap();
    assert_eq!(query.status(), 200);
    assert_eq!(
        query.json::<Value>().await.unwrap()["data"]["me"],
        Value::Null
    );

    let mutation = client
        .get(app.url("/graphql"))
        .query(&[(
            "query",
            "mutation { register(input: {email: \"eve@x.se\", name: \"Eve\", \
             password: \"long enough pw\"}) { user { id } } }",
        )])
        .send()
        .await
        .unwrap();
    assert_eq!(mutation.status(), 405);
    assert_eq!(mutation.headers()["allow"], "POST");
    assert_eq!(user_count(&app).await, 0);

    let bad_variables = client
        .get(app.url("/graphql"))
        .query(&[("query", "{ me { id } }"), ("variables", "{not json")])
        .send()
        .await
        .unwrap();
    assert_eq!(bad_variables.status(), 400);
}

/// Depth, alias and complexity limits stop abusive queries before they run.
async fn query_limits(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let client = app.browser();
    let aliases: String = (0..31).map(|i| format!("a{i}: me {{ id }} ")).collect();
    let reply = client.gql(&format!("{{ {aliases} }}"), json!({})).await;
    assert_eq!((reply.status, reply.code()), (400, "BAD_USER_INPUT"));
    assert!(reply.message().contains("aliases"));

    // Aliases inside a fragment count once per spread.
    let fragment: String = (0..8).map(|i| format!("f{i}: me {{ id }} ")).collect();
    let spreads = "{ ...F ...F ...F ...F }";
    let reply = client
        .gql(
            &format!("{spreads} fragment F on QueryRoot {{ {fragment} }}"),
            json!({}),
        )
        .await;
    assert!(reply.message().contains("32 aliases"), "{}", reply.body);
    // Fragments that spread each other twice at every level are counted without blowing up.
    let nested: String = (0..40)
        .map(|i| {
            format!(
                "fragment N{i} on QueryRoot {{ a: me {{ id }} ...N{n} ...N{n} }} ",
                n = i + 1
            )
        })
        .collect();
    let reply = client
        .gql(
            &format!("{{ ...N0 }} {nested} fragment N40 on QueryRoot {{ me {{ id }} }}"),
            json!({}),
        )
        .await;
    assert_eq!(reply.status, 400);
    // Without aliases, a fragment "billion laughs" is refused by its expanded size, at once.
    let laughs: String = (0..30)
        .map(|i| {
            format!(
                "fragment L{i} on QueryRoot {{ me {{ id }} ...L{n} ...L{n} }} ",
                n = i + 1
            )
        })
        .collect();
    // Expanding 2^30 spreads would never finish; the timeout only turns such a hang into a failure.
    let query = format!("{{ ...L0 }} {laughs} fragment L30 on QueryRoot {{ __typename }}");
    let reply = tokio::time::timeout(
        std::time::Duration::from_secs(60),
        client.gql(&query, json!({})),
    )
    .await
    .expect("the query was expanded instead of refused");
    assert_eq!(reply.status, 400);
    assert!(
        reply
            .message()
            .contains("fields once its fragments are expanded"),
        "{}",
        reply.body
    );

    let deep = "{ organisations(first: 1) { edges { node { members(first: 1) { edges { node { \
                organisation { members(first: 1) { edges { node { organisation { members(first: \
                1) { edges { node { role } } } } } } } } } } } } } } }";
    let reply = client.gql(deep, json!({})).await;
    assert_eq!(reply.status, 400);
    assert!(
        reply.message().to_lowercase().contains("too deep")
            || reply.message().to_lowercase().contains("depth"),
        "{}",
        reply.message()
    );
}

/// With introspection off, the schema cannot be read and field suggestions are not given.
async fn introspection_can_be_switched_off(backend: Backend) {
    let closed = TestApp::spawn_with(backend, |config| config.introspection = false).await;
    // async-graphql answers a disabled introspection field with null rather than an error.
    let reply = closed
        .browser()
        .gql("{ __schema { types { name } } }", json!({}))
        .await;
    assert!(reply.body["data"]["__schema"].is_null(), "{}", reply.body);
    let typo = closed
        .browser()
        .gql("{ organisatons(first: 1) { edges { cursor } } }", json!({}))
        .await;
    assert!(
        !typo.message().contains("Did you mean"),
        "{}",
        typo.message()
    );
    let graphiql = reqwest::Client::new()
        .get(closed.url("/graphql"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(graphiql.status(), 406);

    let open = TestApp::spawn(backend).await;
    let reply = open
        .browser()
        .gql("{ __schema { queryType { name } } }", json!({}))
        .await;
    assert_eq!(reply.str("__schema.queryType.name"), "QueryRoot");
    let graphiql = reqwest::Client::new()
        .get(open.url("/graphql"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(graphiql.status(), 200);
    assert!(graphiql.text().await.unwrap().contains("graphiql"));
}

/// Health, readiness and metrics answer, and metrics count operations by name.
async fn operational_endpoints(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let client = reqwest::Client::new();
    assert_eq!(
        client
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let ready = client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.json::<Value>().await.unwrap()["status"], "ready");
    app.browser()
        .gql("query WhoAmI { me { id } }", json!({}))
        .await;
    let metrics = client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(
            r#"samspill_graphql_requests_total{operation="WhoAmI",transport="http",outcome="ok"} 1"#
        ),
        "{metrics}"
    );
    assert!(metrics.contains("samspill_graphql_latency_seconds_bucket"));
    assert!(metrics.contains("samspill_websockets_open"));
    assert!(metrics.contains("samspill_db_pool_connections"));
}

on_both_databases!(
    simple_request_bodies_are_refused,
    malformed_batched_and_huge_bodies,
    status_codes_follow_the_media_type,
    get_runs_queries_only,
    query_limits,
    introspection_can_be_switched_off,
    operational_endpoints,
);
