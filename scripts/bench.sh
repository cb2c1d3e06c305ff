#!/usr/bin/env bash
# Measures the foundation's request paths on a release build, on SQLite and on PostgreSQL, with wrk
# (Debian package `wrk`) at 32 concurrent connections from the same machine:
#   /healthz                    no database: the server's ceiling
#   /                           start page: session lookup, user, municipalities, HTML render
#   /api/v1/gebruikersprofiel   bearer-token lookup and JSON
#   POST /aanmelden             sign-in: argon2id verification, throttle bookkeeping, audit, new session
# Usage: scripts/bench.sh [seconds per run, default 15]
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-15}"
target="${CARGO_TARGET_DIR:-target}"
command -v wrk >/dev/null || { echo "bench: install wrk (apt-get install wrk)" >&2; exit 1; }
scripts/setup.sh
cargo build --release --locked -p baken >/dev/null
bin="$target/release/baken"
work=$(mktemp -d)
password="lantaarn-fiets-zeventien"

run() {
  local backend=$1 url=$2
  "$bin" --database "$url" gemeente add --code GM0534 --naam Hillegom >/dev/null
  "$bin" --database "$url" gemeente add --code GM0553 --naam Lisse >/dev/null
  printf '%s\n' "$password" | "$bin" --database "$url" user add --email bench@example.nl --name "Bench Mark" \
    --role teamlid --gemeente GM0534 --gemeente GM0553 --password-stdin >/dev/null
  token=$("$bin" --database "$url" token create --email bench@example.nl --name bench | tail -n 1)
  BAKEN_CORE__MFA_REQUIRED=false BAKEN_CORE__LOGIN_MAX_FAILURES=1000000 RUST_LOG=warn \
    "$bin" --database "$url" serve --bind 127.0.0.1:18555 >"$work/serve.log" 2>&1 &
  server=$!
  sleep 1
  cookie=$(curl -s -o /dev/null -D - -H 'Sec-Fetch-Site: same-origin' \
    --data-urlencode email=bench@example.nl --data-urlencode "wachtwoord=$password" \
    http://127.0.0.1:18555/aanmelden | sed -n 's/^set-cookie: \(baken_sessie=[^;]*\).*/\1/ip')
  echo "## $backend"
  echo "### GET /healthz"
  wrk -t2 -c32 -d"${duration}s" --latency http://127.0.0.1:18555/healthz | sed -n '/Latency Distribution/,/Requests\/sec/p'
  echo "### GET / (start page, signed in)"
  wrk -t2 -c32 -d"${duration}s" --latency -H "Cookie: $cookie" http://127.0.0.1:18555/ | sed -n '/Latency Distribution/,/Requests\/sec/p'
  echo "### GET /api/v1/gebruikersprofiel (bearer token)"
  wrk -t2 -c32 -d"${duration}s" --latency -H "Authorization: Bearer $token" http://127.0.0.1:18555/api/v1/gebruikersprofiel | sed -n '/Latency Distribution/,/Requests\/sec/p'
  echo "### POST /aanmelden (sign-in, argon2id), 20 sequential"
  start=$(date +%s%N)
  for _ in $(seq 1 20); do
    curl -s -o /dev/null -H 'Sec-Fetch-Site: same-origin' --data-urlencode email=bench@example.nl \
      --data-urlencode "wachtwoord=$password" http://127.0.0.1:18555/aanmelden
  done
  echo "mean $(( ($(date +%s%N) - start) / 20000000 )) ms per sign-in"
  kill "$server"; wait "$server" || true
}

run sqlite "sqlite://$work/bench.db"
pg_admin="${BAKEN_TEST_POSTGRES_URL:-postgres://postgres:postgres@127.0.0.1:5432/postgres}"
psql "$pg_admin" -q -c "DROP DATABASE IF EXISTS baken_bench" -c "CREATE DATABASE baken_bench"
run postgres "${pg_admin%/*}/baken_bench"
rm -rf "$work"
