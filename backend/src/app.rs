//! Assembling the application: store, services, schema and transport state.

use crate::config::Config;
use crate::graphql;
use crate::http::{self, AppState};
use crate::metrics::Metrics;
use crate::services::Services;
use crate::store::{self, StoreError};
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// A migrated, ready-to-serve Samspill.
pub struct Application {
    state: AppState,
}

impl Application {
    /// Connects to the configured database and applies pending migrations.
    pub async fn build(config: Config) -> Result<Self, StoreError> {
        let store = store::connect(config.database_url.expose()).await?;
        store.migrate().await?;
        let services = Services::new(store, config);
        let state = AppState {
            schema: graphql::build(services.clone()),
            services,
            metrics: Arc::new(Metrics::new()),
            shutdown: CancellationToken::new(),
            websockets: TaskTracker::new(),
        };
        Ok(Self { state })
    }

    pub fn services(&self) -> &Services {
        &self.state.services
    }

    /// Serves on `listener` until `shutdown` resolves; see [`http::serve`].
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        http::serve(self.state, listener, shutdown).await
    }
}
