//! The live event bus: what changed, fanned out to subscriptions in this process.
//!
//! A bounded broadcast channel held in application state (never a global). A subscriber that
//! falls more than [`EventBus::CAPACITY`] events behind skips the oldest and is told so in the
//! log; the market-dialogue issue adds durable cursors for events that must never be missed.

use crate::domain::Role;
use futures_util::Stream;
use tokio::sync::broadcast;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// A change to a need; subscribers decide per event whether the viewer may see it.
#[derive(Debug, Clone)]
pub struct NeedEvent {
    pub kind: NeedChangeKind,
    pub need_id: i64,
    pub status: crate::domain::need::NeedStatus,
    pub buyer_id: i64,
    pub co_buyers: Vec<i64>,
}

#[derive(Debug, Clone)]
pub enum LiveEvent {
    Membership(MembershipEvent),
    Need(NeedEvent),
    /// A notification was written for `user_id`.
    Notification(crate::store::Notification),
}

#[derive(Clone)]
pub struct EventBus {
    sender: broadcast::Sender<LiveEvent>,
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
        }
    }

    /// Sends to every current subscriber; with none, the event is simply dropped.
    pub fn publish(&self, event: LiveEvent) {
        let _ = self.sender.send(event);
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
