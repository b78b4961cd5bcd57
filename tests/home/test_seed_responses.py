"""The demo's ``manage.py seed_responses`` (not part of the shipped engine)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum
from django.utils import timezone

from feedback.models import Answer, PageDayRollup, Response
from tests.factories import make_form, make_page

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"key": "helpful", "type": "yes_no", "required": True},
    {"key": "stars", "type": "rating"},
    {"key": "comment", "type": "long_text"},
    {"key": "email", "type": "email"},
]


def test_seed_responses_adds_realistic_responses_and_aggregates_them():
    form = make_form(QUESTIONS)
    page = make_page()

    call_command(
        "seed_responses",
        "--page",
        str(page.pk),
        "--count",
        "300",
        "--form",
        str(form.pk),
        "--seed",
        "1",
        stdout=io.StringIO(),
    )

    assert Response.objects.filter(source_page_id=page.pk).count() == 300
    assert PageDayRollup.objects.filter(page_id=page.pk).aggregate(total=Sum("responses"))["total"] == 300
    oldest = Response.objects.order_by("submitted_at").first().submitted_at
    assert oldest >= timezone.now() - timedelta(days=90)
    comments = set(Answer.objects.filter(question_key="comment").values_list("text", flat=True))
    assert {"Toppen!", "Veldig nyttig side.", "Rigtig god side.", "Please add a map."} <= comments
    assert not Answer.objects.filter(question_key="email").exists()  # no invented contact details


def test_seed_responses_refuses_an_unknown_page():
    with pytest.raises(CommandError):
        call_command("seed_responses", "--page", "999999", "--count", "1")
