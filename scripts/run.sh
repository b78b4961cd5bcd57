#!/usr/bin/env bash
# Starts Redis (if nothing answers on REDIS_URL), the web server, an RQ worker
# with scheduler and the rqcron scheduler; Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
pids=()
stopping=$(mktemp -u)
cleanup() {
  trap - INT TERM EXIT
  touch "$stopping"
  for pid in "${pids[@]}"; do pkill -P "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -f "$stopping"
}
# Restart a process that exits (an RQ worker quits when Redis goes away in the
# middle of a job), as systemd's Restart=always does in production.
supervise() {
  local child=""
  trap '[ -n "$child" ] && kill "$child" 2>/dev/null; exit 0' TERM INT
  while true; do
    "$@" &
    child=$!
    wait "$child" || true
    [ -e "$stopping" ] && return
    echo "$(basename "$1") ${*:2:2} exited; restarting in 2 s" >&2
    sleep 2
  done
}
trap cleanup INT TERM EXIT

redis_host_port=$(python3 -c "from urllib.parse import urlparse; u=urlparse('$REDIS_URL'); print(u.hostname or '127.0.0.1', u.port or 6379)")
read -r rhost rport <<<"$redis_host_port"
if ! (exec 3<>"/dev/tcp/$rhost/$rport") 2>/dev/null; then
  echo "Starting redis-server on $rhost:$rport"
  redis-server --port "$rport" --bind "$rhost" --save "" --appendonly no &
  pids+=($!)
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/$rhost/$rport") 2>/dev/null && break; sleep 0.1; done
fi

supervise $PY manage.py rqworker feedback feedback-exports default --with-scheduler &
pids+=($!)
if [ -f feedback/workers/cron.py ]; then
  supervise $PY manage.py rqcron feedback.workers.cron &
  pids+=($!)
fi
echo "Demo site: http://$HOST:$PORT/  ·  Wagtail admin: http://$HOST:$PORT/admin/"
if [ "${SERVER:-dev}" = production ]; then
  # `make serve`: the production server and settings, locally over plain HTTP.
  .venv/bin/gunicorn -c site/gunicorn.conf.py --bind "$HOST:$PORT" &
else
  $PY manage.py runserver "$HOST:$PORT" &
fi
pids+=($!)
wait -n "${pids[@]}"
