//! The `samspill` command: serve, migrate, export the schema, administer.

use clap::Parser;
use samspill::config::{AdminCommand, Cli, Command, Config, ImportCommand, ServeArgs};
use samspill::services::{NewAccount, Services};
use samspill::{store, telemetry, Application};
use std::process::ExitCode;
use tokio::io::AsyncBufReadExt;

/// mimalloc rather than the C library's allocator: a profile of the needs page (callgrind,
/// BENCHMARKS.md) spent over a quarter of its instructions in glibc's malloc and free, as
/// GraphQL execution allocates many small values per field.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init(cli.global.log_format, &cli.global.log);
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("samspill: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    if cli.global.uses_default_database() {
        std::fs::create_dir_all(&cli.global.data_dir).map_err(|e| {
            format!(
                "cannot create the data directory {}: {e}",
                cli.global.data_dir.display()
            )
        })?;
    }
    let database_url = cli.global.database_url();
    match cli.command {
        Command::ExportSchema => {
            print!("{}", samspill::graphql::sdl());
            Ok(())
        }
        Command::Migrate => {
            let store = store::connect(database_url.expose())
                .await
                .map_err(|e| e.to_string())?;
            samspill::app::prepare_database(store.as_ref())
                .await
                .map_err(|e| e.to_string())?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Serve(args) => serve(database_url, cli.global.search_engine(), args).await,
        Command::Reindex => reindex(database_url, cli.global.search_engine()).await,
        Command::SeedDemo => {
            let services = offline_services(database_url).await?;
            let seeded = samspill::demo::seed(&services)
                .await
                .map_err(|e| e.message())?;
            println!("{}", String::from(&seeded));
            Ok(())
        }
        Command::Import(ImportCommand::Cpv { file }) => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let rows = samspill::demo::parse_cpv_tsv(&text).map_err(|e| e.message())?;
            let services = offline_services(database_url).await?;
            let count = services
                .import_cpv(&rows)
                .await
                .map_err(|e| e.to_string())?;
            println!("Imported {count} CPV codes.");
            Ok(())
        }
        Command::Admin(AdminCommand::Create { email, name }) => {
            let password = read_password().await?;
            let services = offline_services(database_url).await?;
            let account = NewAccount {
                email: &email,
                name: &name,
                password: &password,
            };
            let user = services
                .create_platform_admin(account)
                .await
                .map_err(|e| e.message())?;
            println!(
                "Created platform administrator {} <{}>.",
                user.name, user.email
            );
            Ok(())
        }
    }
}

/// The services over a migrated database, for commands that run without a server.
async fn offline_services(database_url: samspill::config::Secret) -> Result<Services, String> {
    let store = store::connect(database_url.expose())
        .await
        .map_err(|e| e.to_string())?;
    samspill::app::prepare_database(store.as_ref())
        .await
        .map_err(|e| e.to_string())?;
    // Commands without a server write to the search outbox; the server's index applies it.
    let search = samspill::search::TantivyIndex::in_memory().map_err(|e| e.to_string())?;
    Ok(Services::new(
        store,
        Config::new(database_url, default_public_url()),
        std::sync::Arc::new(search),
    ))
}

/// Rebuilds the search index from the database (with the embedded engine, stop the server
/// first: the index takes one writer at a time).
async fn reindex(
    database_url: samspill::config::Secret,
    engine: samspill::config::SearchEngine,
) -> Result<(), String> {
    let store = store::connect(database_url.expose())
        .await
        .map_err(|e| e.to_string())?;
    store.migrate().await.map_err(|e| e.to_string())?;
    let refused = |e: samspill::search::SearchError| {
        format!("cannot open the search index (is the server running?): {e}")
    };
    // Unlike the server, a rebuild must not fall back to an index in memory.
    let index: std::sync::Arc<dyn samspill::search::SearchIndex> = match engine {
        samspill::config::SearchEngine::Embedded(Some(dir)) => {
            std::sync::Arc::new(samspill::search::TantivyIndex::open(&dir).map_err(refused)?)
        }
        other => {
            let mut config = Config::new(database_url, default_public_url());
            config.search = other;
            samspill::app::open_search(&config).await.map_err(refused)?
        }
    };
    let built = samspill::search::rebuild(store.as_ref(), index.as_ref())
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "Indexed {} organisations and {} needs.",
        built.organisations, built.needs
    );
    Ok(())
}

async fn serve(
    database_url: samspill::config::Secret,
    search_engine: samspill::config::SearchEngine,
    args: ServeArgs,
) -> Result<(), String> {
    let public_url = args.public_url.unwrap_or_else(|| {
        url::Url::parse(&format!("http://{}", args.bind)).unwrap_or_else(|_| default_public_url())
    });
    let mut config = Config::new(database_url, public_url);
    config.introspection = args.introspection;
    config.search = search_engine;
    config.ocid_prefix = args.ocid_prefix;
    config.ui_dir = args.ui_dir;
    config.trusted_proxies = args.trusted_proxies;
    if let Some(url) = &args.smtp_url {
        let mailer = samspill::mail::SmtpMailer::new(url.expose(), &args.mail_from)
            .map_err(|e| format!("cannot send e-mail: {e}"))?;
        config.mail.mailer = std::sync::Arc::new(mailer);
    }
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.bind))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let app = Application::build(config)
        .await
        .map_err(|e| e.to_string())?;
    if args.seed_demo {
        // Before serving, so the first visitor already sees the demo; the search index picks
        // the new rows up from the outbox once serving starts.
        let seeded = samspill::demo::seed(app.services())
            .await
            .map_err(|e| format!("cannot add the demo data: {}", e.message()))?;
        match seeded {
            samspill::demo::Seeded::AlreadyPopulated => {
                tracing::info!("the database already has organisations; no demo data added");
            }
            created => println!("{}", String::from(&created)),
        }
    }
    tracing::info!(%address, "samspill is listening");
    app.serve(listener, shutdown_signal())
        .await
        .map_err(|e| e.to_string())?;
    tracing::info!("samspill stopped");
    Ok(())
}

fn default_public_url() -> url::Url {
    url::Url::parse("http://127.0.0.1:8080").unwrap_or_else(|_| unreachable!("a valid literal URL"))
}

/// The first line of standard input, without its line ending.
async fn read_password() -> Result<String, String> {
    let mut line = String::new();
    tokio::io::BufReader::new(tokio::io::stdin())
        .read_line(&mut line)
        .await
        .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM (container stop).
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown requested");
}
