//! The web app: the files `npm run build` writes to the UI directory (`--ui-dir`, default
//! `frontend/dist`), served as the router's fallback, so every route the server itself answers
//! (`/graphql`, `/ocds/...`, `/healthz`, `/readyz`, `/metrics`) keeps its own handler.
//!
//! - `/assets/...`: Vite's output, named by content hash, cached for a year as `immutable`.
//! - other files in the directory (favicon, robots.txt): cached for an hour.
//! - a path whose last segment has a file extension and names no file, or any missing file
//!   under `/assets/`: a plain 404, so a stale script tag fails loudly instead of receiving HTML.
//! - every other path (`/`, `/needs/abc`, `/sv/account`): `index.html` with `no-cache`, and the
//!   app's router takes over in the browser.
//! - without `index.html` (the app was never built): a short page saying how to build it, with
//!   status 503, so a deployment that forgot the UI is visibly not serving it.
//!
//! Only GET and HEAD are answered; other methods get 405 (app paths) or 404 (reserved paths).
//! Files are read on each request, so a rebuild of the app shows without a restart. Each carries
//! a weak ETag from its size and modification time, and a matching `If-None-Match` gets 304.

use super::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// Hashed file names never change content.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Files whose names stay the same from build to build (favicon.ico).
const SHORT: &str = "public, max-age=3600";
/// `index.html` names the current hashed assets: always ask again (a 304 is cheap).
const NO_CACHE: &str = "no-cache";

/// The command that builds the app, shown on the "not built" page.
pub const BUILD_COMMAND: &str = "npm ci --prefix frontend && npm run build --prefix frontend";

/// Paths of the server's own endpoints; the app never answers them or anything below them.
const RESERVED: [&str; 5] = ["graphql", "ocds", "healthz", "readyz", "metrics"];

/// The router's fallback: see the module documentation.
pub async fn fallback(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let path = uri.path();
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    if RESERVED.contains(&first) {
        return StatusCode::NOT_FOUND.into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, HeaderValue::from_static("GET, HEAD"))],
        )
            .into_response();
    }
    let response = answer(&state.services.config.ui_dir, path, &headers).await;
    if method == Method::HEAD {
        let (parts, _) = response.into_parts();
        return Response::from_parts(parts, Body::empty());
    }
    response
}

async fn answer(root: &Path, path: &str, headers: &HeaderMap) -> Response {
    let Some(relative) = safe_relative(path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let is_asset = relative == "assets" || relative.starts_with("assets/");
    let has_extension = relative
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'));
    if !relative.is_empty() && (is_asset || has_extension) {
        let cache = if is_asset { IMMUTABLE } else { SHORT };
        let cache = if relative == "index.html" {
            NO_CACHE
        } else {
            cache
        };
        return match read(&root.join(&relative)).await {
            Some(file) => file.respond(&relative, cache, headers),
            None => StatusCode::NOT_FOUND.into_response(),
        };
    }
    match read(&root.join("index.html")).await {
        Some(file) => file.respond("index.html", NO_CACHE, headers),
        None => not_built(root),
    }
}

/// The request path as a path inside the UI directory, or `None` when it could leave it or
/// names a hidden file. Percent-escapes are not decoded: the build writes plain ASCII names, and
/// an escaped `..` then stays a harmless literal.
fn safe_relative(path: &str) -> Option<String> {
    let trimmed = path.trim_start_matches('/');
    let mut segments = Vec::new();
    for segment in trimmed.split('/') {
        if segment.is_empty() {
            continue;
        }
        if segment.starts_with('.') || segment.contains('\\') || segment.contains('\0') {
            return None;
        }
        segments.push(segment);
    }
    Some(segments.join("/"))
}

struct File {
    bytes: Vec<u8>,
    etag: String,
}

/// A regular file's content and ETag, or `None` when there is no such file.
async fn read(path: &PathBuf) -> Option<File> {
    let meta = tokio::fs::metadata(path).await.ok()?;
    if !meta.is_file() {
        return None;
    }
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let bytes = tokio::fs::read(path).await.ok()?;
    Some(File {
        etag: format!("W/\"{:x}-{modified:x}\"", bytes.len()),
        bytes,
    })
}

impl File {
    fn respond(self, name: &str, cache: &'static str, request: &HeaderMap) -> Response {
        let etag = HeaderValue::from_str(&self.etag).ok();
        let fresh = etag.as_ref().is_some_and(|etag| {
            request
                .get(header::IF_NONE_MATCH)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|sent| {
                    sent.split(',')
                        .any(|tag| tag.trim() == "*" || tag.trim() == etag)
                })
        });
        let mut response = if fresh {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            let mut response = Body::from(self.bytes).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(content_type(name)),
            );
            response
        };
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        if let Some(etag) = etag {
            headers.insert(header::ETAG, etag);
        }
        response
    }
}

