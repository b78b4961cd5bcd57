"""The fault suite: a steady stream of votes over the production server while
Redis is killed and restarted, a worker is SIGKILLed in the middle of an
export and the web process is killed and started again. Afterwards every
vote that got a 2xx is stored exactly once, the rollups after the catch-up
equal a raw count, no export is left running, no temporary file remains,
and the retried export equals the data. Runs on SQLite (``make test``) and
again on PostgreSQL (``scripts/test-postgres.sh``)."""

from __future__ import annotations

import json
import os
import random
import signal
import string
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import django_rq
import pytest
from django.db.models import Count
from openpyxl import load_workbook
from rq.exceptions import NoSuchJobError
from rq.job import Job

from feedback.exporting.housekeeping import abandon_if_dead, sweep_stale_exports
from feedback.exporting.records import request_export, retry_export
from feedback.exporting.storage import export_storage
from feedback.models import Answer, Export, Response
from feedback.public.submission import make_token
from feedback.workers.aggregation import catch_up
from tests.factories import make_content_page, make_form, make_home_page
from tests.integration.test_workers import QUESTIONS, assert_rollups_match, files_in, seed_many, wait_for
from tests.services import ProductionServer, RedisServer, run_burst_worker, start_worker

pytestmark = [
    pytest.mark.faults,
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

STREAM_SECONDS = 20


def marker() -> str:
    # Letters only: nothing the personal-data masking could take for a number.
    return "rost " + "".join(random.choices(string.ascii_lowercase, k=16))  # noqa: S311


class VoteStream(threading.Thread):
    """Votes one after another from distinct client addresses until stopped."""

    def __init__(self, server: ProductionServer, page, form) -> None:  # type: ignore[no-untyped-def]
        super().__init__(daemon=True)
        self.server, self.page, self.form = server, page, form
        self.stop = threading.Event()
        self.accepted: list[str] = []
        self.other: list[object] = []

    def run(self) -> None:
        token = make_token(self.page.pk, self.form.pk, time.time() - 60)
        n = 0
        while not self.stop.is_set():
            n += 1
            text = marker()
            body = {"token": token, "answers": {"helpful": "no" if n % 3 else "yes", "comment": text}}
            request = urllib.request.Request(
                self.server.url + "/feedback/submit/",
                data=json.dumps(body).encode(),
                headers={
                    "Content-Type": "application/json",
                    "Origin": self.server.url,
                    "X-Forwarded-For": f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}",
                },
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
                    if 200 <= response.status < 300:
                        self.accepted.append(text)
            except urllib.error.HTTPError as error:
                self.other.append(error.code)
            except OSError as error:  # the web process is down: the visitor sees an error
                self.other.append(type(error).__name__)
                time.sleep(0.05)


class SupervisedWorker(threading.Thread):
    """An rqworker started again whenever it exits, as systemd's Restart=always
    (an RQ worker quits when Redis goes away during its work)."""

    def __init__(self, redis_url: str, db: str, log: Path, queues: list[str]) -> None:
        super().__init__(daemon=True)
        self.redis_url, self.db, self.log, self.queues = redis_url, db, log, queues
        self.stop = threading.Event()
        self.process = self.start_process()
        self.restarts = 0

    def start_process(self) -> subprocess.Popen:
        # With its scheduler, as in production: a failed export is retried after a delay.
        with open(self.log, "a") as log:
            return start_worker(self.redis_url, self.queues, self.db, with_scheduler=True, output=log)

    def run(self) -> None:
        while not self.stop.is_set():
            if self.process.poll() is not None:
                if self.process.stdout:
                    self.process.stdout.close()
                self.restarts += 1
                time.sleep(1)
                self.process = self.start_process()
            time.sleep(0.2)

    def kill_process(self) -> None:
        """SIGKILL the worker and its children (work horse, scheduler): a crash."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def kill(self) -> None:
        self.stop.set()
        self.join(10)
        self.kill_process()
        self.process.wait(10)
        if self.process.stdout:
            self.process.stdout.close()


def test_votes_survive_redis_worker_and_web_process_faults(settings, monkeypatch, tmp_path):
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
    page = make_content_page(feedback_forms=[form])
    seed_many(page, form, 20_000)  # an export that takes long enough to be killed in the middle

    server = ProductionServer(
        redis.url,
        db,
        extra_env={
            "FEEDBACK_EXPORT_ROOT": str(export_root),
            "WAGTAIL_FEEDBACK_TRUSTED_PROXIES": "1",
            "WAGTAIL_FEEDBACK_RATE_LIMIT": "5/600",
        },
    )
    server.start()
    # One worker per queue, as docs/deployment.md says: under a steady stream of
    # votes a shared worker would take aggregation jobs first and starve exports.
    aggregator = SupervisedWorker(redis.url, db, tmp_path / "aggregator.log", ["feedback"])
    worker = SupervisedWorker(redis.url, db, tmp_path / "worker.log", ["feedback-exports"])
    aggregator.start()
    worker.start()
    shared_tmp = Path(tempfile.gettempdir())
    tmp_before = set(shared_tmp.glob("openpyxl.*"))
    stream = VoteStream(server, page, form)
    started = time.monotonic()
    stream.start()
    try:
        time.sleep(3)
        redis.kill()  # Redis dies under load
        time.sleep(3)
        redis.start()

        export = request_export(None, scope="page", page=page)
        # (A worker that lost Redis backs off for up to a minute before it polls again.)
        try:
            wait_for(lambda: Export.objects.filter(pk=export.pk, status="running", progress__gt=0).exists(), 150)
        except AssertionError:
            export.refresh_from_db()
            log = (tmp_path / "worker.log").read_text()[-3000:]
            raise AssertionError(f"export never ran: {export.status} {export.error!r}\n{log}") from None
        horse = Job.fetch(export.job_id, connection=django_rq.get_connection("feedback-exports")).get_meta()["pid"]
        os.kill(horse, signal.SIGKILL)  # the worker dies in the middle of the export
        worker.kill_process()  # (and comes back through its supervisor)

        time.sleep(2)
        server.kill()  # the web process dies and comes back
        time.sleep(1)
        server.start()

        time.sleep(max(0, STREAM_SECONDS - (time.monotonic() - started)))
    finally:
        stream.stop.set()
        stream.join(30)
        worker.kill()
        aggregator.kill()
        server.stop()

    try:
        assert len(stream.accepted) > 50, (len(stream.accepted), stream.other[:10])
        # Every 2xx vote is stored exactly once.
        stored = dict(
            Answer.objects.filter(question_key="comment", text__startswith="rost ")
            .values_list("text")
            .annotate(n=Count("id"))
        )
        assert all(stored.get(text) == 1 for text in stream.accepted), "a 2xx vote is missing or stored twice"
        assert all(n == 1 for n in stored.values())

        # Rollups after the catch-up equal a raw count.
        catch_up(full=True)
        assert_rollups_match(page.pk)

        # The killed export is noticed, retried and equals the data; nothing is left running or lying around.
        export.refresh_from_db()
        if export.is_active:
            # Whatever RQ made of the killed job (a retry scheduled or queued, or
            # still "started" under the dead worker), no worker runs now: drop it,
            # and the export must be seen as dead at once, not left waiting.
            try:
                job = Job.fetch(export.job_id, connection=django_rq.get_connection("feedback-exports"))
            except NoSuchJobError:
                pass
            else:
                try:
                    job.delete()
                except ValueError:
                    # RQ 3 cannot delete a job whose killed worker left the id of an
                    # execution record that is already gone: drop the job's hash itself.
                    job.connection.delete(job.key)
            assert abandon_if_dead(export)
        sweep_stale_exports()
        assert not Export.objects.filter(status__in=[Export.Status.QUEUED, Export.Status.RUNNING]).exists()
        export = retry_export(export)
        output = run_burst_worker(redis.url, ["feedback-exports"], db, timeout=300)
        export.refresh_from_db()
        assert export.status == Export.Status.DONE, (export.status, export.error, output[-3000:])
        assert files_in(export_root) == [export.file_path]
        assert set(shared_tmp.glob("openpyxl.*")) == tmp_before
        total = Response.objects.filter(source_page_id=page.pk).count()
        with export_storage().open(export.file_path, "rb") as handle:
            responses_sheet = load_workbook(handle, read_only=True).worksheets[1]
            assert sum(1 for _row in responses_sheet.iter_rows(values_only=True)) == total + 1
    finally:
        redis.stop()
