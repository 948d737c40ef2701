//! Live fan-out benchmark: N graphql-transport-ws subscribers on one need's `dialogueEvents`,
//! one message posted in a public thread of that need, delivery latency to all of them; and
//! the server's memory per idle connection. Public threads are for signed-in users, so every
//! connection signs in with the same API token in its `connection_init` payload.
//!
//! Starts the real `samspill` binary (release build) on SQLite, or, with `--replicas 2`, two
//! binaries on one PostgreSQL database (`SAMSPILL_BENCH_POSTGRES_URL`, default the local test
//! server), subscribers split between them and the change made through the first.
//!
//!     cargo bench --bench live_fanout -- --subscribers 1000,5000,10000 --runs 5
//!     cargo bench --bench live_fanout -- --subscribers 1000,5000 --replicas 2
//!
//! Latency is measured from sending the `postMessage` mutation to each subscriber receiving the
//! event; each figure is the median over `--runs` messages (the machines are shared and
//! noisy). The CPU columns are the time the server process(es) and this client used from
//! posting the message until the last delivery (less sensitive to other load on the machine
//! than latency is). Memory is the server's VmRSS after the connections are open and idle, minus before,
//! divided by the number of connections served by that process.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::process::Child;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

struct Server {
    child: Child,
    addr: SocketAddr,
}

async fn start(database_url: &str, dir: &std::path::Path) -> Server {
    let (child, addr) = common::start_samspill(database_url, dir, &[]).await;
    Server { child, addr }
}

fn rss_kib(server: &Server) -> u64 {
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", server.child.id().unwrap())).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
        .unwrap()
}

/// CPU time (user + system) a process has used so far, in milliseconds.
fn cpu_ms(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // The command name may hold spaces; the fields after it are space-separated.
    let fields: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..].split(' ').collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks * 10.0 // USER_HZ is 100 on Linux
}

