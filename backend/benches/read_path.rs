//! Read-path benchmark (issue 16): requests per second, p50 and p99 latency, server CPU and SQL
//! statements per request for three read workloads, at several client concurrencies, on
//! SQLite and on PostgreSQL; optionally side by side with PostGraphile 5 and v4 on the same
//! PostgreSQL database (`--peers`).
//!
//!     cargo bench --bench read_path -- --runs 3 --seconds 3
//!     cargo bench --bench read_path -- --db postgres --concurrency 1,8,32 --runs 5
//!     cargo bench --bench read_path -- --db postgres --peers
//!
//! The data set is made through the API (so through the services, as people would), from a
//! fixed seed: 20 municipalities, 2,000 announced needs with 1 to 5 lots each, spread over
//! the buyers and a handful of CPV codes. `ANALYZE` runs after loading, on PostgreSQL.
//!
//! Workloads: the needs page (20 needs with buyer, lots and main CPV code with its label), one
//! need by id with its buyer (a different need each request, from the seeded sequence), and
//! `{ __typename }`. Each cell runs for `--seconds` with `--concurrency` clients on keep-alive
//! connections, after a short warm-up; the cells are interleaved (every workload and
//! concurrency once, then again) `--runs` times and each figure is the median over the runs.
//! Server CPU per request is the server process's user + system time over the cell divided by
//! its requests; SQL statements per request come from the server's own count
//! (`samspill_graphql_sql_statements` in `/metrics`).
//!
//! `--peers` installs PostGraphile 5 (preset amber, production mode, on Node 22 from the npm
//! package `node@22`) and PostGraphile v4 under `target/bench-peers/` with npm, gives them two
//! STABLE SQL functions that expose a need's summary and lots from its JSON document, and runs
//! the same workloads against them on the same PostgreSQL database (statement counts are not
//! known for them: "-").
//!
//! The load generator shares the machine's two cores with the server (and, on PostgreSQL, the
//! database): treat the figures as relative, and compare within one run.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

const SEED: u64 = 16;
const BUYERS: usize = 20;
const NEEDS: usize = 2_000;
const CPVS: [&str; 6] = [
    "90910000", "90620000", "55520000", "77310000", "85312320", "39100000",
];

/// What the web app's list asks for, as the issue defines the needs page.
const NEEDS_PAGE: &str = "query NeedsPage { needs(first: 20) { edges { node { id title summary \
                          buyer { id name } lots { number title } mainCpv { code label } } } } }";
const ONE_NEED: &str =
    "query OneNeed($id: ID!) { need(id: $id) { id title summary buyer { id name } } }";
const TYPENAME: &str = "query Typename { __typename }";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Workload {
    NeedsPage,
    OneNeed,
    Typename,
}

impl Workload {
    const ALL: [Workload; 3] = [Workload::NeedsPage, Workload::OneNeed, Workload::Typename];

    fn name(self) -> &'static str {
        match self {
            Self::NeedsPage => "needs page",
            Self::OneNeed => "one need",
            Self::Typename => "__typename",
        }
    }

    fn operation(self) -> &'static str {
        match self {
            Self::NeedsPage => "NeedsPage",
            Self::OneNeed => "OneNeed",
            Self::Typename => "Typename",
        }
    }
}

/// A GraphQL server under test: Samspill, or a peer.
struct Target {
    name: String,
    child: Child,
    url: String,
    /// Where `/metrics` is (Samspill only).
    metrics: Option<String>,
    /// How this server spells each workload: the query and, for one need, the id of the
    /// `n`th need.
    dialect: Dialect,
}

#[derive(Clone)]
enum Dialect {
    /// Samspill: global ids of the needs, in creation order.
    Samspill(Arc<Vec<String>>),
    /// PostGraphile 5 or 4: node ids of the needs (computed by the peer), in id order.
    PostGraphile { version: u8, ids: Arc<Vec<String>> },
}

