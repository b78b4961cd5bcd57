"""Votes over HTTP against the production server, next to two baselines, in one run.

    .venv/bin/python benchmarks/http_votes.py [--rounds 3] [--seconds 10] [--connections 8]

Starts a throw-away ``redis-server`` and gunicorn with the production settings
(``site/gunicorn.conf.py``, 2 sync workers, SQLite in WAL mode, persistent
database connections) plus a benchmark-only app (``benchmarks/benchapp``), on a
fresh database ``/tmp/feedback-bench-http.sqlite3``. Then ``wrk`` (Debian's
``wrk``; ``make bench-deps`` installs it) drives, in alternating rounds:

- ``ours-json``: the widget's JSON vote, "Nej" plus a comment, to ``/feedback/submit/``
  (origin check, token, placement, view restrictions, rate limit, duplicate
  check, validation, PII masking, one transaction, aggregation enqueued);
- ``ours-form``: the same vote as the no-JavaScript form post (answered with a 303);
- ``bare``: a csrf-exempt view parsing the same JSON and inserting one row;
- ``formpage``: a Wagtail form-builder ``FormPage`` with the same three fields,
  posted with a valid CSRF token.

Every request comes from its own client address (``X-Forwarded-For`` behind
one trusted proxy), so the per-address rate limit and duplicate suppression
never refuse one; the widget's token is fetched from the page first and
``MIN_SUBMIT_SECONDS`` waited out. Each round prints requests/s, p50 and p99
and the ratios; the last lines print the medians. Stored rows are counted
after every run and must equal the accepted requests.

Only ratios within one run mean anything: absolute numbers depend on the
machine and what else it is doing.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DB = "/tmp/feedback-bench-http.sqlite3"
STATIC_ROOT = "/tmp/feedback-bench-http-static"
COMMENT = "Öppettiderna för kontoret i Malmö och vem man ska kontakta om ansökan."
KINDS = ["ours-json", "ours-form", "bare", "formpage"]

# One Lua script for every kind: a fresh client address per request, the body
# and headers given by the driver, and a JSON summary on stdout at the end.
LUA = r"""
local counter = 0
local prefix = 0
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  prefix = tonumber(args[1]) + tid
end
request = function()
  counter = counter + 1
  local high, low = math.floor(counter / 256) % 256, counter % 256
  wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", prefix % 256, high, low)
  return wrk.format(nil, nil, nil, nil)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "bad_status": %d, "socket_errors": %d, "p50_us": %d, "p99_us": %d, "duration_us": %d}\n',
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), summary.duration))
end
"""


def setup_django(redis_url: str, database_url: str | None = None) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "DATABASE_URL": database_url or f"sqlite:///{DB}",
            "REDIS_URL": redis_url,
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "SECURE_SSL_REDIRECT": "false",
            "COOKIES_SECURE": "false",
            "STATIC_ROOT": STATIC_ROOT,
        }
    )
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    import django

    django.setup()


def build_site() -> dict[str, str]:
    """Migrate, load the demo site without history, add the FormPage; the URLs to post to."""
    from django.core.management import call_command
    from wagtail.models import Page

    from benchmarks.benchapp.models import BenchFormField, BenchFormPage
    from home.models import ContentPage

    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest the pages need
    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--no-history", verbosity=0, stdout=io.StringIO())
    page = ContentPage.objects.live().filter(locale__language_code="sv", show_feedback=True).first()
    assert page is not None, "the demo site has no Swedish page with the default form"
    home = Page.objects.get(pk=page.get_parent().pk)
    formpage = home.add_child(instance=BenchFormPage(title="Formulär", slug="bench-formular", locale=page.locale))
    for n, (label, kind, required, choices) in enumerate(
        [
            ("Hade du nytta av innehållet på den här sidan?", "radio", True, "Ja\nNej"),
            ("Vad saknade du?", "multiline", False, ""),
            ("Vad var bra?", "multiline", False, ""),
        ]
    ):
        BenchFormField.objects.create(
            page=formpage, sort_order=n, label=label, field_type=kind, required=required, choices=choices
        )
    return {"page": page.url, "page_id": str(page.pk), "formpage": formpage.url}


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[str, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own loopback server
        return response.read().decode(), dict(response.headers)


def requests_for(base: str, site: dict[str, str]) -> dict[str, dict]:
    """Method, path, headers and body of each kind."""
    html, _headers = fetch(base + site["page"])
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    form_pk = re.search(r'<section[^>]* id="feedback-(\d+)"', html).group(1)
    page_pk = site["page_id"]
    form_html, form_headers = fetch(base + site["formpage"])
    csrf_cookie = re.search(r"csrftoken=([^;]+)", form_headers.get("Set-Cookie", "")).group(1)
    csrf_field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_html).group(1)
    field_names = dict.fromkeys(re.findall(r'name="([a-z0-9_]+)"', form_html))  # radios repeat theirs
    helpful, missing, good = [n for n in field_names if n != "csrfmiddlewaretoken"][:3]
    time.sleep(2.5)  # MIN_SUBMIT_SECONDS: a person reads the form first
    origin = {"Origin": base}
    return {
        "ours-json": {
            "path": "/feedback/submit/",
            "headers": {**origin, "Content-Type": "application/json", "Accept": "application/json"},
            "body": json.dumps(
                {
                    "page": int(page_pk),
                    "form": int(form_pk),
                    "token": token,
                    "answers": {"helpful": "no", "missing": COMMENT},
                }  # fmt: skip
            ),
        },
        "ours-form": {
            "path": "/feedback/submit/",
            "headers": {**origin, "Content-Type": "application/x-www-form-urlencoded"},
            "body": urllib.parse.urlencode({"token": token, "q-helpful": "no", "q-missing": COMMENT}),
        },
        "bare": {
            "path": "/bench/insert/",
            "headers": {"Content-Type": "application/json"},
            "body": json.dumps(
                {"page": int(page_pk), "form": int(form_pk), "answers": {"helpful": "no", "missing": COMMENT}}
            ),
        },
        "formpage": {
            "path": site["formpage"],
            "headers": {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf_cookie}"},
            "body": urllib.parse.urlencode(
                {"csrfmiddlewaretoken": csrf_field, helpful: "Nej", missing: COMMENT, good: ""}
            ),
        },
    }


def stored_rows(kind: str) -> int:
    from django.db import connection

    from feedback.models import Response

    connection.close()  # see the other processes' commits
    if kind == "formpage":
        from wagtail.contrib.forms.models import FormSubmission

        return FormSubmission.objects.count()
    return Response.objects.count()


def cpu_seconds(*pids: int) -> float:
    """CPU time of the processes, their live children and the children they
    reaped (a recycled gunicorn worker's time moves to its master's ``cutime``)."""
    ticks = os.sysconf("SC_CLK_TCK")

    def fields(pid: int | str) -> list[str]:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return []

    total = 0
    for pid in pids:
        own = fields(pid)
        total += sum(int(own[i]) for i in (11, 12, 13, 14)) if own else 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            child = fields(entry.name)
            if child and int(child[1]) in pids:
                total += int(child[11]) + int(child[12])
    return total / ticks


def run_wrk(base: str, spec: dict, prefix: int, seconds: int, connections: int, workdir: Path) -> dict:
    script = workdir / "vote.lua"
    request = f"wrk.method = 'POST'\nwrk.body = {json.dumps(spec['body'])}\n" + "".join(
        f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}\n" for k, v in spec["headers"].items()
    )
    script.write_text(request + LUA)
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(script),
            base + spec["path"],
            "--",
            str(prefix),
        ],  # fmt: skip
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("{"))
    summary = json.loads(line)
    summary["rate"] = summary["requests"] / (summary["duration_us"] / 1e6)
    return summary


@contextlib.contextmanager
def bench_server(workers: int, database_url: str | None = None) -> Iterator[tuple[Any, dict[str, str], Any]]:
    """A throw-away redis-server, a fresh database with the demo site and the
    baselines, and gunicorn with the benchmark's production settings. The
    database is a new SQLite file, or the empty PostgreSQL database
    ``database_url`` names (``scripts/with-postgres.sh`` makes one)."""
    from tests.services import ProductionServer, RedisServer

    redis = RedisServer()
    redis.start()
    if database_url:
        db_name = urllib.parse.urlsplit(database_url).path.lstrip("/")
    else:
        db_name = DB
        for suffix in ("", "-wal", "-shm"):
            Path(DB + suffix).unlink(missing_ok=True)
    setup_django(redis.url, database_url)
    site = build_site()
    server = ProductionServer(
        redis.url,
        db_name,
        extra_env={
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "WAGTAIL_FEEDBACK_TRUSTED_PROXIES": "1",
            "DATABASE_CONN_MAX_AGE": "60",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATIC_ROOT": STATIC_ROOT,
        },
        workers=workers,
    )
    try:
        server.start()
        yield server, site, redis
    finally:
        server.stop()
        redis.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument(
        "--database-url",
        help="an empty PostgreSQL database instead of SQLite (make bench-http-postgres: a throw-away cluster)",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: make bench-deps (apt-get install wrk)")

    workdir = Path(tempfile.mkdtemp(prefix="feedback-bench-http-"))
    results: dict[str, list[dict]] = {kind: [] for kind in KINDS}
    lost = 0
    with bench_server(args.workers, args.database_url) as (server, site, redis):
        print(f"database: {server.env['DATABASE_URL'].split(':')[0]}")
        pids = (server.process.pid, redis.process.pid)
        specs = requests_for(server.url, site)
        run_wrk(server.url, specs["bare"], 250, 2, args.connections, workdir)  # warm up every worker
        print(
            f"{'round':>5} {'kind':>10} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'refused':>7} {'stored':>6} "
            f"{'CPU ms/req':>10}"
        )
        for round_no in range(args.rounds):
            order = KINDS if round_no % 2 == 0 else list(reversed(KINDS))
            for kind in order:
                before = stored_rows(kind)
                prefix = 16 * round_no + 4 * KINDS.index(kind)  # (+ wrk's thread): an unused address block
                cpu_before = cpu_seconds(*pids)
                summary = run_wrk(server.url, specs[kind], prefix, args.seconds, args.connections, workdir)
                # CPU ms per request of gunicorn and redis-server: hardly moved by other load on the machine.
                summary["cpu_ms"] = 1000 * (cpu_seconds(*pids) - cpu_before) / max(1, summary["requests"])
                accepted = summary["requests"] - summary["bad_status"]
                stored = stored_rows(kind) - before
                lost += max(0, accepted - stored)
                results[kind].append(summary)
                print(
                    f"{round_no + 1:>5} {kind:>10} {summary['rate']:>8.1f} {summary['p50_us'] / 1000:>7.1f} "
                    f"{summary['p99_us'] / 1000:>7.1f} {summary['bad_status'] + summary['socket_errors']:>7} "
                    f"{'ok' if stored == accepted else f'{stored}/{accepted}':>6} {summary['cpu_ms']:>10.2f}"
                )
            rates = {kind: results[kind][-1]["rate"] for kind in KINDS}
            print(
                f"      ours-json/formpage {rates['ours-json'] / rates['formpage']:.2f}×  "
                f"ours-json/bare {rates['ours-json'] / rates['bare']:.2f}×  "
                f"ours-form/formpage {rates['ours-form'] / rates['formpage']:.2f}×"
            )
    shutil.rmtree(workdir, ignore_errors=True)

    def median_ratio(a: str, b: str, key: str = "rate") -> float:
        return statistics.median(x[key] / y[key] for x, y in zip(results[a], results[b], strict=True))

    print("\nmedians over rounds:")
    for kind in KINDS:
        runs = results[kind]
        print(
            f"  {kind:>10}: {statistics.median(r['rate'] for r in runs):8.1f} req/s, "
            f"p50 {statistics.median(r['p50_us'] for r in runs) / 1000:.1f} ms, "
            f"p99 {statistics.median(r['p99_us'] for r in runs) / 1000:.1f} ms, "
            f"CPU {statistics.median(r['cpu_ms'] for r in runs):.2f} ms/request"
        )
    print(f"  ours-json / formpage: {median_ratio('ours-json', 'formpage'):.2f}×  (target ≥ 2.0×)")
    print(f"  ours-form / formpage: {median_ratio('ours-form', 'formpage'):.2f}×")
    print(f"  ours-json / bare:     {median_ratio('ours-json', 'bare'):.2f}×  (target ≥ 0.75×)")
    print(f"  p99 ours-json / bare: {median_ratio('ours-json', 'bare', 'p99_us'):.2f}×  (target ≤ 2×)")
    # Requests per CPU second (web processes and Redis), the reciprocal of CPU per request.
    print(
        f"  per CPU second: ours-json / formpage {median_ratio('formpage', 'ours-json', 'cpu_ms'):.2f}×, "
        f"ours-json / bare {median_ratio('bare', 'ours-json', 'cpu_ms'):.2f}×"
    )
    print(f"  accepted but not stored: {lost}")
    sys.exit(1 if lost else 0)


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    main()
