//! graphql-transport-ws over a real websocket (tokio-tungstenite as the client): every close
//! code, both ways of authenticating, the Origin check, a live subscription end to end and the
//! close frame on shutdown.

use crate::helpers::{token_of, Backend, TestApp, GOTEBORG};
use crate::on_both_databases;
use crate::operations::api_token;
use crate::scenario::{Member, Scenario};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::time::Duration;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::Message;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Nothing in these tests should take this long; it only stops a broken server from hanging CI.
const PATIENCE: Duration = Duration::from_secs(10);

struct Handshake<'a> {
    protocol: Option<&'a str>,
    origin: Option<String>,
    cookie: Option<String>,
}

impl Default for Handshake<'_> {
    fn default() -> Self {
        Self {
            protocol: Some("graphql-transport-ws"),
            origin: None,
            cookie: None,
        }
    }
}

async fn open(
    app: &TestApp,
    handshake: Handshake<'_>,
) -> Result<Socket, tokio_tungstenite::tungstenite::Error> {
    let mut request = app.ws_url().into_client_request().unwrap();
    let headers = request.headers_mut();
    if let Some(protocol) = handshake.protocol {
        headers.insert("sec-websocket-protocol", protocol.parse().unwrap());
    }
    if let Some(origin) = handshake.origin {
        headers.insert("origin", origin.parse().unwrap());
    }
    if let Some(cookie) = handshake.cookie {
        headers.insert("cookie", cookie.parse().unwrap());
    }
    tokio_tungstenite::connect_async(request)
        .await
        .map(|(socket, _)| socket)
}

async fn send(socket: &mut Socket, message: Value) {
    socket
        .send(Message::Text(message.to_string().into()))
        .await
        .unwrap();
}

/// The next JSON message from the server.
async fn receive(socket: &mut Socket) -> Value {
    loop {
        let message = tokio::time::timeout(PATIENCE, socket.next())
            .await
            .expect("no message in time")
            .unwrap()
            .unwrap();
        match message {
            Message::Text(text) => return serde_json::from_str(text.as_str()).unwrap(),
            Message::Ping(_) | Message::Pong(_) => continue,
            other => panic!("expected a text message, got {other:?}"),
        }
    }
}

/// Waits for the server's close frame and returns its code.
async fn close_code(socket: &mut Socket) -> u16 {
    loop {
        match tokio::time::timeout(PATIENCE, socket.next())
            .await
            .expect("no close in time")
        {
            Some(Ok(Message::Close(Some(frame)))) => return u16::from(frame.code),
            Some(Ok(Message::Close(None))) => return u16::from(CloseCode::Status),
            Some(Ok(_)) => continue,
            other => panic!("connection ended without a close frame: {other:?}"),
        }
    }
}

async fn init(socket: &mut Socket, payload: Value) {
    send(
        socket,
        json!({ "type": "connection_init", "payload": payload }),
    )
    .await;
    assert_eq!(receive(socket).await["type"], "connection_ack");
}

async fn signed_in_token(app: &TestApp, email: &str) -> (crate::helpers::Client, String) {
    let browser = app.browser();
    browser.register(email, "Someone").await;
    let token = api_token(&browser, "ws").await.token;
    (browser, token)
}

