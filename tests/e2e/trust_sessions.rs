//! A running subscription ends with the credential it signed in with: revoking an API token or
//! logging out closes every websocket using it with 4403, at once and on every replica, without
//! waiting for the client's next `subscribe`; and a session that reaches its end closes them too.

use crate::helpers::{Backend, Client, TestApp, TestDb};
use crate::on_both_databases;
use crate::operations::api_token;
use crate::websocket_client::{closed_with, subscribed_to_notifications};
use futures_util::SinkExt;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

/// Registers over HTTP without a cookie jar and returns the session cookie (`name=value`).
async fn session_cookie(app_url: &str, email: &str) -> String {
    let reply = reqwest::Client::new()
        .post(app_url)
        .json(&json!({ "query": "mutation($i: RegisterInput!) { register(input: $i) { user { id } \
                                 } }",
                       "variables": { "i": { "email": email, "name": "Sam", "password": crate::helpers::PASSWORD } } }))
        .send()
        .await
        .unwrap();
    reply.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

/// A client that sends the session cookie itself on every request, as a browser does (no
/// cookie jar).
fn with_cookie(app_url: &str, cookie: &str) -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::COOKIE, cookie.parse().unwrap());
    Client {
        http: reqwest::Client::builder()
            .default_headers(headers)
            .build()
            .unwrap(),
        endpoint: app_url.to_owned(),
        bearer: None,
    }
}

/// Revoking a token closes the open subscription that signed in with it (4403), while a socket
/// signed in with another token of the same person stays open; logging out closes the socket
/// that came with the session cookie.
async fn ending_a_credential_closes_its_subscriptions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let graphql = app.url("/graphql");
    let origin = format!("http://{}", app.addr);
    let cookie = session_cookie(&graphql, "sam@wise.se").await;
    let browser = with_cookie(&graphql, &cookie);
    let first = api_token(&browser, "ws").await;
    let (token, token_id) = (first.token.as_str(), first.id.as_str());
    let second = api_token(&browser, "ws").await;
    let other = second.token.as_str();

    let mut by_token = subscribed_to_notifications(&app.ws_url(), &origin, None, Some(token)).await;
    let mut by_other = subscribed_to_notifications(&app.ws_url(), &origin, None, Some(other)).await;
    let mut by_cookie =
        subscribed_to_notifications(&app.ws_url(), &origin, Some(&cookie), None).await;

    let revoked = browser
        .gql(
            &format!("mutation {{ revokeApiToken(id: \"{token_id}\") }}"),
            json!({}),
        )
        .await
        .body;
    assert_eq!(revoked["data"]["revokeApiToken"], true, "{revoked}");
    assert_eq!(closed_with(&mut by_token).await, 4403);

    let logout = browser.gql("mutation { logout }", json!({})).await.body;
    assert!(logout.get("errors").is_none(), "{logout}");
    assert_eq!(closed_with(&mut by_cookie).await, 4403);

    // The other token still works on its open socket.
    let ping = json!({ "type": "ping" });
    by_other
        .send(Message::Text(ping.to_string().into()))
        .await
        .unwrap();
    assert_eq!(
        crate::websocket_client::receive(&mut by_other).await["type"],
        "pong"
    );
}

/// A session that reaches its expiry closes its websockets (4403) as a logout would, without
/// anything from the client.
async fn an_expiring_session_closes_its_subscriptions(backend: Backend) {
    use samspill::store::{CredentialKind, NewCredential};
    let app = TestApp::spawn(backend).await;
    let origin = format!("http://{}", app.addr);
    session_cookie(&app.url("/graphql"), "sam@wise.se").await;
    let email = samspill::domain::Email::parse("sam@wise.se").unwrap();
    let (user, _) = app.store.user_for_login(&email).await.unwrap().unwrap();
    // A second session of the same person, ending in two seconds.
    let plain = "a-short-session-made-by-the-test";
    let now = chrono::Utc::now();
    app.store
        .create_credential(&NewCredential {
            user_id: user.id,
            kind: CredentialKind::Session,
            name: None,
            token_hash: samspill::auth::hash_secret(plain),
            created_at: now,
            expires_at: Some(now + chrono::Duration::seconds(2)),
        })
        .await
        .unwrap();
    let cookie = format!("{}={plain}", samspill::auth::SESSION_COOKIE);
    let mut socket = subscribed_to_notifications(&app.ws_url(), &origin, Some(&cookie), None).await;
    assert_eq!(closed_with(&mut socket).await, 4403);
}

on_both_databases!(
    an_expiring_session_closes_its_subscriptions,
    ending_a_credential_closes_its_subscriptions
);

/// Two server processes on one PostgreSQL database: a token revoked through one closes the
/// subscription open on the other, through the event log.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revocation_reaches_other_replicas() {
    let db = TestDb::new(Backend::Postgres).await;
    let first = crate::process::serve(&db.dir, Some(&db.url)).await;
    let second = crate::process::serve(&db.dir, Some(&db.url)).await;
    let graphql = format!("http://{}/graphql", first.addr);
    let cookie = session_cookie(&graphql, "sam@wise.se").await;
    let browser = with_cookie(&graphql, &cookie);
    let created = api_token(&browser, "ws").await;
    let (token, token_id) = (created.token.as_str(), created.id.as_str());

    let origin = format!("http://{}", second.addr);
    let mut socket = subscribed_to_notifications(
        &crate::process::ws_url(second.addr),
        &origin,
        None,
        Some(token),
    )
    .await;
    browser
        .gql(
            &format!("mutation {{ revokeApiToken(id: \"{token_id}\") }}"),
            json!({}),
        )
        .await;
    assert_eq!(closed_with(&mut socket).await, 4403);
    first.stop().await;
    second.stop().await;
}
