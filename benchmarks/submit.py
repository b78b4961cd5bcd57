"""Submission throughput and latency next to a bare one-row insert, in the same run.

    .venv/bin/python benchmarks/submit.py [--requests 300] [--rounds 5] [--latency-requests 100]

A throw-away ``redis-server`` is started on a free port (``tests.services.RedisServer``)
and REDIS_URL points the ``feedback`` cache and RQ at it. A fresh SQLite
database, ``/tmp/feedback-bench-submit.sqlite3``, is migrated and filled with
``manage.py seed_demo`` in a child process. Then, in this process, with
Django's test ``Client`` (the full middleware stack, no network server):

1. throughput, alternating in ``--rounds`` rounds of ``--requests`` requests:
   - ``ours``: a JSON vote (helpful = "no" plus a "Vad saknade du?" text) to
     ``/feedback/submit/``: origin check, token, rate limit, duplicate check,
     validation, PII masking, one transaction, enqueue after commit;
   - ``bare``: a minimal csrf-exempt view at ``/feedback/bench-insert/`` that
     parses the same JSON body and does one ``Response.objects.create()``;
   each round prints both rates (requests per wall-clock second), ours/bare,
   and ours/bare in requests per CPU second of this process (less sensitive
   to other load on the machine; Redis and disk waits are not in it); the
   median wall-clock ratio is the result;
2. latency of ``ours`` with Redis up and with the redis-server killed
   (SIGKILL) mid-run, alternating in rounds (restarted in between): median and
   max milliseconds, their ratios, and how many answers were 201;
3. the SQL queries of one submission of each kind (``CaptureQueriesContext``).

Every request uses its own ``REMOTE_ADDR`` so that no vote is suppressed as a
duplicate; ``MIN_SUBMIT_SECONDS`` is 0 and ``RATE_LIMIT`` is "1000000/60".
Only ratios are meaningful: absolute times depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "/tmp/feedback-bench-submit.sqlite3"
SUBMIT = "/feedback/submit/"
BARE = "/feedback/bench-insert/"
HOST = "localhost"
MISSING_TEXT = "Öppettiderna för kontoret i Malmö och vem man ska kontakta om ansökan."


def django_setup(db: str, redis_url: str) -> None:
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    os.environ.update(child_env(db, redis_url))
    import django

    django.setup()


def child_env(db: str, redis_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "feedbacksite.settings.dev",
        "REDIS_URL": redis_url,
        # Redis-down warnings (three per request) would drown the output.
        "FEEDBACK_LOG_LEVEL": os.environ.get("FEEDBACK_LOG_LEVEL", "ERROR"),
    }


def seed(db: str, redis_url: str) -> None:
    """Migrate, build the demo site and print the page, form and widget token (child process)."""
    django_setup(db, redis_url)
    import re

    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from home.models import ContentPage

    settings.DEBUG = False
    os.environ.setdefault("DEMO_PASSWORD", secrets.token_urlsafe(16))
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    client = Client(HTTP_HOST=HOST)
    for page in ContentPage.objects.live().filter(locale__language_code="sv").order_by("path"):
        html = client.get(page.url).content.decode()
        form = re.search(r'id="feedback-(\d+)"', html)
        token = re.search(r'name="token" value="([^"]+)"', html)
        if form and token and 'name="q-missing"' in html:
            print(json.dumps({"page": page.pk, "form": int(form.group(1)), "token": token.group(1), "url": page.url}))
            return
    raise SystemExit("no live Swedish content page shows the default form")


# --- in-process measurement ---------------------------------------------------


def install_bare_view(page_id: int) -> None:
    """Route ``BARE`` (before the project's URLs) to the benchmark app's view
    doing one single-row insert (``benchmarks/benchapp/views.py``)."""
    import types

    import feedbacksite.urls
    from django.conf import settings
    from django.urls import clear_url_caches, path

    from benchmarks.benchapp.views import bare_insert

    urls = types.ModuleType("bench_urls")
    urls.urlpatterns = [path(BARE.lstrip("/"), bare_insert), *feedbacksite.urls.urlpatterns]
    settings.ROOT_URLCONF = urls
    clear_url_caches()


class Poster:
    """POSTs votes with the test client, each from its own REMOTE_ADDR."""

    def __init__(self, target: dict) -> None:
        from django.test import Client

        self.client = Client(HTTP_HOST=HOST, HTTP_ORIGIN=f"http://{HOST}", HTTP_ACCEPT="application/json")
        self.body = json.dumps(
            {
                "page": target["page"],
                "form": target["form"],
                "token": target["token"],
                "answers": {"helpful": "no", "missing": MISSING_TEXT},
            }
        )
        self.counter = 0

    def post(self, url: str) -> int:
        self.counter += 1
        n = self.counter
        addr = f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"
        response = self.client.post(url, self.body, content_type="application/json", REMOTE_ADDR=addr)
        return response.status_code

    def batch(self, url: str, count: int) -> tuple[float, float, list[float], int]:
        """(wall seconds for all, CPU seconds of this process, per-request wall seconds, number of 201s)."""
        latencies, created = [], 0
        started, cpu = time.perf_counter(), time.process_time()
        for _ in range(count):
            t0 = time.perf_counter()
            created += self.post(url) == 201
            latencies.append(time.perf_counter() - t0)
        return time.perf_counter() - started, time.process_time() - cpu, latencies, created


def throughput(poster: Poster, requests: int, rounds: int) -> float:
    from feedback.models import Answer, Response

    print(f"\n1. Throughput, {rounds} rounds × {requests} requests each (alternating)")
    print(f"{'round':>5} {'ours/s':>8} {'bare/s':>8} {'ours ×':>7} {'CPU ×':>7}")
    ratios, cpu_ratios, ours_rates, bare_rates = [], [], [], []
    for index in range(rounds):
        before = Response.objects.count(), Answer.objects.count()
        # Alternate which kind goes first, so drift within a round hits both alike.
        order = ("ours", "bare") if index % 2 == 0 else ("bare", "ours")
        rates, cpu_rates = {}, {}
        for kind in order:
            seconds, cpu, _lat, created = poster.batch(SUBMIT if kind == "ours" else BARE, requests)
            if created != requests:
                raise SystemExit(f"{kind}: only {created} of {requests} requests answered 201")
            rates[kind] = requests / seconds
            cpu_rates[kind] = requests / cpu
        # Every vote stored: a Response from each kind, two Answers (helpful, missing) from ours.
        responses, answers = Response.objects.count() - before[0], Answer.objects.count() - before[1]
        if responses != 2 * requests or answers != 2 * requests:
            raise SystemExit(f"expected {2 * requests} new responses and answers, got {responses} and {answers}")
        ratios.append(rates["ours"] / rates["bare"])
        cpu_ratios.append(cpu_rates["ours"] / cpu_rates["bare"])
        ours_rates.append(rates["ours"])
        bare_rates.append(rates["bare"])
        line = f"{index + 1:>5} {rates['ours']:>8.0f} {rates['bare']:>8.0f} {ratios[-1]:>7.2f} {cpu_ratios[-1]:>7.2f}"
        print(line, flush=True)
    median = statistics.median(ratios)
    print(
        f"median {statistics.median(ours_rates):>7.0f} {statistics.median(bare_rates):>8.0f} {median:>7.2f}"
        f" {statistics.median(cpu_ratios):>7.2f}   (wall ratios {min(ratios):.2f}–{max(ratios):.2f}; goal ≥ 0.75)"
    )
    return median


def latency(poster: Poster, redis, requests: int, rounds: int) -> None:  # type: ignore[no-untyped-def]
    print(f"\n2. Latency of ours, Redis up vs killed, {rounds} rounds × {requests} requests each")
    print(f"{'round':>5} {'up med ms':>10} {'up max':>8} {'down med':>9} {'down max':>9} {'201 up':>7} {'201 down':>9}")
    up_all: list[float] = []
    down_all: list[float] = []
    created = {"up": 0, "down": 0}
    from feedback.public.circuit import reset_all as reset_breakers

    for index in range(rounds):
        if redis.process is None:
            redis.start()
            # A new web process would not remember the outage either.
            reset_breakers()
        _s, _c, up, ok_up = poster.batch(SUBMIT, requests)
        redis.process.kill()  # SIGKILL: a crash, not a clean shutdown
        redis.process.wait(10)
        redis.process = None
        _s, _c, down, ok_down = poster.batch(SUBMIT, requests)
        up_all += up
        down_all += down
        created["up"] += ok_up
        created["down"] += ok_down
        print(
            f"{index + 1:>5} {ms(statistics.median(up)):>10.1f} {ms(max(up)):>8.1f} "
            f"{ms(statistics.median(down)):>9.1f} {ms(max(down)):>9.1f} {ok_up:>7} {ok_down:>9}",
            flush=True,
        )
    med_up, med_down = statistics.median(up_all), statistics.median(down_all)
    print(
        f"  all: up median {ms(med_up):.1f} ms, max {ms(max(up_all)):.1f} ms; "
        f"down median {ms(med_down):.1f} ms, max {ms(max(down_all)):.1f} ms"
    )
    print(
        f"  down/up: median × {med_down / med_up:.2f}, max × {max(down_all) / max(up_all):.2f}; "
        f"201s: up {created['up']}/{len(up_all)}, down {created['down']}/{len(down_all)}"
    )


def hung(poster: Poster, redis, requests: int) -> None:  # type: ignore[no-untyped-def]
    """Redis accepts connections but never answers (SIGSTOP): the worst case."""
    import signal

    from feedback.public.circuit import reset_all as reset_breakers

    print(f"\n3. Latency of ours with Redis hung (SIGSTOP), {requests} requests")
    if redis.process is None:
        redis.start()
    reset_breakers()
    os.kill(redis.process.pid, signal.SIGSTOP)
    try:
        _s, _c, times, ok = poster.batch(SUBMIT, requests)
    finally:
        os.kill(redis.process.pid, signal.SIGCONT)
    slow = [t for t in times if t > 0.1]
    print(
        f"  median {ms(statistics.median(times)):.1f} ms, max {ms(max(times)):.1f} ms, "
        f"{len(slow)} request(s) over 100 ms (the one that trips the circuit breaker); 201s: {ok}/{len(times)}"
    )


def ms(seconds: float) -> float:
    return seconds * 1000


def queries(poster: Poster) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    print("\n4. Queries per request (Redis up)")
    for kind, url in (("ours", SUBMIT), ("bare", BARE)):
        with CaptureQueriesContext(connection) as captured:
            status = poster.post(url)
        print(f"  {kind}: {len(captured)} queries (status {status})")
        for query in captured.captured_queries:
            print(f"    {' '.join(query['sql'].split())[:110]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=300, help="requests per kind per throughput round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--latency-requests", type=int, default=100, help="requests per state per latency round")
    parser.add_argument("--latency-rounds", type=int, default=3)
    parser.add_argument("--child", choices=["seed"])
    parser.add_argument("--redis-url")
    args = parser.parse_args()

    if args.child == "seed":
        seed(DB, args.redis_url)
        return

    sys.path.insert(0, str(ROOT))
    from tests.services import RedisServer

    redis = RedisServer()
    redis.start()
    try:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(DB + suffix).unlink(missing_ok=True)
        started = time.perf_counter()
        seeded = subprocess.run(
            [sys.executable, __file__, "--child", "seed", "--redis-url", redis.url],
            env=child_env(DB, redis.url),
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
        target = json.loads(seeded.stdout.strip().splitlines()[-1])
        print(f"Seeded {DB} in {time.perf_counter() - started:.0f} s; page {target['url']} (id {target['page']}),")
        print(f"form {target['form']}; Redis {redis.url}; load average {os.getloadavg()[0]:.2f}")

        django_setup(DB, redis.url)
        from django.conf import settings

        settings.DEBUG = False  # no query log in the measured path
        settings.WAGTAIL_FEEDBACK_MIN_SUBMIT_SECONDS = 0
        settings.WAGTAIL_FEEDBACK_RATE_LIMIT = "1000000/60"
        install_bare_view(target["page"])
        poster = Poster(target)
        for _ in range(20):  # warm up: imports, URL resolver, question types, connections
            assert poster.post(SUBMIT) == 201 and poster.post(BARE) == 201

        throughput(poster, args.requests, args.rounds)
        latency(poster, redis, args.latency_requests, args.latency_rounds)
        hung(poster, redis, args.latency_requests)
        queries(poster)
        print(f"\nload average at the end {os.getloadavg()[0]:.2f}")
    finally:
        redis.stop()


if __name__ == "__main__":
    main()
