"""Widget impressions: how many page views showed the widget, so reports can
give votes per 1,000 impressions next to the helpful share.

The widget script sends one tiny POST (``navigator.sendBeacon``) per page
view when the widget first scrolls into view. The request carries only the
widget's signed (page, form) token: no cookie is read or set, nothing about
the visitor is kept, and the page HTML stays cacheable. The count goes to a
Redis hash per day (``HINCRBY``, one round trip); the worker flushes it to
``PageDayImpressions`` every few minutes. Without JavaScript nothing is
counted; if Redis is down, impressions are not counted (they are a rate's
denominator, not data anyone could lose).
"""

from __future__ import annotations

import datetime
import logging
import uuid

import redis
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from feedback.conf import get_setting, queue_configured, queue_name, queue_settings
from feedback.models import PageDayImpressions
from feedback.public.circuit import queue_breaker
from feedback.public.guards import origin_is_allowed
from feedback.public.submission import BadToken, read_token
from feedback.workers.queueing import web_connection

logger = logging.getLogger("feedback.public.impressions")

KEY_PREFIX = "feedback:impressions:"
#: A day's hash lives this long unflushed at most (the worker flushes every few minutes).
KEY_TTL = 7 * 24 * 3600


def _connection() -> redis.Redis:
    return web_connection(get_setting("AGGREGATE_QUEUE"))


def count_impression(page_id: int, day: datetime.date | None = None) -> bool:
    """Add one impression of ``page_id``; ``False`` when Redis is unavailable.
    On a site without RQ (no Redis), the count goes straight to the database."""
    if not queue_configured("aggregate"):
        _add_to_database(page_id, day or timezone.localdate(), 1)
        return True
    breaker = queue_breaker(get_setting("AGGREGATE_QUEUE"))
    if not breaker.allows():
        return False
    key = KEY_PREFIX + (day or timezone.localdate()).isoformat()
    try:
        pipe = _connection().pipeline(transaction=False)
        pipe.hincrby(key, str(page_id), 1)
        pipe.expire(key, KEY_TTL)
        pipe.execute()
    except redis.exceptions.RedisError as error:
        breaker.trip(error)
        return False
    return True


def _body_token(request: HttpRequest) -> str:
    # sendBeacon posts a FormData (multipart) or a plain string.
    token = request.POST.get("token") if request.content_type != "text/plain" else None
    return token or request.body[:512].decode("ascii", "ignore").strip()


@csrf_exempt
@require_POST
def impression(request: HttpRequest) -> HttpResponse:
    """``POST /feedback/impression/`` with the widget's token: 204, or 400 for a bad token."""
    if not origin_is_allowed(request):
        response = HttpResponse(status=403)
    else:
        try:
            page_id, _form_id, _rendered_at = read_token(_body_token(request))
        except BadToken:
            response = HttpResponse(status=400)
        else:
            count_impression(page_id)
            response = HttpResponse(status=204)
    patch_cache_control(response, no_store=True)
    return response


def flush_impressions() -> int:
    """Move the counts from Redis to the database; returns the impressions moved.

    Each day's hash is renamed first (atomic), so counts arriving meanwhile
    go to a fresh hash; a batch whose database write failed stays in Redis
    and is picked up by the next flush. (A worker killed between the commit
    and the delete would count that batch twice: impressions are a rate's
    denominator, and that window is one statement wide.)
    """
    if not queue_configured("aggregate"):
        return 0  # counted straight in the database (count_impression)
    connection = redis.Redis.from_url(str(queue_settings(queue_name("aggregate"))["URL"]))
    moved = 0
    for key in connection.scan_iter(match=KEY_PREFIX + "*", count=100):
        day_part = key.decode()[len(KEY_PREFIX) :].split(":", 1)[0]
        # Claim the hash (or a batch a failed flush left behind) under a name of
        # our own: RENAME is atomic, so two workers never flush the same counts.
        batch = f"{KEY_PREFIX}{day_part}:flush:{uuid.uuid4().hex}"
        try:
            connection.rename(key, batch)
        except redis.exceptions.ResponseError:  # taken by another worker meanwhile
            continue
        day = datetime.date.fromisoformat(day_part)
        counts = {int(page): int(n) for page, n in connection.hgetall(batch).items()}
        with transaction.atomic():
            for page_id, n in counts.items():
                _add_to_database(page_id, day, n)
        connection.delete(batch)
        moved += sum(counts.values())
    return moved


def _add_to_database(page_id: int, day: datetime.date, n: int) -> None:
    updated = PageDayImpressions.objects.filter(page_id=page_id, day=day).update(count=F("count") + n)
    if not updated:
        _, created = PageDayImpressions.objects.get_or_create(page_id=page_id, day=day, defaults={"count": n})
        if not created:  # created by another process meanwhile
            PageDayImpressions.objects.filter(page_id=page_id, day=day).update(count=F("count") + n)


def impressions_for(page_ids: list[int], start: datetime.date, end: datetime.date, language: str = "") -> int:
    """Impressions of the pages (of one language version, if given) over the days ``start``..``end``."""
    from django.db.models import Sum
    from wagtail.models import Page

    if language:
        page_ids = list(
            Page.objects.filter(pk__in=page_ids, locale__language_code=language).values_list("pk", flat=True)
        )
    total = PageDayImpressions.objects.filter(page_id__in=page_ids, day__gte=start, day__lte=end).aggregate(
        total=Sum("count")
    )["total"]
    return total or 0


def responses_per_thousand(responses: int, impressions: int) -> str:
    """ "12,5" (locale-formatted) responses per 1,000 impressions, or "–" without impressions."""
    from django.utils.formats import number_format

    if not impressions:
        return "–"
    return number_format(responses * 1000 / impressions, 1)
