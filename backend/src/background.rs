//! Work that runs beside the HTTP server for as long as it serves: the event relay (publishes
//! the event log to this replica's subscribers), the search follower (keeps the search index in
//! step with the database) and housekeeping (notification e-mail, expired sessions, rate-limit
//! keys, the search outbox). [`Application::serve`](crate::Application::serve) starts it next
//! to [`http::serve`](crate::http::serve); every task stops when `shutdown` is cancelled.

use crate::live::Relay;
use crate::services::Services;
use crate::store::{Store, StoreError};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// How often the search index looks for changes written by other replicas.
const SEARCH_POLL: Duration = Duration::from_millis(500);
/// Outbox rows are kept this long; an index that stays away longer must be rebuilt.
const SEARCH_OUTBOX_KEPT: chrono::TimeDelta = chrono::TimeDelta::days(7);

/// Starts the background tasks. Fails only when the relay cannot read where the event log
/// stands (the database is unreachable); the other tasks retry on their own.
pub async fn start(
    store: Arc<dyn Store>,
    services: Services,
    shutdown: CancellationToken,
) -> Result<(), StoreError> {
    tokio::spawn(housekeeping(
        store.clone(),
        services.clone(),
        shutdown.clone(),
    ));
    tokio::spawn(search_follower(
        store.clone(),
        services.clone(),
        shutdown.clone(),
    ));
    let relay = Relay::start(store, services.bus.clone(), services.relay_wake.clone()).await?;
    tokio::spawn(relay.run(shutdown));
    Ok(())
}

/// Keeps the search index following the database: at once after a write on this replica,
/// otherwise every [`SEARCH_POLL`]. A new index is built in full first.
async fn search_follower(store: Arc<dyn Store>, services: Services, shutdown: CancellationToken) {
    loop {
        if let Err(err) =
            crate::search::follow_outbox(store.as_ref(), services.search.as_ref()).await
        {
            tracing::warn!(error = %err, "search index could not follow the database; retrying");
        }
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = services.search_wake.notified() => {}
            _ = tokio::time::sleep(SEARCH_POLL) => {}
        }
    }
}

/// Once a minute: forget idle rate-limit keys and delete expired sessions. Every
/// `mail.check_every`: send due notification e-mail.
async fn housekeeping(store: Arc<dyn Store>, services: Services, shutdown: CancellationToken) {
    let mut every_minute = tokio::time::interval(Duration::from_secs(60));
    let mail_every = services.config.mail.check_every;
    // The first check waits one period, like every later one.
    let mut mail_check =
        tokio::time::interval_at(tokio::time::Instant::now() + mail_every, mail_every);
    loop {
        tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = mail_check.tick() => {
                match services.send_due_emails(chrono::Utc::now()).await {
                    Ok(round) if round.sent + round.failed > 0 => {
                        tracing::info!(sent = round.sent, failed = round.failed, "notification \
                                                                                  e-mail");
                    }
                    Ok(_) => {}
                    Err(err) => tracing::warn!(error = ?err, "could not send notification e-mail"),
                }
            }
            _ = every_minute.tick() => {
                services.limiter.prune();
                let now = chrono::Utc::now();
                if let Err(err) = store.delete_expired_credentials(now).await {
                    tracing::warn!(error = %err, "could not delete expired sessions");
                }
                if let Err(err) = store.prune_search_outbox(now - SEARCH_OUTBOX_KEPT).await {
                    tracing::warn!(error = %err, "could not prune the search outbox");
                }
            }
        }
    }
}