/// Each protocol violation closes the socket with the code the protocol assigns to it.
async fn protocol_close_codes(backend: Backend) {
    let app = TestApp::spawn_with(backend, |config| {
        config.limits.connection_init_timeout = Duration::from_millis(300)
    })
    .await;
    let subscribe = |id: &str| json!({ "type": "subscribe", "id": id, "payload": { "query": "subscription { membershipChanged { change } }" } });

    let mut socket = open(&app, Handshake::default()).await.unwrap();
    socket.send(Message::Text("not json".into())).await.unwrap();
    assert_eq!(close_code(&mut socket).await, 4400, "invalid message");

    let mut socket = open(&app, Handshake::default()).await.unwrap();
    send(&mut socket, json!({ "type": "no_such_type" })).await;
    assert_eq!(close_code(&mut socket).await, 4400, "unknown message type");

    let mut socket = open(&app, Handshake::default()).await.unwrap();
    send(&mut socket, subscribe("1")).await;
    assert_eq!(close_code(&mut socket).await, 4401, "subscribe before ack");

    let mut socket = open(&app, Handshake::default()).await.unwrap();
    send(
        &mut socket,
        json!({ "type": "connection_init", "payload": { "authorization": "Bearer spt_wrong" } }),
    )
    .await;
    assert_eq!(
        close_code(&mut socket).await,
        4403,
        "a token that does not work"
    );

    let mut socket = open(
        &app,
        Handshake {
            protocol: None,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(close_code(&mut socket).await, 4406, "no subprotocol");

    let mut socket = open(&app, Handshake::default()).await.unwrap();
    assert_eq!(
        close_code(&mut socket).await,
        4408,
        "no connection_init in time"
    );

    let (_, token) = signed_in_token(&app, "sub@x.se").await;
    let mut socket = open(&app, Handshake::default()).await.unwrap();
    init(&mut socket, json!({ "token": token })).await;
    send(&mut socket, subscribe("same")).await;
    send(&mut socket, subscribe("same")).await;
    assert_eq!(
        close_code(&mut socket).await,
        4409,
        "duplicate subscription id"
    );

    let mut socket = open(&app, Handshake::default()).await.unwrap();
    init(&mut socket, json!({})).await;
    send(&mut socket, json!({ "type": "connection_init" })).await;
    assert_eq!(close_code(&mut socket).await, 4429, "second init");

    let mut socket = open(&app, Handshake::default()).await.unwrap();
    socket
        .send(Message::Binary(vec![1, 2, 3].into()))
        .await
        .unwrap();
    assert_eq!(close_code(&mut socket).await, 4400, "binary frame");
}

/// A token revoked while the socket is open stops working for the next operation; a token of
/// the wrong type in the payload is refused rather than ignored.
async fn revoked_tokens_stop_working_on_open_sockets(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (browser, token) = signed_in_token(&app, "rev@x.se").await;
    let mut socket = open(&app, Handshake::default()).await.unwrap();
    init(&mut socket, json!({ "token": token })).await;
    send(
        &mut socket,
        json!({ "type": "subscribe", "id": "1", "payload": { "query": "{ me { email } }" } }),
    )
    .await;
    assert_eq!(
        receive(&mut socket).await["payload"]["data"]["me"]["email"],
        "rev@x.se"
    );
    assert_eq!(receive(&mut socket).await["type"], "complete");

    let tokens = browser.gql("{ me { apiTokens { id } } }", json!({})).await;
    let id = tokens.data("me.apiTokens")[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    browser
        .gql(
            "mutation($id: ID!) { revokeApiToken(id: $id) }",
            json!({ "id": id }),
        )
        .await
        .data("revokeApiToken");
    send(
        &mut socket,
        json!({ "type": "subscribe", "id": "2", "payload": { "query": "{ me { email } }" } }),
    )
    .await;
    assert_eq!(close_code(&mut socket).await, 4403);

    let mut socket = open(&app, Handshake::default()).await.unwrap();
    send(
        &mut socket,
        json!({ "type": "connection_init", "payload": { "token": 42 } }),
    )
    .await;
    assert_eq!(close_code(&mut socket).await, 4403);
}

/// After `complete`, an id can be used again, and only the new operation's results carry it.
async fn ids_can_be_reused_after_complete(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut socket = open(&app, Handshake::default()).await.unwrap();
    init(&mut socket, json!({})).await;
    for round in 0..20 {
        let query = format!("query R{round} {{ me {{ id }} }}");
        send(
            &mut socket,
            json!({ "type": "subscribe", "id": "x", "payload": { "query": query } }),
        )
        .await;
        send(&mut socket, json!({ "type": "complete", "id": "x" })).await;
    }
    send(
        &mut socket,
        json!({ "type": "subscribe", "id": "x", "payload": { "query": "{ __typename }" } }),
    )
    .await;
    // Whatever the earlier rounds managed to send, the final operation's result arrives, then
    // its completion, and reusing the id caused no error or close.
    loop {
        let message = receive(&mut socket).await;
        assert_eq!(message["id"], "x");
        assert_ne!(message["type"], "error");
        if message["type"] == "next" && message["payload"]["data"]["__typename"] == "QueryRoot" {
            assert_eq!(
                receive(&mut socket).await,
                json!({ "type": "complete", "id": "x" })
            );
            break;
        }
    }
    send(&mut socket, json!({ "type": "ping" })).await;
    assert_eq!(receive(&mut socket).await["type"], "pong");
}

/// A websocket from a foreign page is refused at the handshake; our own origin is let in.
async fn origin_is_checked(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let foreign = open(
        &app,
        Handshake {
            origin: Some("https://evil.example".into()),
            ..Default::default()
        },
    )
    .await;
    match foreign {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), 403)
        }
        other => panic!("expected 403, got {:?}", other.map(|_| "a socket")),
    }
    let own = open(
        &app,
        Handshake {
            origin: Some(format!("http://{}", app.addr)),
            ..Default::default()
        },
    )
    .await;
    assert!(own.is_ok());
}

