"""Rate limit (per client network, sliding window) and duplicate-vote
suppression (per network and User-Agent) on the shared ``feedback`` cache.

Both fail open: if the cache (Redis in production) is unreachable, votes are
accepted. Losing a little abuse protection for a few minutes is better than
refusing every visitor (which is what django-ratelimit does by default).
"""

from __future__ import annotations

import hashlib
import logging
import time
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from feedback.conf import cache_alias, get_rate_limit, get_setting
from feedback.public.circuit import cache_breaker

logger = logging.getLogger("feedback.public.ratelimit")


def _cache():  # type: ignore[no-untyped-def]
    return caches[cache_alias()]


class Reservation:
    """One counted submission; :meth:`refund` gives it back when the vote is
    not stored after all (invalid, a bot, a duplicate, an error), so a
    visitor who fixes a mistake is never limited by their own attempts."""

    def __init__(self, key: str = "", read: dict[str, Any] | None = None, vote_key: str = "", ttl: int = 0) -> None:
        self.key = key
        #: Seconds the counter lives (renewed by a refund).
        self.ttl = ttl
        #: Values of the extra keys asked for with ``reserve(read=...)`` (in the
        #: same round trip); ``None`` when the cache was not reached.
        self.read = read
        #: The duplicate-suppression record ``reserve(vote=...)`` made for this vote.
        self.vote_key = vote_key
        #: True when ``reserve(vote=...)`` found the vote already recorded: a repeat.
        self.duplicate = False

    def refund(self) -> None:
        if not self.key:
            return
        key, self.key = self.key, ""
        try:
            cache = _cache()
            if isinstance(cache, RedisCache):
                # One round trip (the cache API's decr() asks whether the key exists first).
                name = cache.make_and_validate_key(key)
                pipe = cache._cache.get_client(name, write=True).pipeline(transaction=False)
                pipe.decr(name)
                pipe.expire(name, self.ttl)  # (a counter expired meanwhile must not stay at -1 for ever)
                pipe.execute()
            else:
                cache.decr(key)
        except Exception:  # noqa: S110 - expired meanwhile or cache down: nothing to give back
            pass

    def forget_vote(self) -> None:
        """Undo the duplicate record made with the reservation (the vote was not stored)."""
        key, self.vote_key = self.vote_key, ""
        if key:
            _delete(key)


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


