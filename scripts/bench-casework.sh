#!/usr/bin/env bash
# Issue 13 benchmark: the team's deadline overview (GET /termijnen?team=true) and a case page
# (GET /casussen/{id}) with 10,000 open interventions and their deadlines (about 50,000), 32
# concurrent clients, on SQLite and on PostgreSQL; /healthz of the same server as the ceiling.
#
# Usage: scripts/bench-casework.sh [interventions, default 10000] [cases, default 2000] [seconds per path, default 20]
# The cases are started from as many signals (2 journal entries each); the interventions are spread
# over them and carried in turn by six people of the team (a coordinator and five team members),
# with their steps recorded and their deadlines computed by the deadline engine.
# BENCH_RUNS (default 5) runs per path and backend; BENCH_WARMUP (default 3) seconds unmeasured
# first. Data goes once into $BENCH_DIR (default /tmp/baken-bench-casework) and the PostgreSQL
# database $BENCH_PG_DB (default baken_bench_casework) and is reused by runs of the same size.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-common.sh
interventions="${1:-10000}"
cases="${2:-2000}"
duration="${3:-20}"
runs="${BENCH_RUNS:-5}"
warmup="${BENCH_WARMUP:-3}"
dir="${BENCH_DIR:-/tmp/baken-bench-casework}"
bench_build
mkdir -p "$dir"
cd "$dir"
password="lantaarn-fiets-zeventien"
size="$interventions/$cases"
pg_admin="${BAKEN_TEST_POSTGRES_URL:-postgres://postgres:postgres@127.0.0.1:5432/postgres}"
export BAKEN_JOURNAL_KEY_FILE="$dir/journaal.key" BAKEN_MASTER_KEY_FILE="$dir/master.key" BAKEN_ATTACHMENTS_DIR="$dir/bijlagen"
team="team1@example.nl,team2@example.nl,team3@example.nl,team4@example.nl,team5@example.nl"

prepare() {
  local name=$1 url=$2
  if [ -f "$name.ready" ] && [ "$(cat "$name.ready")" = "$size" ]; then
    return
  fi
  "$bin" --database "$url" gemeente add --code GM0534 --naam Hillegom >/dev/null
  printf '%s' "$password" | "$bin" --database "$url" user add --email bench@example.nl --name "Bench Coordinator" \
    --role coordinator --gemeente GM0534 --password-stdin >/dev/null
  local i
  for i in 1 2 3 4 5; do
    printf '%s' "$password" | "$bin" --database "$url" user add --email "team$i@example.nl" --name "Teamlid $i" \
      --role teamlid --gemeente GM0534 --password-stdin >/dev/null
  done
}

generate() {
  local name=$1 url=$2
  if [ -f "$name.ready" ] && [ "$(cat "$name.ready")" = "$size" ]; then
    echo "$name: reusing generated data ($interventions interventions)"
    return
  fi
  echo "$name: generating $cases cases with $interventions interventions"
  "$bin" --database "$url" bench-data --email bench@example.nl --gemeente GM0534 --signalen "$cases" --posten 2 \
    --casussen "$cases" --maatregelen "$interventions" --team "bench@example.nl,$team" --casus-ids "$name.ids" \
    | tee "$name.generated"
  echo "$size" >"$name.ready"
}

measure() {
  local name=$1 url=$2
  BAKEN_CORE__MFA_REQUIRED=false BAKEN_CORE__REQUESTS_PER_MINUTE=1000000000 RUST_LOG=warn \
    "$bin" --database "$url" serve --bind 127.0.0.1:18557 >"$name.serve.log" 2>&1 &
  local server=$!
  sleep 2
  local cookie
  cookie=$(bench_cookie http://127.0.0.1:18557 bench@example.nl "$password")
  bench_rotate "$name.ids" /casussen/ case.lua
  echo "## $name ($(tail -n 1 "$name.generated"))"
  bench_run "$name" "GET /healthz" - http://127.0.0.1:18557/healthz
  bench_run "$name" "GET /termijnen?team=true (teamoverzicht)" 50 -H "Cookie: $cookie" "http://127.0.0.1:18557/termijnen?team=true"
  bench_run "$name" "GET /casussen/{id} (casuspagina)" 50 -H "Cookie: $cookie" -s case.lua http://127.0.0.1:18557
  kill "$server"
  wait "$server" || true
}

pg_db="${BENCH_PG_DB:-baken_bench_casework}"
case "$pg_db" in *[!a-z0-9_]*) echo "bench: BENCH_PG_DB must be lower-case letters, digits and _" >&2; exit 1 ;; esac
pg_url="${pg_admin%/*}/$pg_db"
if [ ! -f postgres.ready ] || [ "$(cat postgres.ready)" != "$size" ]; then
  psql "$pg_admin" -q -c "DROP DATABASE IF EXISTS $pg_db" -c "CREATE DATABASE $pg_db"
fi
if [ ! -f sqlite.ready ] || [ "$(cat sqlite.ready)" != "$size" ]; then
  rm -f bench.db bench.db-wal bench.db-shm
fi
prepare sqlite "sqlite://$dir/bench.db"
prepare postgres "$pg_url"
generate sqlite "sqlite://$dir/bench.db" &
sqlite_generator=$!
generate postgres "$pg_url"
wait "$sqlite_generator"
bench_settle "$dir/bench.db" "$pg_url"

results="$dir/results.$(date +%s).txt"
: >"$results"
for current_run in $(seq 1 "$runs"); do
  echo "# run $current_run of $runs"
  measure sqlite "sqlite://$dir/bench.db"
  measure postgres "$pg_url"
done
bench_report
