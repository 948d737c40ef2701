//! Counting SQL statements per request.
//!
//! sqlx reports every statement it runs as a `tracing` event with the target `sqlx::query`
//! (on SQLite from its worker thread, inside the span of the task that asked). The
//! [`StatementCounter`] layer adds each such event to the nearest enclosing span that declares a
//! `sql_statements` field; [`StatementCount::of`] reads that span's count. The GraphQL
//! transport opens one such span per operation, so the count is per request whatever else runs
//! in the process at the same time, and it lands in the operation's log line and in `/metrics`.
//!
//! The layer must be installed (see `telemetry::init`); without it the count is `None`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tracing::span::{Attributes, Id};
use tracing::subscriber::Interest;
use tracing::{Event, Metadata, Subscriber};
use tracing_subscriber::layer::{Context, Filter, Layer};
use tracing_subscriber::registry::LookupSpan;

/// The target sqlx logs each statement under.
const STATEMENT_TARGET: &str = "sqlx::query";

/// The span field that asks for statements to be counted.
pub const COUNT_FIELD: &str = "sql_statements";

/// The running count of one span's statements.
#[derive(Debug, Clone, Default)]
pub struct StatementCount(Arc<AtomicU64>);

impl StatementCount {
    /// Statements run so far inside the span.
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    /// The counter of a span that declares [`COUNT_FIELD`], when the layer is installed.
    pub fn of(span: &tracing::Span) -> Option<Self> {
        span.with_subscriber(|(id, dispatch)| {
            let registry = dispatch.downcast_ref::<tracing_subscriber::Registry>()?;
            let span = registry.span(id)?;
            let count = span.extensions().get::<StatementCount>().cloned();
            count
        })
        .flatten()
    }
}

/// A `tracing` layer that counts sqlx's statement events per span; see the module doc.
#[derive(Debug, Default, Clone, Copy)]
pub struct StatementCounter;

impl<S> Layer<S> for StatementCounter
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        if attrs.metadata().fields().field(COUNT_FIELD).is_none() {
            return;
        }
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(StatementCount::default());
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        if event.metadata().target() != STATEMENT_TARGET {
            return;
        }
        let Some(scope) = ctx.event_scope(event) else {
            return;
        };
        for span in scope {
            if let Some(count) = span.extensions().get::<StatementCount>() {
                count.0.fetch_add(1, Ordering::Relaxed);
                return;
            }
        }
    }
}

/// The per-layer filter for [`StatementCounter`]: the spans that count and sqlx's statement
/// events at any level, whatever the log filter prints (other spans between the two are
/// skipped when the layer looks up an event's scope).
#[derive(Debug, Default, Clone, Copy)]
pub struct StatementFilter;

impl<S> Filter<S> for StatementFilter {
    fn enabled(&self, meta: &Metadata<'_>, _ctx: &Context<'_, S>) -> bool {
        counts(meta)
    }

    fn callsite_enabled(&self, meta: &'static Metadata<'static>) -> Interest {
        if counts(meta) {
            Interest::always()
        } else {
            Interest::never()
        }
    }
}

fn counts(meta: &Metadata<'_>) -> bool {
    if meta.is_span() {
        meta.fields().field(COUNT_FIELD).is_some()
    } else {
        meta.target() == STATEMENT_TARGET
    }
}
