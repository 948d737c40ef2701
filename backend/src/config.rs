//! Configuration: command-line flags with `SAMSPILL_*` environment fallbacks (clap reads both),
//! turned into a [`Config`] the application runs with. Loading configuration never writes files;
//! the data directory is created when the server starts.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A value that must never reach a log line or a `Debug` dump (a database URL may hold a password).
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self(s.to_owned()))
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "samspill",
    version,
    about = "Samspill: early procurement dialogue and partner matching"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Directory for the embedded database and the search index.
    #[arg(
        long,
        env = "SAMSPILL_DATA_DIR",
        default_value = "./data",
        global = true
    )]
    pub data_dir: PathBuf,
    /// `sqlite://PATH` or `postgres://USER@HOST/DB`; default: an SQLite file in the data directory.
    #[arg(
        long,
        env = "SAMSPILL_DATABASE_URL",
        hide_env_values = true,
        global = true
    )]
    pub database_url: Option<Secret>,
    /// Meilisearch server for search (shared by replicas); default: the embedded index in the
    /// data directory.
    #[arg(long, env = "SAMSPILL_MEILI_URL", global = true)]
    pub meili_url: Option<String>,
    /// Meilisearch API key.
    #[arg(
        long,
        env = "SAMSPILL_MEILI_KEY",
        hide_env_values = true,
        global = true
    )]
    pub meili_key: Option<Secret>,
    /// Prefix of the Meilisearch index names (`PREFIX_partners`, `PREFIX_needs`, `PREFIX_meta`).
    #[arg(
        long,
        env = "SAMSPILL_MEILI_INDEX_PREFIX",
        default_value = "samspill",
        global = true
    )]
    pub meili_index_prefix: String,
    /// Log line format.
    #[arg(long, env = "SAMSPILL_LOG_FORMAT", value_enum, default_value_t = LogFormat::Pretty, global = true)]
    pub log_format: LogFormat,
    /// Log filter in `tracing` syntax, such as `info` or `samspill=debug,info`.
    #[arg(
        long,
        env = "SAMSPILL_LOG",
        default_value = "info,sqlx=warn",
        global = true
    )]
    pub log: String,
}

impl GlobalArgs {
    /// The configured database URL, or the embedded default inside the data directory.
    pub fn database_url(&self) -> Secret {
        self.database_url
            .clone()
            .unwrap_or_else(|| default_sqlite_url(&self.data_dir))
    }

    /// Where search lives: Meilisearch when a URL is given, else the data directory.
    pub fn search_engine(&self) -> SearchEngine {
        match &self.meili_url {
            Some(url) => SearchEngine::Meilisearch {
                url: url.clone(),
                key: self.meili_key.clone(),
                index_prefix: self.meili_index_prefix.clone(),
            },
            None => SearchEngine::Embedded(Some(self.data_dir.join("search"))),
        }
    }

    /// True when the database is the default SQLite file, whose directory must exist.
    pub fn uses_default_database(&self) -> bool {
        self.database_url.is_none()
    }
}

pub fn default_sqlite_url(data_dir: &Path) -> Secret {
    Secret::new(format!(
        "sqlite://{}",
        data_dir.join("samspill.db").display()
    ))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (applies pending migrations first).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the GraphQL schema (SDL); the committed copy is schema.graphql.
    ExportSchema,
    /// Platform administration from the shell.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Load reference data.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Fill an empty database with demo municipalities, enterprises and needs.
    SeedDemo,
    /// Rebuild the search index in the data directory from the database (server stopped).
    Reindex,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Load the full CPV list from a TSV file (code, tab, English label; one header line).
    Cpv { file: PathBuf },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "SAMSPILL_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// The URL people use to reach Samspill; decides cookie security, links and the websocket
    /// Origin check. Default: http:// and the bind address.
    #[arg(long, env = "SAMSPILL_PUBLIC_URL")]
    pub public_url: Option<url::Url>,
    /// Serve GraphQL introspection and GraphiQL; turn off in production.
    #[arg(long, env = "SAMSPILL_INTROSPECTION", default_value_t = true, action = clap::ArgAction::Set)]
    pub introspection: bool,
    /// The OCDS identifier prefix registered for this publisher.
    #[arg(long, env = "SAMSPILL_OCID_PREFIX", default_value = DEFAULT_OCID_PREFIX)]
    pub ocid_prefix: String,
    /// SMTP server for notification e-mail: `smtps://user:password@mail.example.org` (TLS),
    /// `smtp://...:587?tls=required` (STARTTLS) or `smtp://localhost:25` (a local relay,
    /// unencrypted). Without it, e-mail is written to the log.
    #[arg(long, env = "SAMSPILL_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<Secret>,
    /// The sender of notification e-mail.
    #[arg(
        long,
        env = "SAMSPILL_MAIL_FROM",
        default_value = "Samspill <no-reply@samspill.localhost>"
    )]
    pub mail_from: String,
    /// Add demo data first when the database has no organisations yet.
    #[arg(long)]
    pub seed_demo: bool,
    /// The built web app (`npm run build` in frontend/ writes it), served for every path the
    /// API does not answer; relative to the working directory.
    #[arg(long, env = "SAMSPILL_UI_DIR", default_value = DEFAULT_UI_DIR)]
    pub ui_dir: PathBuf,
    /// Load balancers in front of Samspill, as addresses or networks (`10.0.0.0/8,::1`): only
    /// their `X-Forwarded-For` header is believed, so that rate limits and logs see the client.
    #[arg(long, env = "SAMSPILL_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: crate::http::TrustedProxies,
}

