//! Test harness: databases per test, the app on port 0, a GraphQL client with a cookie jar.

use samspill::config::{Config, Secret};
use samspill::store::{self, Store};
use samspill::Application;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Runs each listed `async fn name(backend: Backend)` once per database, as
/// `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::helpers::Backend::Sqlite).await
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::helpers::Backend::Postgres).await
                }
            )+
        }
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

fn random_suffix() -> String {
    use rand::Rng;
    let n: u64 = rand::thread_rng().gen();
    format!("{n:016x}")
}

/// A database that exists for one test: an SQLite file in a fresh directory, or a fresh
/// PostgreSQL database. Dropping it removes the file or drops the database, even when the
/// test panicked.
pub struct TestDb {
    pub url: String,
    pub dir: PathBuf,
    postgres_name: Option<String>,
}

pub fn postgres_admin_url() -> String {
    std::env::var("SAMSPILL_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn with_database(admin_url: &str, name: &str) -> String {
    let mut url = url::Url::parse(admin_url).expect("SAMSPILL_TEST_POSTGRES_URL is a URL");
    url.set_path(name);
    url.to_string()
}

impl TestDb {
    pub async fn new(backend: Backend) -> Self {
        let dir = std::env::temp_dir().join(format!("samspill-test-{}", random_suffix()));
        std::fs::create_dir_all(&dir).unwrap();
        match backend {
            Backend::Sqlite => {
                let url = format!("sqlite://{}", dir.join("samspill.db").display());
                Self {
                    url,
                    dir,
                    postgres_name: None,
                }
            }
            Backend::Postgres => {
                let name = format!("samspill_test_{}", random_suffix());
                let admin = sqlx::PgPool::connect(&postgres_admin_url()).await.unwrap_or_else(|e| {
                    panic!("PostgreSQL is required for these tests and is not reachable at {}: {e}", postgres_admin_url())
                });
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&admin)
                    .await
                    .unwrap();
                admin.close().await;
                Self {
                    url: with_database(&postgres_admin_url(), &name),
                    dir,
                    postgres_name: Some(name),
                }
            }
        }
    }

    pub async fn store(&self) -> Arc<dyn Store> {
        let store = store::connect(&self.url).await.unwrap();
        store.migrate().await.unwrap();
        store
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        let Some(name) = self.postgres_name.take() else {
            return;
        };
        // Drop runs inside the test's runtime, which cannot block on async work: use a thread
        // with its own small runtime.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                if let Ok(admin) = sqlx::PgPool::connect(&postgres_admin_url()).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&admin)
                        .await;
                    admin.close().await;
                }
            });
        })
        .join();
    }
}

/// The application running in this process on a random port.
pub struct TestApp {
    pub addr: SocketAddr,
    pub store: Arc<dyn Store>,
    /// The running app's services, for tests that drive background work themselves.
    pub services: samspill::services::Services,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<std::io::Result<()>>>,
    /// Held so the database outlives the server; dropped (and removed) with the app.
    _db: TestDb,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, |_| {}).await
    }

    /// Starts the app with a configuration the test may adjust first.
    pub async fn spawn_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> Self {
        // Warnings and errors (with their internal detail) show in a failing test's output.
        samspill::telemetry::init(samspill::config::LogFormat::Pretty, "warn");
        let db = TestDb::new(backend).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut config = Config::new(
            Secret::new(db.url.clone()),
            format!("http://{addr}").parse().unwrap(),
        );
        adjust(&mut config);
        let app = Application::build(config).await.unwrap();
        let store = app.store().clone();
        let services = app.services().clone();
        let (tx, rx) = oneshot::channel::<()>();
        let server = tokio::spawn(app.serve(listener, async {
            let _ = rx.await;
        }));
        Self {
            addr,
            store,
            services,
            shutdown: Some(tx),
            server: Some(server),
            _db: db,
        }
    }

    /// A platform administrator, as `samspill admin create` makes one, with [`PASSWORD`]; once
    /// (a second call for the same address does nothing).
    pub async fn create_platform_admin(&self, email: &str) {
        let address = samspill::domain::Email::parse(email).unwrap();
        if self.store.user_for_login(&address).await.unwrap().is_some() {
            return;
        }
        self.store
            .create_user(&samspill::store::NewUser {
                email: samspill::domain::Email::parse(email).unwrap(),
                name: samspill::domain::PersonName::parse("Platform Admin").unwrap(),
                password_hash: samspill::domain::Password::parse(PASSWORD).unwrap().hash(),
                is_platform_admin: true,
                created_at: chrono::Utc::now(),
            })
            .await
            .unwrap();
    }

    /// A platform administrator verifies the organisation (as for a WISE with Skoopi
    /// membership), through the API.
    pub async fn verify_organisation(&self, org_id: &str) {
        self.create_platform_admin("root@samspill.eu").await;
        let admin = self.browser();
        admin
            .login("root@samspill.eu", PASSWORD)
            .await
            .data("login");
        crate::operations::verify_organisation(&admin, org_id, true, Some("Skoopi member list"))
            .await
            .data("setOrganisationVerification");
    }

    /// Marks the person's e-mail address confirmed, as following the link in their
    /// verification e-mail would (the link itself is tested in `trust_invitations`).
    pub async fn confirm_email(&self, email: &str) {
        let email = samspill::domain::Email::parse(email).unwrap();
        let (user, _) = self.store.user_for_login(&email).await.unwrap().unwrap();
        self.store
            .mark_email_verified(user.id, chrono::Utc::now())
            .await
            .unwrap();
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The URL of the app's database, for tests that look into every table themselves.
    pub fn database_url(&self) -> &str {
        &self._db.url
    }

    pub fn ws_url(&self) -> String {
        format!("ws://{}/graphql", self.addr)
    }

    /// A new client with its own cookie jar: one browser.
    pub fn browser(&self) -> Client {
        Client {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .unwrap(),
            endpoint: self.url("/graphql"),
            bearer: None,
        }
    }

    pub fn begin_shutdown(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }

    pub async fn wait_stopped(&mut self) -> std::io::Result<()> {
        self.server.take().unwrap().await.unwrap()
    }
}

