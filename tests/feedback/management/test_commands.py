"""Management commands: export_feedback, feedback_cleanup_exports."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from feedback.exporting.records import request_export, run_export
from feedback.models import Export
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


def test_export_feedback_says_how_many_in_the_right_number(tmp_path):
    from django.utils import translation

    form = make_form(QUESTIONS)
    page = make_page()
    make_response(form, page, {"helpful": "yes"})
    output = io.StringIO()
    with translation.override("en"):
        call_command("export_feedback", "--page", str(page.pk), "--output", str(tmp_path / "one.xlsx"), stdout=output)
    assert "Wrote 1 response to" in output.getvalue()
