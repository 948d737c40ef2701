//! Live delivery that loses nothing: resuming from a cursor after a disconnect, and fan-out
//! across two server processes sharing one PostgreSQL database.

use crate::helpers::{Backend, Client, TestApp, TestDb, GOTEBORG};
use crate::on_both_databases;
use crate::operations::{api_token, change_status, create_need, save_search};
use crate::scenario::cleaning_need;
use crate::websocket_client::{open, receive, Socket};
use futures_util::SinkExt;
use serde_json::{json, Value};

/// A buyer and an enterprise whose saved search matches every cleaning need the buyer announces.
async fn setup(buyer: &Client, enterprise: &Client) -> String {
    buyer.register("anna@goteborg.se", "Anna").await;
    enterprise.register("sara@wise.se", "Sara").await;
    save_search(enterprise, "Cleaning", json!({ "cpv": ["90000000"] }))
        .await
        .data("saveSearch");
    buyer
        .create_org("MUNICIPALITY", "Göteborgs Stad", "SE", GOTEBORG)
        .await
        .str("createOrganisation.id")
}

/// Creates and announces a cleaning need (CPV division 90, shipped with every database).
async fn announce(buyer: &Client, org: &str, title: &str) {
    let draft = create_need(buyer, org, cleaning_need(title)).await;
    change_status(buyer, &draft, "ANNOUNCED").await;
}

const NOTIFICATIONS: &str = "subscription($after: String) { notifications(after: $after) { cursor \
                             notification { message } } }";

async fn subscribe_after(socket: &mut Socket, id: &str, after: Option<&str>) {
    let message = json!({ "type": "subscribe", "id": id, "payload": { "query": NOTIFICATIONS, "variables": { "after": after } } });
    socket
        .send(tokio_tungstenite::tungstenite::Message::Text(
            message.to_string().into(),
        ))
        .await
        .unwrap();
}

/// The next notification event: (its cursor, the title it names).
async fn next_notification(socket: &mut Socket) -> (String, String) {
    let message: Value = receive(socket).await;
    assert_eq!(message["type"], "next", "{message}");
    let event = &message["payload"]["data"]["notifications"];
    (
        event["cursor"].as_str().unwrap().to_owned(),
        event["notification"]["message"]
            .as_str()
            .unwrap()
            .to_owned(),
    )
}

/// A client that reconnects with the cursor of the last event it saw gets exactly the events
/// it missed, in order, and then live ones; nothing twice.
async fn resume_after_disconnect(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (anna, sara) = (app.browser(), app.browser());
    let org = setup(&anna, &sara).await;
    let sara_token = api_token(&sara, "live").await.token;

    let mut socket = open(&app, Some(&sara_token)).await;
    let now = crate::websocket_client::live_cursor(&app.url("/graphql")).await;
    subscribe_after(&mut socket, "n", Some(&now)).await;
    announce(&anna, &org, "Cleaning one").await;
    let (cursor, message) = next_notification(&mut socket).await;
    assert!(message.starts_with("Cleaning one"), "{message}");
    drop(socket);

    announce(&anna, &org, "Cleaning two").await;
    announce(&anna, &org, "Cleaning three").await;

    let mut socket = open(&app, Some(&sara_token)).await;
    subscribe_after(&mut socket, "n", Some(&cursor)).await;
    let (_, missed_first) = next_notification(&mut socket).await;
    let (_, missed_second) = next_notification(&mut socket).await;
    assert!(
        missed_first.starts_with("Cleaning two") && missed_second.starts_with("Cleaning three"),
        "{missed_first} / {missed_second}"
    );
    announce(&anna, &org, "Cleaning four").await;
    let (_, live) = next_notification(&mut socket).await;
    assert!(
        live.starts_with("Cleaning four"),
        "nothing repeated before the live event: {live}"
    );

    // A cursor that is not one of ours is refused, not treated as "from the start".
    let mut socket = open(&app, Some(&sara_token)).await;
    subscribe_after(&mut socket, "bad", Some("not-a-cursor")).await;
    let refused = receive(&mut socket).await;
    assert_eq!(
        refused["payload"]["errors"][0]["extensions"]["field"], "after",
        "{refused}"
    );
}

