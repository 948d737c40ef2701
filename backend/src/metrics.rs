//! Prometheus metrics, held in application state (no global registry, so tests can run many
//! servers in one process).

use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::collections::HashSet;
use std::sync::Mutex;

type Labels = Vec<(&'static str, String)>;

/// Operation names come from clients, so their number is capped to keep label cardinality
/// (and memory) bounded; names beyond the cap are counted as `other`.
const MAX_OPERATION_NAMES: usize = 200;

pub struct Metrics {
    registry: Registry,
    requests: Family<Labels, Counter>,
    latency: Family<Labels, Histogram>,
    statements: Family<Labels, Histogram>,
    pub websockets_open: Gauge,
    pub pool_connections: Gauge,
    pub pool_idle: Gauge,
    seen_operations: Mutex<HashSet<String>>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("samspill");
        let requests = Family::<Labels, Counter>::default();
        let latency = Family::<Labels, Histogram>::new_with_constructor(
            latency_histogram as fn() -> Histogram,
        );
        let statements = Family::<Labels, Histogram>::new_with_constructor(
            statements_histogram as fn() -> Histogram,
        );
        let websockets_open = Gauge::default();
        let pool_connections = Gauge::default();
        let pool_idle = Gauge::default();
        registry.register(
            "graphql_requests",
            "GraphQL operations by name, transport and outcome",
            requests.clone(),
        );
        registry.register(
            "graphql_latency_seconds",
            "GraphQL operation latency by name",
            latency.clone(),
        );
        registry.register(
            "graphql_sql_statements",
            "SQL statements run by one GraphQL operation, by name",
            statements.clone(),
        );
        registry.register(
            "websockets_open",
            "Open graphql-transport-ws connections",
            websockets_open.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Database connections held by the pool",
            pool_connections.clone(),
        );
        registry.register(
            "db_pool_idle",
            "Idle database connections in the pool",
            pool_idle.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            statements,
            websockets_open,
            pool_connections,
            pool_idle,
            seen_operations: Mutex::new(HashSet::new()),
        }
    }

    /// Records one finished GraphQL operation.
    pub fn record_operation(
        &self,
        operation: Option<&str>,
        transport: &'static str,
        ok: bool,
        seconds: f64,
    ) {
        let name = self.operation_label(operation);
        let outcome = if ok { "ok" } else { "error" };
        self.requests
            .get_or_create(&vec![
                ("operation", name.clone()),
                ("transport", transport.into()),
                ("outcome", outcome.into()),
            ])
            .inc();
        self.latency
            .get_or_create(&vec![("operation", name)])
            .observe(seconds);
    }

    /// Records how many SQL statements one finished GraphQL operation ran.
    pub fn record_statements(&self, operation: Option<&str>, statements: u64) {
        let name = self.operation_label(operation);
        self.statements
            .get_or_create(&vec![("operation", name)])
            .observe(statements as f64);
    }

    fn operation_label(&self, operation: Option<&str>) -> String {
        let Some(name) = operation.filter(|n| is_plain_name(n)) else {
            return if operation.is_none() {
                "anonymous".into()
            } else {
                "other".into()
            };
        };
        let Ok(mut seen) = self.seen_operations.lock() else {
            return "other".into();
        };
        if seen.contains(name) || seen.len() < MAX_OPERATION_NAMES {
            seen.insert(name.to_owned());
            name.to_owned()
        } else {
            "other".into()
        }
    }

    /// The text exposition format for `/metrics`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = encode(&mut out, &self.registry);
        out
    }
}

fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.0005, 2.0, 16))
}

/// 1, 2, 4 ... 1024 statements.
fn statements_histogram() -> Histogram {
    Histogram::new(exponential_buckets(1.0, 2.0, 11))
}

fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}
