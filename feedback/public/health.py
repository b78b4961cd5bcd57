"""``GET /health/`` for load balancers and monitoring.

200 while the database answers, 503 when it does not. Redis being down is
reported, not fatal: votes are still stored and the catch-up does the queued
work later. The body holds counts and ages only, never personal data, and is
never cached. A site mounts it where it likes (the demo: ``/health/``).
"""

from __future__ import annotations

import time
from typing import Any

import redis
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from rq import Queue

from feedback.conf import get_setting
from feedback.workers.queueing import web_connection


def database_ok(alias: str = DEFAULT_DB_ALIAS) -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def queue_state(name: str) -> dict[str, Any]:
    """Length, age of the oldest waiting job (seconds) and failed jobs of one RQ queue."""
    queue = Queue(name, connection=web_connection(name))
    oldest_age = None
    first = queue.get_job_ids(0, 1)
    if first:
        job = queue.fetch_job(first[0])
        if job is not None and job.enqueued_at is not None:
            oldest_age = max(0, round(time.time() - job.enqueued_at.timestamp()))
    return {"length": queue.count, "oldest_queued_seconds": oldest_age, "failed": queue.failed_job_registry.count}


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    body: dict[str, Any] = {"database": "ok" if database_ok() else "unavailable"}
    queues: dict[str, Any] = {}
    try:
        for setting in ("AGGREGATE_QUEUE", "EXPORT_QUEUE"):
            name = get_setting(setting)
            queues[name] = queue_state(name)
        body["redis"] = "ok"
    except redis.exceptions.RedisError:
        body["redis"] = "unavailable"
    body["queues"] = queues
    healthy = body["database"] == "ok"
    body["status"] = "ok" if healthy else "unavailable"
    return JsonResponse(body, status=200 if healthy else 503)
