//! Subscriptions over websockets, speaking graphql-transport-ws
//! (github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md) with all of its close codes:
//!
//! | code | when |
//! |------|------|
//! | 4400 | a message that is not valid JSON of a known type, or a binary frame |
//! | 4401 | `subscribe` before the server acknowledged `connection_init` |
//! | 4403 | `connection_init` carried a token that does not work |
//! | 4406 | the client did not ask for the `graphql-transport-ws` subprotocol |
//! | 4408 | no `connection_init` within the configured time (3 s by default) |
//! | 4409 | `subscribe` with an id that is already running |
//! | 4429 | a second `connection_init` |
//! | 1001 | the server is shutting down |
//!
//! Browsers attach cookies to websocket handshakes from any site, so the `Origin` header must
//! match the public URL before the session cookie is trusted; clients that send no Origin
//! (servers, scripts) cannot carry someone else's cookie and are let through.

use super::{session_cookie, AppState};
use crate::auth::{self, Presented, Viewer};
use crate::graphql::{ensure_error_codes, is_request_error, operation_name, RequestInfo};
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Instant;
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

pub const PROTOCOL: &str = "graphql-transport-ws";

/// Messages a client may send.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ClientMessage {
    ConnectionInit {
        #[serde(default)]
        payload: Option<serde_json::Value>,
    },
    Ping {
        #[serde(default)]
        payload: Option<serde_json::Value>,
    },
    Pong {
        #[serde(default)]
        #[allow(dead_code)]
        payload: Option<serde_json::Value>,
    },
    Subscribe {
        id: String,
        payload: Box<async_graphql::Request>,
    },
    Complete {
        id: String,
    },
}

/// Messages the server sends.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ServerMessage {
    ConnectionAck,
    Pong {
        #[serde(skip_serializing_if = "Option::is_none")]
        payload: Option<serde_json::Value>,
    },
    Next {
        id: String,
        payload: async_graphql::Response,
    },
    Error {
        id: String,
        payload: Vec<async_graphql::ServerError>,
    },
    Complete {
        id: String,
    },
}

