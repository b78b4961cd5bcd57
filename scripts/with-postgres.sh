#!/usr/bin/env bash
# Runs a command with DATABASE_URL pointing at an empty database on a
# throw-away PostgreSQL cluster, removed afterwards:
#   scripts/with-postgres.sh .venv/bin/pytest …
# Uses the machine's PostgreSQL binaries, or installs Debian's when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v initdb >/dev/null 2>&1; then
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && PATH="$dir:$PATH"; done
fi
if ! command -v initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "PostgreSQL is missing: sudo apt-get install postgresql"; exit 1; fi
  $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q postgresql >/dev/null
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && PATH="$dir:$PATH"; done
fi

# PostgreSQL refuses to run as root: run the server as an unprivileged user.
run_as=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  run_as=(runuser -u postgres --)
fi

data=$(mktemp -d /tmp/feedback-pg-XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres "$data"
port=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
cleanup() {
  "${run_as[@]}" pg_ctl -D "$data" -m immediate -s stop >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap cleanup EXIT

"${run_as[@]}" initdb -D "$data" -A trust -U postgres -E UTF8 >/dev/null
"${run_as[@]}" pg_ctl -D "$data" -o "-p $port -k $data -c listen_addresses=127.0.0.1" -l "$data/server.log" -s -w start
createdb -h 127.0.0.1 -p "$port" -U postgres feedback
echo "PostgreSQL $(postgres --version | awk '{print $3}') on port $port"

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/feedback"
status=0
"$@" || status=$?
exit $status
