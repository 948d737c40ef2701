//! Samspill: a meeting place where municipalities announce what they will buy, and work
//! integration social enterprises (WISE) and suppliers prepare, ask and team up.
//!
//! The crate is layered; each layer only knows the ones below it:
//!
//! | module | role |
//! |---|---|
//! | [`http`] | transport: GraphQL over HTTP, graphql-transport-ws, health and metrics |
//! | [`graphql`] | the schema: thin resolvers, output types, global ids |
//! | [`services`] | the platform's rules: permissions, invitations, verification |
//! | [`domain`] | values that can only be built valid (e-mail, organisation number, ...) |
//! | [`store`] | the storage trait, with one implementation per database (SQLite, PostgreSQL) |
//! | [`live`] | the in-process event bus behind subscriptions |
//! | [`search`] | partner search: the engine trait, tantivy, and the outbox follower |
//!
//! Around them: [`config`] (flags and environment), [`auth`] (secrets, cookies, the viewer),
//! [`error`] (the one error type and its mapping to GraphQL codes), [`app`] (assembly),
//! [`background`] (the event relay, search follower and housekeeping beside the server),
//! [`mail`] (SMTP or the log), [`metrics`], [`ratelimit`], [`recent`] (bounded caches of
//! parsed texts) and [`telemetry`].

pub mod app;
pub mod auth;
pub mod background;
pub mod config;
pub mod demo;
pub mod domain;
pub mod error;
pub mod graphql;
pub mod http;
pub mod live;
pub mod mail;
pub mod metrics;
pub mod ocds;
pub mod ratelimit;
pub mod recent;
pub mod search;
pub mod services;
pub mod store;
pub mod telemetry;

pub use app::Application;
