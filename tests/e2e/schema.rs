//! The committed `schema.graphql` is what the server exports, so clients generate types from
//! the truth.

use std::process::Command;

#[test]
fn committed_schema_is_current() {
    let exported = Command::new(env!("CARGO_BIN_EXE_samspill"))
        .arg("export-schema")
        .env("SAMSPILL_DATA_DIR", std::env::temp_dir())
        .output()
        .unwrap();
    assert!(exported.status.success());
    let committed_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema.graphql");
    let committed = std::fs::read_to_string(committed_path).unwrap_or_default();
    assert!(
        committed == String::from_utf8(exported.stdout).unwrap(),
        "schema.graphql is stale: run `cargo run -q -- export-schema > schema.graphql` and commit \
         it"
    );
}
