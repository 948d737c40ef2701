#!/usr/bin/env bash
# Counts the instructions the server spends on the needs page (the read_path benchmark's
# query, 20 needs with buyer, lots and main CPV), or on one need with its buyer, with
# valgrind's callgrind: a figure that does not depend on how loaded the machine is. Builds the
# release binary, loads the benchmark's data set into a fresh database, warms up with 20
# requests, then counts 200.
#
#   tests/profile/read_path.sh [requests] [page|need] [sqlite|postgres]
#   callgrind_annotate target/profile/callgrind.out.1 | head -60   # where they go
#
# PostgreSQL: a scratch database on 127.0.0.1:5432 (SAMSPILL_PROFILE_POSTGRES_URL), dropped
# after; only the server's instructions are counted, not the database's.
set -euo pipefail
cd "$(dirname "$0")/../.."
pages=${1:-200}
workload=${2:-page}
database=${3:-sqlite}
port=18555
dir=target/profile
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)"; exit 1; }
cargo build --release --locked --bin samspill
rm -rf "$dir" && mkdir -p "$dir"
url="sqlite://$PWD/$dir/bench.db"
if [ "$database" = postgres ]; then
  admin=${SAMSPILL_PROFILE_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
  psql -q "$admin" -c "DROP DATABASE IF EXISTS samspill_profile WITH (FORCE)" -c "CREATE DATABASE samspill_profile"
  url="${admin%/*}/samspill_profile"
  trap 'psql -q "$admin" -c "DROP DATABASE IF EXISTS samspill_profile WITH (FORCE)"' EXIT
fi
serve() {
  SAMSPILL_BIND=127.0.0.1:$port SAMSPILL_DATA_DIR="$dir" SAMSPILL_DATABASE_URL="$url" \
    SAMSPILL_INTROSPECTION=false SAMSPILL_LOG=warn "$@" target/release/samspill serve >"$dir/server.log" 2>&1 &
  for _ in $(seq 1 120); do curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && return; sleep 1; done
  echo "the server did not start; see $dir/server.log"; exit 1
}
serve env
python3 tests/profile/load.py "http://127.0.0.1:$port/graphql" 2000
kill %1; wait %1 || true
if [ "$database" = postgres ]; then
  psql -q "$url" -c ANALYZE
else
  python3 -c "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('ANALYZE'); c.commit()" "$dir/bench.db"
fi
serve valgrind --tool=callgrind --callgrind-out-file="$PWD/$dir/callgrind.out"
python3 tests/profile/drive.py 127.0.0.1 $port 20 "$workload" >/dev/null
pid=$(pgrep -f "callgrind-out-file=$PWD/$dir" | head -n 1)
callgrind_control -z "$pid" >/dev/null 2>&1
python3 tests/profile/drive.py 127.0.0.1 $port "$pages" "$workload" >/dev/null
callgrind_control -d "$pid" >/dev/null 2>&1
sleep 2
kill "$pid"; wait || true
total=$(callgrind_annotate "$dir/callgrind.out.1" | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
echo "$workload: $((total / pages)) instructions per request (callgrind, $pages requests, $database)"
