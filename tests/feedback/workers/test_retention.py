"""Retention: ``purge_feedback`` removes exactly what its dry run lists and
never changes the rollup counts."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from feedback.models import Answer, AnswerRollup, Export, PageDayRollup, Response
from feedback.workers.aggregation import rebuild_page
from feedback.workers.retention import purge_feedback_job
from tests.factories import make_content_page, make_export, make_form, make_home_page, make_response, make_user

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"key": "helpful", "type": "yes_no", "required": True},
    {"key": "comment", "type": "long_text"},
    {"key": "email", "type": "email"},
]


def ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def rollup_state() -> list[tuple]:
    return sorted(
        PageDayRollup.objects.values_list("page_id", "day", "responses", "helpful_yes", "helpful_no")
    ) + sorted(AnswerRollup.objects.values_list("page_id", "day", "question_key", "value", "count"))


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("purge_feedback", *args, verbosity=2, stdout=out)
    return out.getvalue()


def listed(output: str, kind: str) -> set[int]:
    return {int(line.split()[1]) for line in output.splitlines() if line.startswith(kind + " ")}


@pytest.fixture
def data(settings, export_storage):  # type: ignore[no-untyped-def]
    settings.WAGTAIL_FEEDBACK_RETENTION_DAYS = 90
    make_home_page("sv")
    page = make_content_page(title="Sida")
    short = make_form(QUESTIONS, retention_days=10)  # its own, shorter period
    default = make_form(QUESTIONS)  # the site's 90 days
    answers = {"helpful": "no", "comment": "Ring mig på 070-1234567", "email": "a@example.com"}
    old_short = make_response(short, page, answers, submitted_at=ago(20))
    new_short = make_response(short, page, answers, submitted_at=ago(5))
    old_default = make_response(default, page, answers, submitted_at=ago(100))
    mid_default = make_response(default, page, answers, submitted_at=ago(20))
    rebuild_page(page.pk)
    user = make_user("u")
    expired = make_export(user, file_path="old.xlsx", expires_at=ago(1))
    export_storage.save("old.xlsx", ContentFile(b"x"))
    fresh = make_export(user, file_path="new.xlsx", expires_at=timezone.now() + datetime.timedelta(days=3))
    export_storage.save("new.xlsx", ContentFile(b"x"))
    return {
        "old": [old_short, old_default],
        "kept": [new_short, mid_default],
        "expired": expired,
        "fresh": fresh,
        "storage": export_storage,
    }


def test_text_mode_blanks_exactly_what_the_dry_run_listed(data):
    before_rollups = rollup_state()
    before_answers = dict(Answer.objects.values_list("pk", "text"))

    dry = run("--dry-run")
    to_blank = listed(dry, "answer")
    assert to_blank == set(
        Answer.objects.filter(response__in=data["old"]).exclude(text="").values_list("pk", flat=True)
    )
    assert listed(dry, "export") == {data["expired"].pk}
    assert dict(Answer.objects.values_list("pk", "text")) == before_answers  # dry run changed nothing
    assert data["storage"].exists("old.xlsx")

    done = run()
    assert listed(done, "answer") == to_blank
    after = dict(Answer.objects.values_list("pk", "text"))
    changed = {pk for pk, text in after.items() if text != before_answers[pk]}
    assert changed == to_blank and all(after[pk] == "" for pk in to_blank)
    # Choices stay; responses stay; counts stay.
    assert Response.objects.count() == 4
    assert Answer.objects.filter(response__in=data["old"], choice="no").count() == 2
    assert rollup_state() == before_rollups
    assert not data["storage"].exists("old.xlsx") and data["storage"].exists("new.xlsx")
    assert Export.objects.get(pk=data["expired"].pk).status == Export.Status.EXPIRED
    assert Export.objects.get(pk=data["fresh"].pk).status == Export.Status.DONE
    assert listed(run("--dry-run"), "answer") == set()  # nothing left to do


def test_responses_mode_deletes_exactly_the_listed_responses(data, settings):
    settings.WAGTAIL_FEEDBACK_RETENTION_MODE = "responses"
    before_rollups = rollup_state()
    dry = run("--dry-run")
    assert listed(dry, "response") == {r.pk for r in data["old"]}
    assert Response.objects.count() == 4

    run()
    assert set(Response.objects.values_list("pk", flat=True)) == {r.pk for r in data["kept"]}
    assert not Answer.objects.filter(response_id__in=[r.pk for r in data["old"]]).exists()
    assert rollup_state() == before_rollups


def test_nothing_configured_keeps_everything(settings):
    settings.WAGTAIL_FEEDBACK_RETENTION_DAYS = None
    make_home_page("sv")
    form = make_form(QUESTIONS)
    make_response(form, make_content_page(), {"comment": "kvar"}, submitted_at=ago(3000))
    assert purge_feedback_job() == {"mode": "text", "dry_run": False, "answers": 0, "responses": 0, "exports": 0}
    assert Answer.objects.get().text == "kvar"


def test_full_rebuild_after_purge_keeps_the_counts_of_purged_days(data, settings):
    settings.WAGTAIL_FEEDBACK_RETENTION_MODE = "responses"
    run()
    purged_day = PageDayRollup.objects.order_by("day").first()
    before = (purged_day.day, purged_day.responses, purged_day.helpful_no)
    assert not Response.objects.filter(submitted_at__date=purged_day.day).exists()

    call_command("feedback_aggregate", "--full", stdout=io.StringIO())

    kept = PageDayRollup.objects.get(pk=purged_day.pk)
    assert (kept.day, kept.responses, kept.helpful_no) == before == (purged_day.day, 1, 1)
