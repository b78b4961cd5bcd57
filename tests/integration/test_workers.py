"""Jobs run by real rqworker processes against a real redis-server and the
test database (a file, see ``settings/test.py``): rollups from public
submissions, a Redis outage, and a worker killed in the middle of an export."""

from __future__ import annotations

import json
import os
import signal
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook
from rq.job import Job

from feedback.exporting.housekeeping import abandon_if_dead, sweep_stale_exports
from feedback.exporting.records import request_export, retry_export
from feedback.exporting.storage import export_storage
from feedback.models import Answer, Export, Response
from feedback.public.submission import make_token
from tests.factories import make_content_page, make_form
from tests.feedback.workers.test_aggregation import (
    independent_answer_counts,
    independent_page_counts,
    rollup_answer_counts,
    rollup_page_counts,
    snapshot,
)
from tests.services import run_burst_worker, start_worker

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

QUESTIONS = [
    {"key": "helpful", "type": "yes_no", "required": True, "label": "Hade du nytta av sidan?"},
    {"key": "stars", "type": "rating", "label": "Betyg"},
    {"key": "comment", "type": "long_text", "label": "Kommentar"},
]


@pytest.fixture
def live(redis_settings, settings, tmp_path, monkeypatch):
    """Redis, the shared test database and a private export folder for worker processes."""
    settings.WAGTAIL_FEEDBACK_MIN_SUBMIT_SECONDS = 0
    settings.WAGTAIL_FEEDBACK_RATE_LIMIT = "1000/60"
    root = tmp_path / "exports"
    monkeypatch.setenv("FEEDBACK_EXPORT_ROOT", str(root))  # read by the worker's settings
    settings.STORAGES = {
        **settings.STORAGES,
        "feedback_exports": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": root}},
    }
    return {"url": redis_settings.url, "db": settings.DATABASES["default"]["NAME"], "root": root}


def submit(client, page, form, answers: dict, agent: str) -> int:
    body = {"page": page.pk, "form": form.pk, "token": make_token(page.pk, form.pk), "answers": answers}
    response = client.post(
        "/feedback/submit/", json.dumps(body), content_type="application/json", HTTP_USER_AGENT=agent
    )
    return response.status_code


def votes(count: int) -> list[dict]:
    mixes = [
        {"helpful": "yes", "stars": 5, "comment": "Bra"},
        {"helpful": "no", "stars": 2},
        {"helpful": "yes"},
        {"helpful": "no", "comment": "=SUM(A1)"},
    ]
    return [mixes[i % len(mixes)] for i in range(count)]


def assert_rollups_match(page_id: int) -> None:
    assert rollup_answer_counts(page_id) == independent_answer_counts(page_id)
    assert rollup_page_counts(page_id) == +independent_page_counts(page_id)


def test_submissions_become_rollups_through_a_real_worker_and_survive_a_redis_outage(client, live, redis_server):
    form = make_form(QUESTIONS)
    page = make_content_page(feedback_forms=[form])
    for index, answers in enumerate(votes(8)):
        assert submit(client, page, form, answers, f"agent-{index}") == 201

    run_burst_worker(live["url"], ["feedback"], live["db"])

    assert Response.objects.count() == 8
    assert_rollups_match(page.pk)
    # The job cleared the coalescing key as it started: the next vote queues a new job.
    import redis as redis_py

    connection = redis_py.Redis.from_url(live["url"])
    assert not connection.exists(f"feedback:aggregate-pending:{page.pk}")
    assert submit(client, page, form, votes(1)[0], "agent-late") == 201
    run_burst_worker(live["url"], ["feedback"], live["db"])
    assert Response.objects.count() == 9
    assert_rollups_match(page.pk)

    # Redis goes away: submissions are still saved, their jobs are lost.
    redis_server.stop()
    try:
        for index, answers in enumerate(votes(5)):
            assert submit(client, page, form, answers, f"outage-{index}") == 201
    finally:
        redis_server.start()
    assert Response.objects.count() == 14
    assert rollup_answer_counts(page.pk) != independent_answer_counts(page.pk)

    call_command("feedback_aggregate", verbosity=0)  # the scheduled catch-up
    assert_rollups_match(page.pk)
    before = snapshot(page.pk)

    # Running the aggregation again, in the worker and as a full rebuild, changes nothing.
    from feedback.workers.jobs import aggregate_job_options
    from feedback.workers.queueing import get_queue

    get_queue("aggregate", for_web=False).enqueue(
        "feedback.workers.jobs.aggregate_page_job", page.pk, None, **aggregate_job_options(page.pk)
    )
    run_burst_worker(live["url"], ["feedback"], live["db"])
    call_command("feedback_aggregate", "--full", verbosity=0)
    assert snapshot(page.pk) == before


