//! The real `samspill` binary as an operator runs it: zero configuration, crash and restart,
//! SIGTERM, and the `admin create` bootstrap.

use crate::helpers::{Backend, Client, TestDb, GOTEBORG, PASSWORD};
use crate::on_both_databases;
use crate::operations::verify_organisation;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::Lines;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdout, Command};

const BINARY: &str = env!("CARGO_BIN_EXE_samspill");
const PATIENCE: Duration = Duration::from_secs(30);

/// A `samspill` command with no `SAMSPILL_*` settings inherited from the test environment.
fn samspill(cwd: &Path) -> Command {
    let mut command = Command::new(BINARY);
    command.current_dir(cwd).kill_on_drop(true);
    for (name, _) in std::env::vars() {
        if name.starts_with("SAMSPILL_") {
            command.env_remove(name);
        }
    }
    command
}

pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    /// What the server prints on standard output, line by line (when started with
    /// [`serve_with`]).
    stdout: Option<Lines<BufReader<ChildStdout>>>,
}

pub fn ws_url(addr: SocketAddr) -> String {
    format!("ws://{addr}/graphql")
}

/// Starts `samspill serve` on a free port and waits for the line that says where it listens.
pub async fn serve(cwd: &Path, database_url: Option<&str>) -> Server {
    start(cwd, database_url, &[], false).await
}

/// [`serve`] with more flags, keeping standard output to read.
pub async fn serve_with(cwd: &Path, database_url: Option<&str>, flags: &[&str]) -> Server {
    start(cwd, database_url, flags, true).await
}

async fn start(
    cwd: &Path,
    database_url: Option<&str>,
    flags: &[&str],
    keep_stdout: bool,
) -> Server {
    let mut command = samspill(cwd);
    command
        .arg("serve")
        .args(flags)
        .env("SAMSPILL_BIND", "127.0.0.1:0")
        .env("SAMSPILL_LOG_FORMAT", "json");
    if let Some(url) = database_url {
        command.env("SAMSPILL_DATABASE_URL", url);
    }
    let mut child = command
        .stderr(Stdio::piped())
        .stdout(if keep_stdout {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().map(|out| BufReader::new(out).lines());
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = tokio::time::timeout(PATIENCE, async {
        while let Some(line) = lines.next_line().await.unwrap() {
            let Ok(entry) = serde_json::from_str::<Value>(&line) else {
                continue;
            };
            if entry["message"] == "samspill is listening" {
                return entry["address"]
                    .as_str()
                    .unwrap()
                    .parse::<SocketAddr>()
                    .unwrap();
            }
        }
        panic!("samspill exited before listening");
    })
    .await
    .expect("samspill did not start in time");
    // Keep draining the log so the server never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Server {
        child,
        addr,
        stdout,
    }
}

impl Server {
    /// Standard output up to and including the first line containing `needle`.
    pub async fn stdout_until(&mut self, needle: &str) -> Vec<String> {
        let lines = self.stdout.as_mut().expect("started with serve_with");
        let mut seen = Vec::new();
        tokio::time::timeout(PATIENCE, async {
            while let Some(line) = lines.next_line().await.unwrap() {
                let found = line.contains(needle);
                seen.push(line);
                if found {
                    return;
                }
            }
            panic!("standard output ended without {needle:?}: {seen:?}");
        })
        .await
        .expect("the line did not come in time");
        seen
    }

    /// Stops the server with SIGTERM and checks it exits cleanly.
    pub async fn stop(self) {
        self.signal("TERM");
        assert_eq!(self.exit_code().await, Some(0));
    }

    pub fn client(&self) -> Client {
        Client {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .unwrap(),
            endpoint: format!("http://{}/graphql", self.addr),
            bearer: None,
        }
    }

    fn signal(&self, name: &str) {
        let pid = self.child.id().unwrap().to_string();
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &pid])
            .status()
            .unwrap();
        assert!(status.success());
    }

    async fn exit_code(mut self) -> Option<i32> {
        tokio::time::timeout(PATIENCE, self.child.wait())
            .await
            .expect("samspill did not exit")
            .unwrap()
            .code()
    }
}

