"""Rate limit and duplicate-vote suppression on the shared ``feedback`` cache.

Both fail open: if the cache (Redis in production) is unreachable, votes are
accepted. Losing a little abuse protection for a few minutes is better than
refusing every visitor (which is what django-ratelimit does by default).
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.core.cache import caches

from feedback.circuit import cache_breaker
from feedback.conf import get_rate_limit, get_setting

logger = logging.getLogger("feedback.ratelimit")


def _cache():  # type: ignore[no-untyped-def]
    return caches[get_setting("CACHE")]


def check_rate_limit(client_key: str) -> int | None:
    """Count one submission for ``client_key``.

    Returns ``None`` when it is allowed, otherwise the number of seconds until
    the client may try again (for ``Retry-After``). A fixed window per client:
    cheap (one ``add`` and one ``incr``) and good enough against bursts.
    """
    if not client_key:
        return None
    limit, window = get_rate_limit()
    now = int(time.time())
    window_start = now - now % window
    key = f"feedback:rate:{client_key}:{window_start}"
    if not cache_breaker().allows():
        return None
    try:
        cache = _cache()
        cache.add(key, 0, timeout=window + 5)
        count = cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        return None
    except Exception as error:  # any cache backend error: fail open
        cache_breaker().trip(error)
        return None
    if count > limit:
        return max(1, window_start + window - now)
    return None


def vote_fingerprint(page_id: int, form_id: int, values: list[tuple[str, str]]) -> str:
    """A digest of one vote: the page, the form and every stored answer value."""
    digest = hashlib.sha256(f"{page_id}:{form_id}".encode())
    for key, value in sorted(values):
        digest.update(b"\x1e" + key.encode() + b"\x1f" + value.encode("utf-8", "replace"))
    return digest.hexdigest()


def is_duplicate(client_key: str, fingerprint: str) -> bool:
    """True if this client already sent this very vote within ``DUPLICATE_WINDOW``.

    The first call records the vote (an atomic ``add``), so of two concurrent
    identical submissions exactly one is stored.
    """
    if not client_key:
        return False
    key = f"feedback:vote:{hashlib.sha256(f'{client_key}:{fingerprint}'.encode()).hexdigest()}"
    if not cache_breaker().allows():
        return False
    try:
        return not _cache().add(key, 1, timeout=int(get_setting("DUPLICATE_WINDOW")))
    except Exception as error:  # any cache backend error: fail open
        cache_breaker().trip(error)
        return False


def forget_vote(client_key: str, fingerprint: str) -> None:
    """Undo :func:`is_duplicate`'s record, e.g. when saving the vote failed."""
    if not client_key:
        return
    key = f"feedback:vote:{hashlib.sha256(f'{client_key}:{fingerprint}'.encode()).hexdigest()}"
    try:
        _cache().delete(key)
    except Exception:  # noqa: S110 - best effort; the record expires anyway
        pass
