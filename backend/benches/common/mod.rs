//! What the benchmark programs share: the real `samspill` binary, started on port 0 with JSON
//! logs, and the address it says it listens on.

use serde_json::Value;
use std::net::SocketAddr;
use std::path::Path;
use std::process::Stdio;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// Starts `samspill serve` in `dir` on `database_url` with the extra `env`; the log is read
/// until the server listens, then drained so it never blocks on a full pipe.
pub async fn start_samspill(
    database_url: &str,
    dir: &Path,
    env: &[(&str, &str)],
) -> (Child, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_samspill"))
        .arg("serve")
        .env("SAMSPILL_BIND", "127.0.0.1:0")
        .env("SAMSPILL_LOG_FORMAT", "json")
        .env("SAMSPILL_LOG", "warn,samspill=info")
        .env("SAMSPILL_DATABASE_URL", database_url)
        .envs(env.iter().copied())
        .current_dir(dir)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next_line().await.unwrap().expect("samspill exited");
        if let Ok(entry) = serde_json::from_str::<Value>(&line) {
            if entry["message"] == "samspill is listening" {
                break entry["address"].as_str().unwrap().parse().unwrap();
            }
        }
    };
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    (child, addr)
}
