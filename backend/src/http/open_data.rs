//! OCDS open data at stable URLs: `/ocds/releases` (a release package of every public need)
//! and `/ocds/needs/{id}` (a release package holding that need's latest release). Drafts are
//! never included and answer 404 like needs that do not exist.

use super::AppState;
use crate::auth::Viewer;
use crate::error::AppError;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

fn json_response(status: StatusCode, body: serde_json::Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

fn error(err: AppError) -> Response {
    let status = match err {
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        AppError::Internal(ref detail) => {
            tracing::error!(%detail, "open data request failed");
            StatusCode::INTERNAL_SERVER_ERROR
        }
        _ => StatusCode::BAD_REQUEST,
    };
    json_response(
        status,
        json!({ "error": err.message(), "code": err.code() }),
    )
}

pub async fn all_releases(State(state): State<AppState>) -> Response {
    let services = &state.services;
    let result = async {
        let needs = services.public_needs().await?;
        services.ocds_package(&needs, "ocds/releases").await
    }
    .await;
    result.map_or_else(error, |package| json_response(StatusCode::OK, package))
}

pub async fn need_release(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return error(AppError::NotFound("Need".into()));
    };
    let services = &state.services;
    let result = async {
        // Anonymous: open data is what everyone may see, whoever asks.
        let need = services
            .visible_need(&Viewer::Anonymous, id)
            .await?
            .ok_or_else(|| AppError::NotFound("Need".into()))?;
        services
            .ocds_package(std::slice::from_ref(&need), &format!("ocds/needs/{id}"))
            .await
    }
    .await;
    result.map_or_else(error, |package| json_response(StatusCode::OK, package))
}
