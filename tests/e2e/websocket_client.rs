//! A small graphql-transport-ws client for tests that subscribe.

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::time::Duration;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens a socket and completes `connection_init`, with a bearer token or anonymously.
pub async fn open(app: &crate::helpers::TestApp, token: Option<&str>) -> Socket {
    open_url(&app.ws_url(), token).await
}

/// As [`open`], for a server at `url` (`ws://host:port/graphql`).
pub async fn open_url(url: &str, token: Option<&str>) -> Socket {
    let mut request = url.into_client_request().unwrap();
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    let payload = token.map_or(json!({}), |t| json!({ "token": t }));
    socket
        .send(Message::Text(
            json!({ "type": "connection_init", "payload": payload })
                .to_string()
                .into(),
        ))
        .await
        .unwrap();
    assert_eq!(receive(&mut socket).await["type"], "connection_ack");
    socket
}

/// The next JSON message; the timeout only turns a hang into a failure.
pub async fn receive(socket: &mut Socket) -> Value {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("no message in time")
            .unwrap()
            .unwrap();
        if let Message::Text(text) = message {
            return serde_json::from_str(text.as_str()).unwrap();
        }
    }
}

/// The event log's current position (`liveCursor`), from the server at `graphql_url` (http).
pub async fn live_cursor(graphql_url: &str) -> String {
    let reply: Value = reqwest::Client::new()
        .post(graphql_url)
        .json(&json!({ "query": "{ liveCursor }" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    reply["data"]["liveCursor"]
        .as_str()
        .expect("liveCursor")
        .to_owned()
}

/// Subscribes with `after` set to the log's current position, so nothing written from now on
/// is missed while the server sets the subscription up. `query` declares `$after: String`.
pub async fn subscribe_from_now(socket: &mut Socket, graphql_url: &str, id: &str, query: &str) {
    let after = live_cursor(graphql_url).await;
    let message = json!({ "type": "subscribe", "id": id, "payload": { "query": query, "variables": { "after": after } } });
    socket
        .send(Message::Text(message.to_string().into()))
        .await
        .unwrap();
}

/// The code of the close frame the server sends next (within 10 s); panics on anything else.
pub async fn closed_with(socket: &mut Socket) -> u16 {
    match tokio::time::timeout(std::time::Duration::from_secs(10), socket.next()).await {
        Ok(Some(Ok(Message::Close(Some(frame))))) => u16::from(frame.code),
        other => panic!("expected a close frame, got {other:?}"),
    }
}

/// Opens a socket to `url`, with a session cookie in the handshake or a token in
/// `connection_init`, and starts a notifications subscription.
pub async fn subscribed_to_notifications(
    url: &str,
    origin: &str,
    cookie: Option<&str>,
    token: Option<&str>,
) -> Socket {
    let mut request = url.into_client_request().unwrap();
    let headers = request.headers_mut();
    headers.insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    if let Some(cookie) = cookie {
        // A browser sends its page's origin with the cookie; the server checks it.
        headers.insert("origin", origin.parse().unwrap());
        headers.insert("cookie", cookie.parse().unwrap());
    }
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    let payload = token.map_or(json!({}), |t| json!({ "token": t }));
    let init = json!({ "type": "connection_init", "payload": payload });
    socket
        .send(Message::Text(init.to_string().into()))
        .await
        .unwrap();
    assert_eq!(
        crate::websocket_client::receive(&mut socket).await["type"],
        "connection_ack"
    );
    let subscribe = json!({ "type": "subscribe", "id": "n", "payload": { "query": "subscription { \
                                                                                   notifications \
                                                                                   { cursor notification { message } } }" } });
    socket
        .send(Message::Text(subscribe.to_string().into()))
        .await
        .unwrap();
    socket
}