impl Dialect {
    fn request(&self, workload: Workload, n: usize) -> Value {
        match (self, workload) {
            (_, Workload::Typename) => json!({ "query": TYPENAME, "operationName": "Typename" }),
            (Dialect::Samspill(_), Workload::NeedsPage) => {
                json!({ "query": NEEDS_PAGE, "operationName": "NeedsPage" })
            }
            (Dialect::Samspill(ids), Workload::OneNeed) => json!({
                "query": ONE_NEED, "operationName": "OneNeed",
                "variables": { "id": ids[n % ids.len()] }
            }),
            (Dialect::PostGraphile { version, .. }, Workload::NeedsPage) => {
                // v4 calls the global id `nodeId` (its `id` is the column).
                let id = if *version == 5 { "id" } else { "nodeId" };
                let query = format!(
                    "query NeedsPage {{ allNeeds(first: 20, orderBy: \
                     [PRIMARY_KEY_DESC]) {{ nodes {{ {id} title summary \
                     organisationByBuyerId {{ {id} name }} lots {{ nodes {{ \
                     number title }} }} mainCpv {{ code label }} }} }} }}"
                );
                json!({ "query": query, "operationName": "NeedsPage" })
            }
            (Dialect::PostGraphile { version, ids }, Workload::OneNeed) => {
                let query = if *version == 5 {
                    "query OneNeed($id: ID!) { need(id: $id) { id title summary \
                     organisationByBuyerId { id name } } }"
                } else {
                    "query OneNeed($id: ID!) { need(nodeId: $id) { nodeId title summary \
                     organisationByBuyerId { nodeId name } } }"
                };
                json!({ "query": query, "operationName": "OneNeed", "variables": { "id": ids[n % ids.len()] } })
            }
        }
    }
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn flag(name: &str) -> bool {
    std::env::args().any(|a| a == name)
}

/// CPU time (user + system) a process has used so far, in milliseconds.
fn cpu_ms(pid: u32) -> f64 {
    let ticks = stat_field(pid, 11).unwrap_or(0.0) + stat_field(pid, 12).unwrap_or(0.0);
    ticks * 10.0 // USER_HZ is 100 on Linux
}

/// CPU all PostgreSQL processes on this machine have used so far (the benchmark's database is
/// the only one busy while it runs): what the statements cost on the database side, which a
/// server that builds its whole answer in SQL moves there from its own process. Backends that
/// exit (a peer's pool closes idle connections) leave their time with the postmaster, which
/// counts its ended children.
fn database_cpu_ms() -> f64 {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0.0;
    };
    let postgres: Vec<u32> = entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| is_postgres(pid))
        .collect();
    let running: f64 = postgres.iter().map(|&pid| run_time_ms(pid)).sum();
    let ended: f64 = postgres
        .iter()
        .filter(|&&pid| stat_field(pid, 1).is_some_and(|parent| !is_postgres(parent as u32)))
        .map(|&pid| {
            (stat_field(pid, 13).unwrap_or(0.0) + stat_field(pid, 14).unwrap_or(0.0)) * 10.0
        })
        .sum();
    running + ended
}

fn is_postgres(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .is_ok_and(|comm| comm.trim_end() == "postgres")
}

/// A number from `/proc/PID/stat`, counting from the field after the command's name (0 is the
/// state, 1 the parent, 11 and 12 user and system ticks, 13 and 14 those of ended children).
fn stat_field(pid: u32, index: usize) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat[stat.rfind(')')? + 2..]
        .split(' ')
        .nth(index)?
        .parse()
        .ok()
}

/// Time a single-threaded process has run on a CPU, from the scheduler's nanosecond count
/// (`/proc/PID/stat` counts in 10 ms ticks, too coarse for many short-lived backends).
fn run_time_ms(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/schedstat"))
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e6)
}

/// CPU of a process and its children that are still running (Node runs PostGraphile in one).
fn tree_cpu_ms(pid: u32) -> f64 {
    let mut total = cpu_ms(pid);
    if let Ok(children) = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")) {
        for child in children.split_whitespace() {
            if let Ok(child) = child.parse() {
                total += tree_cpu_ms(child);
            }
        }
    }
    total
}

async fn gql(client: &reqwest::Client, url: &str, query: &str, variables: Value) -> Value {
    let reply: Value = client
        .post(url)
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

/// A Swedish organisation number (ten digits, Luhn check digit) for the `n`th municipality.
fn org_number(n: usize) -> String {
    let body = format!("212000{:03}", 100 + n);
    let digits: Vec<u32> = body.chars().map(|c| c.to_digit(10).unwrap()).collect();
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            let v = if i % 2 == 0 { x * 2 } else { x };
            if v > 9 {
                v - 9
            } else {
                v
            }
        })
        .sum();
    let check = (10 - sum % 10) % 10;
    format!("{}-{}{check}", &body[..6], &body[6..])
}

