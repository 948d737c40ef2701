//! GraphQL over HTTP, following the specification (graphql.github.io/graphql-over-http):
//!
//! - `POST` takes `application/json` only. Form, multipart and `text/plain` bodies are refused
//!   with 415, so a browser cannot send a request cross-site without a CORS preflight (which
//!   we never grant), and a session cookie cannot be ridden.
//! - `GET` runs queries only; a mutation over GET is 405 with `Allow: POST`.
//! - Responses are `application/graphql-response+json` when the client accepts it (request
//!   errors are then 400) and `application/json` otherwise (always 200 for a well-formed
//!   request); a client that accepts neither gets 406.
//! - One operation per request: batches are refused rather than bounded.

use super::{session_cookie, viewer_from_headers, AppState};
use crate::auth::Viewer;
use crate::error::AppError;
use crate::graphql::{ensure_error_codes, is_request_error, operation_name, RequestInfo};
use crate::store::statements::{StatementCount, COUNT_FIELD};
use async_graphql::parser::types::{DocumentOperations, OperationType};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::ws::{rejection::WebSocketUpgradeRejection, WebSocketUpgrade};
use axum::extract::{ConnectInfo, Query, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::time::Instant;
use tracing::Instrument;

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    GraphqlResponse,
    Json,
}

impl Format {
    fn content_type(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Self::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
            Self::Json => "application/json; charset=utf-8",
        })
    }
}

/// Picks the response media type from `Accept`; `None` when the client accepts neither.
fn negotiate(headers: &HeaderMap) -> Option<Format> {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Some(Format::Json);
    };
    let accepted: Vec<String> = accept
        .split(',')
        .filter(|item| !item.contains("q=0") || item.contains("q=0."))
        .filter_map(|item| item.split(';').next())
        .map(|media| media.trim().to_ascii_lowercase())
        .collect();
    if accepted.iter().any(|m| m == GRAPHQL_RESPONSE_JSON) {
        Some(Format::GraphqlResponse)
    } else if accepted
        .iter()
        .any(|m| m == JSON || m == "*/*" || m == "application/*")
    {
        Some(Format::Json)
    } else {
        None
    }
}

/// A response made of one error, for failures before GraphQL execution.
fn error_response(status: StatusCode, format: Format, code: &str, message: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    let mut response = (status, body.to_string()).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, format.content_type());
    response
}

fn not_acceptable() -> Response {
    error_response(
        StatusCode::NOT_ACCEPTABLE,
        Format::Json,
        "BAD_USER_INPUT",
        "Accept application/graphql-response+json or application/json.",
    )
}

pub async fn post(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(format) = negotiate(&headers) else {
        return not_acceptable();
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let media = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if media != JSON {
        return error_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format,
            "BAD_USER_INPUT",
            "Send GraphQL requests as application/json.",
        );
    }
    let body = match body {
        Ok(body) => body,
        Err(rejection) => {
            let status = rejection.status();
            let message = if status == StatusCode::PAYLOAD_TOO_LARGE {
                "The request body is too large."
            } else {
                "The request body could not be read."
            };
            return error_response(status, format, "BAD_USER_INPUT", message);
        }
    };
    let request = match parse_body(&body) {
        Ok(request) => request,
        Err(message) => {
            return error_response(StatusCode::BAD_REQUEST, format, "BAD_USER_INPUT", message)
        }
    };
    let client = state
        .services
        .config
        .trusted_proxies
        .client(peer.ip(), &headers);
    respond(state, client, &headers, request, format).await
}

/// Reads one GraphQL request from a JSON body.
fn parse_body(body: &[u8]) -> Result<async_graphql::Request, &'static str> {
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| "The request body is not valid JSON.")?;
    match value {
        serde_json::Value::Array(_) => Err("Batched requests are not supported: send one \
                                            operation per request."),
        serde_json::Value::Object(_) => serde_json::from_value(value).map_err(|_| {
            "Send a JSON object with a \"query\" string, and optionally \
             \"variables\" and \"operationName\"."
        }),
        _ => Err("Send a JSON object with a \"query\" string."),
    }
}

pub async fn get(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
    RawQuery(raw_query): RawQuery,
) -> Response {
    if let Ok(upgrade) = upgrade {
        let client = state
            .services
            .config
            .trusted_proxies
            .client(peer.ip(), &headers);
        return super::ws::upgrade(state, upgrade, &headers, client).await;
    }
    let Some(format) = negotiate(&headers) else {
        if state.services.config.introspection && accepts_html(&headers) {
            return graphiql();
        }
        return not_acceptable();
    };
    let Some(raw_query) = raw_query.filter(|q| !q.is_empty()) else {
        if state.services.config.introspection && accepts_html(&headers) {
            return graphiql();
        }
        return error_response(
            StatusCode::BAD_REQUEST,
            format,
            "BAD_USER_INPUT",
            "Pass the query in the `query` parameter.",
        );
    };
    let mut request = match parse_get(&raw_query) {
        Ok(request) => request,
        Err(message) => {
            return error_response(StatusCode::BAD_REQUEST, format, "BAD_USER_INPUT", message)
        }
    };
    if let Some(kind) = selected_operation_type(&mut request) {
        if kind != OperationType::Query {
            let mut response = error_response(
                StatusCode::METHOD_NOT_ALLOWED,
                format,
                "BAD_USER_INPUT",
                "Only queries can be sent with GET; send mutations with POST and subscriptions \
                 over a websocket.",
            );
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("POST"));
            return response;
        }
    }
    let client = state
        .services
        .config
        .trusted_proxies
        .client(peer.ip(), &headers);
    respond(state, client, &headers, request, format).await
}

fn accepts_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"))
}