/// A GraphQL client: a browser (cookie jar) or, with a bearer token, an API client.
#[derive(Clone)]
pub struct Client {
    pub http: reqwest::Client,
    pub endpoint: String,
    pub bearer: Option<String>,
}

/// What came back: HTTP status and the JSON body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
}

impl Reply {
    /// `data` at a path such as `createOrganisation.id`, failing the test on errors.
    pub fn data(&self, path: &str) -> &Value {
        assert!(
            self.body.get("errors").is_none(),
            "unexpected errors: {}",
            self.body
        );
        path.split('.').fold(&self.body["data"], |v, key| &v[key])
    }

    pub fn str(&self, path: &str) -> String {
        self.data(path)
            .as_str()
            .unwrap_or_else(|| panic!("{path} is not a string in {}", self.body))
            .to_owned()
    }

    /// The first error's `extensions.code`.
    pub fn code(&self) -> &str {
        self.body["errors"][0]["extensions"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no error code in {}", self.body))
    }

    pub fn message(&self) -> &str {
        self.body["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
    }

    pub fn field(&self) -> &str {
        self.body["errors"][0]["extensions"]["field"]
            .as_str()
            .unwrap_or_default()
    }
}

impl Client {
    pub fn with_bearer(&self, token: &str) -> Client {
        Client {
            http: reqwest::Client::new(),
            endpoint: self.endpoint.clone(),
            bearer: Some(token.to_owned()),
        }
    }

    pub async fn gql(&self, query: &str, variables: Value) -> Reply {
        let mut request = self
            .http
            .post(&self.endpoint)
            .header("accept", "application/graphql-response+json")
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = &self.bearer {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let body = response.json().await.unwrap_or(Value::Null);
        Reply { status, body }
    }

    /// Asks until `done` holds for the answer, for up to five seconds: the search index and
    /// the matchmaking follow writes a moment later, so tests wait for them through here (or
    /// [`caught_up`] for a longer wait). Returns the last answer either way; the caller asserts
    /// on it.
    pub async fn once_caught_up(
        &self,
        query: &str,
        variables: Value,
        done: impl Fn(&Reply) -> bool,
    ) -> Reply {
        caught_up(std::time::Duration::from_secs(5), || async {
            let reply = self.gql(query, variables.clone()).await;
            (done(&reply), reply)
        })
        .await
    }

    /// Registers with [`PASSWORD`].
    pub async fn register(&self, email: &str, name: &str) -> Reply {
        self.register_with(email, name, PASSWORD).await
    }

    /// Registers with a password of the test's choosing (one that is refused, say).
    pub async fn register_with(&self, email: &str, name: &str, password: &str) -> Reply {
        self.gql(
            "mutation($i: RegisterInput!) { register(input: $i) { user { id name email } } }",
            json!({ "i": { "email": email, "name": name, "password": password } }),
        )
        .await
    }

    pub async fn login(&self, email: &str, password: &str) -> Reply {
        self.gql(
            "mutation($i: LoginInput!) { login(input: $i) { user { id } } }",
            json!({ "i": { "email": email, "password": password } }),
        )
        .await
    }

    pub async fn create_org(&self, kind: &str, name: &str, country: &str, number: &str) -> Reply {
        self.gql(
            "mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id name \
             verified viewerRole } }",
            json!({ "i": { "kind": kind, "name": name, "country": country, "organisationNumber": number } }),
        )
        .await
    }

    pub async fn invite(&self, org_id: &str, email: &str, role: &str) -> Reply {
        self.gql(
            "mutation($i: InviteMemberInput!) { inviteMember(input: $i) { acceptUrl invitation { \
             id email role status } } }",
            json!({ "i": { "organisationId": org_id, "email": email, "role": role } }),
        )
        .await
    }

    pub async fn accept(&self, token: &str) -> Reply {
        self.gql(
            "mutation($t: String!) { acceptInvitation(input: { token: $t }) { role organisation { \
             id } user { id } } }",
            json!({ "t": token }),
        )
        .await
    }

    pub async fn me_id(&self) -> String {
        self.gql("{ me { id } }", json!({})).await.str("me.id")
    }
}

/// Runs `probe` every 100 ms until it says done or `within` has passed, and returns its last
/// answer: the one wait for work that follows a write a moment later (the search index, the
/// matchmaking). The caller asserts on the answer.
pub async fn caught_up<T, F, Fut>(within: std::time::Duration, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = (bool, T)>,
{
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let (done, answer) = probe().await;
        if done || tokio::time::Instant::now() >= deadline {
            return answer;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// A day a few months back: a WISE's share measured then still counts (a year), whenever the
/// tests run.
pub fn recent_day() -> String {
    (chrono::Utc::now().date_naive() - chrono::Days::new(90)).to_string()
}

pub const PASSWORD: &str = "a long and memorable passphrase";

/// The token inside an invitation's accept URL.
pub fn token_of(accept_url: &str) -> String {
    let url = url::Url::parse(accept_url).unwrap();
    assert!(
        url.query().is_none(),
        "the secret must not be in the query string: {accept_url}"
    );
    url.fragment()
        .and_then(|f| f.strip_prefix("token="))
        .unwrap()
        .to_owned()
}

/// Göteborgs Stad's real organisation number, and others that pass their check digits.
pub const GOTEBORG: &str = "212000-1355";
pub const TRONDHEIM: &str = "942110464";
