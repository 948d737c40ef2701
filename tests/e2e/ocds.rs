//! Runs `tests/ocds/validate.py` (the official OCDS 1.1 schemas, offline) on a release package.
//! `tests/run.sh` installs its Python dependencies into `target/ocds-venv`; the interpreter can
//! also be named with `SAMSPILL_OCDS_PYTHON`.

use std::io::Write;
use std::process::Command;

pub fn assert_valid_package(package: &str) {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let python = std::env::var("SAMSPILL_OCDS_PYTHON")
        .unwrap_or_else(|_| format!("{root}/target/ocds-venv/bin/python"));
    assert!(
        std::path::Path::new(&python).exists(),
        "no Python for the OCDS validator at {python}: run tests/run.sh, which installs it, or \
         set SAMSPILL_OCDS_PYTHON"
    );
    let mut file = std::env::temp_dir();
    file.push(format!("samspill-ocds-{}.json", std::process::id()));
    std::fs::File::create(&file)
        .unwrap()
        .write_all(package.as_bytes())
        .unwrap();
    let output = Command::new(&python)
        .arg(format!("{root}/tests/ocds/validate.py"))
        .arg(&file)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&file);
    assert!(
        output.status.success(),
        "OCDS validation failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