/// Why the server closes the connection.
struct Close(u16, &'static str);

/// Checks the handshake and hands the socket to [`Connection::run`].
pub async fn upgrade(
    state: AppState,
    upgrade: WebSocketUpgrade,
    headers: &HeaderMap,
    peer: SocketAddr,
) -> Response {
    if let Some(origin) = headers.get(header::ORIGIN) {
        if origin.to_str().ok() != Some(state.services.config.public_origin().as_str()) {
            return (
                StatusCode::FORBIDDEN,
                "This origin may not open a websocket here.",
            )
                .into_response();
        }
    }
    let offered = headers
        .get_all(header::SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|p| p.trim() == PROTOCOL);
    let session = session_cookie(headers);
    let tracker = state.websockets.clone();
    upgrade.protocols([PROTOCOL]).on_upgrade(move |socket| {
        tracker.track_future(async move {
            let connection = Connection::new(state, session, peer);
            connection.run(socket, offered).await;
        })
    })
}

struct Connection {
    state: AppState,
    cookie_session: Option<String>,
    peer: SocketAddr,
    /// `Some` once `connection_init` was acknowledged.
    viewer: Option<Viewer>,
    init_received: bool,
    running: HashMap<String, AbortHandle>,
    outgoing: mpsc::Sender<ServerMessage>,
    outgoing_rx: Option<mpsc::Receiver<ServerMessage>>,
}

/// Counts open websockets in the metrics for as long as it lives.
struct OpenGauge(prometheus_client::metrics::gauge::Gauge);

impl Drop for OpenGauge {
    fn drop(&mut self) {
        self.0.dec();
    }
}

impl Connection {
    fn new(state: AppState, cookie_session: Option<String>, peer: SocketAddr) -> Self {
        // Bounded: a client that stops reading slows its own subscriptions, not the server.
        let (outgoing, outgoing_rx) = mpsc::channel(64);
        Self {
            state,
            cookie_session,
            peer,
            viewer: None,
            init_received: false,
            running: HashMap::new(),
            outgoing,
            outgoing_rx: Some(outgoing_rx),
        }
    }

    async fn run(mut self, socket: WebSocket, protocol_offered: bool) {
        self.state.metrics.websockets_open.inc();
        let _open = OpenGauge(self.state.metrics.websockets_open.clone());
        let (mut sink, mut stream) = socket.split();
        if !protocol_offered {
            let _ = sink
                .send(close_message(Close(4406, "Subprotocol not acceptable")))
                .await;
            return;
        }
        let Some(mut outgoing) = self.outgoing_rx.take() else {
            return;
        };
        let init_deadline =
            tokio::time::sleep(self.state.services.config.limits.connection_init_timeout);
        tokio::pin!(init_deadline);
        let shutdown = self.state.shutdown.clone();
        let close = loop {
            tokio::select! {
                _ = shutdown.cancelled() => break Some(Close(1001, "Server is shutting down")),
                _ = &mut init_deadline, if !self.init_received => break Some(Close(4408, "Connection initialisation timeout")),
                Some(message) = outgoing.recv() => {
                    if !self.still_running(&message) {
                        continue;
                    }
                    if sink.send(Message::Text(encode(&message).into())).await.is_err() {
                        break None;
                    }
                }
                incoming = stream.next() => match incoming {
                    Some(Ok(Message::Text(text))) => {
                        if let Err(close) = self.on_text(text.as_str()).await {
                            break Some(close);
                        }
                    }
                    Some(Ok(Message::Binary(_))) => break Some(Close(4400, "Binary messages are not supported")),
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break None,
                },
            }
        };
        for (_, task) in self.running.drain() {
            task.abort();
        }
        if let Some(close) = close {
            let _ = sink.send(close_message(close)).await;
            let _ = sink.close().await;
        }
    }

    /// Drops output for subscriptions the client already completed, and forgets a subscription
    /// once its last message goes out so that its id may be reused.
    fn still_running(&mut self, message: &ServerMessage) -> bool {
        match message {
            ServerMessage::Next { id, .. } => self.running.contains_key(id),
            ServerMessage::Error { id, .. } | ServerMessage::Complete { id } => {
                self.running.remove(id).is_some()
            }
            _ => true,
        }
    }

    async fn on_text(&mut self, text: &str) -> Result<(), Close> {
        let message: ClientMessage =
            serde_json::from_str(text).map_err(|_| Close(4400, "Invalid message received"))?;
        match message {
            ClientMessage::ConnectionInit { payload } => self.on_init(payload).await,
            ClientMessage::Ping { payload } => {
                let _ = self.outgoing.send(ServerMessage::Pong { payload }).await;
                Ok(())
            }
            ClientMessage::Pong { .. } => Ok(()),
            ClientMessage::Subscribe { id, payload } => self.on_subscribe(id, *payload),
            ClientMessage::Complete { id } => {
                if let Some(task) = self.running.remove(&id) {
                    task.abort();
                }
                Ok(())
            }
        }
    }

    /// Authenticates with a token from the payload (`{"authorization": "Bearer ..."}` or
    /// `{"token": "..."}`), or else the session cookie of the handshake.
    async fn on_init(&mut self, payload: Option<serde_json::Value>) -> Result<(), Close> {
        if self.init_received {
            return Err(Close(4429, "Too many initialisation requests"));
        }
        self.init_received = true;
        let token = payload.as_ref().and_then(token_from_payload);
        let presented = Presented {
            bearer: token.as_deref(),
            session: self.cookie_session.as_deref(),
        };
        let viewer = match auth::resolve_viewer(self.state.services.store.as_ref(), presented).await
        {
            Ok(viewer) => viewer,
            Err(crate::error::AppError::Internal(detail)) => {
                tracing::error!(%detail, "websocket authentication failed");
                return Err(Close(4500, "Internal error"));
            }
            Err(_) => return Err(Close(4403, "Forbidden")),
        };
        self.viewer = Some(viewer);
        let _ = self.outgoing.send(ServerMessage::ConnectionAck).await;
        Ok(())
    }

    fn on_subscribe(&mut self, id: String, request: async_graphql::Request) -> Result<(), Close> {
        let Some(viewer) = self.viewer.clone() else {
            return Err(Close(4401, "Unauthorized"));
        };
        if self.running.contains_key(&id) {
            return Err(Close(4409, "Subscriber for this id already exists"));
        }
        let info = RequestInfo {
            client: self.peer.ip(),
            session_token: self.cookie_session.clone(),
        };
        let task = tokio::spawn(forward(
            self.state.clone(),
            id.clone(),
            request,
            viewer,
            info,
            self.outgoing.clone(),
        ));
        self.running.insert(id, task.abort_handle());
        Ok(())
    }
}

/// Runs one operation (a query or mutation yields one result, a subscription many) and
/// forwards its results: `next` for each, then `complete`; `error` alone when it is invalid.
async fn forward(
    state: AppState,
    id: String,
    mut request: async_graphql::Request,
    viewer: Viewer,
    info: RequestInfo,
    outgoing: mpsc::Sender<ServerMessage>,
) {
    let started = Instant::now();
    let operation = operation_name(&mut request);
    let mut stream = state.schema.execute_stream(request.data(viewer).data(info));
    let mut first = true;
    while let Some(mut response) = stream.next().await {
        ensure_error_codes(&mut response);
        if first {
            let ok = !is_request_error(&response);
            state.metrics.record_operation(
                operation.as_deref(),
                "ws",
                ok,
                started.elapsed().as_secs_f64(),
            );
            first = false;
            if !ok {
                let _ = outgoing.send(first_message(id, response)).await;
                return;
            }
        }
        if outgoing
            .send(ServerMessage::Next {
                id: id.clone(),
                payload: response,
            })
            .await
            .is_err()
        {
            return;
        }
    }
    let _ = outgoing.send(ServerMessage::Complete { id }).await;
}

/// `error` for a request that failed validation, `next` otherwise.
fn first_message(id: String, response: async_graphql::Response) -> ServerMessage {
    if is_request_error(&response) {
        ServerMessage::Error {
            id,
            payload: response.errors,
        }
    } else {
        ServerMessage::Next {
            id,
            payload: response,
        }
    }
}

fn token_from_payload(payload: &serde_json::Value) -> Option<String> {
    let field = |name: &str| payload.get(name).and_then(|v| v.as_str());
    if let Some(header) = field("authorization").or_else(|| field("Authorization")) {
        return Some(
            auth::bearer_from_header(header)
                .unwrap_or(header)
                .to_owned(),
        );
    }
    field("token").map(str::to_owned)
}

fn encode(message: &ServerMessage) -> String {
    serde_json::to_string(message)
        .unwrap_or_else(|_| r#"{"type":"error","id":"","payload":[]}"#.into())
}

fn close_message(Close(code, reason): Close) -> Message {
    Message::Close(Some(CloseFrame {
        code,
        reason: reason.into(),
    }))
}