/// Two server processes on one PostgreSQL database: a change made through one reaches a
/// subscriber connected to the other, through the event log and NOTIFY.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_replicas_fan_out() {
    let db = TestDb::new(Backend::Postgres).await;
    let first = crate::process::serve(&db.dir, Some(&db.url)).await;
    let second = crate::process::serve(&db.dir, Some(&db.url)).await;
    let (anna, sara) = (first.client(), first.client());
    let org = setup(&anna, &sara).await;
    let sara_token = api_token(&sara, "live").await.token;

    let app_like = crate::process::ws_url(second.addr);
    let mut socket = crate::websocket_client::open_url(&app_like, Some(&sara_token)).await;
    let second_http = format!("http://{}/graphql", second.addr);
    let now = crate::websocket_client::live_cursor(&second_http).await;
    subscribe_after(&mut socket, "n", Some(&now)).await;
    let mut public = crate::websocket_client::open_url(&app_like, None).await;
    let query =
        "subscription($after: String) { needEvents(after: $after) { kind need { title } } }";
    crate::websocket_client::subscribe_from_now(&mut public, &second_http, "needs", query).await;

    announce(&anna, &org, "Cleaning across replicas").await;
    let (_, message) = next_notification(&mut socket).await;
    assert!(message.starts_with("Cleaning across replicas"), "{message}");
    let event = receive(&mut public).await;
    assert_eq!(
        event["payload"]["data"]["needEvents"]["kind"], "ANNOUNCED",
        "{event}"
    );
    assert_eq!(
        event["payload"]["data"]["needEvents"]["need"]["title"],
        "Cleaning across replicas"
    );
    first.stop().await;
    second.stop().await;
}

/// A buyer organisation written straight to the store, and a draft need's content: what the
/// relay tests need to write events without the HTTP layer.
async fn buyer_in_store(
    store: &std::sync::Arc<dyn samspill::store::Store>,
) -> (
    samspill::store::NewNeed,
    samspill::domain::need::NeedContent,
) {
    let app_user = store
        .create_user(&samspill::store::NewUser {
            email: samspill::domain::Email::parse("anna@goteborg.se").unwrap(),
            name: samspill::domain::PersonName::parse("Anna").unwrap(),
            password_hash: samspill::domain::Password::parse(crate::helpers::PASSWORD)
                .unwrap()
                .hash(),
            is_platform_admin: false,
            created_at: chrono::Utc::now(),
        })
        .await
        .unwrap();
    let org = store
        .create_organisation(
            &samspill::store::NewOrganisation {
                kind: samspill::domain::OrgKind::Municipality,
                name: "Göteborgs Stad".into(),
                org_number: samspill::domain::OrgNumber::parse(
                    samspill::domain::Country::Se,
                    GOTEBORG,
                )
                .unwrap(),
                region: None,
                website: None,
                description: String::new(),
                created_at: chrono::Utc::now(),
            },
            app_user.id,
        )
        .await
        .unwrap()
        .0;
    let content: samspill::domain::need::NeedContent = serde_json::from_value(json!({
        "title": "Draft", "summary": "", "description": "", "rationale": "", "mainCpv": "90000000", "additionalCpvs": [],
        "place": { "country": "SE", "nutsCode": null, "municipality": null }, "contractNature": "SERVICES",
        "procedureType": "OPEN", "estimatedValue": null, "lots": [], "maxLotsPerBidder": null, "dates": {},
        "reserved": "none", "flags": { "socialObjective": false, "innovative": false, "green": false, "smeSuitable": false }, "employment": null, "engagement": [], "jointOffersWelcome": false,
        "subcontractingWelcome": false, "contact": null
    }))
    .unwrap();
    let need = samspill::store::NewNeed {
        buyer_id: org.id,
        co_buyers: vec![],
        content: content.clone(),
        created_by: app_user.id,
        now: chrono::Utc::now(),
    };
    (need, content)
}

