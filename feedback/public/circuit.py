"""Process-local circuit breakers for Redis on the visitor's request path.

A Redis that refuses connections fails fast, but one that hangs costs a full
socket timeout on every call. After a failure the breaker stays open for
``WAGTAIL_FEEDBACK_REDIS_RETRY_AFTER`` seconds and callers skip Redis at once
(rate limits fail open, jobs are left to the catch-up run), so an outage
costs each web process one timeout per period instead of one per request.
"""

from __future__ import annotations

import logging
import time

from feedback.conf import cache_location, get_setting, queue_settings

logger = logging.getLogger("feedback.public.circuit")


class CircuitBreaker:
    def __init__(self, name: str) -> None:
        self.name = name
        self.open_until = 0.0

    def allows(self) -> bool:
        return time.monotonic() >= self.open_until

    def trip(self, error: BaseException) -> None:
        seconds = float(get_setting("REDIS_RETRY_AFTER"))
        self.open_until = time.monotonic() + seconds
        logger.warning("Redis (%s) unavailable: %s; skipping it for %ss.", self.name, type(error).__name__, seconds)

    def reset(self) -> None:
        self.open_until = 0.0


_breakers: dict[str, CircuitBreaker] = {}


def breaker_for(url: str) -> CircuitBreaker:
    """The breaker of one Redis server: the cache and the queues share it when
    they use the same Redis, so an outage costs one timeout, not one each."""
    breaker = _breakers.get(url)
    if breaker is None:
        breaker = _breakers[url] = CircuitBreaker(url.rsplit("@", 1)[-1])  # no password in logs
    return breaker


def cache_breaker() -> CircuitBreaker:
    """The breaker of the shared ``feedback`` cache (rate limits, votes, client key)."""
    return breaker_for(cache_location())


def queue_breaker(queue_name: str) -> CircuitBreaker:
    """The breaker of the Redis behind an RQ queue."""
    return breaker_for(str(queue_settings(queue_name).get("URL", queue_name)))


def reset_all() -> None:
    for breaker in _breakers.values():
        breaker.reset()