/// Where `npm run build` puts the web app, seen from the repository root.
pub const DEFAULT_UI_DIR: &str = "frontend/dist";

/// Used until a publisher registers its own prefix with the Open Contracting Partnership.
pub const DEFAULT_OCID_PREFIX: &str = "ocds-smpl00";

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a platform administrator; the password is read from standard input.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
}

/// Everything the running application needs, however it was started (the binary or a test).
#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: Secret,
    pub public_url: url::Url,
    pub introspection: bool,
    /// The OCDS identifier prefix registered for this publisher (`ocds-` and six characters).
    pub ocid_prefix: String,
    pub limits: Limits,
    pub rate_limits: RateLimits,
    pub mail: MailSettings,
    pub search: SearchEngine,
    /// The built web app's directory (`index.html`, `assets/`); see `http::ui`.
    pub ui_dir: PathBuf,
    /// Load balancers whose `X-Forwarded-For` names the client (rate limits and logs).
    pub trusted_proxies: crate::http::TrustedProxies,
}

/// The search engine and where its index lives.
#[derive(Debug, Clone)]
pub enum SearchEngine {
    /// tantivy in this directory; `None` keeps the index in memory (rebuilt at start).
    Embedded(Option<PathBuf>),
    Meilisearch {
        url: String,
        key: Option<Secret>,
        /// Index names start with it, so installations (and tests) can share a server.
        index_prefix: String,
    },
}

impl Config {
    /// Development defaults for `database_url`, with the public URL derived from `bind`.
    pub fn new(database_url: Secret, public_url: url::Url) -> Self {
        Self {
            database_url,
            public_url,
            introspection: true,
            ocid_prefix: DEFAULT_OCID_PREFIX.to_owned(),
            limits: Limits::default(),
            rate_limits: RateLimits::default(),
            mail: MailSettings::default(),
            search: SearchEngine::Embedded(None),
            ui_dir: PathBuf::from(DEFAULT_UI_DIR),
            trusted_proxies: Default::default(),
        }
    }

    /// Cookies get `Secure` only when people reach us over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.scheme() == "https"
    }

    /// The `Origin` a browser sends from our own pages: `scheme://host[:port]`.
    pub fn public_origin(&self) -> String {
        self.public_url.origin().ascii_serialization()
    }
}

/// How notification e-mail leaves the server.
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub mailer: std::sync::Arc<dyn crate::mail::Mailer>,
    /// How often due e-mail is looked for (immediate ones wait at most this long).
    pub check_every: Duration,
    /// A person on daily digests gets at most one digest per this period.
    pub digest_every: Duration,
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            mailer: std::sync::Arc::new(crate::mail::LogMailer),
            check_every: Duration::from_secs(30),
            digest_every: Duration::from_secs(24 * 60 * 60),
        }
    }
}

/// Bounds on what one request or connection may ask of the server.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_body_bytes: usize,
    pub max_depth: usize,
    pub max_complexity: usize,
    pub max_aliases: usize,
    /// graphql-transport-ws: close with 4408 when `connection_init` has not arrived by then.
    pub connection_init_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body_bytes: 1024 * 1024,
            max_depth: 12,
            max_complexity: 1000,
            max_aliases: 30,
            connection_init_timeout: Duration::from_secs(3),
        }
    }
}

/// Attempts allowed per window for login and registration.
#[derive(Debug, Clone)]
pub struct RateLimits {
    /// Login attempts per client address per minute.
    pub logins_per_address_per_minute: u32,
    /// Wrong passwords one address may try on one account before it waits (a minute, doubling
    /// with each further failure, at most 15); three times as many from all addresses together
    /// make every address that has failed on the account wait too. An address that has not
    /// failed (the owner on a new network) is never made to wait by others' failures.
    pub logins_per_account_per_minute: u32,
    /// Registrations per client address per hour.
    pub registrations_per_address_per_hour: u32,
    /// Registration attempts per e-mail address per hour.
    pub registrations_per_account_per_hour: u32,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            logins_per_address_per_minute: 30,
            logins_per_account_per_minute: 10,
            registrations_per_address_per_hour: 30,
            registrations_per_account_per_hour: 5,
        }
    }
}
