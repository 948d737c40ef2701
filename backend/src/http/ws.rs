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
use tracing::Instrument;

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
    let max_message = state.services.config.limits.max_body_bytes;
    // tungstenite's default buffers are 128 KiB each way per connection; subscription messages
    // are small, so 8 KiB keeps an idle connection cheap (larger messages still grow the buffer).
    const SOCKET_BUFFER: usize = 8 * 1024;
    let tracker = state.websockets.clone();
    upgrade
        .protocols([PROTOCOL])
        .read_buffer_size(SOCKET_BUFFER)
        .write_buffer_size(SOCKET_BUFFER)
        .max_message_size(max_message)
        .max_frame_size(max_message)
        .on_upgrade(move |socket| {
            tracker.track_future(async move {
                let (connection, outgoing) = Connection::new(state, session, peer);
                connection.run(socket, offered, outgoing).await;
            })
        })
}

/// Operations one connection may run at once; more is a client bug or abuse.
const MAX_RUNNING: usize = 100;

/// A message from an operation's task, tagged with the generation of the subscription that sent
/// it: after `complete`, an id may be reused, and late output of the old one must not be taken
/// for the new one's.
struct Outgoing {
    generation: u64,
    message: ServerMessage,
}

struct Connection {
    state: AppState,
    cookie_session: Option<String>,
    peer: SocketAddr,
    /// The token from `connection_init`, checked again before each operation so that a
    /// revoked token or ended session stops working on open sockets too.
    token: Option<String>,
    /// `Some` once `connection_init` was acknowledged.
    viewer: Option<Viewer>,
    init_received: bool,
    running: HashMap<String, (u64, AbortHandle)>,
    next_generation: u64,
    outgoing: mpsc::Sender<Outgoing>,
}

/// Counts open websockets in the metrics for as long as it lives.
struct OpenGauge(prometheus_client::metrics::gauge::Gauge);

impl Drop for OpenGauge {
    fn drop(&mut self) {
        self.0.dec();
    }
}

impl Connection {
    fn new(
        state: AppState,
        cookie_session: Option<String>,
        peer: SocketAddr,
    ) -> (Self, mpsc::Receiver<Outgoing>) {
        // Bounded: a client that stops reading slows its own operations, not the server.
        let (outgoing, outgoing_rx) = mpsc::channel(64);
        let connection = Self {
            state,
            cookie_session,
            peer,
            token: None,
            viewer: None,
            init_received: false,
            running: HashMap::new(),
            next_generation: 0,
            outgoing,
        };
        (connection, outgoing_rx)
    }

    async fn run(
        mut self,
        socket: WebSocket,
        protocol_offered: bool,
        mut outgoing: mpsc::Receiver<Outgoing>,
    ) {
        self.state.metrics.websockets_open.inc();
        let _open = OpenGauge(self.state.metrics.websockets_open.clone());
        let (mut sink, mut stream) = socket.split();
        if !protocol_offered {
            let _ = sink
                .send(close_message(Close(4406, "Subprotocol not acceptable")))
                .await;
            return;
        }
        let init_deadline =
            tokio::time::sleep(self.state.services.config.limits.connection_init_timeout);
        tokio::pin!(init_deadline);
        let shutdown = self.state.shutdown.clone();
        let close = loop {
            let reply = tokio::select! {
                _ = shutdown.cancelled() => break Some(Close(1001, "Server is shutting down")),
                _ = &mut init_deadline, if !self.init_received => break Some(Close(4408, "Connection initialisation timeout")),
                Some(out) = outgoing.recv() => self.still_running(out),
                incoming = stream.next() => match incoming {
                    Some(Ok(Message::Text(text))) => match self.on_text(text.as_str()).await {
                        Ok(reply) => reply,
                        Err(close) => break Some(close),
                    },
                    Some(Ok(Message::Binary(_))) => break Some(Close(4400, "Binary messages are not supported")),
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => None,
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break None,
                },
            };
            // Replies go straight to the socket, never through the channel this loop drains.
            if let Some(message) = reply {
                if sink
                    .send(Message::Text(encode(&message).into()))
                    .await
                    .is_err()
                {
                    break None;
                }
            }
        };
        for (_, (_, task)) in self.running.drain() {
            task.abort();
        }
        if let Some(close) = close {
            let _ = sink.send(close_message(close)).await;
            let _ = sink.close().await;
        }
    }

    /// Passes on output of operations that are still running (by id and generation) and forgets
    /// an operation once its last message goes out, so that its id may be reused.
    fn still_running(&mut self, out: Outgoing) -> Option<ServerMessage> {
        let (ServerMessage::Next { id, .. }
        | ServerMessage::Error { id, .. }
        | ServerMessage::Complete { id }) = &out.message
        else {
            return Some(out.message);
        };
        if self.running.get(id).map(|(generation, _)| *generation) != Some(out.generation) {
            return None;
        }
        if !matches!(out.message, ServerMessage::Next { .. }) {
            self.running.remove(id);
        }
        Some(out.message)
    }