async fn gql(client: &reqwest::Client, addr: SocketAddr, query: &str, variables: Value) -> Value {
    let reply: Value = client
        .post(format!("http://{addr}/graphql"))
        .json(&json!({ "query": query, "variables": variables }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(reply.get("errors").is_none(), "{reply}");
    reply["data"].clone()
}

/// Opens one subscriber; returns when the subscription is sent. Each delivery records its
/// latency (nanoseconds since `sent`, the moment the mutation went out) into `latencies`.
async fn subscriber(
    addr: SocketAddr,
    token: String,
    need: String,
    after: String,
    base: Instant,
    sent: Arc<AtomicU64>,
    latencies: Arc<std::sync::Mutex<Vec<u64>>>,
) {
    let mut request = format!("ws://{addr}/graphql")
        .into_client_request()
        .unwrap();
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    socket
        .send(Message::Text(
            json!({ "type": "connection_init", "payload": { "authorization": format!("Bearer {token}") } })
                .to_string()
                .into(),
        ))
        .await
        .unwrap();
    let ack = socket.next().await.unwrap().unwrap();
    assert!(ack.to_text().unwrap().contains("connection_ack"), "{ack}");
    // What a client showing the thread live would ask for (no fields that read the database
    // per subscriber, such as the author's name).
    let query = "subscription($need: ID!, $after: String) { dialogueEvents(needId: $need, after: \
                 $after) { cursor kind thread { id title } message { id body createdAt mine } } }";
    let subscribe = json!({ "type": "subscribe", "id": "1", "payload": { "query": query, "variables": { "need": need, "after": after } } });
    socket
        .send(Message::Text(subscribe.to_string().into()))
        .await
        .unwrap();
    tokio::spawn(async move {
        while let Some(Ok(message)) = socket.next().await {
            if let Message::Text(text) = message {
                if text.as_str().contains("\"MESSAGE_POSTED\"") {
                    let now = base.elapsed().as_nanos() as u64;
                    latencies
                        .lock()
                        .unwrap()
                        .push(now.saturating_sub(sent.load(Ordering::SeqCst)));
                }
            }
        }
    });
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index] as f64 / 1e6
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

async fn bench(servers: &[Server], n: usize, runs: usize) {
    let http = reqwest::Client::new();
    let first = servers[0].addr;
    let suffix = std::process::id() * 100 + n as u32;
    let email = format!("buyer{suffix}@bench.example");
    let cookies = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let register = "mutation($i: RegisterInput!) { register(input: $i) { user { id } } }";
    gql(
        &cookies,
        first,
        register,
        json!({ "i": { "email": email, "name": "Bench", "password": "benchmark password" } }),
    )
    .await;
    let org = gql(
        &cookies,
        first,
        "mutation { createOrganisation(input: {kind: MUNICIPALITY, \
         name: \"Bench kommun\", country: NO, organisationNumber: \
         \"942110464\"}) { id } }",
        json!({}),
    )
    .await;
    let org = org["createOrganisation"]["id"].as_str().unwrap().to_owned();
    let need = json!({ "title": "Bench need", "mainCpv": "90000000", "place": { "country": "NO" }, "contractNature": "SERVICES", "procedureType": "OPEN" });
    let created = gql(
        &cookies,
        first,
        "mutation($i: CreateNeedInput!) { createNeed(input: $i) { id revision } }",
        json!({ "i": { "buyerId": org, "need": need } }),
    )
    .await;
    let need = created["createNeed"]["id"].as_str().unwrap().to_owned();
    let revision = created["createNeed"]["revision"].clone();
    gql(
        &cookies,
        first,
        "mutation($i: ChangeNeedStatusInput!) { changeNeedStatus(input: $i) { status } }",
        json!({ "i": { "id": need, "revision": revision, "status": "ANNOUNCED" } }),
    )
    .await;
    let started = gql(
        &cookies,
        first,
        "mutation($i: StartThreadInput!) { startThread(input: $i) { thread { id } } }",
        json!({ "i": { "needId": need, "kind": "PUBLIC", "title": "Questions for everyone", "body": "Ask here." } }),
    )
    .await;
    let thread = started["startThread"]["thread"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // The subscribers: one signed-in enterprise user (no memberships), one API token for all.
    let reader = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    gql(
        &reader,
        first,
        register,
        json!({ "i": { "email": format!("reader{suffix}@bench.example"), "name": "Reader", "password": "benchmark password" } }),
    )
    .await;
    let token = gql(
        &reader,
        first,
        "mutation { createApiToken(input: {name: \"bench\"}) { token } }",
        json!({}),
    )
    .await["createApiToken"]["token"]
        .as_str()
        .unwrap()
        .to_owned();

    let before: Vec<u64> = servers.iter().map(rss_kib).collect();
    let base = Instant::now();
    let sent = Arc::new(AtomicU64::new(u64::MAX));
    let latencies = Arc::new(std::sync::Mutex::new(Vec::with_capacity(n)));
    let after = gql(&http, first, "{ liveCursor }", json!({})).await["liveCursor"]
        .as_str()
        .unwrap()
        .to_owned();
    for chunk in (0..n).collect::<Vec<_>>().chunks(250) {
        let opening: Vec<_> = chunk
            .iter()
            .map(|i| {
                subscriber(
                    servers[i % servers.len()].addr,
                    token.clone(),
                    need.clone(),
                    after.clone(),
                    base,
                    sent.clone(),
                    latencies.clone(),
                )
            })
            .collect();
        futures_util::future::join_all(opening).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await; // let the server settle before reading memory
    let per_connection: Vec<f64> = servers
        .iter()
        .zip(&before)
        .map(|(s, b)| (rss_kib(s).saturating_sub(*b)) as f64 / (n / servers.len()) as f64)
        .collect();

    let (mut p50s, mut p99s, mut maxes) = (Vec::new(), Vec::new(), Vec::new());
    let (mut server_cpu, mut client_cpu) = (Vec::new(), Vec::new());
    let pids: Vec<u32> = servers.iter().map(|s| s.child.id().unwrap()).collect();
    for run in 0..runs {
        latencies.lock().unwrap().clear();
        let server_before: f64 = pids.iter().map(|&p| cpu_ms(p)).sum();
        let client_before = cpu_ms(std::process::id());
        sent.store(base.elapsed().as_nanos() as u64, Ordering::SeqCst);
        gql(
            &cookies,
            first,
            "mutation($i: PostMessageInput!) { postMessage(input: $i) { id } }",
            json!({ "i": { "threadId": thread, "body": format!("Bench message {run}") } }),
        )
        .await;
        let deadline = Instant::now() + Duration::from_secs(60);
        while latencies.lock().unwrap().len() < n && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        server_cpu.push(pids.iter().map(|&p| cpu_ms(p)).sum::<f64>() - server_before);
        client_cpu.push(cpu_ms(std::process::id()) - client_before);
        let mut sorted = latencies.lock().unwrap().clone();
        assert_eq!(sorted.len(), n, "every subscriber receives the event");
        sorted.sort_unstable();
        p50s.push(percentile(&sorted, 0.50));
        p99s.push(percentile(&sorted, 0.99));
        maxes.push(percentile(&sorted, 1.0));
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    println!(
        "| {n} | {} | {:.1} | {:.1} | {:.1} | {:.0} | {:.0} | {} |",
        servers.len(),
        median(p50s),
        median(p99s),
        median(maxes),
        median(server_cpu),
        median(client_cpu),
        per_connection
            .iter()
            .map(|k| format!("{k:.1}"))
            .collect::<Vec<_>>()
            .join(" / ")
    );
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

#[tokio::main]
async fn main() {
    let sizes: Vec<usize> = arg("--subscribers")
        .unwrap_or_else(|| "1000,5000,10000".into())
        .split(',')
        .map(|s| s.parse().unwrap())
        .collect();
    let runs: usize = arg("--runs").map_or(5, |r| r.parse().unwrap());
    let replicas: usize = arg("--replicas").map_or(1, |r| r.parse().unwrap());
    println!(
        "| subscribers | replicas | p50 ms | p99 ms | max ms | server CPU ms | client CPU ms | \
         server KiB per idle connection |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for n in sizes {
        let dir = std::env::temp_dir().join(format!("samspill-bench-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (url, database) = if replicas > 1 {
            let admin = std::env::var("SAMSPILL_BENCH_POSTGRES_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
            let name = format!("samspill_bench_{}_{n}", std::process::id());
            let pool = sqlx::PgPool::connect(&admin).await.unwrap();
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&pool)
                .await
                .unwrap();
            let mut url = url::Url::parse(&admin).unwrap();
            url.set_path(&name);
            (url.to_string(), Some((pool, name)))
        } else {
            (format!("sqlite://{}", dir.join("bench.db").display()), None)
        };
        let mut servers = Vec::new();
        for _ in 0..replicas {
            servers.push(start(&url, &dir).await);
        }
        bench(&servers, n, runs).await;
        drop(servers);
        if let Some((pool, name)) = database {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&pool)
                .await;
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
