//! The web app served by the binary: hashed assets cached for good, app routes answered with
//! `index.html`, the server's own endpoints untouched, a helpful page when the app is not built,
//! security headers and gzip. The UI does not touch storage, so these run on SQLite only.

use crate::helpers::{Backend, TestApp};
use reqwest::header::HeaderMap;
use reqwest::Method;
use std::path::PathBuf;

const INDEX: &str = "<!doctype html><html><head><script type=\"module\" \
                     src=\"/assets/app-abc123.js\"></script></head><body><div \
                     id=\"root\"></div><!-- padding so the page is worth compressing: Samspill \
                     Samspill Samspill Samspill Samspill Samspill Samspill Samspill Samspill \
                     Samspill Samspill Samspill Samspill Samspill Samspill Samspill \
                     --></body></html>";
const SCRIPT: &str = "console.log('Samspill');\n";

const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; font-src 'self'; \
                   connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/// A built app: index.html, a hashed script and a favicon.
fn built_ui() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("samspill-ui-{}", rand::random::<u64>()));
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(dir.join("index.html"), INDEX).unwrap();
    std::fs::write(dir.join("assets/app-abc123.js"), SCRIPT.repeat(40)).unwrap();
    std::fs::write(dir.join("favicon.ico"), [0u8, 0, 1, 0]).unwrap();
    dir
}

async fn app_with_ui(dir: &std::path::Path) -> TestApp {
    let dir = dir.to_path_buf();
    TestApp::spawn_with(Backend::Sqlite, move |config| config.ui_dir = dir).await
}

struct Answer {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap())
            .unwrap_or("")
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

async fn request(app: &TestApp, method: Method, path: &str, headers: &[(&str, &str)]) -> Answer {
    let mut request = reqwest::Client::new().request(method, app.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    Answer {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.bytes().await.unwrap().to_vec(),
    }
}

async fn get(app: &TestApp, path: &str) -> Answer {
    request(app, Method::GET, path, &[]).await
}

/// Assets are cached for a year, the page never without asking; app routes get the page; a
/// missing asset or file is a 404; HEAD has no body; a known ETag gets 304.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_the_built_app() {
    let dir = built_ui();
    let app = app_with_ui(&dir).await;

    let script = get(&app, "/assets/app-abc123.js").await;
    assert_eq!(script.status, 200);
    assert_eq!(
        script.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        script.header("content-type"),
        "text/javascript; charset=utf-8"
    );
    assert_eq!(script.text(), SCRIPT.repeat(40));

    for path in [
        "/",
        "/needs/abc",
        "/sv/needs/abc",
        "/account",
        "/index.html",
    ] {
        let page = get(&app, path).await;
        assert_eq!(page.status, 200, "{path}");
        assert_eq!(page.header("cache-control"), "no-cache", "{path}");
        assert_eq!(page.header("content-type"), "text/html; charset=utf-8");
        assert_eq!(page.text(), INDEX, "{path}");
    }

    let icon = get(&app, "/favicon.ico").await;
    assert_eq!(icon.status, 200);
    assert_eq!(icon.header("cache-control"), "public, max-age=3600");
    assert_eq!(icon.header("content-type"), "image/x-icon");

    for missing in [
        "/assets/app-old999.js",
        "/assets/nothing",
        "/assets",
        "/robots.txt",
        "/needs/abc/photo.png",
        "/.env",
    ] {
        let answer = get(&app, missing).await;
        assert_eq!(answer.status, 404, "{missing}");
        assert!(
            !answer.text().contains("<html"),
            "{missing} is not the page"
        );
    }

    let head = request(&app, Method::HEAD, "/needs/abc", &[]).await;
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-type"), "text/html; charset=utf-8");
    assert!(head.body.is_empty());

    let etag = get(&app, "/").await.header("etag").to_owned();
    assert!(!etag.is_empty());
    let again = request(&app, Method::GET, "/", &[("if-none-match", &etag)]).await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());

    let _ = std::fs::remove_dir_all(&dir);
}