async fn start_samspill(database_url: &str, dir: &Path) -> (Child, SocketAddr) {
    let data_dir = dir.to_str().expect("a UTF-8 data directory");
    // Introspection off, as in production.
    let env = [
        ("SAMSPILL_DATA_DIR", data_dir),
        ("SAMSPILL_INTROSPECTION", "false"),
    ];
    common::start_samspill(database_url, dir, &env).await
}

/// Makes the data set through the API; returns the needs' global ids in creation order.
async fn load(url: &str, needs: usize) -> Vec<String> {
    let started = Instant::now();
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    gql(
        &client,
        url,
        "mutation($i: RegisterInput!) { register(input: $i) { user { id } } }",
        json!({ "i": { "email": "buyer@bench.example", "name": "Bench", "password": "benchmark password" } }),
    )
    .await;
    let mut buyers = Vec::new();
    for n in 0..BUYERS {
        let org = gql(
            &client,
            url,
            "mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id } }",
            json!({ "i": { "kind": "MUNICIPALITY", "name": format!("Kommun {n}"), "country": "SE", "organisationNumber": org_number(n) } }),
        )
        .await;
        buyers.push(org["createOrganisation"]["id"].as_str().unwrap().to_owned());
    }
    let mut rng = StdRng::seed_from_u64(SEED);
    let mut ids = Vec::with_capacity(needs);
    for n in 0..needs {
        let lots: Vec<Value> = (0..rng.gen_range(1..=5))
            .map(|l| {
                json!({ "title": format!("Lot {} of need {n}", l + 1), "description": "What this lot covers.",
                        "cpv": CPVS[rng.gen_range(0..CPVS.len())] })
            })
            .collect();
        let need = json!({
            "title": format!("Need {n}: services for the municipality"),
            "summary": format!("Summary of need {n}, a paragraph that says what the buyer wants \
                                to buy and why."),
            "description": "A longer description in **Markdown**.",
            "mainCpv": CPVS[rng.gen_range(0..CPVS.len())],
            "place": { "country": "SE", "nutsCode": "SE232" },
            "contractNature": "SERVICES", "procedureType": "OPEN", "lots": lots,
        });
        let buyer = &buyers[rng.gen_range(0..BUYERS)];
        let created = gql(
            &client,
            url,
            "mutation($i: CreateNeedInput!) { createNeed(input: $i) { id revision } }",
            json!({ "i": { "buyerId": buyer, "need": need } }),
        )
        .await;
        let id = created["createNeed"]["id"].as_str().unwrap().to_owned();
        gql(
            &client,
            url,
            "mutation($i: ChangeNeedStatusInput!) { changeNeedStatus(input: $i) { status } }",
            json!({ "i": { "id": id, "revision": created["createNeed"]["revision"], "status": "ANNOUNCED" } }),
        )
        .await;
        ids.push(id);
    }
    eprintln!(
        "data set: {BUYERS} buyers, {needs} announced needs in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    ids
}

/// Figures of one cell.
#[derive(Clone, Copy, Default)]
struct Cell {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    cpu_ms_per_request: f64,
    /// PostgreSQL's CPU per request (0 on SQLite, which runs inside the server).
    database_cpu_ms_per_request: f64,
    statements: Option<f64>,
}

impl Cell {
    /// Server and database CPU per request: what the answer costs wherever it is computed.
    fn total_cpu(&self) -> f64 {
        self.cpu_ms_per_request + self.database_cpu_ms_per_request
    }
}

async fn statements_sum_count(client: &reqwest::Client, metrics: &str, op: &str) -> (f64, f64) {
    let text = client
        .get(metrics)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let read = |suffix: &str| {
        let prefix = format!("samspill_graphql_sql_statements_{suffix}{{operation=\"{op}\"}} ");
        text.lines()
            .find_map(|l| l.strip_prefix(&prefix))
            .map_or(0.0, |v| v.trim().parse().unwrap())
    };
    (read("sum"), read("count"))
}

/// Runs one workload at one concurrency for `seconds`.
async fn measure(target: &Target, workload: Workload, clients: usize, seconds: f64) -> Cell {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()
        .unwrap();
    // Warm-up: connections open, caches and the database's buffers warm.
    let warm_until = Instant::now() + Duration::from_millis(300);
    let mut n = 0;
    while Instant::now() < warm_until {
        let body = target.dialect.request(workload, n);
        let reply: Value = http
            .post(&target.url)
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(reply.get("errors").is_none(), "{}: {reply}", target.name);
        n += 1;
    }
    let statements_before = match &target.metrics {
        Some(m) => Some(statements_sum_count(&http, m, workload.operation()).await),
        None => None,
    };
    let pid = target.child.id().unwrap();
    let cpu_before = tree_cpu_ms(pid);
    let database_cpu_before = database_cpu_ms();
    let started = Instant::now();
    let until = started + Duration::from_secs_f64(seconds);
    let mut tasks = Vec::new();
    for c in 0..clients {
        let http = http.clone();
        let url = target.url.clone();
        let dialect = target.dialect.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut n = c * 7919;
            while Instant::now() < until {
                let body = dialect.request(workload, n);
                let sent = Instant::now();
                let response = http.post(&url).json(&body).send().await.unwrap();
                let bytes = response.bytes().await.unwrap();
                latencies.push(sent.elapsed());
                assert!(!bytes.starts_with(b"{\"errors\""));
                n += 1;
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.unwrap());
    }
    let elapsed = started.elapsed().as_secs_f64();
    let cpu = tree_cpu_ms(pid) - cpu_before;
    let database_cpu = database_cpu_ms() - database_cpu_before;
    latencies.sort();
    let count = latencies.len();
    let pick = |q: f64| latencies[((count as f64 * q) as usize).min(count - 1)].as_secs_f64() * 1e3;
    let statements = match (&target.metrics, statements_before) {
        (Some(m), Some((sum0, count0))) => {
            let (sum1, count1) = statements_sum_count(&http, m, workload.operation()).await;
            (count1 > count0).then(|| (sum1 - sum0) / (count1 - count0))
        }
        _ => None,
    };
    Cell {
        rps: count as f64 / elapsed,
        p50_ms: pick(0.5),
        p99_ms: pick(0.99),
        cpu_ms_per_request: cpu / count as f64,
        database_cpu_ms_per_request: database_cpu / count as f64,
        statements,
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    values[values.len() / 2]
}

/// Runs every workload and concurrency `runs` times, interleaved over the targets, and prints
/// a table of medians plus Samspill's ratio to each peer.
async fn run_all(
    targets: &[Target],
    database: &str,
    concurrency: &[usize],
    runs: usize,
    seconds: f64,
) {
    let mut results: Vec<Vec<Vec<Vec<Cell>>>> =
        vec![vec![vec![Vec::new(); concurrency.len()]; Workload::ALL.len()]; targets.len()];
    // One untimed pass first: Node's JIT compiles the peers' hot paths over the first
    // thousands of requests, and a cold first run would count against them.
    for workload in Workload::ALL {
        for target in targets {
            measure(target, workload, 8, seconds.min(1.0)).await;
        }
    }
    for run in 0..runs {
        for (w, workload) in Workload::ALL.iter().enumerate() {
            for (c, &clients) in concurrency.iter().enumerate() {
                for (t, target) in targets.iter().enumerate() {
                    let cell = measure(target, *workload, clients, seconds).await;
                    eprintln!(
                        "run {} {database} {} {} c={clients}: {:.0} req/s p50 {:.2} ms p99 {:.2} \
                         ms",
                        run + 1,
                        target.name,
                        workload.name(),
                        cell.rps,
                        cell.p50_ms,
                        cell.p99_ms
                    );
                    results[t][w][c].push(cell);
                }
            }
        }
    }
    println!();
    println!("{database}, medians of {runs} runs of {seconds} s:");
    println!();
    println!(
        "| server | workload | clients | req/s | p50 ms | p99 ms | server CPU ms/req | database \
         CPU ms/req | SQL statements/req | Samspill's req/s ratio | its CPU ratio |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for (w, workload) in Workload::ALL.iter().enumerate() {
        for (c, &clients) in concurrency.iter().enumerate() {
            let ours = median(results[0][w][c].iter().map(|x| x.rps).collect());
            let our_cpu = median(results[0][w][c].iter().map(Cell::total_cpu).collect());
            for (t, target) in targets.iter().enumerate() {
                let cells = &results[t][w][c];
                let rps = median(cells.iter().map(|x| x.rps).collect());
                let statements = cells
                    .iter()
                    .filter_map(|x| x.statements)
                    .collect::<Vec<_>>();
                let statements = if statements.is_empty() {
                    "-".to_owned()
                } else {
                    format!("{:.1}", median(statements))
                };
                let cpu = median(cells.iter().map(Cell::total_cpu).collect());
                // Requests/s: higher is better; CPU: how many times less Samspill needs.
                let (ratio, cpu_ratio) = if t == 0 {
                    (String::new(), String::new())
                } else {
                    (
                        format!("{:.2}x", ours / rps),
                        format!("{:.2}x", cpu / our_cpu),
                    )
                };
                println!(
                    "| {} | {} | {clients} | {rps:.0} | {:.2} | {:.2} | {:.2} | {:.2} | \
                     {statements} | {ratio} | {cpu_ratio} |",
                    target.name,
                    workload.name(),
                    median(cells.iter().map(|x| x.p50_ms).collect()),
                    median(cells.iter().map(|x| x.p99_ms).collect()),
                    median(cells.iter().map(|x| x.cpu_ms_per_request).collect()),
                    median(
                        cells
                            .iter()
                            .map(|x| x.database_cpu_ms_per_request)
                            .collect()
                    ),
                );
            }
        }
    }
}

/// The SQL the peers need: a need's summary and lots, from its JSON document, as functions
/// PostGraphile exposes as computed columns and inlines into its one statement; plus a lots
/// table type and the main CPV code's label.
const PEER_SQL: &str = r#"
CREATE SCHEMA IF NOT EXISTS bench;
CREATE OR REPLACE VIEW bench.needs AS
  SELECT id, buyer_id, title, content, status, listed_at FROM public.needs WHERE status <> 'DRAFT';
COMMENT ON VIEW bench.needs IS E'@name need\n@primaryKey id\n@foreignKey (buyer_id) references bench.organisations (id)';
CREATE OR REPLACE VIEW bench.organisations AS SELECT id, name FROM public.organisations;
COMMENT ON VIEW bench.organisations IS E'@name organisation\n@primaryKey id';
DROP TYPE IF EXISTS bench.lot CASCADE;
CREATE TYPE bench.lot AS (number integer, title text);
DROP TYPE IF EXISTS bench.cpv CASCADE;
CREATE TYPE bench.cpv AS (code text, label text);
CREATE OR REPLACE FUNCTION bench.needs_summary(n bench.needs) RETURNS text
  LANGUAGE sql STABLE AS $$ SELECT (n.content::jsonb) ->> 'summary' $$;
CREATE OR REPLACE FUNCTION bench.needs_lots(n bench.needs) RETURNS SETOF bench.lot
  LANGUAGE sql STABLE AS $$
    SELECT (l ->> 'number')::integer, l ->> 'title'
    FROM jsonb_array_elements((n.content::jsonb) -> 'lots') WITH ORDINALITY AS t(l, i) ORDER BY i $$;
CREATE OR REPLACE FUNCTION bench.needs_main_cpv(n bench.needs) RETURNS bench.cpv
  LANGUAGE sql STABLE AS $$
    SELECT c.code, c.label FROM public.cpv_codes c WHERE c.code = (n.content::jsonb) ->> 'mainCpv' $$;
"#;

/// Installs the peers with npm under `target/bench-peers/` (once).
async fn install_peers(root: &Path) {
    for (dir, packages) in [
        ("pg5", vec!["postgraphile@^5", "node@22"]),
        ("pg4", vec!["postgraphile@^4"]),
    ] {
        let dir = root.join(dir);
        if dir.join("node_modules/postgraphile").exists() {
            continue;
        }
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("package.json"),
            "{\"private\": true, \"type\": \"module\"}",
        )
        .unwrap();
        let status = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
            .args(&packages)
            .current_dir(&dir)
            .status()
            .await
            .unwrap();
        assert!(status.success(), "npm install {packages:?} failed");
    }
}

async fn wait_for_port(child: &mut Child, port: u16, name: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{name} exited: {status}");
        }
        assert!(Instant::now() < deadline, "{name} did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn start_peers(root: &Path, database_url: &str) -> Vec<Target> {
    let pool = sqlx::PgPool::connect(database_url).await.unwrap();
    sqlx::raw_sql(PEER_SQL).execute(&pool).await.unwrap();
    sqlx::query("ANALYZE").execute(&pool).await.unwrap();
    pool.close().await;
    let pg5 = root.join("pg5");
    std::fs::write(
        pg5.join("graphile.config.mjs"),
        format!(
            r#"import {{ PostGraphileAmberPreset }} from "postgraphile/presets/amber";
import {{ makePgService }} from "postgraphile/adaptors/pg";
export default {{
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({{ connectionString: "{database_url}", schemas: ["bench"] }})],
  grafserv: {{ port: 5678, host: "127.0.0.1", graphiql: false, watch: false }},
  grafast: {{ explain: false }},
}};
"#
        ),
    )
    .unwrap();
    let mut pg5_child = Command::new(pg5.join("node_modules/.bin/node"))
        .arg(pg5.join("node_modules/postgraphile/dist/cli-run.js"))
        .args(["-C", "graphile.config.mjs"])
        .env("NODE_ENV", "production")
        .current_dir(&pg5)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    wait_for_port(&mut pg5_child, 5678, "PostGraphile 5").await;
    let pg4 = root.join("pg4");
    let mut pg4_child = Command::new("node")
        .arg(pg4.join("node_modules/postgraphile/cli.js"))
        .args([
            "-c",
            database_url,
            "-s",
            "bench",
            "--host",
            "127.0.0.1",
            "--port",
            "5679",
        ])
        .arg("--disable-query-log")
        .env("NODE_ENV", "production")
        .current_dir(&pg4)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    wait_for_port(&mut pg4_child, 5679, "PostGraphile v4").await;
    let http = reqwest::Client::new();
    let mut targets = Vec::new();
    for (version, child, port) in [(5u8, pg5_child, 5678u16), (4, pg4_child, 5679)] {
        let url = format!("http://127.0.0.1:{port}/graphql");
        let id = if version == 5 { "id" } else { "nodeId" };
        let query = format!("{{ allNeeds(orderBy: [PRIMARY_KEY_ASC]) {{ nodes {{ {id} }} }} }}");
        let nodes = gql(&http, &url, &query, json!({})).await;
        let ids: Vec<String> = nodes["allNeeds"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n[id].as_str().unwrap().to_owned())
            .collect();
        targets.push(Target {
            name: format!("PostGraphile {version}"),
            child,
            url,
            metrics: None,
            dialect: Dialect::PostGraphile {
                version,
                ids: Arc::new(ids),
            },
        });
    }
    targets
}

