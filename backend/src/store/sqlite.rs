//! The embedded default: one SQLite file in the data directory.
//!
//! WAL lets readers run beside the single writer; `synchronous = FULL` makes every commit reach
//! the disk before it is acknowledged, so an acknowledged write survives a power cut. Write
//! transactions start with `BEGIN IMMEDIATE` so that two of them queue on the busy timeout
//! instead of failing when both try to upgrade a read lock. The queries themselves are shared
//! with PostgreSQL (`sql/`).

use super::StoreResult;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};
use std::str::FromStr;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");

/// The names the shared SQL (`sql/mod.rs`) imports from this module.
type Db = Sqlite;
type DbStore = SqliteStore;

pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            // A file in this process cannot drop away: no ping before each statement.
            .test_before_acquire(false)
            .connect_with(options)
            .await?;
        Ok(Self { pool })
    }
}

/// `BEGIN IMMEDIATE` takes the database's write lock at once, so concurrent writers queue.
async fn begin_write(pool: &SqlitePool) -> StoreResult<Transaction<'static, Sqlite>> {
    Ok(pool.begin_with("BEGIN IMMEDIATE").await?)
}

/// Nothing to do: the write transaction already excludes every other writer.
async fn lock_organisation(_tx: &mut Transaction<'_, Sqlite>, _org_id: i64) -> StoreResult<()> {
    Ok(())
}

/// One process owns the file, so its relay is woken in process; nothing to send.
async fn notify_events(_pool: &SqlitePool) -> StoreResult<()> {
    Ok(())
}

async fn event_listener(_pool: &SqlitePool) -> StoreResult<Option<Box<dyn super::EventListener>>> {
    Ok(None)
}

/// Nothing to do, as for organisations.
async fn lock_need(_tx: &mut Transaction<'_, Sqlite>, _need_id: i64) -> StoreResult<()> {
    Ok(())
}

/// Nothing to do, as for needs.
async fn lock_offer(_tx: &mut Transaction<'_, Sqlite>, _offer_id: i64) -> StoreResult<()> {
    Ok(())
}

/// The queries every backend shares, compiled for this one (the other backend includes the
/// same files: that is the point, hence the allowed lint).
#[allow(clippy::duplicate_mod)]
#[path = "sql/mod.rs"]
mod sql;
