"""Management commands: seed_responses, export_feedback errors, feedback_cleanup_exports."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum
from django.utils import timezone

from feedback.exporting.records import request_export, run_export
from feedback.models import Answer, Export, PageDayRollup, Response
from tests.factories import make_form, make_page, make_response

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"key": "helpful", "type": "yes_no", "required": True},
    {"key": "stars", "type": "rating"},
    {"key": "comment", "type": "long_text"},
    {"key": "email", "type": "email"},
]


@pytest.fixture(autouse=True)
def export_root(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "feedback_exports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "exports"},
        },
    }
    return tmp_path / "exports"


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


def test_export_feedback_finds_the_page_by_url_path(tmp_path):
    form = make_form(QUESTIONS)
    page = make_page(slug="kontakt")
    make_response(form, page, {"helpful": "yes"})
    output = tmp_path / "kontakt.csv"

    call_command(
        "export_feedback", "--page", "/kontakt/", "--format", "csv", "--output", str(output), stdout=io.StringIO()
    )

    assert len(output.read_text(encoding="utf-8-sig").splitlines()) == 2


@pytest.mark.parametrize(
    "args",
    [
        ["--page", "999999"],
        ["--page", "/no-such-page/"],
        ["--site", "--format", "pdf"],
        ["--site", "--since", "2026-13-01"],
        ["--site", "--since", "2026-02-01", "--until", "2026-01-01"],
        ["--site", "--output", "/no/such/folder/out.xlsx"],
    ],
)
def test_export_feedback_refuses_bad_input_with_a_message(args, tmp_path):
    if "--output" not in args:
        args = [*args, "--output", str(tmp_path / "out.xlsx")]
    with pytest.raises(CommandError):
        call_command("export_feedback", *args)
    assert not Export.objects.exclude(status=Export.Status.QUEUED).exists()


def test_cleanup_expires_old_files_and_keeps_fresh_ones():
    form = make_form(QUESTIONS)
    page = make_page()
    make_response(form, page, {"helpful": "yes"})
    old = run_export(request_export(None, scope="page", page=page).pk)
    fresh = run_export(request_export(None, scope="site").pk)
    Export.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    call_command("feedback_cleanup_exports", stdout=io.StringIO())

    statuses = dict(Export.objects.values_list("pk", "status"))
    assert statuses == {old.pk: Export.Status.EXPIRED, fresh.pk: Export.Status.DONE}
