//! Live events: what changed, delivered to subscriptions, never lost.
//!
//! Changes that subscribers must not miss are written to the event log (the `events` table) in
//! the same transaction as the change. One [`Relay`] per replica reads the log in id order and
//! publishes it on the [`EventBus`], a bounded broadcast channel in application state (never a
//! global). A relay is woken in process after a local commit and, on PostgreSQL, by a NOTIFY
//! from any replica (sent after commit, carrying nothing but the wake-up); a periodic check
//! makes up for a lost wake-up.
//!
//! [`durable`] turns the bus into one subscriber's stream: the events stored after the client's
//! cursor first, then live ones, each exactly once and in id order. A subscriber that falls
//! behind the channel's capacity reads what it missed from the log instead of losing it.

use crate::domain::Role;
use crate::store::{
    EventPayload, EventScope, Meeting, Message, Need, Question, Store, StoreResult, StoredEvent,
    Thread,
};
use futures_util::Stream;
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{broadcast, Notify, OnceCell};
use tokio_util::sync::CancellationToken;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MembershipChange {
    Added,
    RoleChanged,
    Removed,
}

/// A change to one person's membership of one organisation.
#[derive(Debug, Clone)]
pub struct MembershipEvent {
    pub change: MembershipChange,
    pub organisation_id: i64,
    pub user_id: i64,
    /// The role after the change; `None` once removed.
    pub role: Option<Role>,
}

/// An event from the durable log, as every replica's relay delivers it.
#[derive(Debug, Clone)]
pub struct LoggedEvent {
    /// The event's position in the log; clients resume after the last one they saw.
    pub id: i64,
    pub user_id: Option<i64>,
    pub payload: EventPayload,
    /// The rows the event is about, each read once and shared by every subscriber on this
    /// replica (without it, N subscribers meant N database reads per event).
    shared: Arc<SharedReads>,
}

/// The rows an event names, each read when the first subscriber asks for it.
#[derive(Debug, Default)]
struct SharedReads {
    need: OnceCell<Option<Need>>,
    thread: OnceCell<Option<Thread>>,
    message: OnceCell<Option<Message>>,
    question: OnceCell<Option<Question>>,
    meeting: OnceCell<Option<Meeting>>,
}

impl From<StoredEvent> for LoggedEvent {
    fn from(e: StoredEvent) -> Self {
        Self {
            id: e.id,
            user_id: e.user_id,
            payload: e.payload,
            shared: Arc::default(),
        }
    }
}

/// Reads the row once per event (the first subscriber to ask does the read; the others wait for
/// it and share it); `None` without a row id.
async fn once<T, F>(
    cell: &OnceCell<Option<T>>,
    id: Option<i64>,
    read: impl FnOnce(i64) -> F,
) -> StoreResult<Option<&T>>
where
    F: std::future::Future<Output = StoreResult<Option<T>>>,
{
    let Some(id) = id else {
        return Ok(None);
    };
    Ok(cell.get_or_try_init(|| read(id)).await?.as_ref())
}

impl LoggedEvent {
    /// The need this event is about, as it is when the first subscriber asks.
    pub async fn need(&self, store: &dyn Store) -> StoreResult<Option<&Need>> {
        once(&self.shared.need, self.payload.need_id(), |id| {
            store.need(id)
        })
        .await
    }

    /// A message event's thread, as it is when the first subscriber asks.
    pub async fn thread(&self, store: &dyn Store) -> StoreResult<Option<&Thread>> {
        let id = match self.payload {
            EventPayload::Message { thread_id, .. } => Some(thread_id),
            _ => None,
        };
        once(&self.shared.thread, id, |id| store.thread(id)).await
    }

    /// A message event's message, as it is when the first subscriber asks.
    pub async fn message(&self, store: &dyn Store) -> StoreResult<Option<&Message>> {
        let id = match self.payload {
            EventPayload::Message { message_id, .. } => Some(message_id),
            _ => None,
        };
        once(&self.shared.message, id, |id| store.message(id)).await
    }

    /// A question event's question, as it is when the first subscriber asks.
    pub async fn question(&self, store: &dyn Store) -> StoreResult<Option<&Question>> {
        let id = match self.payload {
            EventPayload::Question { question_id, .. } => Some(question_id),
            _ => None,
        };
        once(&self.shared.question, id, |id| store.question(id)).await
    }

