//! The event log: every change subscribers may hear of, in commit order, written in the same
//! transaction as the change it describes. Live subscriptions read it from a cursor, so a
//! reconnecting client misses nothing and hears nothing twice, on every replica.
//!
//! The SQL is in `sql/events.rs`: `insert_event`, which the other features' SQL calls inside
//! their transactions, and `impl EventLog`. Waking other replicas is the backend's own
//! (`notify_events`, `event_listener` in `postgres.rs` and `sqlite.rs`).

use super::StoreResult;
use crate::domain::dialogue::{MeetingChange, MessageChange, QuestionStatus, ThreadKind};
use async_trait::async_trait;

/// What kind of change a need event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum NeedChangeKind {
    /// Created as a draft (seen only by the buyer side).
    Created,
    /// Announced: public from now on.
    Announced,
    /// Content edited.
    Changed,
    /// Moved to another status.
    StatusChanged,
}

/// The payload of a durable event: ids and the few facts a subscriber needs to decide whether
/// the viewer may see it, never private content.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "type")]
pub enum EventPayload {
    Need {
        kind: NeedChangeKind,
        need_id: i64,
        status: crate::domain::need::NeedStatus,
        buyer_id: i64,
        co_buyers: Vec<i64>,
    },
    Notification {
        notification_id: i64,
    },
    /// A question was asked or answered. `public` is true once everyone may see it.
    Question {
        question_id: i64,
        need_id: i64,
        status: QuestionStatus,
        asking_org: i64,
        public: bool,
    },
    /// A message was posted, edited or deleted. Private threads are checked per subscriber
    /// against the buyer side and `organisation_id`.
    Message {
        message_id: i64,
        thread_id: i64,
        need_id: i64,
        change: MessageChange,
        thread_kind: ThreadKind,
        organisation_id: Option<i64>,
        /// The joint offer of a consortium thread (events written before joint offers had none).
        #[serde(default)]
        consortium_id: Option<i64>,
    },
    /// A meeting was announced, changed, booked or cancelled: facts everyone who sees the need
    /// may see (who booked is not in it).
    Meeting {
        meeting_id: i64,
        need_id: i64,
        change: MeetingChange,
    },
    /// A joint offer changed: membership, contributions, lots or status. Who may see it is
    /// checked per subscriber against the offer as it is then.
    JointOffer {
        offer_id: i64,
        need_id: i64,
        change: crate::domain::joint_offer::OfferChangeKind,
        organisation_id: Option<i64>,
    },
    /// A session or API token ended (logout, revocation, password reset, erasure): open
    /// websockets that signed in with it close, on every replica.
    CredentialEnded {
        credential_id: i64,
    },
}

impl EventPayload {
    /// The need an event is about, if any.
    pub fn need_id(&self) -> Option<i64> {
        match self {
            Self::Need { need_id, .. }
            | Self::Question { need_id, .. }
            | Self::Message { need_id, .. }
            | Self::Meeting { need_id, .. }
            | Self::JointOffer { need_id, .. } => Some(*need_id),
            Self::Notification { .. } | Self::CredentialEnded { .. } => None,
        }
    }
}

/// One row of the event log.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    /// Increases with every event; subscribers resume after the last id they saw.
    pub id: i64,
    /// The one person a personal event is for.
    pub user_id: Option<i64>,
    pub payload: EventPayload,
}

/// Which events a reader wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventScope {
    All,
    /// Events for this person only (notifications).
    User(i64),
    /// Events about one need (its changes and its dialogue).
    Need(i64),
}

/// A wake-up from other replicas that new events are in the log.
#[async_trait]
pub trait EventListener: Send {
    /// Resolves at the next report of new events (reconnecting as needed).
    async fn wait(&mut self) -> StoreResult<()>;
}

/// Reading the log, and waking readers on other replicas.
#[async_trait]
pub trait EventLog: Send + Sync {
    /// Events after `after`, in id order, at most `limit`.
    async fn events_after(
        &self,
        after: i64,
        scope: EventScope,
        limit: u32,
    ) -> StoreResult<Vec<StoredEvent>>;
    /// The id of the newest event (0 when there is none).
    async fn latest_event_id(&self) -> StoreResult<i64>;
    /// Tells every replica that new events were committed. Call after the commit, never
    /// inside a transaction. A no-op where there is only one process (SQLite).
    async fn notify_events(&self) -> StoreResult<()>;
    /// Wakes when any replica reports new events; `None` where there is only one process.
    async fn event_listener(&self) -> StoreResult<Option<Box<dyn EventListener>>>;
}
