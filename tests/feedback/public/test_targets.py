"""The per-process cache of a vote's target (feedback.public.targets): never a changed
form or an unpublished page, whichever process made the change."""

from __future__ import annotations

import json

import pytest
from django.core.cache import caches

from feedback.models import Answer, Question, Response
from feedback.public import targets
from feedback.public.submission import make_token
from tests.factories import make_content_page, make_form, make_home_page

pytestmark = pytest.mark.django_db

SUBMIT = "/feedback/submit/"
QUESTIONS = [
    {"key": "helpful", "type": "yes_no", "required": True},
    {"key": "missing", "type": "long_text"},
]


@pytest.fixture
def placed():
    make_home_page("sv")
    form = make_form(QUESTIONS)
    return make_content_page(feedback_forms=[form]), form


def send(client, page, form, **answers):
    body = {"token": make_token(page.pk, form.pk), "answers": answers or {"helpful": "yes"}}
    return client.post(SUBMIT, json.dumps(body), content_type="application/json")


def test_a_form_changed_in_another_process_is_reloaded(client, placed, django_capture_on_commit_callbacks):
    page, form = placed
    assert send(client, page, form).status_code == 201
    held = dict(targets._entries)  # what another web process still holds
    assert held

    # The form gets a new required question there (its commit bumps the shared version).
    with django_capture_on_commit_callbacks(execute=True):
        Question.objects.create(form=form, key="stars", type="rating", label="Betyg", required=True, sort_order=5)
    targets._entries.update(held)  # this process did not see the signal

    response = send(client, page, form, helpful="yes")
    assert response.status_code == 400  # the new question is asked for: the target was reloaded
    assert "stars" in response.json()["errors"]
    assert send(client, page, form, helpful="yes", stars=4).status_code == 201
    assert Answer.objects.filter(question_key="stars", number=4).count() == 1


def test_an_unpublished_page_takes_no_vote(client, placed, django_capture_on_commit_callbacks):
    page, form = placed
    assert send(client, page, form).status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert send(client, page, form).status_code == 410
    assert Response.objects.count() == 1


def test_a_new_view_restriction_applies_at_once(client, placed, django_capture_on_commit_callbacks):
    from wagtail.models import PageViewRestriction

    page, form = placed
    assert send(client, page, form).status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert send(client, page, form).status_code == 403


def test_without_the_shared_cache_nothing_is_kept(client, placed, monkeypatch):
    page, form = placed
    monkeypatch.setattr(targets, "current_version", lambda: None)
    assert send(client, page, form).status_code == 201
    assert targets._entries == {}
    Question.objects.filter(form=form, key="missing").update(required=True)  # no signal at all
    assert send(client, page, form).status_code == 400  # read from the database every time


def test_the_version_lives_in_the_shared_cache(client, placed, django_capture_on_commit_callbacks):
    page, form = placed
    send(client, page, form)
    version = caches["feedback"].get(targets.VERSION_KEY)
    assert version
    with django_capture_on_commit_callbacks(execute=True):
        form.save()
    assert caches["feedback"].get(targets.VERSION_KEY) not in (None, version)


def test_on_redis_a_second_vote_reads_no_page_and_sees_a_change(
    client, placed, redis_settings, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    page, form = placed
    assert send(client, page, form).status_code == 201
    with django_assert_max_num_queries(4):  # the transaction: savepoint, two inserts, release
        assert send(client, page, form, helpful="no").status_code == 201
    held = dict(targets._entries)
    with django_capture_on_commit_callbacks(execute=True):
        Question.objects.filter(form=form, key="missing").update(required=True)
        form.save()  # (a save in the admin: the signal bumps the shared version)
    targets._entries.update(held)  # as another process would still hold it
    response = send(client, page, form, helpful="yes")
    assert response.status_code == 400 and "missing" in response.json()["errors"]


def test_a_changed_site_reloads_the_kept_targets(client, placed, django_capture_on_commit_callbacks):
    """A kept target holds the page's addresses, which follow the sites."""
    from wagtail.models import Site

    page, form = placed
    assert send(client, page, form).status_code == 201
    version = targets._entries[(page.pk, form.pk)].version
    with django_capture_on_commit_callbacks(execute=True):
        site = Site.objects.get(is_default_site=True)
        site.port = 8080
        site.save()
    assert not targets._entries
    assert targets.current_version() != version
