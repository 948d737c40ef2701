//! The event log as subscriptions read it: where it stands now, and the events from a point.

use super::Services;
use crate::error::AppResult;
use crate::live::{durable, LoggedEvent};
use crate::store::EventScope;
use futures_util::Stream;

impl Services {
    /// The id of the newest event in the log (the `liveCursor`).
    pub async fn live_cursor(&self) -> AppResult<i64> {
        Ok(self.store.latest_event_id().await?)
    }

    /// The events in `scope` after `after` (or from now), then live ones, in id order, nothing
    /// lost or repeated. What a viewer may see of each is decided per feature.
    pub async fn live_events(
        &self,
        scope: EventScope,
        after: Option<i64>,
    ) -> AppResult<impl Stream<Item = LoggedEvent> + Send + 'static> {
        Ok(durable(&self.bus, self.store.clone(), scope, after).await?)
    }
}