#[tokio::main]
async fn main() {
    let databases: Vec<String> = arg("--db")
        .unwrap_or_else(|| "sqlite,postgres".into())
        .split(',')
        .map(str::to_owned)
        .collect();
    let concurrency: Vec<usize> = arg("--concurrency")
        .unwrap_or_else(|| "1,8,32".into())
        .split(',')
        .map(|s| s.parse().unwrap())
        .collect();
    let runs: usize = arg("--runs").map_or(3, |r| r.parse().unwrap());
    let seconds: f64 = arg("--seconds").map_or(3.0, |s| s.parse().unwrap());
    let peers = flag("--peers");
    // Fewer needs only to try the program out quickly; the figures are for the default.
    let needs: usize = arg("--needs").map_or(NEEDS, |n| n.parse().unwrap());
    let peer_root: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench-peers");
    if peers {
        install_peers(&peer_root).await;
    }
    for database in databases {
        let dir = std::env::temp_dir().join(format!("samspill-read-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut cleanup = None;
        let url = if database == "postgres" {
            let admin = std::env::var("SAMSPILL_BENCH_POSTGRES_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
            let name = format!("samspill_read_bench_{}", std::process::id());
            let pool = sqlx::PgPool::connect(&admin).await.unwrap();
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&pool)
                .await
                .unwrap();
            let mut url = url::Url::parse(&admin).unwrap();
            url.set_path(&name);
            cleanup = Some((pool, name));
            url.to_string()
        } else {
            format!("sqlite://{}", dir.join("bench.db").display())
        };
        let (child, addr) = start_samspill(&url, &dir).await;
        let graphql = format!("http://{addr}/graphql");
        let ids = load(&graphql, needs).await;
        if database == "postgres" {
            let pool = sqlx::PgPool::connect(&url).await.unwrap();
            sqlx::query("ANALYZE").execute(&pool).await.unwrap();
            pool.close().await;
        } else {
            let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
            sqlx::query("ANALYZE").execute(&pool).await.unwrap();
            pool.close().await;
        }
        let mut targets = vec![Target {
            name: "Samspill".into(),
            child,
            url: graphql,
            metrics: Some(format!("http://{addr}/metrics")),
            dialect: Dialect::Samspill(Arc::new(ids)),
        }];
        if peers && database == "postgres" {
            targets.extend(start_peers(&peer_root, &url).await);
        }
        run_all(&targets, &database, &concurrency, runs, seconds).await;
        drop(targets);
        if let Some((pool, name)) = cleanup {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&pool)
                .await;
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
