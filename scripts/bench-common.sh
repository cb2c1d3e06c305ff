# Shared by the load benchmarks (sourced, not run): build, measure one path with wrk, settle the
# databases after a bulk load, and print every run against its target.
#
# The caller sets: bin (the release binary), duration, warmup (seconds), results (a file),
# current_run, and calls bench_run per path inside its own measure function.

bench_build() {
  command -v wrk >/dev/null || { echo "bench: install wrk (apt-get install wrk)" >&2; exit 1; }
  scripts/setup.sh
  cargo build --release --locked -p baken >/dev/null
  local target="${CARGO_TARGET_DIR:-target}"
  case "$target" in /*) ;; *) target="$(pwd)/$target" ;; esac
  bin="$target/release/baken"
}

# bench_run BACKEND PATH TARGET_MS WRK_ARGS...: one measured path (after an unmeasured warm-up),
# appended to $results as backend|path|run|p50|p99|req/s|target.
bench_run() {
  local name=$1 path=$2 target=$3
  shift 3
  echo "### $path"
  if [ "$warmup" -gt 0 ]; then
    wrk -t2 -c32 -d"${warmup}s" "$@" >/dev/null
  fi
  local out
  out=$(wrk -t2 -c32 -d"${duration}s" --latency "$@" | sed -n '/Latency Distribution/,/Requests\/sec/p')
  echo "$out"
  # Error answers are fast and would flatter the figures: a run with any is not a measurement.
  if echo "$out" | grep -q "Non-2xx or 3xx responses"; then
    echo "bench: $name $path answered with errors; this run does not count" >&2
    exit 1
  fi
  printf '%s|%s|%s|%s|%s|%s|%s\n' "$name" "$path" "$current_run" \
    "$(echo "$out" | awk '$1 == "50%" {print $2}')" "$(echo "$out" | awk '$1 == "99%" {print $2}')" \
    "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" "$target" >>"$results"
}

# bench_cookie URL EMAIL PASSWORD: a session cookie for a password-only sign-in.
bench_cookie() {
  curl -s -o /dev/null -D - -H 'Sec-Fetch-Site: same-origin' --data-urlencode "email=$2" \
    --data-urlencode "wachtwoord=$3" "$1/aanmelden" | sed -n 's/^set-cookie: \(baken_sessie=[^;]*\).*/\1/ip'
}

# bench_rotate IDS_FILE PREFIX LUA_FILE: a wrk script that GETs PREFIX/<id> over 2,000 of the ids.
bench_rotate() {
  shuf -n 2000 --random-source=<(yes) "$1" | awk '{printf "\"%s\",\n", $0}' >"$3.part"
  { echo "local ids = {"; cat "$3.part"; echo "}"; echo 'local i = 0'
    echo "request = function() i = i + 1; return wrk.format(\"GET\", \"$2\" .. ids[(i % #ids) + 1]) end"; } >"$3"
}

# bench_settle SQLITE_FILE PG_URL: write back what a bulk load left dirty, empty SQLite's WAL, and
# let PostgreSQL set its visibility map and gather planner statistics.
bench_settle() {
  sync
  python3 -c "import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute('PRAGMA wal_checkpoint(TRUNCATE)')" "$1"
  psql "$2" -q -c "VACUUM ANALYZE"
  sync
}

# bench_report: every run, every path; a p99 over its target is marked, however good the others.
bench_report() {
  echo
  echo "| backend | path | run | p50 | p99 | req/s | target p99 |"
  echo "|---|---|---|---|---|---|---|"
  local backend path run p50 p99 rps target mark
  while IFS='|' read -r backend path run p50 p99 rps target; do
    mark=""
    if [ "$target" != "-" ] && awk -v a="$(bench_ms "$p99")" -v b="$target" 'BEGIN { exit !(a > b) }'; then
      mark=" **over**"
    fi
    echo "| $backend | $path | $run | $p50 | $p99$mark | $rps | ${target} ms |"
  done <"$results"
}

bench_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.1f", n }'; }