    /// A meeting event's meeting, as it is when the first subscriber asks.
    pub async fn meeting(&self, store: &dyn Store) -> StoreResult<Option<&Meeting>> {
        let id = match self.payload {
            EventPayload::Meeting { meeting_id, .. } => Some(meeting_id),
            _ => None,
        };
        once(&self.shared.meeting, id, |id| store.meeting(id)).await
    }
}

#[derive(Debug, Clone)]
pub enum LiveEvent {
    /// Membership changes: in-process only (each replica's own writes).
    Membership(MembershipEvent),
    /// Everything written to the event log, on every replica, in id order.
    Logged(LoggedEvent),
}

#[derive(Clone)]
pub struct EventBus {
    sender: broadcast::Sender<LiveEvent>,
    /// The ids of sessions and API tokens that ended, from the log: a channel of its own so that
    /// an idle websocket wakes only when a credential ends, not on every event.
    ended: broadcast::Sender<i64>,
}

impl Default for EventBus {
    fn default() -> Self {
        Self::new()
    }
}

impl EventBus {
    pub const CAPACITY: usize = 1024;

    pub fn new() -> Self {
        Self {
            sender: broadcast::channel(Self::CAPACITY).0,
            ended: broadcast::channel(Self::CAPACITY).0,
        }
    }

    /// Sends to every current subscriber; with none, the event is simply dropped.
    pub fn publish(&self, event: LiveEvent) {
        if let LiveEvent::Logged(LoggedEvent {
            payload: EventPayload::CredentialEnded { credential_id },
            ..
        }) = &event
        {
            let _ = self.ended.send(*credential_id);
        }
        let _ = self.sender.send(event);
    }

    /// The ids of credentials that end from now on (see [`EventPayload::CredentialEnded`]).
    /// A receiver that lags must treat every credential as possibly ended and check again.
    pub fn ended_credentials(&self) -> broadcast::Receiver<i64> {
        self.ended.subscribe()
    }

    /// Every event from now on, as a stream that ends when the bus is dropped.
    pub fn subscribe(&self) -> impl Stream<Item = LiveEvent> + Send + 'static {
        futures_util::stream::unfold(self.sender.subscribe(), |mut receiver| async move {
            loop {
                match receiver.recv().await {
                    Ok(event) => return Some((event, receiver)),
                    Err(broadcast::error::RecvError::Lagged(missed)) => {
                        tracing::warn!(missed, "a live subscriber fell behind and skipped events");
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            }
        })
    }
}

/// How long the relay waits for a missing id before skipping it: ids are taken when a row is
/// inserted but become visible at commit, so a lower id can appear a moment after a higher one;
/// a rolled-back transaction leaves a gap that never fills.
pub const GAP_WAIT: Duration = Duration::from_secs(2);
/// How often the relay looks at the log without being woken.
const CHECK_EVERY: Duration = Duration::from_secs(1);
const BATCH: u32 = 500;

/// Reads the event log in id order and publishes it on this replica's bus.
pub struct Relay {
    store: Arc<dyn Store>,
    bus: EventBus,
    wake: Arc<Notify>,
    /// Every event up to this id has been published (or skipped as a gap).
    published_up_to: i64,
    gap_since: Option<Instant>,
}

impl Relay {
    /// A relay that publishes what is written from now on (history is read by cursor). The
    /// starting point is fixed here, before the server accepts requests, so no event written
    /// after start-up can be mistaken for history.
    pub async fn start(
        store: Arc<dyn Store>,
        bus: EventBus,
        wake: Arc<Notify>,
    ) -> crate::store::StoreResult<Self> {
        let published_up_to = store.latest_event_id().await?;
        Ok(Self {
            store,
            bus,
            wake,
            published_up_to,
            gap_since: None,
        })
    }

    /// Runs until `shutdown`.
    pub async fn run(mut self, shutdown: CancellationToken) {
        let mut listener = match self.store.event_listener().await {
            Ok(listener) => listener,
            Err(err) => {
                tracing::warn!(error = %err, "no wake-ups from other replicas; checking the log \
                                              every second");
                None
            }
        };
        let mut check = tokio::time::interval(CHECK_EVERY);
        loop {
            tokio::select! {
                _ = shutdown.cancelled() => return,
                _ = self.wake.notified() => {}
                _ = check.tick() => {}
                woken = wait(&mut listener) => {
                    if let Err(err) = woken {
                        tracing::warn!(error = %err, "lost the wake-up connection; checking the \
                                                      log every second");
                        listener = None;
                    }
                }
            }
            if let Err(err) = self.publish_new().await {
                tracing::warn!(error = %err, "the event relay could not read the log");
            }
        }
    }

