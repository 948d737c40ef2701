//! Assembling the application: store, services, schema and transport state.

use crate::background;
use crate::config::Config;
use crate::config::SearchEngine;
use crate::graphql;
use crate::http::{self, AppState};
use crate::metrics::Metrics;
use crate::search::{MeiliIndex, SearchError, SearchIndex, TantivyIndex};
use crate::services::Services;
use crate::store::{self, Store, StoreError};
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// A migrated, ready-to-serve Samspill.
pub struct Application {
    state: AppState,
    /// The database, for the background work started beside the server.
    store: Arc<dyn Store>,
}

/// Why the application could not start.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("cannot open the database: {0}")]
    Store(#[from] StoreError),
    #[error("cannot open the search index: {0}")]
    Search(#[from] SearchError),
}

/// The configured engine: Meilisearch, or the embedded index in its directory (or memory). A
/// replica that finds the directory's index held by another process (replicas sharing a data
/// directory) keeps its own index in memory, built from the database, rather than failing.
pub async fn open_search(config: &Config) -> Result<Arc<dyn SearchIndex>, SearchError> {
    Ok(match &config.search {
        SearchEngine::Meilisearch {
            url,
            key,
            index_prefix,
        } => Arc::new(
            MeiliIndex::connect(url, key.as_ref().map(|k| k.expose()), index_prefix).await?,
        ),
        SearchEngine::Embedded(Some(dir)) => match TantivyIndex::open(dir) {
            Ok(index) => Arc::new(index),
            Err(SearchError::InUse(detail)) => {
                tracing::warn!(%detail, "search index directory in use; keeping this replica's \
                                         index in memory");
                Arc::new(TantivyIndex::in_memory()?)
            }
            Err(other) => return Err(other),
        },
        SearchEngine::Embedded(None) => Arc::new(TantivyIndex::in_memory()?),
    })
}

/// Applies pending migrations and makes sure the database holds the full CPV list the product
/// ships (loaded once: later starts only count the codes).
pub async fn prepare_database(store: &dyn store::Store) -> Result<(), StoreError> {
    store.migrate().await?;
    let shipped = crate::domain::cpv::shipped();
    if store.cpv_count().await? < shipped.len() as i64 {
        let added = store.add_cpv(shipped).await?;
        tracing::info!(added, "loaded the CPV list");
    }
    Ok(())
}

impl Application {
    /// Connects to the configured database, applies pending migrations (and loads the CPV
    /// list when it is missing) and opens the search
    /// index (the index catches up with the database once serving starts).
    pub async fn build(config: Config) -> Result<Self, BuildError> {
        let store = store::connect(config.database_url.expose()).await?;
        prepare_database(store.as_ref()).await?;
        let search = open_search(&config).await?;
        let services = Services::new(store.clone(), config, search);
        let state = AppState {
            schema: graphql::build(services.clone()),
            services,
            metrics: Arc::new(Metrics::new()),
            shutdown: CancellationToken::new(),
            websockets: TaskTracker::new(),
        };
        Ok(Self { state, store })
    }

    pub fn services(&self) -> &Services {
        &self.state.services
    }

    /// The database, for tools and tests that work below the rules (imports, fixtures).
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// Serves on `listener` until `shutdown` resolves ([`http::serve`]), with the
    /// [`background`] work beside it; both stop at `shutdown`.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        background::start(
            self.store,
            self.state.services.clone(),
            self.state.shutdown.clone(),
        )
        .await
        .map_err(std::io::Error::other)?;
        http::serve(self.state, listener, shutdown).await
    }
}
