//! End-to-end tests: the real application over real HTTP and websockets, on SQLite and on
//! PostgreSQL (127.0.0.1:5432, or `SAMSPILL_TEST_POSTGRES_URL`). A test database is created
//! for each test and dropped afterwards. PostgreSQL being unreachable fails the tests: a run
//! that silently skipped the production database would prove nothing.
//!
//! Everything is one test binary, so the application is linked once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod engines;
mod helpers;
mod joint_offer_privacy;
mod joint_offers;
mod live;
mod mail;
mod matching;
mod meetings;

mod accounts;
mod cpv;
mod deploy;
mod dialogue;
mod need_filters;
mod need_publication;
mod need_search;
mod needs;
mod ocds;
mod operations;
mod organisations;
mod process;
mod reads;
mod scenario;
mod schema;
mod search;
mod store;
mod threads;
mod transport;
mod trust_co_buyers;
mod trust_dialogue_dates;
mod trust_eligibility;
mod trust_input;
mod trust_invitations;
mod trust_logins;
mod trust_org_numbers;
mod trust_personal_data;
mod trust_sessions;
mod trust_small;
mod ui;
mod websocket;
mod websocket_client;
