"""Hand-off to RQ from the web side: short timeouts, never fail a request.

The database is the source of truth; Redis only carries work to do. If Redis
is down or slow the enqueue is skipped with a warning and the scheduled
catch-up (``manage.py feedback_aggregate``) picks the work up later.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import django_rq
import redis
from django.db import transaction
from redis.backoff import NoBackoff
from redis.retry import Retry
from rq import Queue, get_current_job
from rq.job import Job

from feedback.conf import get_setting, queue_configured, queue_name, queue_settings
from feedback.public.circuit import queue_breaker

logger = logging.getLogger("feedback.workers.queueing")

#: A job's function, or its dotted path (RQ's own constrained type).
Func = TypeVar("Func", str, Callable[..., Any])

#: Seconds a coalescing key lives at most (a lost job is retried by then).
COALESCE_TTL = 120
#: A job waits this long after deleting its coalescing key before it reads
#: anything, so a vote that found the key (a job queued) before the delete and
#: committed within this time of that is seen by the job (see :class:`Claim`).
COALESCE_GRACE = 0.1


@dataclass(frozen=True)
class Claim:
    """A coalescing key set (or found set) before the transaction, in the
    vote's own round trip (feedback.public.vote_check), instead of after the
    commit.

    ``claimed``: this vote set it, so it enqueues the job after its commit.
    Otherwise a job was queued and had not started when the key was read at
    ``checked_at`` (``time.monotonic()`` just before the round trip): that job
    deletes the key when it starts and then waits ``COALESCE_GRACE`` before
    reading, so a commit within ``COALESCE_GRACE`` of ``checked_at`` is seen
    by it and needs nothing more. A later commit sets the key as usual."""

    key: str
    claimed: bool
    checked_at: float

    def covers_commit(self) -> bool:
        return not self.claimed and time.monotonic() - self.checked_at < COALESCE_GRACE


_connections: dict[tuple[str, float], redis.Redis] = {}


def web_connection(queue_name: str) -> redis.Redis:
    """A Redis client for the request path: short timeouts, no retries.

    One client (and so one connection pool) per URL and process: connecting
    anew on every vote cost as much as the vote itself. redis-py's pool
    notices a fork and does not share sockets with the parent.
    """
    url = str(queue_settings(queue_name)["URL"])
    timeout = float(get_setting("REDIS_TIMEOUT"))
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
    return django_rq.get_queue(name)


def safe_enqueue(
    kind: str, func: Func, *args: Any, coalesce_key: str | None = None, claim: Claim | None = None, **options: Any
) -> Job | None:
    """Enqueue now; on any Redis error (or while Redis is known to be down) log
    and return ``None``: the scheduled catch-up does the work.

    With ``coalesce_key``, nothing is enqueued while that key exists: one
    atomic ``SET NX`` instead of a whole enqueue per vote. The job deletes the
    key when it starts (:func:`clear_coalesce_key`), so work arriving after
    that gets a job of its own; the key also expires after ``COALESCE_TTL``.
    ``claim``: the key was set or read before the commit (:class:`Claim`).
    """
    if not queue_configured(kind):
        return None  # no RQ on this site: the catch-up command does the work
    if claim is not None and claim.key == coalesce_key and claim.covers_commit():
        return None  # the queued job starts after this commit and will see it
    breaker = queue_breaker(queue_name(kind))
    if not breaker.allows():
        return None
    try:
        queue = get_queue(kind)
        claimed = claim is not None and claim.key == coalesce_key and claim.claimed
        if coalesce_key and not claimed and not queue.connection.set(coalesce_key, 1, nx=True, ex=COALESCE_TTL):
            return None
        return queue.enqueue(func, *args, **options)
    except redis.exceptions.RedisError as error:
        breaker.trip(error)
        return None


def clear_coalesce_key(key: str) -> None:
    """Called by a job as it starts: later work must enqueue a new job. Then
    waits ``COALESCE_GRACE``, for the votes that found the key set just before
    (:class:`Claim`) to commit."""
    job = get_current_job()
    if job is not None:
        job.connection.delete(key)
        time.sleep(COALESCE_GRACE)


def release(claim: Claim | None) -> None:
    """Give back a key this vote claimed when it is not stored after all
    (else no job would be enqueued for the page until the key expires)."""
    if claim is None or not claim.claimed:
        return
    try:
        web_connection(queue_name("aggregate")).delete(claim.key)
    except redis.exceptions.RedisError:  # expires anyway
        logger.info("Could not give back an aggregation claim; it expires in %ss.", COALESCE_TTL)


def enqueue_on_commit(kind: str, func: Func, *args: Any, **options: Any) -> None:
    """Enqueue once the current transaction commits; a Redis failure never
    reaches the caller (``robust=True`` plus :func:`safe_enqueue`)."""
    transaction.on_commit(lambda: safe_enqueue(kind, func, *args, **options), robust=True)