/// With no configuration at all, the server creates ./data/samspill.db, migrates and answers.
#[tokio::test]
async fn starts_with_no_configuration() {
    let db = TestDb::new(Backend::Sqlite).await;
    let server = serve(&db.dir, None).await;
    let ready = reqwest::get(format!("http://{}/readyz", server.addr))
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    assert!(db.dir.join("data/samspill.db").exists());
    server.signal("TERM");
    assert_eq!(server.exit_code().await, Some(0));
}

/// What the server acknowledged is still there after the process is killed without warning.
async fn acknowledged_writes_survive_a_crash(backend: Backend) {
    let db = TestDb::new(backend).await;
    let server = serve(&db.dir, Some(&db.url)).await;
    let client = server.client();
    client
        .register("anna@goteborg.se", "Anna")
        .await
        .data("register");
    let org_id = client
        .create_org("MUNICIPALITY", "Göteborgs Stad", "SE", GOTEBORG)
        .await
        .str("createOrganisation.id");
    server.signal("KILL");
    assert_eq!(server.exit_code().await, None, "killed by a signal");

    let restarted = serve(&db.dir, Some(&db.url)).await;
    let client = restarted.client();
    client
        .login("anna@goteborg.se", PASSWORD)
        .await
        .data("login");
    let org = client
        .gql(
            "query($id: ID!) { organisation(id: $id) { name viewerRole } }",
            json!({ "id": org_id }),
        )
        .await;
    assert_eq!(org.str("organisation.name"), "Göteborgs Stad");
    assert_eq!(org.str("organisation.viewerRole"), "ADMIN");
    restarted.signal("TERM");
    assert_eq!(restarted.exit_code().await, Some(0));
}

/// SIGTERM closes open websockets with a close frame and the process exits 0.
async fn sigterm_shuts_down_gracefully(backend: Backend) {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    use tokio_tungstenite::tungstenite::Message;

    let db = TestDb::new(backend).await;
    let server = serve(&db.dir, Some(&db.url)).await;
    let mut request = format!("ws://{}/graphql", server.addr)
        .into_client_request()
        .unwrap();
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    socket
        .send(Message::Text(
            json!({ "type": "connection_init" }).to_string().into(),
        ))
        .await
        .unwrap();
    assert!(
        matches!(socket.next().await, Some(Ok(Message::Text(_)))),
        "connection_ack"
    );

    server.signal("TERM");
    let close = tokio::time::timeout(PATIENCE, async {
        loop {
            match socket.next().await {
                Some(Ok(Message::Close(frame))) => return frame.map(|f| u16::from(f.code)),
                Some(Ok(_)) => continue,
                other => panic!("no close frame: {other:?}"),
            }
        }
    })
    .await
    .unwrap();
    assert_eq!(close, Some(1001));
    assert_eq!(server.exit_code().await, Some(0));
}

/// `samspill admin create` makes a platform administrator from the shell, who can then verify
/// organisations; a weak password is refused with a clear message.
async fn admin_create_bootstraps_an_administrator(backend: Backend) {
    let db = TestDb::new(backend).await;
    let create = |password: &'static str| {
        let mut command = samspill(&db.dir);
        command
            .args([
                "admin",
                "create",
                "--email",
                "root@samspill.eu",
                "--name",
                "Platform Admin",
            ])
            .env("SAMSPILL_DATABASE_URL", &db.url)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        async move {
            let mut child = command.spawn().unwrap();
            child
                .stdin
                .take()
                .unwrap()
                .write_all(format!("{password}\n").as_bytes())
                .await
                .unwrap();
            child.wait_with_output().await.unwrap()
        }
    };
    let weak = create("short").await;
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("at least 10 characters"));
    let made = create(PASSWORD).await;
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );

    let server = serve(&db.dir, Some(&db.url)).await;
    let wise = server.client();
    wise.register("kaffe@wise.se", "Kaffe").await;
    let org_id = wise
        .create_org("WISE", "Kafé Kooperativet", "SE", GOTEBORG)
        .await
        .str("createOrganisation.id");
    let admin = server.client();
    assert_eq!(
        admin.login("root@samspill.eu", PASSWORD).await.body["errors"],
        Value::Null
    );
    assert_eq!(
        verify_organisation(&admin, &org_id, true, Some("Skoopi"))
            .await
            .data("setOrganisationVerification.verified"),
        true
    );
    server.signal("TERM");
    assert_eq!(server.exit_code().await, Some(0));
}

