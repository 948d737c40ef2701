//! Keeping an index in step with the database through the search outbox.

use super::{partner_document, IndexChange, SearchError, SearchIndex};
use crate::store::Store;

/// Outbox rows applied per batch.
const BATCH: u32 = 500;

fn engine(err: crate::store::StoreError) -> SearchError {
    SearchError::Engine(format!("reading the database: {err}"))
}

/// Applies every outbox entry the index has not applied yet; a new index is built in full
/// first. Returns how many entries were applied. Safe to call again after any failure.
pub async fn follow_outbox(
    store: &dyn Store,
    index: &dyn SearchIndex,
) -> Result<usize, SearchError> {
    let Some(mut applied) = index.applied_through().await? else {
        rebuild(store, index).await?;
        return Ok(0);
    };
    let mut total = 0;
    loop {
        let entries = store
            .search_outbox_after(applied, BATCH)
            .await
            .map_err(engine)?;
        let Some(last) = entries.last().map(|e| e.id) else {
            return Ok(total);
        };
        let mut ids: Vec<i64> = entries.iter().map(|e| e.organisation_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut changes = Vec::with_capacity(ids.len());
        for id in ids {
            changes.push(change_for(store, id).await?);
        }
        index.apply(changes, last).await?;
        total += entries.len();
        applied = last;
    }
}

/// Builds the index from scratch: every partner organisation as it is now. Entries written
/// meanwhile are applied by the next [`follow_outbox`] (applying twice is harmless).
pub async fn rebuild(store: &dyn Store, index: &dyn SearchIndex) -> Result<usize, SearchError> {
    let through = store.search_outbox_end().await.map_err(engine)?;
    index.clear().await?;
    let mut after = 0;
    let mut count = 0;
    loop {
        let ids = store
            .partner_organisation_ids(after, BATCH)
            .await
            .map_err(engine)?;
        let Some(&last) = ids.last() else { break };
        let mut changes = Vec::with_capacity(ids.len());
        for id in ids {
            changes.push(change_for(store, id).await?);
        }
        count += changes.len();
        // Mid-build batches keep the position unknown, so a crash restarts the build.
        index.apply(changes, -1).await?;
        after = last;
    }
    index.apply(Vec::new(), through).await?;
    Ok(count)
}

async fn change_for(store: &dyn Store, organisation_id: i64) -> Result<IndexChange, SearchError> {
    Ok(
        match partner_document(store, organisation_id)
            .await
            .map_err(engine)?
        {
            Some(doc) => IndexChange::Upsert(Box::new(doc)),
            None => IndexChange::Remove(organisation_id),
        },
    )
}
