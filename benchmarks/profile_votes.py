"""Where a vote's time goes, over HTTP: py-spy on the benchmark's gunicorn workers.

    .venv/bin/python benchmarks/profile_votes.py [--kind ours-json] [--seconds 20] [--raw /tmp/votes.txt]

The same server, database and requests as ``benchmarks/http_votes.py``; wrk
sends one kind of request while ``py-spy record --subprocesses --idle`` samples
every gunicorn worker (``--cpu``: only samples holding the GIL, so no
waiting on Redis or SQLite). Only samples inside gunicorn's ``handle`` (a request
being read, served and answered) count, so waiting for the next connection is
left out and waiting on Redis or the database is kept in: the shares are of
the wall-clock time of a request. Printed: the inclusive share of the steps
of a vote (the list below) and the functions with the most samples of their
own. ``--raw`` keeps py-spy's collapsed stacks (one line a stack).

py-spy is in ``benchmarks/requirements.txt`` (``make bench-deps``).
"""

from __future__ import annotations

import argparse
import collections
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: (label, frame text that marks the step): inclusive shares, in this order.
STEPS = [
    ("request handling, all", "handle (gunicorn/workers/sync.py"),
    ("  Django middleware + view", "get_response (django/core/handlers/base.py"),
    ("  the submit view", "post (feedback/public/views.py"),
    ("    origin check", "origin_is_allowed ("),
    ("    token", "check_token ("),
    ("    client keys (HMAC)", "client_key ("),
    ("    Redis: rate limit (+ version)", "reserve (feedback/public/ratelimit.py"),
    ("    vote target (per-process cache)", "get (feedback/public/targets.py"),
    ("    placement", "form_is_placed ("),
    ("    view restrictions", "request_may_view ("),
    ("    visitor form: build", "build_form ("),
    ("    visitor form: validate", "is_valid (django/forms/forms.py"),
    ("      PII scan", "apply_pii_policy ("),
    ("    Redis: duplicate check", "is_duplicate ("),
    ("    Redis: the vote's one round trip", "check_vote ("),
    ("    transaction (2 inserts + commit)", "save_response ("),
    ("      Redis: enqueue on commit", "safe_enqueue ("),
    ("    JSON answer", "success_response ("),
    ("  database connection (open/check/close)", "close_old_connections ("),
    ("  translation activation", "activate (django/utils/translation"),
]


def summarise(raw: str, top: int = 25, per_request: float = 0.0) -> str:
    """Shares of request time from py-spy's collapsed stacks; with
    ``per_request`` (milliseconds a sample stands for, divided by the
    requests served), each step's milliseconds per request too."""
    total = 0
    steps = collections.Counter[str]()
    own = collections.Counter[str]()
    for line in raw.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not count_text.isdigit() or STEPS[0][1] not in stack:
            continue
        count = int(count_text)
        total += count
        for label, marker in STEPS:
            if marker in stack:
                steps[label] += count
        frame = stack.rsplit(";", 1)[-1]
        own[frame.split(" (", 1)[0] + " (" + frame.split(" (", 1)[-1].rsplit(":", 1)[0] + ")"] += count
    if not total:
        return "no samples inside request handling"
    lines = [f"{total} samples inside request handling; inclusive share of each step (and ms per request):"]
    for label, _marker in STEPS:
        if steps[label]:
            ms = f"  {steps[label] * per_request:6.3f}" if per_request else ""
            lines.append(f"  {label:<44} {100 * steps[label] / total:5.1f} %{ms}")
    lines.append(f"functions with the most samples of their own (top {top}):")
    lines += [f"  {100 * n / total:5.1f} %  {name}" for name, n in own.most_common(top)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", default="ours-json", help="ours-json, ours-form, bare or formpage")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rate", type=int, default=250, help="py-spy samples per second")
    parser.add_argument("--raw", help="keep py-spy's collapsed stacks in this file")
    parser.add_argument("--cpu", action="store_true", help="only samples holding the GIL (no waits on Redis, SQLite)")
    args = parser.parse_args()
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(py_spy).exists() or not shutil.which("wrk"):
        sys.exit("needs py-spy and wrk: make bench-deps")

    from benchmarks import http_votes

    workdir = Path(tempfile.mkdtemp(prefix="feedback-profile-"))
    raw_path = Path(args.raw) if args.raw else workdir / "stacks.txt"
    with http_votes.bench_server(args.workers) as (server, site, _redis):
        specs = http_votes.requests_for(server.url, site)
        http_votes.run_wrk(server.url, specs[args.kind], 250, 3, args.connections, workdir)  # warm up
        # --nonblocking: paused workers would hold SQLite's write lock longer and distort what is measured.
        record = [py_spy, "record", "--pid", str(server.process.pid), "--subprocesses", "--nonblocking"]
        record += ["--gil"] if args.cpu else ["--idle"]
        record += ["--rate", str(args.rate), "--format", "raw", "--duration", str(args.seconds), "-o", str(raw_path)]
        spy = subprocess.Popen(record, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        served: list[dict] = []
        load = threading.Thread(
            target=lambda: served.append(
                http_votes.run_wrk(server.url, specs[args.kind], 200, args.seconds, args.connections, workdir)
            )
        )
        load.start()
        load.join()
        _out, err = spy.communicate(timeout=60)
        if spy.returncode:
            sys.exit(f"py-spy failed: {err}")
    requests = served[0]["requests"] if served else 0
    print(f"{args.kind}, {args.seconds} s, {args.workers} workers, {args.connections} connections, {requests} requests")
    print(summarise(raw_path.read_text(), per_request=1000 / args.rate / max(1, requests)))
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    main()
