"""Hand-off to RQ from the web side: short timeouts, never fail a request.

The database is the source of truth; Redis only carries work to do. If Redis
is down or slow the enqueue is skipped with a warning and the scheduled
catch-up (``manage.py feedback_aggregate``) picks the work up later.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

import redis
from django.conf import settings
from django.db import transaction
from redis.backoff import NoBackoff
from redis.retry import Retry
from rq import Queue
from rq.job import Job

from feedback.conf import queue_configured, queue_name, queue_settings
from feedback.public.circuit import queue_breaker

logger = logging.getLogger("feedback.workers.queueing")

#: A job's function, or its dotted path (RQ's own constrained type).
Func = TypeVar("Func", str, Callable[..., Any])

#: Seconds a coalescing key lives at most (a lost job is retried by then).
COALESCE_TTL = 120


_connections: dict[tuple[str, float], redis.Redis] = {}


def web_connection(queue_name: str) -> redis.Redis:
    """A Redis client for the request path: short timeouts, no retries.

    One client (and so one connection pool) per URL and process: connecting
    anew on every vote cost as much as the vote itself. redis-py's pool
    notices a fork and does not share sockets with the parent.
    """
    url = str(queue_settings(queue_name)["URL"])
    timeout = float(getattr(settings, "REDIS_SOCKET_TIMEOUT", 0.5))
    client = _connections.get((url, timeout))
    if client is None:
        client = _connections[(url, timeout)] = redis.Redis.from_url(
            url, socket_connect_timeout=timeout, socket_timeout=timeout, retry=Retry(NoBackoff(), 0)
        )
    return client


def get_queue(kind: str, *, for_web: bool = True) -> Queue:
    """The RQ queue for ``"aggregate"`` or ``"export"`` work."""
    name = queue_name(kind)
    if for_web:
        config = queue_settings(name)
        return Queue(name, connection=web_connection(name), default_timeout=config.get("DEFAULT_TIMEOUT"))
    import django_rq

    return django_rq.get_queue(name)


def safe_enqueue(kind: str, func: Func, *args: Any, coalesce_key: str | None = None, **options: Any) -> Job | None:
    """Enqueue now; on any Redis error (or while Redis is known to be down) log
    and return ``None``: the scheduled catch-up does the work.

    With ``coalesce_key``, nothing is enqueued while that key exists: one
    atomic ``SET NX`` instead of a whole enqueue per vote. The job deletes the
    key when it starts (:func:`clear_coalesce_key`), so work arriving after
    that gets a job of its own; the key also expires after ``COALESCE_TTL``.
    """
    if not queue_configured(kind):
        return None  # no RQ on this site: the catch-up command does the work
    breaker = queue_breaker(queue_name(kind))
    if not breaker.allows():
        return None
    try:
        queue = get_queue(kind)
        if coalesce_key and not queue.connection.set(coalesce_key, 1, nx=True, ex=COALESCE_TTL):
            return None
        return queue.enqueue(func, *args, **options)
    except redis.exceptions.RedisError as error:
        breaker.trip(error)
        return None


def clear_coalesce_key(key: str) -> None:
    """Called by a job as it starts: later work must enqueue a new job."""
    from rq import get_current_job

    job = get_current_job()
    if job is not None:
        job.connection.delete(key)


def enqueue_on_commit(kind: str, func: Func, *args: Any, **options: Any) -> None:
    """Enqueue once the current transaction commits; a Redis failure never
    reaches the caller (``robust=True`` plus :func:`safe_enqueue`)."""
    transaction.on_commit(lambda: safe_enqueue(kind, func, *args, **options), robust=True)
