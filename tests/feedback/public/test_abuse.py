"""Abuse protection through HTTP: duplicates, the rate limit, the honeypot and
the minimum time from render to submit."""

from __future__ import annotations

import time

import pytest

from feedback.models import Response
from feedback.public.submission import make_token
from tests.feedback.public.voting import SUBMIT, post_json, vote

pytestmark = pytest.mark.django_db


def test_repeated_vote_counts_once(client, widget_page):
    page, form = widget_page
    for _ in range(3):
        assert post_json(client, vote(page, form, helpful="yes")).status_code == 201
    assert Response.objects.count() == 1
    # Another client (user agent) is another vote.
    assert post_json(client, vote(page, form, helpful="yes"), HTTP_USER_AGENT="Other").status_code == 201
    assert Response.objects.count() == 2


def test_burst_is_rate_limited(client, widget_page, settings):
    settings.WAGTAIL_FEEDBACK_RATE_LIMIT = "3/600"
    page, form = widget_page
    statuses = [post_json(client, vote(page, form, helpful="yes", comment=f"n{i}")).status_code for i in range(4)]
    assert statuses == [201, 201, 201, 429]
    response = post_json(client, vote(page, form, helpful="no", missing="x"))
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 600
    html = client.post(SUBMIT, {"token": make_token(page.pk, form.pk), "q-helpful": "yes"})
    assert html.status_code == 429
    assert "Vänta några minuter" in html.content.decode()
    assert "Tillbaka till sidan" in html.content.decode()
    assert Response.objects.count() == 3


def test_changing_the_user_agent_does_not_buy_more_votes(client, widget_page, settings):
    settings.WAGTAIL_FEEDBACK_RATE_LIMIT = "5/600"
    page, form = widget_page
    statuses = [
        post_json(client, vote(page, form, helpful="yes"), HTTP_USER_AGENT=f"Agent {i}").status_code for i in range(12)
    ]
    assert statuses.count(201) == 5 and statuses[5:] == [429] * 7
    assert Response.objects.count() == 5


def test_rejected_attempts_do_not_use_up_the_allowance(client, widget_page, settings):
    settings.WAGTAIL_FEEDBACK_RATE_LIMIT = "2/600"
    page, form = widget_page
    for _ in range(5):  # "Nej" without the required comment: 400 each time
        assert post_json(client, vote(page, form, helpful="no")).status_code == 400
    assert post_json(client, vote(page, form, helpful="no", missing="Öppettider")).status_code == 201
    assert post_json(client, vote(page, form, helpful="yes")).status_code == 201
    assert Response.objects.count() == 2


def test_honeypot_looks_like_success_and_stores_nothing(client, widget_page):
    page, form = widget_page
    response = post_json(client, {**vote(page, form, helpful="yes"), "website": "http://spam.example"})
    assert response.status_code == 201 and response.json()["status"] == "ok"
    response = client.post(SUBMIT, {"token": make_token(page.pk, form.pk), "q-helpful": "yes", "website": "x"})
    assert response.status_code == 303
    assert not Response.objects.exists()


@pytest.mark.parametrize("filled", [0, False, [], {}, " ", "0"], ids=repr)
def test_honeypot_counts_any_json_value_as_filled(client, widget_page, filled):
    page, form = widget_page
    response = post_json(client, {**vote(page, form, helpful="yes"), "website": filled})
    assert response.status_code == 201
    assert not Response.objects.exists()


@pytest.mark.parametrize("empty", [None, ""], ids=repr)
def test_an_empty_honeypot_is_a_person(client, widget_page, empty):
    page, form = widget_page
    body = vote(page, form, helpful="yes")
    if empty is not None:
        body["website"] = empty
    assert post_json(client, body).status_code == 201
    assert Response.objects.count() == 1


def test_too_fast_submission_is_refused_visibly_and_kept_for_a_resend(client, widget_page, settings):
    """A bot check must never silently drop a person's answer: a submission sent
    within MIN_SUBMIT_SECONDS of the form's first render is refused with a
    message, the answers kept; sent again later, it is stored."""
    settings.WAGTAIL_FEEDBACK_MIN_SUBMIT_SECONDS = 5
    page, form = widget_page
    fresh = {**vote(page, form, helpful="yes"), "token": make_token(page.pk, form.pk, time.time())}
    response = post_json(client, fresh)
    assert response.status_code == 400
    assert response.json() == {
        "errors": {"__all__": ["Dina svar skickades väldigt snabbt. Kontrollera dem och skicka igen."]}
    }
    html = client.post(SUBMIT, {"token": fresh["token"], "q-helpful": "yes"})
    assert html.status_code == 400
    assert "Dina svar skickades väldigt snabbt." in html.content.decode()
    assert 'value="yes" id="feedback-{}-q-helpful_0" checked'.format(form.pk) in html.content.decode()
    assert not Response.objects.exists()
    # The same answers sent again once the time has passed are stored.
    later = {**fresh, "token": make_token(page.pk, form.pk, time.time() - 6)}
    assert post_json(client, later).status_code == 201
    assert Response.objects.count() == 1
    # A page cached for a month is still fine: only "too fast" is checked.
    cached = make_token(page.pk, form.pk, time.time() - 30 * 86400)
    assert post_json(client, {**vote(page, form, helpful="no", missing="x"), "token": cached}).status_code == 201
    assert Response.objects.count() == 2