    /// Publishes every event after `published_up_to` that has no missing id before it.
    async fn publish_new(&mut self) -> Result<(), crate::store::StoreError> {
        loop {
            let events = self
                .store
                .events_after(self.published_up_to, EventScope::All, BATCH)
                .await?;
            let full = events.len() == BATCH as usize;
            for event in events {
                if event.id != self.published_up_to + 1 {
                    let since = *self.gap_since.get_or_insert_with(Instant::now);
                    if since.elapsed() < GAP_WAIT {
                        return Ok(());
                    }
                    tracing::debug!(
                        from = self.published_up_to + 1,
                        to = event.id - 1,
                        "skipping ids that never committed"
                    );
                }
                self.gap_since = None;
                self.published_up_to = event.id;
                self.bus.publish(LiveEvent::Logged(event.into()));
            }
            if !full {
                return Ok(());
            }
        }
    }
}

async fn wait(
    listener: &mut Option<Box<dyn crate::store::EventListener>>,
) -> Result<(), crate::store::StoreError> {
    match listener {
        Some(listener) => listener.wait().await,
        None => std::future::pending().await,
    }
}

/// One subscriber's view of the log: stored events after `after` (or, without a cursor, from
/// now on), then live ones; each once, in id order, never lost to a slow consumer.
pub async fn durable(
    bus: &EventBus,
    store: Arc<dyn Store>,
    scope: EventScope,
    after: Option<i64>,
) -> crate::store::StoreResult<impl Stream<Item = LoggedEvent> + Send + 'static> {
    // Subscribe before reading the log, so nothing committed in between is missed; what both
    // deliver is dropped by id.
    let receiver = bus.sender.subscribe();
    let last = match after {
        Some(after) => after,
        None => store.latest_event_id().await?,
    };
    let state = DurableState {
        receiver,
        store,
        scope,
        last,
        backlog: VecDeque::new(),
        read_storage: after.is_some(),
    };
    Ok(futures_util::stream::unfold(
        state,
        |mut state| async move {
            let event = state.next().await?;
            Some((event, state))
        },
    ))
}

struct DurableState {
    receiver: broadcast::Receiver<LiveEvent>,
    store: Arc<dyn Store>,
    scope: EventScope,
    /// The last id delivered (at first, the cursor or the newest id at subscription).
    last: i64,
    backlog: VecDeque<StoredEvent>,
    /// True while the log may hold events newer than `last` that the channel will not bring.
    read_storage: bool,
}

impl DurableState {
    fn wants(&self, event: &LoggedEvent) -> bool {
        let in_scope = match self.scope {
            EventScope::All => true,
            EventScope::User(id) => event.user_id == Some(id),
            // The same rows the log query returns for a need: its events, not personal ones.
            EventScope::Need(id) => event.user_id.is_none() && event.payload.need_id() == Some(id),
        };
        in_scope && event.id > self.last
    }

    async fn next(&mut self) -> Option<LoggedEvent> {
        loop {
            if let Some(event) = self.backlog.pop_front() {
                let event = LoggedEvent::from(event);
                if self.wants(&event) {
                    self.last = event.id;
                    return Some(event);
                }
                continue;
            }
            if self.read_storage {
                match self.store.events_after(self.last, self.scope, BATCH).await {
                    Ok(events) => {
                        self.read_storage = events.len() == BATCH as usize;
                        self.backlog.extend(events);
                    }
                    Err(err) => {
                        tracing::warn!(error = %err, "could not read missed events");
                        return None;
                    }
                }
                continue;
            }
            match self.receiver.recv().await {
                Ok(LiveEvent::Logged(event)) if self.wants(&event) => {
                    self.last = event.id;
                    return Some(event);
                }
                Ok(_) => {}
                Err(broadcast::error::RecvError::Lagged(missed)) => {
                    tracing::debug!(
                        missed,
                        "a subscriber fell behind; reading what it missed from the log"
                    );
                    self.read_storage = true;
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }
}