/// `seed-demo` fills an empty database once and says so the second time; `import cpv` loads
/// the full shared list; the served platform then shows the demo's public needs to anyone and
/// keeps its draft private.
async fn demo_and_reference_data_commands(backend: Backend) {
    let db = TestDb::new(backend).await;
    let run = |args: &[&str]| {
        let mut command = samspill(&db.dir);
        command.args(args).env("SAMSPILL_DATABASE_URL", &db.url);
        async move { command.output().await.unwrap() }
    };
    let first = run(&["seed-demo"]).await;
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let first = String::from_utf8_lossy(&first.stdout).into_owned();
    assert!(
        first.contains("anna@goteborg.example") && first.contains(samspill::demo::DEMO_PASSWORD),
        "{first}"
    );
    let again = run(&["seed-demo"]).await;
    assert!(String::from_utf8_lossy(&again.stdout).contains("already has organisations"));
    let reindexed = run(&["reindex"]).await;
    let reindexed = String::from_utf8_lossy(&reindexed.stdout).into_owned();
    let (partners, needs): (u64, u64) = reindexed
        .trim()
        .strip_prefix("Indexed ")
        .and_then(|rest| rest.strip_suffix(" needs."))
        .and_then(|rest| rest.split_once(" organisations and "))
        .and_then(|(o, n)| Some((o.parse().ok()?, n.parse().ok()?)))
        .unwrap_or_else(|| panic!("reindex printed {reindexed:?}"));
    assert!(
        partners > 0 && needs > 0,
        "the demo has enterprises and public needs"
    );

    let cpv = concat!(env!("CARGO_MANIFEST_DIR"), "/data/cpv-2008-en.tsv");
    let imported = run(&["import", "cpv", cpv]).await;
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&imported.stdout).trim(),
        "Imported 9454 CPV codes."
    );
    let broken = db.dir.join("broken.tsv");
    std::fs::write(&broken, "code\tlabel\n1234\tToo short\n").unwrap();
    let refused = run(&["import", "cpv", broken.to_str().unwrap()]).await;
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("Line 2"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );

    let server = serve(&db.dir, Some(&db.url)).await;
    let visitor = server.client();
    let found = visitor
        .gql("{ searchPartners { totalCount } }", json!({}))
        .await;
    assert_eq!(
        found.data("searchPartners.totalCount"),
        partners,
        "the server opens the index `reindex` built"
    );
    let public_needs = visitor
        .gql("{ searchNeeds { totalCount } }", json!({}))
        .await;
    assert_eq!(public_needs.data("searchNeeds.totalCount"), needs);
    let statuses = visitor
        .gql(
            "{ needs(first: 50) { edges { node { status } } } }",
            json!({}),
        )
        .await;
    let mut seen: Vec<String> = statuses
        .data("needs.edges")
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["status"].as_str().unwrap().to_owned())
        .collect();
    seen.sort();
    seen.dedup();
    assert_eq!(
        seen,
        [
            "ANNOUNCED",
            "AWARDED",
            "CANCELLED",
            "CLOSED",
            "IN_DIALOGUE",
            "TENDERING",
            "WITHDRAWN"
        ],
        "every public status, no draft"
    );
    let anna = server.client();
    anna.login("anna@goteborg.example", samspill::demo::DEMO_PASSWORD)
        .await
        .data("login");
    let drafts = anna
        .gql(
            "{ needs(first: 50, filter: {statuses: [DRAFT]}) { edges { node { title } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        drafts.data("needs.edges").as_array().unwrap().len(),
        1,
        "the buyer sees its own draft"
    );
    // The demo's joint offer: Erik's supplier is invited; anyone signed in sees the call.
    let erik = server.client();
    erik.login("erik@stadvast.example", samspill::demo::DEMO_PASSWORD)
        .await
        .data("login");
    let invited = erik
        .gql(
            "{ myJointOffers { status lead { name } members { organisation { name } state } } }",
            json!({}),
        )
        .await;
    let offers = invited.data("myJointOffers").as_array().unwrap().clone();
    assert_eq!(offers.len(), 1);
    assert_eq!(offers[0]["lead"]["name"], "Returbutiken Kooperativ");
    assert_eq!(offers[0]["members"][1]["state"], "INVITED");
    let calls = anna
        .gql(
            "{ partnerCalls { lots gaps { gaps { factor } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        calls.data("partnerCalls"),
        &json!([{ "lots": [2], "gaps": [{ "gaps": [{ "factor": "CAPACITY" }] }] }])
    );
    let label = visitor
        .gql("{ cpvCode(code: \"85312320-8\") { label } }", json!({}))
        .await;
    assert_eq!(label.str("cpvCode.label"), "Counselling services");
    server.signal("TERM");
    assert_eq!(server.exit_code().await, Some(0));
}

