//! The production database, and the one that lets several replicas share state.
//!
//! Membership changes lock the organisation's row and need edits the need's row
//! (`SELECT ... FOR UPDATE`), so that two admins demoting each other at the same moment cannot
//! both succeed, and two edits of a need queue instead of racing. The queries themselves are
//! shared with SQLite (`sql/`).

use super::StoreResult;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres, Transaction};
use std::str::FromStr;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

/// A connection idle for this long is pinged before use; one in steady use is not.
pub const IDLE_BEFORE_CHECK: Duration = Duration::from_secs(1);

/// The names the shared SQL (`sql/mod.rs`) imports from this module.
type Db = Postgres;
type DbStore = PgStore;

pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = PgConnectOptions::from_str(url)?.application_name("samspill");
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            // Not a ping per statement (a round trip before each one): only a connection
            // that sat idle long enough to have been dropped (a database restart, a killed
            // backend, a proxy's idle timeout) is checked before it is handed out.
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for < IDLE_BEFORE_CHECK {
                        return Ok(true);
                    }
                    Ok(sqlx::Connection::ping(conn).await.is_ok())
                })
            })
            .connect_with(options)
            .await?;
        Ok(Self { pool })
    }
}

async fn begin_write(pool: &PgPool) -> StoreResult<Transaction<'static, Postgres>> {
    Ok(pool.begin().await?)
}

/// Holds the organisation's row for the rest of the transaction; see the module doc.
async fn lock_organisation(tx: &mut Transaction<'_, Postgres>, org_id: i64) -> StoreResult<()> {
    sqlx::query("SELECT id FROM organisations WHERE id = $1 FOR UPDATE")
        .bind(org_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The channel replicas use to wake each other's relays; the payload is empty (the relay reads
/// the new rows itself), so nothing private travels through it.
const EVENTS_CHANNEL: &str = "samspill_events";

async fn notify_events(pool: &PgPool) -> StoreResult<()> {
    sqlx::query("SELECT pg_notify($1, '')")
        .bind(EVENTS_CHANNEL)
        .execute(pool)
        .await?;
    Ok(())
}

struct PgEventListener(sqlx::postgres::PgListener);

#[async_trait::async_trait]
impl super::EventListener for PgEventListener {
    async fn wait(&mut self) -> StoreResult<()> {
        // `recv` reconnects by itself when the connection drops; notifications sent while it
        // was down are lost, which the relay's periodic check makes up for.
        self.0.recv().await?;
        Ok(())
    }
}

async fn event_listener(pool: &PgPool) -> StoreResult<Option<Box<dyn super::EventListener>>> {
    let mut listener = sqlx::postgres::PgListener::connect_with(pool).await?;
    listener.listen(EVENTS_CHANNEL).await?;
    Ok(Some(Box::new(PgEventListener(listener))))
}

/// Holds the need's row so concurrent edits and status changes queue instead of racing.
async fn lock_need(tx: &mut Transaction<'_, Postgres>, need_id: i64) -> StoreResult<()> {
    sqlx::query("SELECT id FROM needs WHERE id = $1 FOR UPDATE")
        .bind(need_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Holds the joint offer's row so that changes to one offer queue instead of racing.
async fn lock_offer(tx: &mut Transaction<'_, Postgres>, offer_id: i64) -> StoreResult<()> {
    sqlx::query("SELECT id FROM joint_offers WHERE id = $1 FOR UPDATE")
        .bind(offer_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The queries every backend shares, compiled for this one (the other backend includes the
/// same files: that is the point, hence the allowed lint).
#[allow(clippy::duplicate_mod)]
#[path = "sql/mod.rs"]
mod sql;
