//! Subscriptions over websockets, speaking graphql-transport-ws
//! (github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md) with all of its close codes:
//!
//! | code | when |
//! |------|------|
//! | 4400 | a message that is not valid JSON of a known type, or a binary frame |
//! | 4401 | `subscribe` before the server acknowledged `connection_init` |
//! | 4403 | `connection_init` carried a token that does not work, or the session or token the connection signed in with ended (logout, revocation) |
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
use crate::metrics::Metrics;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::stream::BoxStream;
use futures_util::{SinkExt, Stream, StreamExt};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
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
    client: IpAddr,
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
    // tungstenite's default buffers are 128 KiB each way per connection. Client messages are
    // small (a `subscribe` is a few hundred bytes), and the read buffer is allocated up front and
    // zero-filled before every read attempt, so 512 bytes keeps an idle connection cheap; a
    // larger frame still reserves its full length. Writes are flushed per message; 8 KiB is only
    // the point at which queued frames are written early.
    const READ_BUFFER: usize = 512;
    const WRITE_BUFFER: usize = 8 * 1024;
    let tracker = state.websockets.clone();
    upgrade
        .protocols([PROTOCOL])
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(WRITE_BUFFER)
        .max_message_size(max_message)
        .max_frame_size(max_message)
        // The connection's future directly, not wrapped in another `async` block: a wrapper
        // would keep its own copies of the socket and state next to the ones `run` holds.
        .on_upgrade(move |socket| {
            tracker.track_future(Connection::new(state, session, client).run(socket, offered))
        })
}

/// Operations one connection may run at once; more is a client bug or abuse.
const MAX_RUNNING: usize = 100;

/// A running operation: its id and its output, polled by the connection's own task (no task,
/// channel or buffer per operation; one wake-up per delivered event). A client that stops
/// reading holds its operations back, and the live log lets them catch up later. On `complete`
/// the output is dropped at once, so an id can be reused without late output of the old
/// operation being taken for the new one's.
struct Operation {
    id: String,
    output: BoxStream<'static, ServerMessage>,
}

struct Connection {
    state: AppState,
    cookie_session: Option<String>,
    /// The client's address (see [`super::TrustedProxies`]).
    client: IpAddr,
    /// The token from `connection_init`, checked again before each operation so that a
    /// revoked token or ended session stops working on open sockets too.
    token: Option<String>,
    /// `Some` once `connection_init` was acknowledged.
    viewer: Option<Viewer>,
    init_received: bool,
    running: Vec<Operation>,
    /// Where the next poll of the operations starts, so that a busy one cannot starve the others.
    next_poll: usize,
}

/// Counts open websockets in the metrics for as long as it lives.
struct OpenGauge(prometheus_client::metrics::gauge::Gauge);

impl Drop for OpenGauge {
    fn drop(&mut self) {
        self.0.dec();
    }
}

impl Connection {
    fn new(state: AppState, cookie_session: Option<String>, client: IpAddr) -> Self {
        Self {
            state,
            cookie_session,
            client,
            token: None,
            viewer: None,
            init_received: false,
            running: Vec::new(),
            next_poll: 0,
        }
    }

