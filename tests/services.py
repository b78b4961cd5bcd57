"""Real services for integration tests: a redis-server on a free port and
rqworker processes running against it (no fakes)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A throw-away redis-server; ``stop()``/``start()`` simulate an outage."""

    def __init__(self) -> None:
        if not shutil.which("redis-server"):
            raise RuntimeError("redis-server is not installed (make test installs it: apt-get install redis-server)")
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="feedback-redis-")
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.dir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None

    def flush(self) -> None:
        import redis

        redis.Redis.from_url(self.url).flushall()


def database_url(db_name: str) -> str:
    """A DATABASE_URL for the test database ``db_name`` on the server the tests use
    (a file for SQLite, the same PostgreSQL server otherwise)."""
    from urllib.parse import quote

    from django.conf import settings

    config = settings.DATABASES["default"]
    if config["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db_name}"
    credentials = quote(config.get("USER") or "")
    if config.get("PASSWORD"):
        credentials += ":" + quote(config["PASSWORD"])
    host = config.get("HOST") or "localhost"
    port = f":{config['PORT']}" if config.get("PORT") else ""
    return f"postgres://{credentials}@{host}{port}/{db_name}"


def worker_env(redis_url: str, db_name: str | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "feedbacksite.settings.test",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "site"), str(ROOT)]),
    }
    if db_name:
        env["DATABASE_URL"] = database_url(db_name)
    return env


def run_burst_worker(redis_url: str, queues: list[str], db_name: str | None = None, timeout: float = 120) -> str:
    """Run ``manage.py rqworker --burst`` in a separate process until the queues are empty."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "rqworker", "--burst", *queues],
        env=worker_env(redis_url, db_name),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"rqworker failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result.stdout + result.stderr


def start_worker(
    redis_url: str, queues: list[str], db_name: str | None = None, with_scheduler: bool = False
) -> subprocess.Popen:
    """Start a long-running ``rqworker`` process (the caller stops it)."""
    args = [sys.executable, str(ROOT / "manage.py"), "rqworker", *queues]
    if with_scheduler:
        args.append("--with-scheduler")
    return subprocess.Popen(
        args, env=worker_env(redis_url, db_name), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