/// A subscriber that falls further behind than the live channel holds still receives every
/// event, in order, read from the log; a prompt subscriber receives the same sequence live.
async fn slow_subscribers_lose_nothing(backend: Backend) {
    use futures_util::StreamExt;
    use samspill::live::{durable, EventBus, Relay};
    use samspill::store::{EventScope, NewNeed};
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    let (template, content) = buyer_in_store(&store).await;
    let (org, app_user) = (template.buyer_id, template.created_by);

    let bus = EventBus::new();
    let wake = std::sync::Arc::new(tokio::sync::Notify::new());
    let shutdown = tokio_util::sync::CancellationToken::new();
    let relay = Relay::start(store.clone(), bus.clone(), wake.clone())
        .await
        .unwrap();
    tokio::spawn(relay.run(shutdown.clone()));
    let slow = durable(&bus, store.clone(), EventScope::All, None)
        .await
        .unwrap();
    let fast = durable(&bus, store.clone(), EventScope::All, None)
        .await
        .unwrap();

    let total = EventBus::CAPACITY + 100;
    let writer = {
        let store = store.clone();
        tokio::spawn(async move {
            for _ in 0..total {
                let need = NewNeed {
                    buyer_id: org,
                    co_buyers: vec![],
                    content: content.clone(),
                    created_by: app_user,
                    now: chrono::Utc::now(),
                };
                store.create_need(&need).await.unwrap();
                wake.notify_one();
            }
        })
    };
    // The timeouts only turn a hang into a failure.
    let patience = std::time::Duration::from_secs(120);
    let fast_ids: Vec<i64> =
        tokio::time::timeout(patience, fast.take(total).map(|e| e.id).collect())
            .await
            .expect("the prompt subscriber");
    writer.await.unwrap();
    let slow_ids: Vec<i64> =
        tokio::time::timeout(patience, slow.take(total).map(|e| e.id).collect())
            .await
            .expect("the slow subscriber");
    assert_eq!(fast_ids.len(), total);
    assert!(fast_ids.windows(2).all(|w| w[0] < w[1]), "in id order");
    assert_eq!(
        slow_ids, fast_ids,
        "the slow subscriber read what it missed from the log"
    );
    shutdown.cancel();
}

/// Leaves an id in the event log that never commits: on PostgreSQL a rolled-back insert (its
/// identity value is used up); SQLite hands out ids one writer at a time, so an id is lost only
/// when its row goes (a cascade from a deleted need or user), which moving the AUTOINCREMENT
/// counter past it stands in for.
async fn leave_gap(db: &TestDb, backend: Backend) {
    match backend {
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
            let mut tx = pool.begin().await.unwrap();
            sqlx::query(
                "INSERT INTO events (kind, payload, created_at) VALUES ('notification', \
                 '{\"type\":\"Notification\",\"notification_id\":0}', now())",
            )
            .execute(&mut *tx)
            .await
            .unwrap();
            tx.rollback().await.unwrap();
            pool.close().await;
        }
        Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(&db.url).await.unwrap();
            sqlx::query("UPDATE sqlite_sequence SET seq = seq + 1 WHERE name = 'events'")
                .execute(&pool)
                .await
                .unwrap();
            pool.close().await;
        }
    }
}