    async fn run(mut self, mut socket: WebSocket, protocol_offered: bool) {
        self.state.metrics.websockets_open.inc();
        let _open = OpenGauge(self.state.metrics.websockets_open.clone());
        if !protocol_offered {
            let _ = socket
                .send(close_message(Close(4406, "Subprotocol not acceptable")))
                .await;
            return;
        }
        let init_deadline =
            tokio::time::sleep(self.state.services.config.limits.connection_init_timeout);
        tokio::pin!(init_deadline);
        // One waiter for the whole connection: a new `cancelled()` future on every turn of the
        // loop would register and unregister with the shared token each time an event goes out.
        let shutdown = self.state.shutdown.clone();
        let cancelled = shutdown.cancelled();
        tokio::pin!(cancelled);
        // Taken before signing in, so that a credential ending at any moment after is seen.
        let mut ended = self.state.services.bus.ended_credentials();
        // A session ends by itself too: at its expiry the connection closes as at a logout.
        // Set once the connection is signed in; never fires for API tokens or anonymous use.
        let session_end = tokio::time::sleep(Duration::MAX);
        tokio::pin!(session_end);
        let mut expiry_armed = false;
        let close = loop {
            let signed_in_with = match &self.viewer {
                Some(Viewer::User { credential_id, .. }) => Some(*credential_id),
                _ => None,
            };
            if !expiry_armed {
                if let Some(Viewer::User {
                    expires_at: Some(at),
                    ..
                }) = &self.viewer
                {
                    let left = (*at - chrono::Utc::now()).to_std().unwrap_or_default();
                    session_end
                        .as_mut()
                        .reset(tokio::time::Instant::now() + left);
                    expiry_armed = true;
                }
            }
            let reply = tokio::select! {
                _ = &mut cancelled => break Some(Close(1001, "Server is shutting down")),
                gone = ended.recv(), if signed_in_with.is_some() => match gone {
                    // The session or token this connection signed in with ended: nothing more
                    // may reach it, whatever it subscribed to.
                    Ok(id) if Some(id) == signed_in_with => break Some(Close(4403, "Forbidden")),
                    Ok(_) => None,
                    // Missed some: check the credential itself.
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => match self.authenticate().await {
                        Ok(Viewer::User { credential_id, .. }) if Some(credential_id) == signed_in_with => None,
                        _ => break Some(Close(4403, "Forbidden")),
                    },
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => break Some(Close(1001, "Server is shutting down")),
                },
                _ = &mut init_deadline, if !self.init_received => break Some(Close(4408, "Connection initialisation timeout")),
                _ = &mut session_end, if expiry_armed => break Some(Close(4403, "Forbidden")),
                out = std::future::poll_fn(|cx| self.poll_operations(cx)), if !self.running.is_empty() => Some(out),
                incoming = socket.next() => match incoming {
                    // Boxed: handling a client message (sign-in, starting an operation) is a
                    // large future that is rarely running; inline, it would be part of every
                    // idle connection's task.
                    Some(Ok(Message::Text(text))) => match Box::pin(self.on_text(text.as_str())).await {
                        Ok(reply) => reply,
                        Err(close) => break Some(close),
                    },
                    Some(Ok(Message::Binary(_))) => break Some(Close(4400, "Binary messages are \
                                                                            not supported")),
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => None,
                    Some(Err(error)) if too_big(&error) => break Some(Close(1009, "Message too big")),
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break None,
                },
            };
            if let Some(message) = reply {
                if socket
                    .send(Message::Text(encode(&message).into()))
                    .await
                    .is_err()
                {
                    break None;
                }
            }
        };
        self.running.clear();
        if let Some(close) = close {
            let _ = socket.send(close_message(close)).await;
            let _ = SinkExt::close(&mut socket).await;
        }
    }

