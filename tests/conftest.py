import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches

from feedback.public import privacy, targets
from feedback.public.circuit import reset_all as reset_breakers
from tests.services import RedisServer

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    """The engine's wheel, built once per session from this checkout
    (tests/test_package.py, tests/test_clean_room_install.py)."""
    out = tmp_path_factory.mktemp("wheel")
    # From a copy of the files git knows (tracked or new, not ignored): a
    # setuptools build/ folder left in the checkout would put modules that
    # have since moved or gone into the wheel.
    source = tmp_path_factory.mktemp("source")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(source)],
        check=True,
        timeout=600,
    )
    [path] = out.glob("wagtail_feedback_engine-*.whl")
    return path


@pytest.fixture(scope="session")
def redis_server():
    """A real redis-server for the whole session."""
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_settings(redis_server, settings):
    """Point django-rq and the feedback cache at the real test Redis."""
    redis_server.flush()
    settings.REDIS_URL = redis_server.url
    settings.RQ_QUEUES = {
        name: {"URL": redis_server.url, "DEFAULT_TIMEOUT": 600} for name in ("default", "feedback", "feedback-exports")
    }
    settings.CACHES = {
        **settings.CACHES,
        "feedback": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    yield redis_server


@pytest.fixture
def export_storage(settings, tmp_path):
    """The export files' storage (``feedback_exports``): a private folder of the test's own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "feedback_exports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    from django.core.files.storage import storages

    return storages["feedback_exports"]


@pytest.fixture(autouse=True)
def fresh_redis_state():
    """Each test starts with closed circuit breakers and no memoised client secret."""
    reset_breakers()
    privacy.forget_memo()
    targets.forget()  # ids come back after a rolled-back test
    caches["feedback"].clear()  # (and so would rate-limit and duplicate keys of the same ids)
    yield
    reset_breakers()
    privacy.forget_memo()
