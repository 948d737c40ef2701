//! Application services: the rules of the platform (who may do what, what a change implies),
//! between the GraphQL schema above and the store below. Resolvers parse input and call one
//! service function; services check permissions, call the store and publish live events.

mod accounts;
mod co_buyers;
mod dialogue;
mod email_links;
mod joint_offers;
mod live;
mod mail;
mod matching;
mod meetings;
mod needs;
mod notifications;
mod organisations;
mod personal_data;
mod profiles;
mod reads;
mod threads;

use crate::config::Config;
use crate::live::EventBus;
use crate::ratelimit::AuthLimiter;
use crate::search::SearchIndex;
use crate::store::Store;
use std::sync::Arc;

pub use accounts::{NewAccount, OwnAccount, SignedIn};
pub use dialogue::{AnswerChoice, VisibleDialogueEvent};
pub use joint_offers::{LotReport, OfferAccess, OfferStart, VisibleOfferEvent};
pub use matching::{Complement, Suggestion};
pub use meetings::MeetingRequest;
pub use needs::VisibleNeedEvent;
pub use organisations::{InvitationSent, OrganisationInput};
pub use personal_data::PersonalData;
pub use threads::ThreadStart;

/// Everything a request needs, cheap to clone (all shared handles).
#[derive(Clone)]
pub struct Services {
    /// Private: everything above services reads and writes through functions named for what
    /// they answer, so the rules about who may see what stay in this layer.
    store: Arc<dyn Store>,
    pub bus: EventBus,
    pub config: Arc<Config>,
    pub limiter: Arc<AuthLimiter>,
    /// Wakes this replica's event relay after a commit that wrote to the event log.
    pub relay_wake: Arc<tokio::sync::Notify>,
    /// The partner search engine, following the database through the search outbox.
    pub search: Arc<dyn SearchIndex>,
    /// Wakes this replica's search follower after a commit that wrote to the outbox.
    pub search_wake: Arc<tokio::sync::Notify>,
}

impl Services {
    /// Tells the relays (this replica's directly, the others through the database) that a
    /// commit wrote to the event log. Called after the commit, never inside it.
    pub async fn events_committed(&self) {
        self.relay_wake.notify_one();
        if let Err(err) = self.store.notify_events().await {
            // The other replicas' periodic check picks the events up a moment later.
            tracing::warn!(error = %err, "could not notify other replicas of new events");
        }
    }

    /// Who sent a request, from the bearer token or session cookie it presented.
    pub async fn resolve_viewer(
        &self,
        presented: crate::auth::Presented<'_>,
    ) -> crate::error::AppResult<crate::auth::Viewer> {
        crate::auth::resolve_viewer(self.store.as_ref(), presented).await
    }

    /// Readiness: the database answers, and how many of this binary's migrations it lacks.
    pub async fn pending_migrations(&self) -> crate::store::StoreResult<usize> {
        self.store.ping().await?;
        self.store.pending_migrations().await
    }

    /// The database connection pool's size and idle connections, for the metrics.
    pub fn pool_stats(&self) -> crate::store::PoolStats {
        self.store.pool_stats()
    }

    pub fn new(store: Arc<dyn Store>, config: Config, search: Arc<dyn SearchIndex>) -> Self {
        let limiter = Arc::new(AuthLimiter::new(&config.rate_limits));
        Self {
            store,
            bus: EventBus::new(),
            config: Arc::new(config),
            limiter,
            relay_wake: Arc::new(tokio::sync::Notify::new()),
            search,
            search_wake: Arc::new(tokio::sync::Notify::new()),
        }
    }
}