/// The relay holds back an event that follows a missing id (a lower id may still commit), skips
/// the id once it has waited `GAP_WAIT`, delivers the event after it, and goes on delivering
/// later events as they come, with nothing lost or repeated.
async fn relay_skips_an_id_that_never_commits(backend: Backend) {
    use futures_util::StreamExt;
    use samspill::live::{durable, EventBus, Relay, GAP_WAIT};
    use samspill::store::EventScope;
    use std::time::{Duration, Instant};
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    let (need, _) = buyer_in_store(&store).await;

    let bus = EventBus::new();
    let wake = std::sync::Arc::new(tokio::sync::Notify::new());
    let shutdown = tokio_util::sync::CancellationToken::new();
    let relay = Relay::start(store.clone(), bus.clone(), wake.clone())
        .await
        .unwrap();
    tokio::spawn(relay.run(shutdown.clone()));
    let mut live = Box::pin(
        durable(&bus, store.clone(), EventScope::All, None)
            .await
            .unwrap(),
    );
    // The timeouts only turn a hang into a failure.
    let patience = Duration::from_secs(30);
    let mut next = async || {
        tokio::time::timeout(patience, live.next())
            .await
            .expect("an event")
            .expect("the stream goes on")
            .id
    };

    store.create_need(&need).await.unwrap();
    wake.notify_one();
    let before = next().await;

    leave_gap(&db, backend).await;
    let written = Instant::now();
    store.create_need(&need).await.unwrap();
    wake.notify_one();
    let after_gap = next().await;
    assert_eq!(after_gap, before + 2, "the missing id is skipped");
    assert!(
        written.elapsed() >= GAP_WAIT,
        "held back for GAP_WAIT in case the missing id commits late ({:?})",
        written.elapsed()
    );

    store.create_need(&need).await.unwrap();
    wake.notify_one();
    assert_eq!(next().await, after_gap + 1, "later events follow as usual");
    let logged: Vec<i64> = store
        .events_after(before - 1, EventScope::All, 10)
        .await
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(
        logged,
        [before, after_gap, after_gap + 1],
        "the skipped id is not in the log"
    );
    shutdown.cancel();
}

/// On PostgreSQL ids are taken at insert and become visible at commit, so a lower id can commit
/// after a higher one: the relay waits for it and delivers both in id order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relay_waits_for_an_id_that_commits_late() {
    use futures_util::StreamExt;
    use samspill::live::{durable, EventBus, Relay};
    use samspill::store::EventScope;
    use std::time::Duration;
    let db = TestDb::new(Backend::Postgres).await;
    let store = db.store().await;
    let (need, _) = buyer_in_store(&store).await;
    let bus = EventBus::new();
    let wake = std::sync::Arc::new(tokio::sync::Notify::new());
    let shutdown = tokio_util::sync::CancellationToken::new();
    let relay = Relay::start(store.clone(), bus.clone(), wake.clone())
        .await
        .unwrap();
    tokio::spawn(relay.run(shutdown.clone()));
    let mut live = Box::pin(
        durable(&bus, store.clone(), EventScope::All, None)
            .await
            .unwrap(),
    );

    let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
    let mut slow = pool.begin().await.unwrap();
    let (low,): (i64,) = sqlx::query_as(
        "INSERT INTO events (kind, payload, created_at) VALUES \
         ('notification', \
         '{\"type\":\"Notification\",\"notification_id\":0}', \
         now()) RETURNING id",
    )
    .fetch_one(&mut *slow)
    .await
    .unwrap();
    store.create_need(&need).await.unwrap();
    wake.notify_one();
    // Less than GAP_WAIT: the higher id must not go out ahead of the lower one.
    let early = tokio::time::timeout(Duration::from_millis(500), live.next()).await;
    assert!(
        early.is_err(),
        "nothing before the lower id commits: {early:?}"
    );
    slow.commit().await.unwrap();
    wake.notify_one();
    let patience = Duration::from_secs(30);
    let first = tokio::time::timeout(patience, live.next())
        .await
        .unwrap()
        .unwrap();
    let second = tokio::time::timeout(patience, live.next())
        .await
        .unwrap()
        .unwrap();
    assert_eq!((first.id, second.id), (low, low + 1), "in id order");
    pool.close().await;
    shutdown.cancel();
}

on_both_databases!(
    resume_after_disconnect,
    slow_subscribers_lose_nothing,
    relay_skips_an_id_that_never_commits
);
