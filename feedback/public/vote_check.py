"""A validated vote's one round trip to Redis before its transaction.

The vote's target is kept in the process (:mod:`feedback.public.targets`) and
every check that needs no Redis has passed. One Lua script then does, in
this order and atomically, what the checked path does in several calls:

1. counts the submission in the client's sliding window
   (:func:`feedback.public.ratelimit.reserve`) and refuses it over the limit,
   counting nothing;
2. compares the targets' shared version with the one the kept target was
   loaded under: when it changed, the caller checks the vote again on the
   reloaded target (the submission stays counted);
3. records the vote for duplicate suppression (``SET NX``,
   :func:`feedback.public.ratelimit.is_duplicate`'s key): a repeat is
   answered like a success and counts nothing;
4. when the queues use the same Redis, claims the page's aggregation
   (``SET NX`` of the coalescing key): the vote that claims it enqueues the
   job after its commit; a vote that finds it claimed enqueues nothing if it
   commits within ``COALESCE_GRACE`` of this round trip (see
   :class:`feedback.workers.queueing.Claim`).

On any other cache backend the same steps go through the cache API, without
the claim. Fails open like the rate limit: Redis unreachable means
``UNCHECKED`` and the checked path decides.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import redis
from django.core.cache.backends.redis import RedisCache

from feedback.conf import (
    cache_location,
    feedback_cache,
    get_rate_limit,
    get_setting,
    queue_configured,
    queue_name,
    queue_settings,
)
from feedback.public import ratelimit
from feedback.public.circuit import cache_breaker
from feedback.workers.jobs import pending_key
from feedback.workers.queueing import COALESCE_TTL, Claim

logger = logging.getLogger("feedback.public.vote_check")

OK, DUPLICATE, STALE, UNCHECKED = "ok", "duplicate", "stale", "unchecked"
#: Set when Redis refuses to run the script: this process keeps to the checked path.
_refused = False

# KEYS: this window's counter, the previous window's, the targets' version,
# the vote's record[, the page's aggregation key]. ARGV: counter TTL, limit,
# the previous window's weight, the expected version, record TTL[, claim TTL].
SCRIPT = """
redis.call('SET', KEYS[1], 0, 'NX', 'EX', ARGV[1])
local current = redis.call('INCR', KEYS[1])
local previous = tonumber(redis.call('GET', KEYS[2]) or '0') or 0
if previous * tonumber(ARGV[3]) + current > tonumber(ARGV[2]) then
  redis.call('DECR', KEYS[1])
  return {'limited', current, previous}
end
if redis.call('GET', KEYS[3]) ~= ARGV[4] then
  return {'stale', current, previous}
end
if not redis.call('SET', KEYS[4], 1, 'NX', 'EX', ARGV[5]) then
  redis.call('DECR', KEYS[1])
  return {'duplicate', current, previous}
end
local claimed = 0
if KEYS[5] and redis.call('SET', KEYS[5], 1, 'NX', 'EX', ARGV[6]) then
  claimed = 1
end
return {'ok', current, previous, claimed}
"""


@dataclass
class VoteCheck:
    status: str
    #: The counted submission (refund it if the vote is not stored), or ``None``.
    reservation: ratelimit.Reservation | None = None
    #: For ``OK`` when the claim was part of the round trip.
    claim: Claim | None = None


def check_vote(
    client_key: str, vote_key: str, fingerprint: str, version_key: str, version: int, page_id: int
) -> VoteCheck:
    """The round trip for one vote; raises :class:`~feedback.public.ratelimit.RateLimited`."""
    global _refused
    if not client_key or not vote_key or not cache_breaker().allows():
        return VoteCheck(UNCHECKED)
    cache = feedback_cache()
    if not isinstance(cache, RedisCache):
        return _through_cache_api(client_key, vote_key, fingerprint, version_key, version)
    record_ttl = int(get_setting("DUPLICATE_WINDOW"))
    if _refused or record_ttl < 1:  # (no script on this server; or no expiry Redis takes)
        return VoteCheck(UNCHECKED)
    limit, window = get_rate_limit()
    now = time.time()
    start = int(now // window) * window
    ttl = 2 * window + 5
    current_key = f"feedback:rate:{client_key}:{start}"
    keys = [
        cache.make_and_validate_key(current_key),
        cache.make_and_validate_key(f"feedback:rate:{client_key}:{start - window}"),
        cache.make_and_validate_key(version_key),
        cache.make_and_validate_key(ratelimit.vote_key(vote_key, fingerprint)),
    ]
    args: list[Any] = [ttl, limit, 1 - (now - start) / window, version, record_ttl]
    claim_key = _claim_key(cache, page_id)
    if claim_key:
        keys.append(claim_key)
        args.append(COALESCE_TTL)
    checked_at = time.monotonic()
    try:
        reply = ratelimit.client_of(cache).run(SCRIPT, keys, args)
    except redis.exceptions.ResponseError as error:
        # Redis answered but will not run the script (scripting disabled, say):
        # not an outage, so Redis stays in use through the checked path.
        _refused = True
        logger.warning("Redis refused the vote's script (%s); votes take the checked path.", error)
        return VoteCheck(UNCHECKED)
    except Exception as error:  # any other Redis error: fail open, the checked path decides
        cache_breaker().trip(error)
        return VoteCheck(UNCHECKED)
    status = reply[0].decode() if isinstance(reply[0], bytes) else str(reply[0])
    if status == "limited":
        raise ratelimit.RateLimited(ratelimit.retry_after(limit, window, now, int(reply[1]), int(reply[2])))
    if status == DUPLICATE:
        return VoteCheck(DUPLICATE)
    reservation = ratelimit.Reservation(current_key, ttl=ttl)
    if status == STALE:
        return VoteCheck(STALE, reservation)
    claim = Claim(claim_key, bool(reply[3]), checked_at) if claim_key else None
    return VoteCheck(OK, reservation, claim)


def _claim_key(cache: RedisCache, page_id: int) -> str:
    """The page's aggregation coalescing key when the queue's Redis is the
    cache's (same URL), else ""."""
    if not queue_configured("aggregate"):
        return ""
    if queue_settings(queue_name("aggregate")).get("URL") != cache_location():
        return ""
    return pending_key(page_id)


def _through_cache_api(client_key: str, vote_key: str, fingerprint: str, version_key: str, version: int) -> VoteCheck:
    reservation = ratelimit.reserve(client_key, read=(version_key,))
    if reservation.read is None:
        return VoteCheck(UNCHECKED, reservation)
    if reservation.read.get(version_key) != version:
        return VoteCheck(STALE, reservation)
    if ratelimit.is_duplicate(vote_key, fingerprint):
        reservation.refund()
        return VoteCheck(DUPLICATE)
    return VoteCheck(OK, reservation)