def seed_many(page, form, count: int) -> None:
    """Many responses quickly with bulk inserts, enough for an export that takes seconds."""
    now = timezone.now()
    questions = {q.key: q for q in form.questions.all()}
    responses = Response.objects.bulk_create(
        [
            Response(
                page=page,
                source_page_id=page.pk,
                page_title=page.title,
                page_url="/sida/",
                page_translation_key=page.translation_key,
                language_code="sv",
                form=form,
                form_translation_key=form.translation_key,
                submitted_at=now - timedelta(minutes=i),
            )
            for i in range(count)
        ],
        batch_size=2000,
    )
    Answer.objects.bulk_create(
        [
            Answer(
                response=r,
                question=questions[key],
                question_key=key,
                question_type=questions[key].type,
                choice=choice,
                text=text,
            )
            for r in responses
            for key, choice, text in (("helpful", "yes", ""), ("comment", "", f"Kommentar {uuid.uuid4().hex}"))
        ],
        batch_size=2000,
    )


def wait_for(predicate, timeout: float = 60, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not reached in time")


def files_in(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_worker_killed_mid_export_leaves_no_file_and_a_retry_succeeds(live):
    form = make_form(QUESTIONS)
    page = make_content_page(feedback_forms=[form])
    count = 20_000
    seed_many(page, form, count)

    export = request_export(None, scope="page", page=page)  # enqueued on commit
    export.refresh_from_db()
    assert export.status == Export.Status.QUEUED and export.job_id
    shared_tmp = Path(tempfile.gettempdir())
    before = set(shared_tmp.glob("openpyxl.*"))
    worker = start_worker(live["url"], ["feedback-exports"], live["db"])
    try:
        # Wait until the job is writing rows, then kill the worker and its work horse.
        wait_for(lambda: Export.objects.filter(pk=export.pk, status="running", progress__gt=0).exists())
        # openpyxl's spill files (visitor rows, comments) are in the private area, not /tmp.
        wait_for(lambda: list(live["root"].glob(".partial/*-tmp/openpyxl.*")))
        assert set(shared_tmp.glob("openpyxl.*")) == before
        import django_rq

        job = Job.fetch(export.job_id, connection=django_rq.get_connection("feedback-exports"))
        horse = job.get_meta()["pid"]
        os.kill(horse, signal.SIGKILL)
        worker.kill()
    finally:
        worker.kill()
        worker.wait(10)
        if worker.stdout:
            worker.stdout.close()

    export.refresh_from_db()
    assert export.status == Export.Status.RUNNING  # nobody is left to say otherwise
    assert not [f for f in files_in(live["root"]) if not f.startswith(".partial")]

    # Asking for a retry right away (no waiting for the sweep) is allowed: the job is dead.
    assert abandon_if_dead(export)
    assert export.status == Export.Status.FAILED and export.error
    # The scheduled sweep removes the partial file and openpyxl's leftovers.
    sweep_stale_exports()
    assert files_in(live["root"]) == []

    export = retry_export(export)
    run_burst_worker(live["url"], ["feedback-exports"], live["db"], timeout=300)

    export.refresh_from_db()
    assert (export.status, export.row_count, export.progress) == (Export.Status.DONE, count, 100)
    assert files_in(live["root"]) == [export.file_path]
    with export_storage().open(export.file_path, "rb") as handle:
        wb = load_workbook(handle, read_only=True)
        _summary, responses, comments = wb.worksheets  # named in the site's language
        assert sum(1 for _row in responses.iter_rows(values_only=True)) == count + 1
        assert sum(1 for _row in comments.iter_rows(values_only=True)) == count + 1