def reserve(
    client_key: str, now: float | None = None, read: tuple[str, ...] = (), vote: tuple[str, str] | None = None
) -> Reservation:
    """Count one submission for ``client_key`` or raise :class:`RateLimited`.

    A sliding window (the "sliding window counter" of two fixed windows, the
    previous one weighted by how much of it still overlaps the last
    ``window`` seconds): a burst at a window boundary cannot pass twice the
    limit, as it could with a fixed window. Fails open when the cache is down.
    ``read``: other integer keys of the cache to read in the same round trip.
    ``vote``: (vote client key, fingerprint) of a validated vote: the
    duplicate check of :func:`is_duplicate` in the same round trip, its
    answer in ``duplicate`` (undone when the submission is refused).
    """
    if not client_key or not cache_breaker().allows():
        return Reservation()
    limit, window = get_rate_limit()
    now = time.time() if now is None else now
    current_start = int(now // window) * window
    current_key = f"feedback:rate:{client_key}:{current_start}"
    previous_key = f"feedback:rate:{client_key}:{current_start - window}"
    record = vote_key(*vote) if vote and vote[0] else ""
    ttl = 2 * window + 5
    try:
        current, previous, values, added = _count(_cache(), current_key, previous_key, ttl, read, record)
    except ValueError:  # the key expired between add() and incr()
        return Reservation()
    except Exception as error:  # any cache backend error: fail open
        cache_breaker().trip(error)
        return Reservation()
    reservation = Reservation(current_key, dict(zip(read, values, strict=True)), record if added else "", ttl)
    reservation.duplicate = bool(record) and not added
    overlap = 1 - (now - current_start) / window
    if previous * overlap + current > limit:
        reservation.refund()  # a refused attempt costs nothing either
        reservation.forget_vote()
        # When enough of the previous window has slid out (or this one ends).
        if previous and current <= limit:
            wait = (1 - (limit - current) / previous) * window - (now - current_start)
        else:
            wait = current_start + window - now
        raise RateLimited(max(1, int(wait) + 1))
    return reservation


def _count(
    cache: Any, current_key: str, previous_key: str, timeout: int, read: tuple[str, ...], record: str = ""
) -> tuple[int, int, list[int | None], bool]:
    """Create-if-missing and increment this window's counter, read the previous
    window's and the ``read`` keys, add the ``record`` key if missing:
    (current, previous, [read values], whether the record was added). On
    Django's Redis backend in one round trip (a pipeline through the cache's
    own client and key names); otherwise through the cache API."""
    ttl = int(get_setting("DUPLICATE_WINDOW"))
    if isinstance(cache, RedisCache):
        current_name = cache.make_and_validate_key(current_key)
        pipe = cache._cache.get_client(current_name, write=True).pipeline(transaction=False)
        pipe.set(current_name, 0, nx=True, ex=timeout)
        pipe.incr(current_name)
        pipe.get(cache.make_and_validate_key(previous_key))
        for key in read:
            pipe.get(cache.make_and_validate_key(key))
        if record:
            pipe.set(cache.make_and_validate_key(record), 1, nx=True, ex=ttl)
        _created, current, previous, *values = pipe.execute()
        added = bool(values.pop()) if record else False
        # The backend stores integers as plain numbers (anything else pickled).
        return int(current), int(previous or 0), [_integer(value) for value in values], added
    cache.add(current_key, 0, timeout=timeout)
    current = cache.incr(current_key)
    previous = cache.get(previous_key) or 0
    values = [_integer(cache.get(key)) for key in read]
    return current, previous, values, bool(record) and cache.add(record, 1, timeout=ttl)


def _integer(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def check_rate_limit(client_key: str) -> int | None:
    """Count one submission; ``None`` when allowed, else seconds to wait (``Retry-After``)."""
    try:
        reserve(client_key)
    except RateLimited as limited:
        return limited.retry_after
    return None


def vote_fingerprint(page_id: int, form_id: int, values: list[tuple[str, str]]) -> str:
    """A digest of one vote: the page, the form and every stored answer value."""
    digest = hashlib.sha256(f"{page_id}:{form_id}".encode())
    for key, value in sorted(values):
        digest.update(b"\x1e" + key.encode() + b"\x1f" + value.encode("utf-8", "replace"))
    return digest.hexdigest()


def vote_key(client_key: str, fingerprint: str) -> str:
    """The cache key recording one client's vote for duplicate suppression."""
    return f"feedback:vote:{hashlib.sha256(f'{client_key}:{fingerprint}'.encode()).hexdigest()}"


def is_duplicate(client_key: str, fingerprint: str) -> bool:
    """True if this client already sent this very vote within ``DUPLICATE_WINDOW``.

    The first call records the vote (an atomic ``add``), so of two concurrent
    identical submissions exactly one is stored.
    """
    if not client_key or not cache_breaker().allows():
        return False
    try:
        return not _cache().add(vote_key(client_key, fingerprint), 1, timeout=int(get_setting("DUPLICATE_WINDOW")))
    except Exception as error:  # any cache backend error: fail open
        cache_breaker().trip(error)
        return False


def forget_vote(client_key: str, fingerprint: str) -> None:
    """Undo :func:`is_duplicate`'s record, e.g. when saving the vote failed."""
    if client_key:
        _delete(vote_key(client_key, fingerprint))


def _delete(key: str) -> None:
    try:
        _cache().delete(key)
    except Exception:  # noqa: S110 - best effort; the record expires anyway
        pass
