//! Keeping an index in step with the database through the search outbox.

use super::{need_document, partner_document, IndexChange, SearchError, SearchIndex};
use crate::store::OutboxEntry;
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
        let changes = changes_for(store, &entries).await?;
        index.apply(changes, last).await?;
        total += entries.len();
        applied = last;
    }
}

/// One change per organisation or need named in the entries, however often it is named.
async fn changes_for(
    store: &dyn Store,
    entries: &[OutboxEntry],
) -> Result<Vec<IndexChange>, SearchError> {
    let mut organisations: Vec<i64> = Vec::new();
    let mut needs: Vec<i64> = Vec::new();
    for entry in entries {
        match entry.need_id {
            Some(need) => needs.push(need),
            None => organisations.push(entry.organisation_id),
        }
    }
    for ids in [&mut organisations, &mut needs] {
        ids.sort_unstable();
        ids.dedup();
    }
    let mut changes = Vec::with_capacity(organisations.len() + needs.len());
    for id in organisations {
        changes.push(change_for(store, id).await?);
    }
    for id in needs {
        changes.push(need_change_for(store, id).await?);
    }
    Ok(changes)
}

/// What a rebuild indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rebuilt {
    pub organisations: usize,
    pub needs: usize,
}

/// Builds the index from scratch: every partner organisation and public need as it is now. Entries written
/// meanwhile are applied by the next [`follow_outbox`] (applying twice is harmless).
pub async fn rebuild(store: &dyn Store, index: &dyn SearchIndex) -> Result<Rebuilt, SearchError> {
    let through = store.search_outbox_end().await.map_err(engine)?;
    index.clear().await?;
    let mut after = 0;
    let mut organisations = 0;
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
        organisations += changes.len();
        // Mid-build batches keep the position unknown, so a crash restarts the build.
        index.apply(changes, -1).await?;
        after = last;
    }
    let mut after = 0;
    let mut needs = 0;
    loop {
        let ids = store.public_need_ids(after, BATCH).await.map_err(engine)?;
        let Some(&last) = ids.last() else { break };
        let mut changes = Vec::with_capacity(ids.len());
        for id in ids {
            changes.push(need_change_for(store, id).await?);
        }
        needs += changes.len();
        index.apply(changes, -1).await?;
        after = last;
    }
    index.apply(Vec::new(), through).await?;
    Ok(Rebuilt {
        organisations,
        needs,
    })
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

async fn need_change_for(store: &dyn Store, need_id: i64) -> Result<IndexChange, SearchError> {
    Ok(match need_document(store, need_id).await.map_err(engine)? {
        Some(doc) => IndexChange::UpsertNeed(Box::new(doc)),
        None => IndexChange::RemoveNeed(need_id),
    })
}
