"""Circuit breakers: an unreachable Redis costs one timeout per period, shared
by the cache and the queues when they use the same server."""

import pytest
from django.test import RequestFactory

from feedback.public.circuit import cache_breaker, queue_breaker
from feedback.public.privacy import client_key
from feedback.workers.queueing import safe_enqueue

DEAD = "redis://127.0.0.1:9/0"  # nothing listens on the discard port


@pytest.fixture
def dead_redis(settings):
    settings.CACHES = {
        **settings.CACHES,
        "feedback": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DEAD,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    settings.RQ_QUEUES = {name: {"URL": DEAD} for name in ("default", "feedback", "feedback-exports")}


def test_a_cache_failure_opens_the_breaker_the_queues_share(dead_redis):
    assert cache_breaker() is queue_breaker("feedback")
    assert client_key(RequestFactory().get("/")) == ""
    assert not queue_breaker("feedback").allows()
    # While open, the enqueue is skipped without touching Redis.
    assert safe_enqueue("aggregate", "os.getpid") is None


def test_the_breaker_closes_again_after_the_retry_period(dead_redis, settings):
    settings.WAGTAIL_FEEDBACK_REDIS_RETRY_AFTER = 0
    assert safe_enqueue("aggregate", "os.getpid") is None
    assert queue_breaker("feedback").allows()  # tried again at the next vote
