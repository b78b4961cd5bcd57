"""Rate limit and duplicate-vote suppression on the feedback cache, failing open."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from feedback.public.ratelimit import (
    RateLimited,
    check_rate_limit,
    forget_vote,
    is_duplicate,
    reserve,
    vote_fingerprint,
)

DEAD_REDIS = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:9/0",
    "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
}


@pytest.fixture(autouse=True)
def empty_cache():
    caches["feedback"].clear()


def test_burst_over_the_limit_is_refused_with_retry_after(settings):
    settings.WAGTAIL_FEEDBACK_RATE_LIMIT = "3/60"
    results = [check_rate_limit("client-a") for _ in range(5)]
    assert results[:3] == [None, None, None]
    assert all(isinstance(r, int) and 1 <= r <= 60 for r in results[3:])
    assert check_rate_limit("client-b") is None  # per client


def test_no_client_key_is_never_limited(settings):
    settings.WAGTAIL_FEEDBACK_RATE_LIMIT = "1/60"
    assert [check_rate_limit("") for _ in range(3)] == [None, None, None]


def test_same_vote_is_a_duplicate_within_the_window():
    fingerprint = vote_fingerprint(1, 2, [("helpful", "yes")])
    assert not is_duplicate("client", fingerprint)
    assert is_duplicate("client", fingerprint)
    assert not is_duplicate("other client", fingerprint)
    assert not is_duplicate("client", vote_fingerprint(1, 2, [("helpful", "no")]))
    assert not is_duplicate("client", vote_fingerprint(3, 2, [("helpful", "yes")]))
    forget_vote("client", fingerprint)
    assert not is_duplicate("client", fingerprint)


def test_fingerprint_ignores_answer_order():
    assert vote_fingerprint(1, 2, [("a", "1"), ("b", "2")]) == vote_fingerprint(1, 2, [("b", "2"), ("a", "1")])


def test_fails_open_when_the_cache_is_down(settings):
    settings.WAGTAIL_FEEDBACK_RATE_LIMIT = "1/60"
    settings.CACHES = {**settings.CACHES, "feedback": DEAD_REDIS}
    assert [check_rate_limit("client") for _ in range(3)] == [None, None, None]
    fingerprint = vote_fingerprint(1, 2, [("helpful", "yes")])
    assert [is_duplicate("client", fingerprint) for _ in range(2)] == [False, False]
    forget_vote("client", fingerprint)  # no error either


def test_sliding_window_lets_no_double_burst_through_a_boundary(settings):
    """Ten at the end of one window and ten at the start of the next: a fixed
    window would take all twenty; the sliding window takes about ten."""
    settings.WAGTAIL_FEEDBACK_RATE_LIMIT = "10/600"
    start = 6000.0  # a window boundary
    accepted = 0
    for offset in [590 + i * 0.5 for i in range(10)] + [600 + i * 0.5 for i in range(10)]:
        try:
            reserve("client", now=start - 600 + offset)
            accepted += 1
        except RateLimited as limited:
            assert limited.retry_after >= 1
    assert accepted <= 11


def test_the_window_slides_open_again(settings):
    settings.WAGTAIL_FEEDBACK_RATE_LIMIT = "4/100"
    for i in range(4):
        reserve("client", now=1000 + i)
    with pytest.raises(RateLimited) as refused:
        reserve("client", now=1050)
    # Half of the window later the old votes weigh half: room again.
    reserve("client", now=1000 + 100 + 60)
    assert 1 <= refused.value.retry_after <= 100


def test_a_refunded_reservation_is_not_counted(settings):
    settings.WAGTAIL_FEEDBACK_RATE_LIMIT = "2/600"
    for _ in range(5):
        reserve("client", now=100).refund()
    reserve("client", now=100)
    reserve("client", now=100)
    with pytest.raises(RateLimited):
        reserve("client", now=100)


def test_on_redis_the_window_is_counted_in_one_round_trip(redis_settings, settings, monkeypatch):
    """Django's Redis backend: the counter is created, incremented and the
    previous window read through one pipeline, with the cache's own key names;
    a refund is one more."""
    import redis

    settings.WAGTAIL_FEEDBACK_RATE_LIMIT = "3/60"
    executed = []
    original = redis.client.Pipeline.execute

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        executed.append(len(self.command_stack))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(redis.client.Pipeline, "execute", counting)
    start = 999_960.0  # a window boundary (a multiple of 60)
    reservations = [reserve("client-r", now=start + 30) for _ in range(3)]
    with pytest.raises(RateLimited):
        reserve("client-r", now=start + 30)
    assert executed == [3, 3, 3, 3, 2]  # the refused one given back at once
    reservations[0].refund()  # one given back: one more is allowed
    assert executed == [3, 3, 3, 3, 2, 2]
    reserve("client-r", now=start + 31)
    # The previous window still counts while it overlaps (sliding window).
    with pytest.raises(RateLimited):
        reserve("client-r", now=start + 61)
    assert caches["feedback"].get(f"feedback:rate:client-r:{int(start)}") == 3


@pytest.mark.parametrize("on_redis", [False, True], ids=["locmem", "redis"])
def test_other_integer_keys_are_read_in_the_same_round_trip(request, settings, on_redis):
    if on_redis:
        request.getfixturevalue("redis_settings")
    cache = caches["feedback"]
    cache.set("feedback:example", 42)
    reservation = reserve("client-k", read=("feedback:example", "feedback:absent"))
    assert reservation.read == {"feedback:example": 42, "feedback:absent": None}
