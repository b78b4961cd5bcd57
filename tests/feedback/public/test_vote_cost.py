"""What a vote costs (SQL statements, Redis round trips), the one-round-trip
path on a target the process keeps, and votes while Redis is down."""

from __future__ import annotations

import json

import pytest
from django.core.cache import caches
from django.db import connection
from django.db.backends.utils import CursorWrapper

from feedback.models import Answer, Question, Response
from feedback.public import targets
from tests.feedback.public.voting import SUBMIT, post_json, vote

pytestmark = pytest.mark.django_db


def test_a_vote_with_a_comment_costs_at_most_six_queries(client, widget_page, django_assert_max_num_queries):
    """One transaction of two inserts (with its savepoint): the page, its
    questions and view restrictions are kept in the process between votes
    (feedback.public.targets), and whether the form is placed on the page is read
    once per page revision and process (here by the first vote)."""
    page, form = widget_page
    client.get(page.url)  # warms Wagtail's cached site root paths, as any earlier request would
    post_json(client, vote(page, form, helpful="yes"), HTTP_ORIGIN="http://localhost")
    body = json.dumps(vote(page, form, helpful="no", missing="Öppettiderna saknas"))
    with django_assert_max_num_queries(6):
        response = client.post(SUBMIT, body, content_type="application/json", HTTP_ORIGIN="http://localhost")
    assert response.status_code == 201
    assert Answer.objects.count() == 3