/// The server's own endpoints keep their handlers and their 404s, and only GET and HEAD reach
/// the app: other methods get 405 (or 404 under a reserved path), never the page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reserved_paths_and_other_methods_are_not_the_app() {
    let dir = built_ui();
    let app = app_with_ui(&dir).await;

    assert_eq!(get(&app, "/healthz").await.text(), r#"{"status":"ok"}"#);
    assert_eq!(get(&app, "/readyz").await.status, 200);
    let metrics = get(&app, "/metrics").await;
    assert!(metrics
        .header("content-type")
        .starts_with("application/openmetrics-text"));
    let no_need = get(&app, "/ocds/needs/999").await;
    assert_eq!(no_need.status, 404);
    assert!(no_need
        .header("content-type")
        .starts_with("application/json"));
    let no_query = request(
        &app,
        Method::GET,
        "/graphql",
        &[("accept", "application/json")],
    )
    .await;
    assert_eq!(no_query.status, 400);
    assert!(no_query.text().contains("BAD_USER_INPUT"));
    for path in [
        "/graphql/x",
        "/ocds",
        "/ocds/nothing",
        "/healthz/x",
        "/metrics/",
        "/readyz/x",
    ] {
        let answer = get(&app, path).await;
        assert_eq!(answer.status, 404, "{path}");
        assert!(!answer.text().contains("<html"), "{path} is not the page");
    }

    for (method, path, status) in [
        (Method::POST, "/needs/abc", 405),
        (Method::PUT, "/", 405),
        (Method::DELETE, "/assets/app-abc123.js", 405),
        (Method::POST, "/healthz", 405),
        (Method::POST, "/ocds/releases", 405),
        (Method::POST, "/graphql/x", 404),
    ] {
        let answer = request(&app, method.clone(), path, &[]).await;
        assert_eq!(answer.status, status, "{method} {path}");
        assert!(!answer.text().contains("<html"), "{method} {path}");
    }
    assert_eq!(
        request(&app, Method::POST, "/needs/abc", &[])
            .await
            .header("allow"),
        "GET, HEAD"
    );

    let _ = std::fs::remove_dir_all(&dir);
}

/// Without a built app, `/` and app routes explain how to build it (503, so a deployment that
/// forgot the app is visibly broken); assets are still plain 404s.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn says_how_to_build_the_app_when_it_is_missing() {
    let dir = std::env::temp_dir().join(format!("samspill-no-ui-{}", rand::random::<u64>()));
    let app = app_with_ui(&dir).await;
    for path in ["/", "/needs/abc", "/account"] {
        let page = get(&app, path).await;
        assert_eq!(page.status, 503, "{path}");
        assert_eq!(page.header("content-type"), "text/html; charset=utf-8");
        assert!(
            page.text()
                .contains("npm ci --prefix frontend &amp;&amp; npm run build --prefix frontend"),
            "{}",
            page.text()
        );
    }
    assert_eq!(get(&app, "/assets/app-abc123.js").await.status, 404);
    assert_eq!(get(&app, "/healthz").await.status, 200);
}

/// Every response carries the security headers; GraphiQL, which loads its code from unpkg.com,
/// has a policy of its own that allows it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn security_headers_everywhere() {
    let dir = built_ui();
    let app = app_with_ui(&dir).await;
    for path in [
        "/",
        "/assets/app-abc123.js",
        "/healthz",
        "/assets/missing.js",
    ] {
        let answer = get(&app, path).await;
        assert_eq!(answer.header("content-security-policy"), CSP, "{path}");
        assert_eq!(answer.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(answer.header("referrer-policy"), "same-origin", "{path}");
        assert_eq!(answer.header("x-frame-options"), "DENY", "{path}");
    }
    let graphql = crate::helpers::Client {
        http: reqwest::Client::new(),
        endpoint: app.url("/graphql"),
        bearer: None,
    };
    let reply = graphql.gql("{ __typename }", serde_json::json!({})).await;
    assert_eq!(reply.data("__typename"), "QueryRoot");

    let graphiql = request(&app, Method::GET, "/graphql", &[("accept", "text/html")]).await;
    assert_eq!(graphiql.status, 200);
    assert!(graphiql.text().contains("unpkg.com"));
    let policy = graphiql.header("content-security-policy");
    assert!(
        policy.contains("script-src 'self' 'unsafe-inline' 'unsafe-eval' https://unpkg.com"),
        "{policy}"
    );
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert_eq!(graphiql.header("x-frame-options"), "DENY");

    let _ = std::fs::remove_dir_all(&dir);
}

/// Text is gzipped when the client asks for it (assets, the page, GraphQL JSON), and sent
/// plain otherwise.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gzip_when_asked() {
    let dir = built_ui();
    let app = app_with_ui(&dir).await;
    let gzip = [("accept-encoding", "gzip")];
    for path in ["/assets/app-abc123.js", "/needs/abc"] {
        let answer = request(&app, Method::GET, path, &gzip).await;
        assert_eq!(answer.status, 200, "{path}");
        assert_eq!(answer.header("content-encoding"), "gzip", "{path}");
        assert_eq!(&answer.body[..2], [0x1f, 0x8b], "{path}: gzip magic");
        let plain = get(&app, path).await;
        assert_eq!(plain.header("content-encoding"), "", "{path}");
    }
    let schema = reqwest::Client::new()
        .post(app.url("/graphql"))
        .header("content-type", "application/json")
        .header("accept-encoding", "gzip")
        .body(r#"{"query":"{ __schema { types { name description } } }"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(schema.status(), 200);
    assert_eq!(schema.headers()["content-encoding"], "gzip");
    assert_eq!(&schema.bytes().await.unwrap()[..2], [0x1f, 0x8b]);

    let _ = std::fs::remove_dir_all(&dir);
}
