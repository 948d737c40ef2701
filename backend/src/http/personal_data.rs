//! A person's data as one JSON file at `GET /account/export.json` (GDPR Art. 15 and 20), for
//! the session cookie or a bearer token: a download the browser saves, like the calendar files.
//! Without a working credential the answer is 401, never someone else's data.

use super::{viewer_from_headers, AppState};
use crate::error::AppError;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn export(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let data = match viewer_from_headers(&state.services, &headers).await {
        Ok(viewer) => state.services.personal_data(&viewer).await,
        Err(err) => Err(err),
    };
    let body = data.and_then(|data| {
        serde_json::to_vec_pretty(&data).map_err(|e| AppError::Internal(e.to_string()))
    });
    match body {
        Ok(body) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"samspill-my-data.json\"",
                ),
                // Personal data: no shared or browser cache keeps a copy.
                (header::CACHE_CONTROL, "no-store"),
            ],
            body,
        )
            .into_response(),
        Err(err) => refused(&err),
    }
}

/// A plain-text answer a person can read; internal detail is logged, never sent.
fn refused(err: &AppError) -> Response {
    let status = match err {
        AppError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::Internal(detail) => {
            tracing::error!(%detail, "personal data export failed");
            StatusCode::INTERNAL_SERVER_ERROR
        }
        _ => StatusCode::FORBIDDEN,
    };
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        err.message(),
    )
        .into_response()
}