/// Ping is answered with pong; queries run over the socket too; a subscription that needs a
/// signed-in viewer fails with an error message, not a closed socket.
async fn ping_queries_and_errors(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut socket = open(&app, Handshake::default()).await.unwrap();
    init(&mut socket, json!({})).await;
    send(&mut socket, json!({ "type": "ping" })).await;
    assert_eq!(receive(&mut socket).await["type"], "pong");

    send(
        &mut socket,
        json!({ "type": "subscribe", "id": "q", "payload": { "query": "{ me { id } }" } }),
    )
    .await;
    let next = receive(&mut socket).await;
    assert_eq!(
        (next["type"].as_str(), next["id"].as_str()),
        (Some("next"), Some("q"))
    );
    assert!(next["payload"]["data"]["me"].is_null());
    assert_eq!(
        receive(&mut socket).await,
        json!({ "type": "complete", "id": "q" })
    );

    send(&mut socket, json!({ "type": "subscribe", "id": "bad", "payload": { "query": "subscription { nope }" } })).await;
    let error = receive(&mut socket).await;
    assert_eq!(error["type"], "error");
    assert_eq!(error["payload"][0]["extensions"]["code"], "BAD_USER_INPUT");

    send(&mut socket, json!({ "type": "subscribe", "id": "anon", "payload": { "query": "subscription { membershipChanged { change } }" } })).await;
    let refused = receive(&mut socket).await;
    assert_eq!(
        refused["payload"]["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{refused}"
    );
}

/// A membership change made over HTTP reaches the member's subscription, authenticated by the
/// session cookie of the handshake; other people's changes do not.
async fn membership_changes_arrive_live(backend: Backend) {
    let s = Scenario::start(backend).await;
    let Member {
        client: anna,
        org: org_id,
    } = s.buyer().await;
    let app = s.app;

    // Bo signs in with a cookie, as a browser would, and subscribes with that cookie.
    let bo_client = reqwest::Client::new();
    let login = bo_client
        .post(app.url("/graphql"))
        .json(
            &json!({ "query": "mutation { register(input: {email: \"bo@goteborg.se\", name: \
                               \"Bo\", password: \"long enough pw\"}) { user { id } } }" }),
        )
        .send()
        .await
        .unwrap();
    let cookie = login.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    app.confirm_email("bo@goteborg.se").await;
    let bo = crate::helpers::Client {
        http: reqwest::Client::new(),
        endpoint: app.url("/graphql"),
        bearer: None,
    };
    let mut socket = open(
        &app,
        Handshake {
            cookie: Some(cookie.clone()),
            origin: Some(format!("http://{}", app.addr)),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    init(&mut socket, json!({})).await;
    send(
        &mut socket,
        json!({ "type": "subscribe", "id": "m", "payload": { "query": "subscription { \
                                                                       membershipChanged { change \
                                                                       role organisation { name } \
                                                                       } }" } }),
    )
    .await;

    // An unrelated change (Anna's own organisation) is not Bo's business.
    anna.create_org("WISE", "Returbutiken", "SE", GOTEBORG)
        .await;
    let token = token_of(
        &anna
            .invite(&org_id, "bo@goteborg.se", "MEMBER")
            .await
            .str("inviteMember.acceptUrl"),
    );
    let accepted = bo
        .http
        .post(app.url("/graphql"))
        .header("cookie", &cookie)
        .json(
            &json!({ "query": "mutation($t: String!) { acceptInvitation(input: {token: $t}) { \
                               user { id } } }", "variables": { "t": token } }),
        )
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    let bo_id = accepted["data"]["acceptInvitation"]["user"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let event = receive(&mut socket).await;
    assert_eq!(event["id"], "m");
    assert_eq!(
        event["payload"]["data"]["membershipChanged"],
        json!({ "change": "ADDED", "role": "MEMBER", "organisation": { "name": "Göteborgs Stad" } })
    );

    let change = "mutation($o: ID!, $u: ID!) { changeMemberRole(input: {organisationId: $o, \
                  userId: $u, role: ADMIN}) { role } }";
    anna.gql(change, json!({ "o": org_id, "u": bo_id }))
        .await
        .data("changeMemberRole");
    let event = receive(&mut socket).await;
    assert_eq!(
        event["payload"]["data"]["membershipChanged"]["change"],
        "ROLE_CHANGED"
    );

    send(&mut socket, json!({ "type": "complete", "id": "m" })).await;
    send(&mut socket, json!({ "type": "ping" })).await;
    assert_eq!(
        receive(&mut socket).await["type"],
        "pong",
        "completed subscriptions send nothing more"
    );
}

/// Shutdown closes open websockets with 1001 and the server then stops.
async fn shutdown_closes_websockets(backend: Backend) {
    let mut app = TestApp::spawn(backend).await;
    let (_, token) = signed_in_token(&app, "late@x.se").await;
    let mut socket = open(&app, Handshake::default()).await.unwrap();
    init(
        &mut socket,
        json!({ "authorization": format!("Bearer {token}") }),
    )
    .await;
    send(&mut socket, json!({ "type": "subscribe", "id": "s", "payload": { "query": "subscription \
                                                                                     { membershipChanged { change } }" } })).await;
    app.begin_shutdown();
    assert_eq!(close_code(&mut socket).await, 1001);
    tokio::time::timeout(PATIENCE, app.wait_stopped())
        .await
        .expect("server did not stop")
        .unwrap();
    assert!(
        reqwest::Client::new()
            .get(app.url("/healthz"))
            .send()
            .await
            .is_err(),
        "no longer accepting"
    );
}

on_both_databases!(
    protocol_close_codes,
    origin_is_checked,
    revoked_tokens_stop_working_on_open_sockets,
    ids_can_be_reused_after_complete,
    ping_queries_and_errors,
    membership_changes_arrive_live,
    shutdown_closes_websockets,
);
