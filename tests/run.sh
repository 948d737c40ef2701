#!/usr/bin/env bash
# Runs every check: formatting, lints, unit tests and the end-to-end tests on SQLite and on
# PostgreSQL, then the web app's type check, lint and unit tests, and its browser tests in
# Debian's chromium against the real binary. The PostgreSQL tests need a server on 127.0.0.1:5432 (trust auth, user postgres)
# or SAMSPILL_TEST_POSTGRES_URL; they fail rather than skip without one.
set -euo pipefail
cd "$(dirname "$0")/.."

pg_url="${SAMSPILL_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if command -v pg_isready >/dev/null && ! pg_isready -q -d "$pg_url"; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "Starting the local PostgreSQL cluster for the tests..."
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
    for _ in $(seq 1 30); do pg_isready -q -d "$pg_url" && break; sleep 1; done
  fi
fi

# The OCDS output is validated against the official schemas by tests/ocds/validate.py, whose
# Python packages (from PyPI) live in a virtualenv under target/.
venv=target/ocds-venv
if [ ! -x "$venv/bin/python" ] || ! cmp -s tests/ocds/requirements.txt "$venv/requirements.txt"; then
  echo "Installing the OCDS validator's Python packages into $venv..."
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/ocds/requirements.txt
  cp tests/ocds/requirements.txt "$venv/requirements.txt"
fi

cargo fmt --all --check
cargo clippy --locked --all-targets -- -D warnings
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --locked --no-fail-fast
else
  cargo test --locked --no-fail-fast
fi
# The API documentation builds without warnings (broken intra-doc links, bad doc syntax).
RUSTDOCFLAGS="-D warnings" cargo doc --locked --no-deps

# The web app. npm ci only when the lock file changed since the last install.
tests/browser-deps.sh
cargo build --locked --bin samspill
cd frontend
if ! cmp -s package-lock.json node_modules/.samspill-installed-lock 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.samspill-installed-lock
fi
# Every Rust crate's and production npm package's licence is one we may ship.
python3 ../tests/licences.py
npm run --silent check
npm run --silent build
mkdir -p ../target/screenshots
npx playwright test
