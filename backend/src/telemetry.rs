//! Logging: human-readable lines in development, JSON lines for log shippers in production.
//!
//! Beside the log, the subscriber carries the store's statement counter
//! ([`crate::store::statements`]), which counts SQL statements per GraphQL operation whatever
//! the log filter prints.

use crate::config::LogFormat;
use crate::store::statements::{StatementCounter, StatementFilter};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

pub fn init(format: LogFormat, filter: &str) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let log = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    let log = match format {
        LogFormat::Pretty => log.boxed(),
        LogFormat::Json => log
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .boxed(),
    };
    let _ = tracing_subscriber::registry()
        .with(log.with_filter(filter))
        .with(StatementCounter.with_filter(StatementFilter))
        .try_init();
}
