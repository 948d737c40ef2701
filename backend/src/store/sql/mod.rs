//! The SQL of every feature, written once for both databases and compiled into each backend's
//! module (`sqlite.rs` and `postgres.rs` include this folder with `#[path]`). All of it runs
//! unchanged on SQLite and PostgreSQL (numbered placeholders in increasing order, `ON CONFLICT`,
//! `RETURNING`). What differs is supplied by the including module and imported here by name:
//!
//! - `Db` and `DbStore`: the sqlx database and the store type that owns the pool;
//! - `MIGRATOR`: the backend's migrations;
//! - `begin_write(pool)`: how a write transaction starts (`BEGIN IMMEDIATE` on SQLite);
//! - `lock_organisation`, `lock_need`, `lock_offer`: how a row is held for the rest of the
//!   transaction (`FOR UPDATE` on PostgreSQL; nothing on SQLite, whose write transaction
//!   already excludes every other writer).
//!
//! Why not one generic `SqlStore<DB>`? Measured on the notifications feature (sqlx 0.8): it
//! compiles, pool and transaction paths alike, but only with a where-clause naming every
//! executor, argument, bound type and row type it uses (seven bounds for four small methods),
//! and Rust does not carry such bounds from a trait to its users, so each of the 14 impls and
//! each of about 60 shared helpers here would repeat its own list; `rows_affected` has no
//! generic form either. Compiling plain modules twice gives the same single source with none
//! of that, and rustfmt and clippy see it as ordinary code.

mod accounts;
mod batch;
mod cpv;
mod dialogue;
mod email_links;
mod events;
mod joint_offers;
mod mail;
mod needs;
mod notifications;
mod organisations;
mod personal_data;
mod profiles;
mod questions;

use super::{
    begin_write, event_listener, lock_need, lock_offer, lock_organisation, notify_events, Db,
    DbStore, MIGRATOR,
};
use crate::store::{count_pending, PoolStats, Store, StoreResult};

#[async_trait::async_trait]
impl Store for DbStore {
    async fn migrate(&self) -> StoreResult<()> {
        Ok(MIGRATOR.run(&self.pool).await?)
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn pending_migrations(&self) -> StoreResult<usize> {
        let applied: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
                .fetch_all(&self.pool)
                .await
                .unwrap_or_default();
        Ok(count_pending(&MIGRATOR, &applied))
    }

    fn pool_stats(&self) -> PoolStats {
        PoolStats {
            size: self.pool.size(),
            idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
        }
    }
}