def test_votes_are_accepted_when_redis_is_down(client, widget_page, settings, django_capture_on_commit_callbacks):
    from tests.services import free_port

    dead = f"redis://127.0.0.1:{free_port()}/0"
    settings.CACHES = {
        **settings.CACHES,
        "feedback": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": dead,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    settings.RQ_QUEUES = {name: {"URL": dead, "DEFAULT_TIMEOUT": 60} for name in ("default", "feedback")}
    page, form = widget_page
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post_json(client, vote(page, form, helpful="yes"))
    assert response.status_code == 201
    assert len(callbacks) == 1  # the enqueue ran and its failure was swallowed
    assert Response.objects.get().client_hash == ""  # no daily secret without the cache


@pytest.mark.integration
def test_aggregation_is_enqueued_after_commit(client, widget_page, redis_settings, django_capture_on_commit_callbacks):
    import redis
    from rq.job import Job

    page, form = widget_page
    with django_capture_on_commit_callbacks(execute=True):
        assert post_json(client, vote(page, form, helpful="yes")).status_code == 201
    job = Job.fetch(f"feedback-aggregate-page-{page.pk}", connection=redis.Redis.from_url(redis_settings.url))
    assert job.func_name == "feedback.workers.jobs.aggregate_page_job"
    assert job.args == (page.pk, None)  # ids only, never answer text
    assert job.origin == "feedback"
    assert job.retries_left == 3 and job.failure_ttl and job.timeout
    stored = Response.objects.get()
    assert len(stored.client_hash) == 64  # the daily secret lives in the real Redis


def test_votes_on_one_page_share_one_queued_aggregation(
    client, widget_page, redis_settings, django_capture_on_commit_callbacks
):
    import redis
    from rq import Queue

    page, form = widget_page
    connection = redis.Redis.from_url(redis_settings.url)
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        with django_capture_on_commit_callbacks(execute=True):
            assert post_json(client, vote(page, form, helpful="yes"), REMOTE_ADDR=address).status_code == 201
    assert Response.objects.count() == 3
    assert Queue("feedback", connection=connection).job_ids == [f"feedback-aggregate-page-{page.pk}"]
    assert connection.exists(f"feedback:aggregate-pending:{page.pk}")


@pytest.mark.integration
def test_a_vote_on_a_kept_target_makes_one_redis_round_trip(
    client, widget_page, redis_settings, monkeypatch, django_capture_on_commit_callbacks
):
    """Rate limit, the targets' version, the duplicate check and the page's
    queued aggregation in one Lua script before the transaction; with the job
    already queued, nothing goes to Redis after the commit."""
    import redis

    page, form = widget_page
    for address in ("10.1.0.1", "10.1.0.2"):  # loads and keeps the target, queues a job, loads the script
        with django_capture_on_commit_callbacks(execute=True):
            assert post_json(client, vote(page, form, helpful="yes"), REMOTE_ADDR=address).status_code == 201
    events: list[str] = []
    original = redis.connection.AbstractConnection.send_packed_command

    def sent(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        events.append("redis")
        return original(self, *args, **kwargs)

    def executed(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        events.append("sql")
        return execute(sql, params, many, context)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", sent)
    body = vote(page, form, helpful="no", missing="Öppettiderna")
    with connection.execute_wrapper(executed), django_capture_on_commit_callbacks(execute=True):
        assert post_json(client, body, REMOTE_ADDR="10.1.0.3").status_code == 201
    assert events[0] == "redis" and set(events[1:]) == {"sql"}
    assert Response.objects.count() == 3
    # The same vote again is a duplicate, found in that one round trip.
    events.clear()
    with connection.execute_wrapper(executed):
        assert post_json(client, body, REMOTE_ADDR="10.1.0.3").status_code == 201
    assert events == ["redis"]
    assert Response.objects.count() == 3


@pytest.mark.integration
def test_the_vote_that_claims_the_pages_aggregation_enqueues_it(
    client, widget_page, redis_settings, django_capture_on_commit_callbacks
):
    import redis
    from rq import Queue

    page, form = widget_page
    connection = redis.Redis.from_url(redis_settings.url)
    with django_capture_on_commit_callbacks(execute=True):  # keeps the target, queues a job
        assert post_json(client, vote(page, form, helpful="yes"), REMOTE_ADDR="10.3.0.1").status_code == 201
    queue = Queue("feedback", connection=connection)
    queue.empty()
    connection.delete(f"feedback:aggregate-pending:{page.pk}")  # as a job does when it starts
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert post_json(client, vote(page, form, helpful="yes"), REMOTE_ADDR="10.3.0.2").status_code == 201
    assert len(callbacks) == 1
    assert queue.job_ids == [f"feedback-aggregate-page-{page.pk}"]
    # A vote that finds the job queued and commits at once leaves it alone.
    queue.empty()
    with django_capture_on_commit_callbacks(execute=True):
        assert post_json(client, vote(page, form, helpful="yes"), REMOTE_ADDR="10.3.0.3").status_code == 201
    assert queue.job_ids == []
    assert connection.exists(f"feedback:aggregate-pending:{page.pk}")


@pytest.mark.parametrize("on_redis", [False, True], ids=["locmem", "redis"])
def test_a_vote_refused_by_the_rate_limit_is_no_duplicate_later(request, client, widget_page, settings, on_redis):
    if on_redis:
        request.getfixturevalue("redis_settings")
    settings.WAGTAIL_FEEDBACK_RATE_LIMIT = "1/600"
    page, form = widget_page
    assert post_json(client, vote(page, form, helpful="yes")).status_code == 201
    assert targets.cached(page.pk, form.pk) is not None  # the next vote takes the one-round-trip path
    body = vote(page, form, helpful="no", missing="Kontakt")
    assert post_json(client, body).status_code == 429
    settings.WAGTAIL_FEEDBACK_RATE_LIMIT = "5/600"  # as if the window had slid on
    assert post_json(client, body).status_code == 201
    assert Response.objects.count() == 2


def test_a_vote_finding_its_kept_target_changed_is_stored_once(client, widget_page, django_capture_on_commit_callbacks):
    """The kept target is checked against the shared version in the vote's
    round trip; when another process changed it, the duplicate record made in
    that round trip is undone and the vote checked again on the current target."""
    page, form = widget_page
    assert post_json(client, vote(page, form, helpful="yes"), REMOTE_ADDR="10.2.0.1").status_code == 201
    held = dict(targets._entries)
    with django_capture_on_commit_callbacks(execute=True):
        Question.objects.filter(form=form, key="helpful").update(label="Fick du svar?")
        targets.changed()  # (what saving the question in the admin sends)
    targets._entries.update(held)  # another process still keeps the old target
    assert post_json(client, vote(page, form, helpful="yes"), REMOTE_ADDR="10.2.0.2").status_code == 201
    assert Response.objects.count() == 2
    assert targets._entries[(page.pk, form.pk)].version != held[(page.pk, form.pk)].version


def test_without_a_kept_target_every_check_runs_in_order(client, widget_page, settings):
    """A vote on a target this process does not keep (the first one, or while
    the shared cache is not the engine's own) takes the checked path."""
    page, form = widget_page
    caches["feedback"].clear()
    targets.forget()
    assert targets.cached(page.pk, form.pk) is None
    assert post_json(client, vote(page, form, helpful="yes")).status_code == 201
    assert targets.cached(page.pk, form.pk) is not None
    assert json.loads(post_json(client, vote(page, form, helpful="maybe")).content)["errors"]["helpful"]
    assert Answer.objects.count() == 1


@pytest.mark.integration
def test_a_slow_commit_does_not_rely_on_the_job_it_found_queued(redis_settings):
    """A vote that found the page's job queued but committed later than
    COALESCE_GRACE after that check may have been missed by the job: it sets
    the key after its commit as before (and enqueues a job if there is none)."""
    import time

    import redis
    from rq import Queue

    from feedback.workers.queueing import COALESCE_GRACE, Claim, safe_enqueue

    connection = redis.Redis.from_url(redis_settings.url)
    key = "feedback:aggregate-pending:77"
    options = {"job_id": "feedback-aggregate-page-77", "coalesce_key": key}
    late = Claim(key, claimed=False, checked_at=time.monotonic() - 2 * COALESCE_GRACE)
    assert safe_enqueue("aggregate", "feedback.workers.jobs.aggregate_page_job", 77, None, claim=late, **options)
    assert connection.exists(key)
    assert Queue("feedback", connection=connection).job_ids == ["feedback-aggregate-page-77"]
    on_time = Claim(key, claimed=False, checked_at=time.monotonic())
    job = "feedback.workers.jobs.aggregate_page_job"
    assert safe_enqueue("aggregate", job, 77, None, claim=on_time, **options) is None


@pytest.mark.integration
def test_a_vote_that_fails_to_save_gives_its_claim_back(client, widget_page, redis_settings, monkeypatch):
    import redis

    page, form = widget_page
    connection = redis.Redis.from_url(redis_settings.url)
    assert post_json(client, vote(page, form, helpful="yes"), REMOTE_ADDR="10.4.0.1").status_code == 201
    connection.delete(f"feedback:aggregate-pending:{page.pk}")
    client.raise_request_exception = False

    def broken(self, cursor_sql, params=None):  # type: ignore[no-untyped-def]
        if "feedback_answer" in cursor_sql:  # the answers' INSERT, after the response's
            raise RuntimeError("disk full")
        return execute(self, cursor_sql, params)

    execute = CursorWrapper.execute
    monkeypatch.setattr(CursorWrapper, "execute", broken)
    assert post_json(client, vote(page, form, helpful="yes"), REMOTE_ADDR="10.4.0.2").status_code == 500
    assert not connection.exists(f"feedback:aggregate-pending:{page.pk}")
    assert Response.objects.count() == 1


@pytest.mark.integration
def test_a_redis_that_refuses_scripts_still_limits_and_suppresses(client, widget_page, redis_settings, monkeypatch):
    """Scripting disabled on the server: the votes take the checked path, with
    the rate limit and duplicate suppression, and Redis stays in use."""
    import redis

    from feedback.public import vote_check
    from feedback.public.circuit import cache_breaker
    from feedback.public.ratelimit import RedisClient

    def refused(self, script, keys, args):  # type: ignore[no-untyped-def]
        raise redis.exceptions.ResponseError("ERR scripting is disabled")

    monkeypatch.setattr(RedisClient, "run", refused)
    monkeypatch.setattr(vote_check, "_refused", False)
    page, form = widget_page
    for _ in range(2):
        assert post_json(client, vote(page, form, helpful="yes"), REMOTE_ADDR="10.5.0.1").status_code == 201
    assert Response.objects.count() == 1  # the repeat was found by the checked path
    assert vote_check._refused and cache_breaker().allows()