/// The media type for a file name; the build only writes these kinds.
fn content_type(name: &str) -> &'static str {
    let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// What `/` and app routes answer while the UI directory has no `index.html`.
fn not_built(root: &Path) -> Response {
    let dir = escape(&root.display().to_string());
    let command = escape(BUILD_COMMAND);
    let page = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Samspill: the \
         web app is not built</title></head>\n<body>\n<h1>The web app is not \
         built</h1>\n<p>Samspill is running, but the web app's files are not in \
         <code>{dir}</code>. Build it from the repository root \
         with:</p>\n<pre>{command}</pre>\n<p>or point <code>SAMSPILL_UI_DIR</code> \
         (<code>--ui-dir</code>) at a built copy. The GraphQL API is at <a \
         href=\"/graphql\">/graphql</a>.</p>\n</body>\n</html>\n"
    );
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, NO_CACHE),
        ],
        page,
    )
        .into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The content security policy of every response but GraphiQL's page: only our own origin, no
/// inline script or style, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; style-src \
                                           'self'; font-src 'self'; connect-src 'self'; \
                                           frame-ancestors 'none'; base-uri 'self'; form-action \
                                           'self'";

/// GraphiQL's page (GET /graphql from a browser, only with introspection on) loads React,
/// GraphiQL and its styles from unpkg.com, its icon from graphql.org, and starts them with
/// inline script and style, all of which the policy above forbids. It gets this policy of its
/// own (set by the GraphiQL handler, so [`security_headers`] leaves it): those hosts, inline
/// code, and websockets for subscriptions. Production turns GraphiQL off with introspection.
pub const GRAPHIQL_CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' \
                                                    'unsafe-inline' 'unsafe-eval' \
                                                    https://unpkg.com; style-src 'self' \
                                                    'unsafe-inline' https://unpkg.com; img-src \
                                                    'self' data: https://graphql.org \
                                                    https://unpkg.com; font-src 'self' data: \
                                                    https://unpkg.com; connect-src 'self' ws: \
                                                    wss:; frame-ancestors 'none'; base-uri \
                                                    'self'; form-action 'self'";

/// Adds the security headers to every response that does not set its own.
pub async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let set = |headers: &mut HeaderMap, name: header::HeaderName, value: &'static str| {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    };
    set(
        headers,
        header::CONTENT_SECURITY_POLICY,
        CONTENT_SECURITY_POLICY,
    );
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::REFERRER_POLICY, "same-origin");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    response
}

/// Gzip pays for text (the app's scripts and styles, `index.html`, GraphQL JSON, metrics);
/// images and fonts are compressed already, and a response without a body type (a websocket's
/// 101) must stay untouched.
pub fn worth_compressing(
    status: StatusCode,
    _: axum::http::Version,
    headers: &HeaderMap,
    _: &axum::http::Extensions,
) -> bool {
    if status == StatusCode::SWITCHING_PROTOCOLS || status == StatusCode::NOT_MODIFIED {
        return false;
    }
    let Some(media) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let media = media.split(';').next().unwrap_or("").trim();
    media.starts_with("text/")
        || media.ends_with("json")
        || media.ends_with("+xml")
        || media == "application/xml"
        || media == "application/javascript"
        || media == "application/openmetrics-text"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_directory() {
        assert_eq!(
            safe_relative("/assets/app-1.js").as_deref(),
            Some("assets/app-1.js")
        );
        assert_eq!(safe_relative("/").as_deref(), Some(""));
        assert_eq!(safe_relative("//needs//x").as_deref(), Some("needs/x"));
        for bad in [
            "/../etc/passwd",
            "/assets/../../x",
            "/.env",
            "/a/.git/config",
            "/a\\b",
        ] {
            assert_eq!(safe_relative(bad), None, "{bad}");
        }
    }
}
