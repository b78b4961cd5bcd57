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

from feedback.conf import get_setting

logger = logging.getLogger("feedback.circuit")


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


#: The shared cache behind rate limits, duplicate votes and the client key.
cache_breaker = CircuitBreaker("cache")
#: The RQ queues.
queue_breaker = CircuitBreaker("queue")
