//! Enterprise profiles and the search outbox (`ProfileStore`).

use super::{begin_write, Db, DbStore};
use crate::domain::profile::ProfileContent;
use crate::store::profiles::*;
use crate::store::*;
use chrono::{DateTime, Utc};
use sqlx::Transaction;

/// Queues an organisation for the search index, inside the caller's transaction.
pub(super) async fn queue_for_search(
    tx: &mut Transaction<'static, Db>,
    organisation_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO search_outbox (organisation_id, created_at) VALUES ($1, $2)")
        .bind(organisation_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A verified WISE that states other figures than the verified ones goes back to the
/// verification queue (from the first change on); stating the verified ones again takes
/// it out. Inside the profile's transaction, so the queue never misses a change.
async fn note_wise_figures(
    tx: &mut Transaction<'static, Db>,
    organisation_id: i64,
    content: &ProfileContent,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let figures = content.wise_figures();
    sqlx::query(
        "UPDATE organisations SET wise_figures_changed_at = CASE \
         WHEN verified_wise_share IS NOT DISTINCT FROM $2 AND verified_wise_measured_on IS NOT \
         DISTINCT FROM $3 THEN NULL \
         ELSE COALESCE(wise_figures_changed_at, $4) END \
         WHERE id = $1 AND kind = 'WISE' AND verified_at IS NOT NULL",
    )
    .bind(organisation_id)
    .bind(figures.map(|f| i32::from(f.share_percent)))
    .bind(figures.map(|f| f.measured_on))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Queues a need for the search index, inside the caller's transaction.
pub(super) async fn queue_need_for_search(
    tx: &mut Transaction<'static, Db>,
    need_id: i64,
    buyer_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO search_outbox (organisation_id, need_id, created_at) VALUES ($1, $2, $3)",
    )
    .bind(buyer_id)
    .bind(need_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(super) type ProfileRow = (i64, String, i64, i64, DateTime<Utc>);

pub(super) fn profile_of(r: ProfileRow) -> StoreResult<Profile> {
    let content = serde_json::from_str(&r.1)
        .map_err(|e| StoreError::Corrupt(format!("profile {}: {e}", r.0)))?;
    Ok(Profile {
        organisation_id: r.0,
        content,
        revision: r.2,
        updated_by: r.3,
        updated_at: r.4,
    })
}

#[async_trait::async_trait]
impl ProfileStore for DbStore {
    async fn profile(&self, organisation_id: i64) -> StoreResult<Option<Profile>> {
        let row: Option<ProfileRow> = sqlx::query_as(
            "SELECT organisation_id, content, revision, updated_by, updated_at FROM profiles \
             WHERE organisation_id = $1",
        )
        .bind(organisation_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(profile_of).transpose()
    }

    async fn save_profile(
        &self,
        organisation_id: i64,
        content: &ProfileContent,
        expected_revision: i64,
        by: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Profile> {
        let json =
            serde_json::to_string(content).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut tx = begin_write(&self.pool).await?;
        // Optimistic lock: the first save inserts (a unique violation means someone saved
        // first); later saves update only the revision the editor saw.
        let written: Option<(i64,)> = if expected_revision == 0 {
            let inserted = sqlx::query_as(
                "INSERT INTO profiles (organisation_id, content, visibility, revision, \
                 updated_by, updated_at) \
                 VALUES ($1, $2, $3, 1, $4, $5) ON CONFLICT (organisation_id) DO NOTHING \
                 RETURNING revision",
            )
            .bind(organisation_id)
            .bind(&json)
            .bind(content.visibility.as_stored())
            .bind(by)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            inserted
        } else {
            sqlx::query_as(
                "UPDATE profiles SET content = $1, visibility = $2, revision = revision + 1, \
                 updated_by = $3, \
                 updated_at = $4 WHERE organisation_id = $5 AND revision = $6 RETURNING revision",
            )
            .bind(&json)
            .bind(content.visibility.as_stored())
            .bind(by)
            .bind(now)
            .bind(organisation_id)
            .bind(expected_revision)
            .fetch_optional(&mut *tx)
            .await?
        };
        let (revision,) = written.ok_or(StoreError::Conflict(
            crate::store::Constraint::ProfileRevision,
        ))?;
        note_wise_figures(&mut tx, organisation_id, content, now).await?;
        queue_for_search(&mut tx, organisation_id, now).await?;
        tx.commit().await?;
        Ok(Profile {
            organisation_id,
            content: content.clone(),
            revision,
            updated_by: by,
            updated_at: now,
        })
    }

    async fn search_outbox_after(&self, after: i64, limit: u32) -> StoreResult<Vec<OutboxEntry>> {
        let rows: Vec<(i64, i64, Option<i64>)> = sqlx::query_as(
            "SELECT id, organisation_id, need_id FROM search_outbox WHERE id > $1 \
             ORDER BY id LIMIT $2",
        )
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, organisation_id, need_id)| OutboxEntry {
                id,
                organisation_id,
                need_id,
            })
            .collect())
    }

    async fn search_outbox_end(&self) -> StoreResult<i64> {
        let end: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM search_outbox")
            .fetch_one(&self.pool)
            .await?;
        Ok(end.unwrap_or(0))
    }

    async fn prune_search_outbox(&self, before: DateTime<Utc>) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM search_outbox WHERE created_at < $1")
            .bind(before)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    async fn public_need_ids(&self, after: i64, limit: u32) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM needs WHERE id > $1 AND status <> 'DRAFT' ORDER BY id LIMIT $2",
        )
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?)
    }

    async fn partner_organisation_ids(&self, after: i64, limit: u32) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM organisations WHERE id > $1 AND kind <> 'MUNICIPALITY' ORDER BY id \
             LIMIT $2",
        )
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?)
    }
}
