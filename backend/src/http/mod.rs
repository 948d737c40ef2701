//! Transport: mounts the schema over HTTP (`POST`/`GET /graphql`, GraphQL over HTTP spec) and
//! websockets (graphql-transport-ws on the same path), plus `/healthz`, `/readyz` and `/metrics`,
//! OCDS open data, meetings as calendar files (`/meetings/{id}.ics`), a person's own data
//! (`/account/export.json`), and the web app for every other path ([`ui`]). Every response
//! carries the security headers; text is gzipped for clients that accept it.
//!
//! [`serve`] takes its listener and shutdown future from the caller: production passes SIGTERM
//! and the configured address, tests pass a oneshot and port 0.

mod calendar;
mod client_address;
mod graphql;
mod open_data;
mod ops;
mod personal_data;
pub mod ui;
mod ws;

pub use client_address::TrustedProxies;

use crate::auth::{self, Presented, Viewer};
use crate::error::AppError;
use crate::graphql::AppSchema;
use crate::metrics::Metrics;
use crate::services::Services;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderMap};
use axum::routing::get;
use axum::Router;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;

/// Shared by every request handler.
#[derive(Clone)]
pub struct AppState {
    pub schema: AppSchema,
    pub services: Services,
    pub metrics: Arc<Metrics>,
    /// Cancelled when shutdown begins; open websockets watch it to send their close frame.
    pub shutdown: CancellationToken,
    /// Websocket connections outlive the HTTP request that upgraded them, so graceful shutdown
    /// waits for them here.
    pub websockets: TaskTracker,
}

pub fn router(state: AppState) -> Router {
    let body_limit = state.services.config.limits.max_body_bytes;
    Router::new()
        .route("/graphql", get(graphql::get).post(graphql::post))
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .route("/ocds/releases", get(open_data::all_releases))
        .route("/ocds/needs/{id}", get(open_data::need_release))
        .route("/meetings/{file}", get(calendar::meeting_ics))
        .route("/account/export.json", get(personal_data::export))
        .fallback(ui::fallback)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::middleware::map_response(ui::security_headers))
        .layer(
            CompressionLayer::new()
                .gzip(true)
                .compress_when(SizeAbove::new(256).and(ui::worth_compressing)),
        )
        .with_state(state)
}

/// How long open websockets get to say goodbye once shutdown begins.
const WEBSOCKET_DRAIN: Duration = Duration::from_secs(5);

/// Serves until `shutdown` resolves, then stops accepting, lets in-flight requests finish, closes
/// websockets with a close frame and returns. Cancels `state.shutdown` when `shutdown` resolves,
/// which also stops the [`background`](crate::background) work watching it.
pub async fn serve(
    state: AppState,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let token = state.shutdown.clone();
    tokio::spawn(async move {
        shutdown.await;
        token.cancel();
    });
    let app = router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(state.shutdown.clone().cancelled_owned())
        .await?;
    state.websockets.close();
    if tokio::time::timeout(WEBSOCKET_DRAIN, state.websockets.wait())
        .await
        .is_err()
    {
        tracing::warn!("some websockets did not close in time");
    }
    Ok(())
}

/// The session cookie in the request, if any.
fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(auth::session_from_cookie_header)
        .map(str::to_owned)
}

/// Resolves who sent an HTTP request from its bearer token or session cookie.
async fn viewer_from_headers(services: &Services, headers: &HeaderMap) -> Result<Viewer, AppError> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(auth::bearer_from_header);
    if bearer == Some(None) {
        return Err(AppError::Unauthenticated(
            "Send API tokens as `Authorization: Bearer <token>`.".into(),
        ));
    }
    let session = session_cookie(headers);
    services
        .resolve_viewer(Presented {
            bearer: bearer.flatten(),
            session: session.as_deref(),
        })
        .await
}
