//! Transport: mounts the schema over HTTP (`POST`/`GET /graphql`, GraphQL over HTTP spec) and
//! websockets (graphql-transport-ws on the same path), plus `/healthz`, `/readyz` and `/metrics`,
//! OCDS open data, meetings as calendar files (`/meetings/{id}.ics`), and the web app for every
//! other path ([`ui`]). Every response carries the security headers; text is gzipped for
//! clients that accept it.
//!
//! [`serve`] takes its listener and shutdown future from the caller: production passes SIGTERM
//! and the configured address, tests pass a oneshot and port 0.

mod calendar;
mod graphql;
mod open_data;
mod ops;
pub mod ui;
mod ws;

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
/// websockets with a close frame and returns.
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
    tokio::spawn(housekeeping(state.clone()));
    tokio::spawn(search_follower(state.clone()));
    let services = &state.services;
    let relay = crate::live::Relay::start(
        services.store.clone(),
        services.bus.clone(),
        services.relay_wake.clone(),
    )
    .await
    .map_err(std::io::Error::other)?;
    tokio::spawn(relay.run(state.shutdown.clone()));
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

/// How often the search index looks for changes written by other replicas.
const SEARCH_POLL: Duration = Duration::from_millis(500);
/// Outbox rows are kept this long; an index that stays away longer must be rebuilt.
const SEARCH_OUTBOX_KEPT: chrono::TimeDelta = chrono::TimeDelta::days(7);

/// Keeps the search index following the database: at once after a write on this replica,
/// otherwise every [`SEARCH_POLL`]. A new index is built in full first.
async fn search_follower(state: AppState) {
    let services = &state.services;
    loop {
        if let Err(err) =
            crate::search::follow_outbox(services.store.as_ref(), services.search.as_ref()).await
        {
            tracing::warn!(error = %err, "search index could not follow the database; retrying");
        }
        tokio::select! {
            _ = state.shutdown.cancelled() => return,
            _ = services.search_wake.notified() => {}
            _ = tokio::time::sleep(SEARCH_POLL) => {}
        }
    }
}

/// Once a minute: forget idle rate-limit keys and delete expired sessions. Every
/// `mail.check_every`: send due notification e-mail.
async fn housekeeping(state: AppState) {
    let mut every_minute = tokio::time::interval(Duration::from_secs(60));
    let mail_every = state.services.config.mail.check_every;
    // The first check waits one period, like every later one.
    let mut mail_check =
        tokio::time::interval_at(tokio::time::Instant::now() + mail_every, mail_every);
    loop {
        tokio::select! {
            _ = state.shutdown.cancelled() => return,
            _ = mail_check.tick() => {
                match state.services.send_due_emails(chrono::Utc::now()).await {
                    Ok(round) if round.sent + round.failed > 0 => {
                        tracing::info!(sent = round.sent, failed = round.failed, "notification e-mail");
                    }
                    Ok(_) => {}
                    Err(err) => tracing::warn!(error = ?err, "could not send notification e-mail"),
                }
            }
            _ = every_minute.tick() => {
                state.services.limiter.prune();
                let now = chrono::Utc::now();
                if let Err(err) = state.services.store.delete_expired_credentials(now).await {
                    tracing::warn!(error = %err, "could not delete expired sessions");
                }
                if let Err(err) = state.services.store.prune_search_outbox(now - SEARCH_OUTBOX_KEPT).await {
                    tracing::warn!(error = %err, "could not prune the search outbox");
                }
            }
        }
    }
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
    auth::resolve_viewer(
        services.store.as_ref(),
        Presented {
            bearer: bearer.flatten(),
            session: session.as_deref(),
        },
    )
    .await
}
