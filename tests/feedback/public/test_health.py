"""``/health/``: 200 while the database answers, Redis down reported but not
fatal, 503 when the database is gone; no personal data and never cached."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import make_content_page, make_form, make_home_page
from tests.services import ROOT, RedisServer, free_port


@pytest.mark.django_db
def test_healthy_with_queue_lengths_and_not_cached(client, redis_settings):
    from feedback.workers.queueing import get_queue

    home = make_home_page("sv")
    make_content_page(home, title="Sida")
    make_form([{"key": "helpful", "type": "yes_no"}])
    get_queue("aggregate").enqueue("feedback.workers.jobs.aggregate_page_job", 1)
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["redis"] == "ok"
    assert body["queues"]["feedback"]["length"] == 1
    assert body["queues"]["feedback"]["oldest_queued_seconds"] is not None
    assert body["queues"]["feedback-exports"] == {"length": 0, "oldest_queued_seconds": None, "failed": 0}


@pytest.mark.django_db
def test_redis_down_is_reported_not_fatal(client, settings):
    server = RedisServer()
    server.start()
    settings.RQ_QUEUES = {name: {"URL": server.url} for name in ("default", "feedback", "feedback-exports")}
    assert client.get(reverse("health")).json()["redis"] == "ok"
    server.stop()
    try:
        response = client.get(reverse("health"))
        assert response.status_code == 200
        assert response.json() | {"queues": None} == {
            "status": "ok",
            "database": "ok",
            "redis": "unavailable",
            "queues": None,
        }
    finally:
        shutil.rmtree(server.dir, ignore_errors=True)


def _get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_database_gone_is_503_from_a_real_server():
    """A separate server process on its own SQLite file; the file's folder is
    then removed, so every new connection fails as with a stopped server."""
    folder = Path(tempfile.mkdtemp(prefix="feedback-health-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "feedbacksite.settings.test",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:1/0",  # nothing listens there
        "PYTHONPATH": os.pathsep.join([str(ROOT / "site"), str(ROOT)]),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True, timeout=300)
    port = free_port()
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/health/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, body = _get(url)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert (status, body["database"], body["redis"]) == (200, "ok", "unavailable")
        # Moved away in one step (the server may be writing its WAL file meanwhile).
        folder.rename(folder.with_name(folder.name + "-gone"))
        status, body = _get(url)
        assert (status, body["status"], body["database"]) == (503, "unavailable", "unavailable")
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(folder.with_name(folder.name + "-gone"), ignore_errors=True)
