#!/usr/bin/env bash
# Counts the instructions the server spends on the needs page (the read_path benchmark's
# query, 20 needs with buyer, lots and main CPV), with valgrind's callgrind: a figure that does
# not depend on how loaded the machine is. Builds the release binary, loads the benchmark's
# data set into a fresh SQLite file, warms up with 20 pages, then counts 200.
#
#   tests/profile/needs_page.sh [pages]      # prints instructions per page; keeps the profile
#   callgrind_annotate target/profile/callgrind.out.1 | head -60   # where they go
set -euo pipefail
cd "$(dirname "$0")/../.."
pages=${1:-200}
port=18555
dir=target/profile
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)"; exit 1; }
cargo build --release --locked --bin samspill
rm -rf "$dir" && mkdir -p "$dir"
serve() {
  SAMSPILL_BIND=127.0.0.1:$port SAMSPILL_DATA_DIR="$dir" SAMSPILL_DATABASE_URL="sqlite://$PWD/$dir/bench.db" \
    SAMSPILL_INTROSPECTION=false SAMSPILL_LOG=warn "$@" target/release/samspill serve >"$dir/server.log" 2>&1 &
  for _ in $(seq 1 120); do curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && return; sleep 1; done
  echo "the server did not start; see $dir/server.log"; exit 1
}
serve env
python3 tests/profile/load.py "http://127.0.0.1:$port/graphql" 2000
kill %1; wait %1 || true
python3 -c "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('ANALYZE'); c.commit()" "$dir/bench.db"
serve valgrind --tool=callgrind --callgrind-out-file="$PWD/$dir/callgrind.out"
python3 tests/profile/drive.py 127.0.0.1 $port 20 >/dev/null
pid=$(pgrep -f "callgrind-out-file=$PWD/$dir" | head -n 1)
callgrind_control -z "$pid" >/dev/null 2>&1
python3 tests/profile/drive.py 127.0.0.1 $port "$pages" >/dev/null
callgrind_control -d "$pid" >/dev/null 2>&1
sleep 2
kill "$pid"; wait || true
total=$(callgrind_annotate "$dir/callgrind.out.1" | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
echo "needs page: $((total / pages)) instructions per request (callgrind, $pages pages, SQLite)"