fn titles_contain(reply: &crate::helpers::Reply, title: &str) -> bool {
    reply
        .data("needs.edges")
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["node"]["title"] == title)
}

/// `serve --seed-demo` fills an empty database before it listens and prints the demo accounts
/// and their password; a visitor then finds the demo needs and a printed account signs in. A
/// restart with the flag adds nothing more.
async fn serve_seeds_the_demo(backend: Backend) {
    let db = TestDb::new(backend).await;
    let mut server = serve_with(&db.dir, Some(&db.url), &["--seed-demo"]).await;
    let printed = server.stdout_until("anna@goteborg.example").await;
    let password = printed
        .iter()
        .find_map(|line| line.split_once("all with the password "))
        .map(|(_, rest)| rest.trim_end_matches(':').to_owned())
        .unwrap_or_else(|| panic!("no password in {printed:?}"));
    assert_eq!(password, samspill::demo::DEMO_PASSWORD);
    let account = printed
        .last()
        .and_then(|line| line.split_whitespace().next())
        .unwrap()
        .to_owned();
    assert_eq!(account, "anna@goteborg.example");

    let needs = "{ needs(first: 50) { edges { node { title language buyer { name } } } } }";
    let visitor = server.client();
    let found = visitor.gql(needs, json!({})).await;
    // Each buyer writes in its own language, and the need says which.
    for edge in found.data("needs.edges").as_array().unwrap() {
        let expected = match edge["node"]["buyer"]["name"].as_str().unwrap() {
            "Göteborgs Stad" => "sv",
            "Trondheim kommune" => "nb",
            _ => "en",
        };
        assert_eq!(edge["node"]["language"], expected, "{edge}");
    }
    assert!(titles_contain(&found, "Städning av skolor och förskolor"));
    assert!(titles_contain(
        &found,
        "Snørydding av fortau og bussholdeplasser"
    ));
    let titles: Vec<String> = found
        .data("needs.edges")
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["title"].as_str().unwrap().to_owned())
        .collect();
    assert!(titles.len() >= 5, "{titles:?}");
    let person = server.client();
    person.login(&account, &password).await.data("login");
    assert_eq!(
        person
            .gql("{ me { email } }", json!({}))
            .await
            .str("me.email"),
        account
    );
    server.stop().await;

    let restarted = serve_with(&db.dir, Some(&db.url), &["--seed-demo"]).await;
    let again = restarted.client().gql(needs, json!({})).await;
    assert_eq!(
        again.data("needs.edges").as_array().unwrap().len(),
        titles.len(),
        "nothing added to a database with organisations"
    );
    restarted.stop().await;
}

on_both_databases!(
    serve_seeds_the_demo,
    demo_and_reference_data_commands,
    acknowledged_writes_survive_a_crash,
    sigterm_shuts_down_gracefully,
    admin_create_bootstraps_an_administrator
);
