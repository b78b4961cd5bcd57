"""Widget impressions: counted in Redis from the widget's token only, flushed
to the database by the worker, shown as responses per 1,000 views."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback.models import PageDayImpressions
from feedback.public.impressions import count_impression, flush_impressions
from feedback.public.submission import make_token
from tests.factories import make_comms_user, make_content_page, make_form, make_home_page, make_page_rollup

pytestmark = pytest.mark.django_db


@pytest.fixture
def target():
    make_home_page("sv")
    page = make_content_page(title="Bygglov")
    form = make_form([{"key": "helpful", "type": "yes_no"}])
    return page, form


def send(client, token: str, **headers):
    return client.post(reverse("feedback:impression"), {"token": token}, **headers)


def test_an_impression_is_counted_once_and_flushed(client, redis_settings, target):
    page, form = target
    token = make_token(page.pk, form.pk)
    response = send(client, token, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 204
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    send(client, token)
    assert flush_impressions() == 2
    assert PageDayImpressions.objects.get(page_id=page.pk, day=timezone.localdate()).count == 2
    # A second flush finds nothing left; a later impression adds to the same row.
    assert flush_impressions() == 0
    send(client, token)
    flush_impressions()
    assert PageDayImpressions.objects.get(page_id=page.pk).count == 3


def test_a_forged_token_or_a_foreign_site_is_refused(client, redis_settings, target):
    page, form = target
    assert send(client, "forged").status_code == 400
    assert send(client, make_token(page.pk, form.pk), HTTP_ORIGIN="https://evil.example").status_code == 403
    assert client.get(reverse("feedback:impression")).status_code == 405
    assert flush_impressions() == 0


def test_redis_down_loses_the_impression_not_the_request(client, settings, target):
    page, form = target
    settings.RQ_QUEUES = {
        name: {"URL": "redis://127.0.0.1:1/0"} for name in ("default", "feedback", "feedback-exports")
    }
    assert send(client, make_token(page.pk, form.pk)).status_code == 204
    assert not count_impression(page.pk)  # the breaker is open now: no further round trips


def test_page_report_shows_responses_per_thousand_views(client, redis_settings, target):
    page, form = target
    today = timezone.localdate()
    make_page_rollup(page, today, form=form, helpful_yes=3, helpful_no=2)
    for _ in range(400):
        count_impression(page.pk, today)
    count_impression(page.pk, today - datetime.timedelta(days=400))  # outside the period
    flush_impressions()
    client.force_login(make_comms_user())
    html = client.get(reverse("feedback_admin:page_report", args=[page.pk])).content.decode()
    assert 'data-feedback-total="rate">12,5<' in html