    /// The next message of any running operation, taking turns; an operation is forgotten as
    /// its last message (`complete` or `error`) goes out, so that its id may be reused.
    fn poll_operations(&mut self, cx: &mut Context<'_>) -> Poll<ServerMessage> {
        let count = self.running.len();
        for turn in 0..count {
            let index = (self.next_poll + turn) % count;
            let Poll::Ready(message) = Pin::new(&mut self.running[index].output).poll_next(cx)
            else {
                continue;
            };
            self.next_poll = index + 1;
            match message {
                Some(message @ ServerMessage::Next { .. }) => return Poll::Ready(message),
                Some(last) => {
                    self.running.swap_remove(index);
                    return Poll::Ready(last);
                }
                // Every operation ends with `complete` or `error`; this is only a safeguard.
                None => {
                    self.running.swap_remove(index);
                    cx.waker().wake_by_ref();
                    return Poll::Pending;
                }
            }
        }
        Poll::Pending
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
                // Dropping the output stops the operation; nothing more of it goes out.
                self.running.retain(|operation| operation.id != id);
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

    /// `&mut self`, not `&self`: the connection owns the operations' streams, so it is `Send`
    /// but not `Sync`, and only a unique borrow may be held across an await.
    async fn authenticate(&mut self) -> Result<Viewer, Close> {
        authenticate(
            &self.state,
            self.token.as_deref(),
            self.cookie_session.as_deref(),
        )
        .await
    }

    async fn on_subscribe(
        &mut self,
        id: String,
        request: async_graphql::Request,
    ) -> Result<Option<ServerMessage>, Close> {
        let Some(acknowledged) = self.viewer.clone() else {
            return Err(Close(4401, "Unauthorized"));
        };
        if self.running.iter().any(|operation| operation.id == id) {
            return Err(Close(4409, "Subscriber for this id already exists"));
        }
        // The sign-in may have ended (logout, revoked token) since the connection began.
        let viewer = self.authenticate().await?;
        if acknowledged.user_id().is_some() && viewer.user_id() != acknowledged.user_id() {
            return Err(Close(4403, "Forbidden"));
        }
        if self.running.len() >= MAX_RUNNING {
            let mut error = async_graphql::ServerError::new(
                format!("At most {MAX_RUNNING} operations may run at once on one connection."),
                None,
            );
            error
                .extensions
                .get_or_insert_with(Default::default)
                .set("code", "RATE_LIMITED");
            return Ok(Some(ServerMessage::Error {
                id,
                payload: vec![error],
            }));
        }
        let info = RequestInfo {
            client: self.client,
            session_token: self.cookie_session.clone(),
        };
        let output = operation(&self.state, id.clone(), request, viewer, info);
        self.running.push(Operation { id, output });
        Ok(None)
    }
}

async fn authenticate(
    state: &AppState,
    bearer: Option<&str>,
    session: Option<&str>,
) -> Result<Viewer, Close> {
    let presented = Presented { bearer, session };
    match state.services.resolve_viewer(presented).await {
        Ok(viewer) => Ok(viewer),
        Err(crate::error::AppError::Internal(detail)) => {
            tracing::error!(%detail, "websocket authentication failed");
            Err(Close(4500, "Internal error"))
        }
        Err(_) => Err(Close(4403, "Forbidden")),
    }
}

/// One operation's output (a query or mutation yields one result, a subscription many): `next`
/// for each result, then `complete`; `error` alone when it is invalid.
fn operation(
    state: &AppState,
    id: String,
    mut request: async_graphql::Request,
    viewer: Viewer,
    info: RequestInfo,
) -> BoxStream<'static, ServerMessage> {
    let started = Instant::now();
    let name = operation_name(&mut request);
    let span = tracing::info_span!(
        "graphql",
        operation = name.as_deref().unwrap_or("anonymous"),
        transport = "ws",
        client = %info.client,
    );
    // Kept until the first response only: arguments are coerced then, and a failure is named
    // after the variable's field (see `ensure_error_codes`).
    let variables = Some(request.variables.clone());
    let responses = {
        let _entered = span.enter();
        let limits = &state.services.config.limits;
        crate::graphql::execute_stream(&state.schema, limits, request.data(viewer).data(info))
    };
    let running = Running {
        responses,
        variables,
        id,
        name,
        metrics: state.metrics.clone(),
        started,
        first: true,
        done: false,
    };
    futures_util::stream::unfold(running, move |mut running| {
        let span = span.clone();
        async move {
            let message = running.next_message().await?;
            Some((message, running))
        }
        .instrument(span)
    })
    .boxed()
}

/// The state of one running operation between its messages.
struct Running {
    responses: BoxStream<'static, async_graphql::Response>,
    /// The request's variables, until the first response.
    variables: Option<async_graphql::Variables>,
    id: String,
    name: Option<String>,
    metrics: Arc<Metrics>,
    started: Instant,
    first: bool,
    done: bool,
}

impl Running {
    async fn next_message(&mut self) -> Option<ServerMessage> {
        if self.done {
            return None;
        }
        let Some(mut response) = self.responses.next().await else {
            self.done = true;
            return Some(ServerMessage::Complete {
                id: self.id.clone(),
            });
        };
        ensure_error_codes(&mut response, self.variables.take().as_ref());
        if std::mem::take(&mut self.first) {
            let ok = !is_request_error(&response);
            let seconds = self.started.elapsed().as_secs_f64();
            self.metrics
                .record_operation(self.name.as_deref(), "ws", ok, seconds);
            if !ok {
                self.done = true;
                return Some(first_message(self.id.clone(), response));
            }
        }
        Some(ServerMessage::Next {
            id: self.id.clone(),
            payload: response,
        })
    }
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

/// True when a read failed because the client's frame or message is over the size limit; the
/// client is then told so (1009) rather than just dropped.
fn too_big(error: &axum::Error) -> bool {
    std::error::Error::source(error)
        .and_then(|inner| inner.downcast_ref::<tungstenite::Error>())
        .is_some_and(|inner| matches!(inner, tungstenite::Error::Capacity(_)))
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