    /// Handles one client message; `Ok(Some(reply))` is answered at once.
    async fn on_text(&mut self, text: &str) -> Result<Option<ServerMessage>, Close> {
        let message: ClientMessage =
            serde_json::from_str(text).map_err(|_| Close(4400, "Invalid message received"))?;
        match message {
            ClientMessage::ConnectionInit { payload } => self.on_init(payload).await.map(Some),
            ClientMessage::Ping { payload } => Ok(Some(ServerMessage::Pong { payload })),
            ClientMessage::Pong { .. } => Ok(None),
            ClientMessage::Subscribe { id, payload } => self.on_subscribe(id, *payload).await,
            ClientMessage::Complete { id } => {
                if let Some((_, task)) = self.running.remove(&id) {
                    task.abort();
                }
                Ok(None)
            }
        }
    }

    /// Authenticates with a token from the payload (`{"authorization": "Bearer ..."}` or
    /// `{"token": "..."}`), or else the session cookie of the handshake.
    async fn on_init(
        &mut self,
        payload: Option<serde_json::Value>,
    ) -> Result<ServerMessage, Close> {
        if self.init_received {
            return Err(Close(4429, "Too many initialisation requests"));
        }
        self.init_received = true;
        self.token = match payload.as_ref().map(token_from_payload) {
            Some(Err(())) => return Err(Close(4403, "Forbidden")),
            Some(Ok(token)) => token,
            None => None,
        };
        self.viewer = Some(self.authenticate().await?);
        Ok(ServerMessage::ConnectionAck)
    }

    async fn authenticate(&self) -> Result<Viewer, Close> {
        let presented = Presented {
            bearer: self.token.as_deref(),
            session: self.cookie_session.as_deref(),
        };
        match auth::resolve_viewer(self.state.services.store.as_ref(), presented).await {
            Ok(viewer) => Ok(viewer),
            Err(crate::error::AppError::Internal(detail)) => {
                tracing::error!(%detail, "websocket authentication failed");
                Err(Close(4500, "Internal error"))
            }
            Err(_) => Err(Close(4403, "Forbidden")),
        }
    }

    async fn on_subscribe(
        &mut self,
        id: String,
        request: async_graphql::Request,
    ) -> Result<Option<ServerMessage>, Close> {
        let Some(acknowledged) = self.viewer.clone() else {
            return Err(Close(4401, "Unauthorized"));
        };
        if self.running.contains_key(&id) {
            return Err(Close(4409, "Subscriber for this id already exists"));
        }
        // The sign-in may have ended (logout, revoked token) since the connection began.
        let viewer = self.authenticate().await?;
        if acknowledged.user_id().is_some() && viewer.user_id() != acknowledged.user_id() {
            return Err(Close(4403, "Forbidden"));
        }
        if self.running.len() >= MAX_RUNNING {
            let error = async_graphql::ServerError::new(
                format!("At most {MAX_RUNNING} operations may run at once on one connection."),
                None,
            );
            return Ok(Some(ServerMessage::Error {
                id,
                payload: vec![error],
            }));
        }
        self.next_generation += 1;
        let generation = self.next_generation;
        let info = RequestInfo {
            client: self.peer.ip(),
            session_token: self.cookie_session.clone(),
        };
        let outgoing = self.outgoing.clone();
        let task = tokio::spawn(forward(
            self.state.clone(),
            id.clone(),
            generation,
            request,
            viewer,
            info,
            outgoing,
        ));
        self.running.insert(id, (generation, task.abort_handle()));
        Ok(None)
    }
}

/// Runs one operation (a query or mutation yields one result, a subscription many) and
/// forwards its results: `next` for each, then `complete`; `error` alone when it is invalid.
async fn forward(
    state: AppState,
    id: String,
    generation: u64,
    mut request: async_graphql::Request,
    viewer: Viewer,
    info: RequestInfo,
    outgoing: mpsc::Sender<Outgoing>,
) {
    let started = Instant::now();
    let operation = operation_name(&mut request);
    let span = tracing::info_span!(
        "graphql",
        operation = operation.as_deref().unwrap_or("anonymous"),
        transport = "ws"
    );
    let send = |message| {
        let outgoing = outgoing.clone();
        async move {
            outgoing
                .send(Outgoing {
                    generation,
                    message,
                })
                .await
                .is_ok()
        }
    };
    let run = async {
        let mut stream = state.schema.execute_stream(request.data(viewer).data(info));
        let mut first = true;
        while let Some(mut response) = stream.next().await {
            ensure_error_codes(&mut response);
            if first {
                first = false;
                let ok = !is_request_error(&response);
                let seconds = started.elapsed().as_secs_f64();
                state
                    .metrics
                    .record_operation(operation.as_deref(), "ws", ok, seconds);
                if !ok {
                    send(first_message(id, response)).await;
                    return;
                }
            }
            if !send(ServerMessage::Next {
                id: id.clone(),
                payload: response,
            })
            .await
            {
                return;
            }
        }
        send(ServerMessage::Complete { id }).await;
    };
    run.instrument(span).await
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

/// The token in a `connection_init` payload: `Ok(None)` when there is none, `Err` when a token
/// field is present but is not a string (which must not fall back to the cookie silently).
fn token_from_payload(payload: &serde_json::Value) -> Result<Option<String>, ()> {
    for name in ["authorization", "Authorization", "token"] {
        match payload.get(name) {
            None | Some(serde_json::Value::Null) => continue,
            Some(serde_json::Value::String(value)) => {
                return Ok(Some(
                    auth::bearer_from_header(value).unwrap_or(value).to_owned(),
                ));
            }
            Some(_) => return Err(()),
        }
    }
    Ok(None)
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
