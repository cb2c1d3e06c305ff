#!/usr/bin/env bash
# Baken's whole test suite: unit and property tests, the store conformance suite on SQLite and on
# PostgreSQL, the web and CLI integration tests (both databases), and the browser tests in headless
# chromium with axe-core. Storage tests fail, never skip, when PostgreSQL is unreachable.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
export BAKEN_TEST_POSTGRES_URL="${BAKEN_TEST_POSTGRES_URL:-postgres://postgres:postgres@127.0.0.1:5432/postgres}"

# Builds target/debug/baken too (the CLI tests run it), which the browser tests then use.
cargo test --workspace --locked
(cd e2e && npm test)
