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

    def kill(self) -> None:
        """SIGKILL: Redis dies without a goodbye, as in a crash."""
        if self.process and self.process.poll() is None:
            self.process.kill()
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
    redis_url: str,
    queues: list[str],
    db_name: str | None = None,
    with_scheduler: bool = False,
    output: int = subprocess.PIPE,
) -> subprocess.Popen:
    """Start a long-running ``rqworker`` process (the caller stops it). With the
    default ``output`` the caller must read the pipe, or a chatty worker blocks."""
    args = [sys.executable, str(ROOT / "manage.py"), "rqworker", *queues]
    if with_scheduler:
        args.append("--with-scheduler")
    return subprocess.Popen(
        args,
        env=worker_env(redis_url, db_name),
        cwd=ROOT,
        stdout=output,
        stderr=subprocess.STDOUT,
        text=True,
        # Its own process group, so that killing the worker takes its work horse
        # and scheduler with it, as systemd does (an orphaned horse or scheduler
        # would take jobs meant for a later worker).
        start_new_session=True,
    )


class ProductionServer:
    """gunicorn with site/gunicorn.conf.py and the production settings, on a
    free port, against the given database and Redis (plain HTTP, loopback)."""

    def __init__(self, redis_url: str, db_name: str, extra_env: dict[str, str] | None = None, workers: int = 2) -> None:
        from django.conf import settings

        self.port = free_port()
        self.static_root = tempfile.mkdtemp(prefix="feedback-static-")
        self.env = {
            **worker_env(redis_url, db_name),
            "DJANGO_SETTINGS_MODULE": "feedbacksite.settings.production",
            # The test process signs widget tokens with its key: the server must share it.
            "SECRET_KEY": settings.SECRET_KEY,
            "SECURE_SSL_REDIRECT": "false",
            "COOKIES_SECURE": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATIC_ROOT": self.static_root,
            "WEB_CONCURRENCY": str(workers),
            **(extra_env or {}),
        }
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> None:
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.process = subprocess.Popen(
            [gunicorn, "-c", str(ROOT / "site" / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{self.port}"],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: kill() takes the workers too
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def kill(self) -> None:
        """SIGKILL the master and its workers (a crashed or OOM-killed web process)."""
        import signal

        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self.process = None

    def stop(self) -> None:
        import signal

        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(30)
        self.process = None
        shutil.rmtree(self.static_root, ignore_errors=True)
