#!/usr/bin/env bash
# Installs and starts what the test suite needs, when it is missing: PostgreSQL on 127.0.0.1:5432,
# Debian's chromium for the browser tests, poppler-utils for reading PDFs back, and the npm packages of e2e/. Idempotent and quick when
# everything is there already. Installing needs root (as on CI); otherwise it says what to install.
set -euo pipefail
cd "$(dirname "$0")/.."

# rust-toolchain.toml pins the machines' toolchain by version; where rustup knows it only as
# `stable` (same version), name it so without downloading anything.
if command -v rustup >/dev/null 2>&1; then
  pinned=$(sed -n 's/^channel = "\(.*\)"/\1/p' rust-toolchain.toml)
  if ! rustup toolchain list | grep -q "^$pinned"; then
    stable_dir=$(rustup toolchain list -v | awk '/^stable/ {print $NF; exit}')
    if [ -n "$stable_dir" ] && "$stable_dir/bin/rustc" --version | grep -q " $pinned "; then
      echo "setup: naming the installed stable toolchain $pinned"
      rustup toolchain link "$pinned" "$stable_dir"
    fi
  fi
fi

missing=()
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
# pdftotext reads the generated PDFs back in the report tests.
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
installed_postgres=no
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: please install these Debian packages first: ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  [[ " ${missing[*]} " == *" postgresql "* ]] && installed_postgres=yes
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "setup: starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
fi
if [ "$installed_postgres" = yes ]; then
  # A fresh Debian cluster wants a password over TCP; the tests use postgres:postgres, which a
  # trust-configured server (as on the project's machines) simply ignores.
  su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\""
fi
pg_isready -q -h 127.0.0.1 -p 5432 || { echo "setup: PostgreSQL is not reachable on 127.0.0.1:5432" >&2; exit 1; }

if [ ! -d e2e/node_modules/playwright-core ] || [ e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then
  echo "setup: installing the npm packages of e2e/"
  (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
fi