/// GraphiQL loads its code from a CDN, so it carries its own content security policy.
fn graphiql() -> Response {
    (
        [(
            header::CONTENT_SECURITY_POLICY,
            super::ui::GRAPHIQL_CONTENT_SECURITY_POLICY,
        )],
        Html(
            async_graphql::http::GraphiQLSource::build()
                .endpoint("/graphql")
                .subscription_endpoint("/graphql")
                .finish(),
        ),
    )
        .into_response()
}

/// Reads `query`, `operationName` and `variables` (JSON) from a query string.
fn parse_get(raw: &str) -> Result<async_graphql::Request, &'static str> {
    let Query(params): Query<HashMap<String, String>> = Query::try_from_uri(
        &format!("/?{raw}")
            .parse()
            .map_err(|_| "The query string is not valid.")?,
    )
    .map_err(|_| "The query string is not valid.")?;
    let query = params
        .get("query")
        .ok_or("Pass the query in the `query` parameter.")?;
    let mut request = async_graphql::Request::new(query.clone());
    if let Some(name) = params.get("operationName").filter(|n| !n.is_empty()) {
        request = request.operation_name(name.clone());
    }
    if let Some(variables) = params.get("variables").filter(|v| !v.is_empty()) {
        let value: serde_json::Value =
            serde_json::from_str(variables).map_err(|_| "`variables` must be a JSON object.")?;
        request = request.variables(async_graphql::Variables::from_json(value));
    }
    Ok(request)
}

/// The type of the operation the request would run, if the query parses.
fn selected_operation_type(request: &mut async_graphql::Request) -> Option<OperationType> {
    let name = request.operation_name.clone();
    let document = request.parsed_query().ok()?;
    match (&document.operations, name) {
        (DocumentOperations::Single(op), _) => Some(op.node.ty),
        (DocumentOperations::Multiple(ops), Some(name)) => {
            ops.get(name.as_str()).map(|op| op.node.ty)
        }
        (DocumentOperations::Multiple(_), None) => None,
    }
}

async fn respond(
    state: AppState,
    client: IpAddr,
    headers: &HeaderMap,
    request: async_graphql::Request,
    format: Format,
) -> Response {
    let viewer = match viewer_from_headers(&state.services, headers).await {
        Ok(viewer) => viewer,
        Err(AppError::Internal(detail)) => {
            tracing::error!(%detail, "could not resolve the viewer");
            let err = AppError::Internal(detail);
            return error_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                format,
                err.code(),
                &err.message(),
            );
        }
        Err(err) => {
            let mut response =
                error_response(StatusCode::UNAUTHORIZED, format, err.code(), &err.message());
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            return response;
        }
    };
    let info = RequestInfo {
        client,
        session_token: session_cookie(headers),
    };
    let gql_response = execute(&state, request, viewer, info, "http").await;
    let status = if format == Format::GraphqlResponse && is_request_error(&gql_response) {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    // Serialised straight from the response, never through `serde_json::Value`, whose maps
    // sort their keys: the specification wants fields in the order the query asked for them.
    let body = if is_request_error(&gql_response) {
        json!({ "errors": gql_response.errors }).to_string()
    } else {
        serde_json::to_string(&gql_response).unwrap_or_else(|_| {
            json!({ "errors": [{ "message": "Response could not be encoded." }] }).to_string()
        })
    };
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, format.content_type());
    for (name, value) in gql_response.http_headers.iter() {
        response.headers_mut().append(name, value.clone());
    }
    response
}

/// Runs one operation inside a span named after it and records its metrics.
pub(super) async fn execute(
    state: &AppState,
    mut request: async_graphql::Request,
    viewer: Viewer,
    info: RequestInfo,
    transport: &'static str,
) -> async_graphql::Response {
    let operation = operation_name(&mut request);
    let span = tracing::info_span!(
        "graphql",
        operation = operation.as_deref().unwrap_or("anonymous"),
        transport,
        client = %info.client,
        sql_statements = tracing::field::Empty,
    );
    let statements = StatementCount::of(&span);
    let started = Instant::now();
    let variables = request.variables.clone();
    let request = request
        .data(viewer)
        .data(info)
        .data(crate::graphql::Loaders::default());
    let limits = &state.services.config.limits;
    let mut response = crate::graphql::execute(&state.schema, limits, request)
        .instrument(span.clone())
        .await;
    ensure_error_codes(&mut response, Some(&variables));
    let seconds = started.elapsed().as_secs_f64();
    state.metrics.record_operation(
        operation.as_deref(),
        transport,
        response.errors.is_empty(),
        seconds,
    );
    if let Some(statements) = statements {
        span.record(COUNT_FIELD, statements.get());
        state
            .metrics
            .record_statements(operation.as_deref(), statements.get());
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn negotiation_follows_the_spec() {
        assert_eq!(negotiate(&HeaderMap::new()), Some(Format::Json));
        assert_eq!(
            negotiate(&accept(
                "application/graphql-response+json, application/json;q=0.9"
            )),
            Some(Format::GraphqlResponse)
        );
        assert_eq!(negotiate(&accept("application/json")), Some(Format::Json));
        assert_eq!(negotiate(&accept("*/*")), Some(Format::Json));
        assert_eq!(negotiate(&accept("text/html")), None);
        assert_eq!(
            negotiate(&accept(
                "application/graphql-response+json;q=0, application/json"
            )),
            Some(Format::Json)
        );
    }

    #[test]
    fn bodies_must_be_one_json_object() {
        assert!(parse_body(br#"{"query":"{ me { id } }"}"#).is_ok());
        assert!(parse_body(b"{").is_err());
        assert!(parse_body(br#"[{"query":"{ me { id } }"}]"#).is_err());
        assert!(parse_body(br#""query""#).is_err());
        assert!(parse_body(br#"{"query": 5}"#).is_err());
    }
}
