"""Scale-out on PostgreSQL: two web processes (gunicorn, production settings,
different ports) and two RQ workers against one database and one Redis. A
few hundred votes spread over both servers and several pages while the
catch-up runs at the same time; afterwards the rollups equal a raw count per
page and day, nothing is counted twice, and an export requested twice at once
yields one file equal to the data. (SQLite is one machine's database: this
runs in the PostgreSQL part of ``make test``.)"""

from __future__ import annotations

import json
import subprocess
import threading
import time
import urllib.request
from collections import Counter

import pytest
from django.db import connection
from openpyxl import load_workbook

from feedback.exporting.records import request_export
from feedback.exporting.storage import export_storage
from feedback.models import Export, PageDayRollup, Response
from feedback.public.submission import make_token
from feedback.workers.aggregation import catch_up
from tests.factories import make_content_page, make_form, make_home_page
from tests.integration.test_faults import marker
from tests.integration.test_workers import QUESTIONS, assert_rollups_match, wait_for
from tests.services import ProductionServer, RedisServer, start_worker

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="several hosts run PostgreSQL"),
]

VOTES = 300


def send(server: ProductionServer, page, form, n: int) -> int:  # type: ignore[no-untyped-def]
    body = {
        "token": make_token(page.pk, form.pk, time.time() - 60),
        "answers": {"helpful": "yes" if n % 3 else "no", "comment": marker()},
    }
    request = urllib.request.Request(
        server.url + "/feedback/submit/",
        data=json.dumps(body).encode(),
        headers={
            "Content-Type": "application/json",
            "Origin": server.url,
            "X-Forwarded-For": f"10.9.{n // 256}.{n % 256}",  # every vote from its own client
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
        return response.status


def test_two_web_processes_and_two_workers_count_every_vote_once(settings, monkeypatch, tmp_path):
    redis = RedisServer()
    redis.start()
    settings.RQ_QUEUES = {name: {"URL": redis.url, "DEFAULT_TIMEOUT": 600} for name in ("feedback", "feedback-exports")}
    export_root = tmp_path / "exports"
    monkeypatch.setenv("FEEDBACK_EXPORT_ROOT", str(export_root))
    settings.STORAGES = {
        **settings.STORAGES,
        "feedback_exports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": export_root},
        },
    }
    db = settings.DATABASES["default"]["NAME"]
    make_home_page("sv")
    form = make_form(QUESTIONS)
    pages = [make_content_page(title=f"Sida {i}", feedback_forms=[form]) for i in range(4)]
    env = {
        "FEEDBACK_EXPORT_ROOT": str(export_root),
        "WAGTAIL_FEEDBACK_TRUSTED_PROXIES": "1",
        "WAGTAIL_FEEDBACK_RATE_LIMIT": "5/600",
    }
    servers = [ProductionServer(redis.url, db, extra_env=env, workers=2) for _ in range(2)]
    workers = []
    try:
        for server in servers:
            server.start()
        workers = [
            start_worker(redis.url, ["feedback", "feedback-exports"], db, output=subprocess.DEVNULL) for _ in range(2)
        ]
        statuses: list[int] = []
        errors: list[BaseException] = []

        def vote_range(start: int) -> None:
            for n in range(start, VOTES, 6):
                try:
                    statuses.append(send(servers[n % 2], pages[n % len(pages)], form, n))
                except BaseException as error:  # reported below
                    errors.append(error)

        threads = [threading.Thread(target=vote_range, args=(i,)) for i in range(6)]
        for thread in threads:
            thread.start()
        # The scheduled catch-up runs while the votes come in.
        while any(thread.is_alive() for thread in threads):
            catch_up()
            time.sleep(0.2)
        for thread in threads:
            thread.join(60)
        assert not errors, errors[:3]
        assert statuses == [201] * VOTES

        # Workers drain the queue; one more catch-up; every page and day equals a raw count.
        wait_for(lambda: redis_queue_empty(redis.url), 120)
        catch_up()
        for page in pages:
            assert_rollups_match(page.pk)
        raw = Counter(Response.objects.values_list("source_page_id", flat=True))
        counted = Counter()
        for page_id, responses in PageDayRollup.objects.values_list("page_id", "responses"):
            counted[page_id] += responses
        assert counted == raw and sum(raw.values()) == VOTES

        # The same export asked of both web processes' database at the same moment: one job, one file.
        exports: list[int] = []
        barrier = threading.Barrier(2)

        def ask() -> None:
            barrier.wait()
            exports.append(request_export(None, scope="page", page=pages[0]).pk)

        askers = [threading.Thread(target=ask) for _ in range(2)]
        for thread in askers:
            thread.start()
        for thread in askers:
            thread.join(30)
        assert len(set(exports)) == 1
        export = Export.objects.get(pk=exports[0])
        wait_for(lambda: Export.objects.filter(pk=export.pk, status="done").exists(), 120)
        export.refresh_from_db()
        with export_storage().open(export.file_path, "rb") as handle:
            sheet = load_workbook(handle, read_only=True).worksheets[1]
            assert sum(1 for _row in sheet.iter_rows(values_only=True)) == raw[pages[0].pk] + 1
        assert Export.objects.count() == 1
    finally:
        for worker in workers:
            worker.kill()
            worker.wait(10)
        for server in servers:
            server.stop()
        redis.stop()


def redis_queue_empty(url: str) -> bool:
    import redis as redis_client

    conn = redis_client.Redis.from_url(url)
    return conn.llen("rq:queue:feedback") == 0 and conn.llen("rq:queue:feedback-exports") == 0
