#!/usr/bin/env bash
# Runs the whole suite against a throw-away PostgreSQL cluster, to prove every
# query is portable (SQLite is the embedded default; big sites run PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/with-postgres.sh .venv/bin/pytest -p no:cacheprovider "$@"
