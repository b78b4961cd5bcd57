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

from django.core.cache.backends.redis import RedisCache

from feedback.conf import feedback_cache, get_rate_limit, get_setting
from feedback.public.circuit import cache_breaker

logger = logging.getLogger("feedback.public.ratelimit")


class RedisClient:
    """One redis-py client per Django Redis cache object, kept: Django's
    ``get_client()`` builds a new client (and its table of reply callbacks)
    on every call. Same connection pool, same server (the first, for writes)."""

    def __init__(self, cache: RedisCache) -> None:
        self.cache = cache
        self.client = cache._cache.get_client(write=True)
        self.scripts: dict[str, Any] = {}

    def run(self, script: str, keys: list[str], args: list[Any]) -> Any:
        """A Lua script by its SHA (loaded on the first NOSCRIPT reply)."""
        registered = self.scripts.get(script)
        if registered is None:
            registered = self.scripts[script] = self.client.register_script(script)
        return registered(keys=keys, args=args)


_clients: dict[int, RedisClient] = {}


def client_of(cache: RedisCache) -> RedisClient:
    held = _clients.get(id(cache))
    if held is None or held.cache is not cache:
        held = _clients[id(cache)] = RedisClient(cache)
    return held


class Reservation:
    """One counted submission; :meth:`refund` gives it back when the vote is
    not stored after all (invalid, a bot, a duplicate, an error), so a
    visitor who fixes a mistake is never limited by their own attempts."""

    def __init__(self, key: str = "", read: dict[str, Any] | None = None, ttl: int = 0) -> None:
        self.key = key
        #: Seconds the counter lives (renewed by a refund).
        self.ttl = ttl
        #: Values of the extra keys asked for with ``reserve(read=...)`` (in the
        #: same round trip); ``None`` when the cache was not reached.
        self.read = read

    def refund(self) -> None:
        if not self.key:
            return
        key, self.key = self.key, ""
        try:
            cache = feedback_cache()
            if isinstance(cache, RedisCache):
                # One round trip (the cache API's decr() asks whether the key exists first).
                name = cache.make_and_validate_key(key)
                pipe = client_of(cache).client.pipeline(transaction=False)
                pipe.decr(name)
                pipe.expire(name, self.ttl)  # (a counter expired meanwhile must not stay at -1 for ever)
                pipe.execute()
            else:
                cache.decr(key)
        except Exception:  # noqa: S110 - expired meanwhile or cache down: nothing to give back
            pass


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


def reserve(client_key: str, now: float | None = None, read: tuple[str, ...] = ()) -> Reservation:
    """Count one submission for ``client_key`` or raise :class:`RateLimited`.

    A sliding window (the "sliding window counter" of two fixed windows, the
    previous one weighted by how much of it still overlaps the last
    ``window`` seconds): a burst at a window boundary cannot pass twice the
    limit, as it could with a fixed window. Fails open when the cache is down.
    ``read``: other integer keys of the cache to read in the same round trip.
    (A vote on a target the process keeps goes through
    :mod:`feedback.public.vote_check` instead: one Lua script.)
    """
    if not client_key or not cache_breaker().allows():
        return Reservation()
    limit, window = get_rate_limit()
    now = time.time() if now is None else now
    current_start = int(now // window) * window
    current_key = f"feedback:rate:{client_key}:{current_start}"
    previous_key = f"feedback:rate:{client_key}:{current_start - window}"
    ttl = 2 * window + 5
    try:
        current, previous, values = _count(feedback_cache(), current_key, previous_key, ttl, read)
    except ValueError:  # the key expired between add() and incr()
        return Reservation()
    except Exception as error:  # any cache backend error: fail open
        cache_breaker().trip(error)
        return Reservation()
    reservation = Reservation(current_key, dict(zip(read, values, strict=True)), ttl)
    overlap = 1 - (now - current_start) / window
    if previous * overlap + current > limit:
        reservation.refund()  # a refused attempt costs nothing either
        raise RateLimited(retry_after(limit, window, now, current, previous))
    return reservation


def retry_after(limit: int, window: int, now: float, current: int, previous: int) -> int:
    """Seconds until a refused client may send again: when enough of the
    previous window has slid out (or this one ends)."""
    current_start = int(now // window) * window
    if previous and current <= limit:
        wait = (1 - (limit - current) / previous) * window - (now - current_start)
    else:
        wait = current_start + window - now
    return max(1, int(wait) + 1)


def _count(
    cache: Any, current_key: str, previous_key: str, timeout: int, read: tuple[str, ...]
) -> tuple[int, int, list[int | None]]:
    """Create-if-missing and increment this window's counter, read the previous
    window's and the ``read`` keys: (current, previous, [read values]). On
    Django's Redis backend in one round trip (a pipeline through the cache's
    own client and key names); otherwise through the cache API."""
    if isinstance(cache, RedisCache):
        current_name = cache.make_and_validate_key(current_key)
        pipe = client_of(cache).client.pipeline(transaction=False)
        pipe.set(current_name, 0, nx=True, ex=timeout)
        pipe.incr(current_name)
        pipe.get(cache.make_and_validate_key(previous_key))
        for key in read:
            pipe.get(cache.make_and_validate_key(key))
        _created, current, previous, *values = pipe.execute()
        # The backend stores integers as plain numbers (anything else pickled).
        return int(current), int(previous or 0), [_integer(value) for value in values]
    cache.add(current_key, 0, timeout=timeout)
    current = cache.incr(current_key)
    return current, cache.get(previous_key) or 0, [_integer(cache.get(key)) for key in read]


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
        window = int(get_setting("DUPLICATE_WINDOW"))
        return not feedback_cache().add(vote_key(client_key, fingerprint), 1, timeout=window)
    except Exception as error:  # any cache backend error: fail open
        cache_breaker().trip(error)
        return False


def forget_vote(client_key: str, fingerprint: str) -> None:
    """Undo :func:`is_duplicate`'s record, e.g. when saving the vote failed."""
    if not client_key:
        return
    try:
        feedback_cache().delete(vote_key(client_key, fingerprint))
    except Exception:  # noqa: S110 - best effort; the record expires anyway
        pass
