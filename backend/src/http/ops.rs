//! Operational endpoints for load balancers and Prometheus.

use super::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde_json::json;

/// The process is up and serving HTTP.
pub async fn healthz() -> impl IntoResponse {
    Json(json!({ "status": "ok" }))
}

/// The database answers and has every migration this binary expects.
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let (status, detail) = match state.services.pending_migrations().await {
        Ok(0) => (StatusCode::OK, "ready"),
        Ok(_) => (StatusCode::SERVICE_UNAVAILABLE, "migrations pending"),
        Err(err) => {
            tracing::warn!(error = %err, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    };
    (status, Json(json!({ "status": detail })))
}

pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let pool = state.services.pool_stats();
    state.metrics.pool_connections.set(i64::from(pool.size));
    state.metrics.pool_idle.set(i64::from(pool.idle));
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.render(),
    )
}
