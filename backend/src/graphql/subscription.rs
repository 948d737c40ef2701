//! The one helper every feature's subscription uses: deliver the live events a viewer may see,
//! as the services rule for that feature decides, and log (never swallow) a failed check.

use crate::auth::Viewer;
use crate::error::AppResult;
use crate::live::LoggedEvent;
use crate::services::Services;
use futures_util::future::BoxFuture;
use futures_util::{Stream, StreamExt};

/// One subscriber's view of one event: `Ok(None)` when the viewer may not see it.
pub(super) type Seen<'a, T> = BoxFuture<'a, AppResult<Option<T>>>;

/// The events as this viewer may see them, each judged by `see` (which asks services) when it
/// is delivered. The stream owns the services and viewer and lends them to each check, so
/// nothing is cloned per event and subscriber; each check's future is boxed and only exists
/// while an event is looked at, so idle subscribers do not hold its space. An event that cannot
/// be checked (the store failed) is dropped and logged here, once.
pub(super) fn visible<T, S>(
    events: S,
    services: Services,
    viewer: Viewer,
    see: for<'a> fn(&'a Services, &'a Viewer, &'a LoggedEvent) -> Seen<'a, T>,
) -> impl Stream<Item = T> + Send + 'static
where
    S: Stream<Item = LoggedEvent> + Send + 'static,
    T: Send + 'static,
{
    let state = (Box::pin(events), services, viewer);
    futures_util::stream::unfold(state, move |(mut events, services, viewer)| async move {
        loop {
            let event = events.next().await?;
            match see(&services, &viewer, &event).await {
                Ok(Some(out)) => return Some((out, (events, services, viewer))),
                Ok(None) => {}
                Err(err) => tracing::warn!(
                    event = event.id,
                    error = ?err,
                    "live event dropped: could not check what the subscriber may see"
                ),
            }
        }
    })
}
