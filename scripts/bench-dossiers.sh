#!/usr/bin/env bash
# Issue 3 benchmark: backlog page, dossier page and full-text search at 100,000 signals and
# 1,000,000 journal entries (+100,000 creation entries), 32 concurrent clients, on SQLite and on
# PostgreSQL; /healthz of the same server as the ceiling.
#
# Usage: scripts/bench-dossiers.sh [signals, default 100000] [entries per signal, default 10] [seconds per path, default 20]
# BENCH_WARMUP (default 3) seconds of unmeasured load precede each path.
# BENCH_RUNS (default 5) says how often every path is measured on each backend; every run is
# reported (p50, p99, requests/s) with the run's p99 against its target, so that a stall in one
# run cannot hide behind good ones. At the end it counts PostgreSQL's "already a transaction in
# progress" warnings written during the runs (a connection returned inside a transaction).
# Data is generated once into $BENCH_DIR (default /tmp/baken-bench) and the PostgreSQL database
# $BENCH_PG_DB (default baken_bench_dossiers), and reused by later runs with the same size. To
# compare two commits on one machine, give each its own BENCH_DIR, BENCH_PG_DB and CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-common.sh
signals="${1:-100000}"
entries="${2:-10}"
duration="${3:-20}"
runs="${BENCH_RUNS:-5}"
# Seconds of load before each measured path, not counted: a fresh server opens its pool's
# connections and prepares its statements on first use, and that is not what a user waits for.
warmup="${BENCH_WARMUP:-3}"
dir="${BENCH_DIR:-/tmp/baken-bench}"
bench_build
mkdir -p "$dir"
cd "$dir"
password="lantaarn-fiets-zeventien"
pg_admin="${BAKEN_TEST_POSTGRES_URL:-postgres://postgres:postgres@127.0.0.1:5432/postgres}"
export BAKEN_JOURNAL_KEY_FILE="$dir/journaal.key" BAKEN_MASTER_KEY_FILE="$dir/master.key" BAKEN_ATTACHMENTS_DIR="$dir/bijlagen"

# Accounts first, one backend after the other (the first run also creates the key files), then the
# two bulk loads side by side: each mostly waits on its own database, so on two cores they overlap.
prepare() {
  local name=$1 url=$2
  if [ -f "$name.ready" ] && [ "$(cat "$name.ready")" = "$signals/$entries" ]; then
    return
  fi
  "$bin" --database "$url" gemeente add --code GM0534 --naam Hillegom >/dev/null
  printf '%s' "$password" | "$bin" --database "$url" user add --email bench@example.nl --name "Bench Coordinator" \
    --role coordinator --gemeente GM0534 --password-stdin >/dev/null
  "$bin" --database "$url" token create --email bench@example.nl --name bench | tail -n 1 >"$name.token"
}

generate() {
  local name=$1 url=$2
  if [ -f "$name.ready" ] && [ "$(cat "$name.ready")" = "$signals/$entries" ]; then
    echo "$name: reusing generated data ($signals signals)"
    return
  fi
  echo "$name: generating $signals signals with $entries entries each"
  "$bin" --database "$url" bench-data --email bench@example.nl --gemeente GM0534 --signalen "$signals" --posten "$entries" --ids "$name.ids"
  echo "$signals/$entries" >"$name.ready"
}

measure() {
  local name=$1 url=$2
  # The load comes from one session and one token on purpose: lift the per-credential request
  # limit, or most answers would be 429s.
  BAKEN_CORE__MFA_REQUIRED=false BAKEN_CORE__REQUESTS_PER_MINUTE=1000000000 RUST_LOG=warn \
    "$bin" --database "$url" serve --bind 127.0.0.1:18556 >"$name.serve.log" 2>&1 &
  local server=$!
  sleep 2
  local cookie
  cookie=$(bench_cookie http://127.0.0.1:18556 bench@example.nl "$password")
  # wrk scripts: rotate over 2,000 dossier ids; search for one of several term pairs.
  bench_rotate "$name.ids" /signalen/ dossier.lua
  cat >search.lua <<'LUA'
local terms = {"kwekerij vaten", "shishalounge verbouwing", "bestelbus nachtelijk", "kapsalon contant", "loods chemische", "autohandel opslag"}
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i + 1
  return wrk.format(nil, "/api/v1/signalen/_zoek", nil, '{"zoekterm": "' .. terms[(i % #terms) + 1] .. '"}')
end
LUA
  echo "## $name ($signals signalen, $((signals * (entries + 1))) journaalposten)"
  local token
  token=$(cat "$name.token")
  bench_run "$name" "GET /healthz" - http://127.0.0.1:18556/healthz
  bench_run "$name" "GET /signalen (backlog)" 50 -H "Cookie: $cookie" http://127.0.0.1:18556/signalen
  bench_run "$name" "GET /signalen/{id} (dossierpagina)" 50 -H "Cookie: $cookie" -s dossier.lua http://127.0.0.1:18556
  bench_run "$name" "POST /api/v1/signalen/_zoek (zoeken)" 100 -H "Authorization: Bearer $token" -s search.lua http://127.0.0.1:18556
  kill "$server"
  wait "$server" || true
}

pg_db="${BENCH_PG_DB:-baken_bench_dossiers}"
case "$pg_db" in *[!a-z0-9_]*) echo "bench: BENCH_PG_DB must be lower-case letters, digits and _" >&2; exit 1 ;; esac
pg_url="${pg_admin%/*}/$pg_db"
if [ ! -f postgres.ready ] || [ "$(cat postgres.ready)" != "$signals/$entries" ]; then
  psql "$pg_admin" -q -c "DROP DATABASE IF EXISTS $pg_db" -c "CREATE DATABASE $pg_db"
fi
if [ ! -f sqlite.ready ] || [ "$(cat sqlite.ready)" != "$signals/$entries" ]; then
  rm -f bench.db bench.db-wal bench.db-shm
fi
prepare sqlite "sqlite://$dir/bench.db"
prepare postgres "$pg_url"
generate sqlite "sqlite://$dir/bench.db" &
sqlite_generator=$!
generate postgres "$pg_url"
wait "$sqlite_generator"

# Measure a settled database, not the tail of the bulk load (see bench_settle): otherwise the
# first checkpoint's fsync waits for gigabytes, and autovacuum would get there by itself, later.
bench_settle "$dir/bench.db" "$pg_url"

# Each run starts a fresh server; the logs it writes stay, so later runs see larger logs.
results="$dir/results.$(date +%s).txt"
: >"$results"
pg_log=$(ls -t /var/log/postgresql/postgresql-*-main.log 2>/dev/null | head -n 1 || true)
pg_log_start=0
[ -n "$pg_log" ] && pg_log_start=$(wc -l <"$pg_log")
for current_run in $(seq 1 "$runs"); do
  echo "# run $current_run of $runs"
  measure sqlite "sqlite://$dir/bench.db"
  measure postgres "$pg_url"
done

bench_report
if [ -n "$pg_log" ]; then
  echo
  echo "PostgreSQL warnings 'already a transaction in progress' during the runs: $(tail -n +"$((pg_log_start + 1))" "$pg_log" | grep -c 'already a transaction in progress' || true)"
fi
