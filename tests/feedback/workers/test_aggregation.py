"""Rollups equal an independent count, are idempotent, incremental and skip spam."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone

import pytest
from django.core.management import call_command
from django.utils import timezone as dj_timezone

from feedback.models import AggregationState, Answer, AnswerRollup, PageDayRollup, Response
from feedback.workers import jobs
from feedback.workers.aggregation import local_day
from tests.factories import make_form, make_page, make_response

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"key": "helpful", "type": "yes_no", "required": True},
    {"key": "stars", "type": "rating"},
    {
        "key": "topics",
        "type": "multiple_choice",
        "options": {"choices": [{"key": "a", "label": "A"}, {"key": "b", "label": "B"}, {"key": "c", "label": "C"}]},
    },
    {"key": "comment", "type": "long_text"},
]
UTC = timezone.utc


def seed(page, form, form_en, start: datetime):
    """A mix of answers over three days, two languages, some spam."""
    specs = [
        ({"helpful": "yes", "stars": 5, "topics": ["a", "b"], "comment": "Bra!"}, "new"),
        ({"helpful": "no", "stars": 2, "topics": ["c"]}, "new"),
        ({"helpful": "yes", "comment": "=1+1"}, "handled"),
        ({"helpful": "no", "stars": 1, "comment": "spam spam"}, "spam"),
        ({"stars": 4, "topics": ["a"]}, "new"),
    ]
    made = []
    for index in range(15):
        answers, status = specs[index % len(specs)]
        which = form_en if index % 3 == 0 else form
        made.append(make_response(which, page, answers, status=status, submitted_at=start + timedelta(hours=7 * index)))
    return made


def independent_answer_counts(page_id: int) -> Counter:
    """Count answers in plain Python, the way a person would check the rollups."""
    counts: Counter = Counter()
    answered: set = set()
    rows = Answer.objects.filter(response__source_page_id=page_id).values_list(
        "response_id",
        "response__status",
        "response__language_code",
        "response__submitted_at",
        "question_key",
        "choice",
        "number",
    )
    for response_id, status, language, submitted_at, key, choice, number in rows:
        if status == "spam":
            continue
        day = dj_timezone.localtime(submitted_at).date()
        if choice or number is not None:
            counts[(language, day, key, choice or str(number))] += 1
        answered.add((language, day, key, response_id))
    for language, day, key, _response in answered:
        counts[(language, day, key, "*")] += 1
    return counts


def rollup_answer_counts(page_id: int) -> Counter:
    counts: Counter = Counter()
    for language, day, key, value, count in AnswerRollup.objects.filter(page_id=page_id).values_list(
        "language_code", "day", "question_key", "value", "count"
    ):
        counts[(language, day, key, value)] += count
    return counts


def independent_page_counts(page_id: int) -> Counter:
    counts: Counter = Counter()
    for response in Response.objects.filter(source_page_id=page_id).exclude(status="spam"):
        key = (response.language_code, dj_timezone.localtime(response.submitted_at).date())
        counts[(*key, "responses")] += 1
        helpful = response.answers.filter(question_key="helpful").values_list("choice", flat=True).first()
        if helpful:
            counts[(*key, helpful)] += 1
    return counts


def rollup_page_counts(page_id: int) -> Counter:
    counts: Counter = Counter()
    for row in PageDayRollup.objects.filter(page_id=page_id):
        key = (row.language_code, row.day)
        counts[(*key, "responses")] += row.responses
        if row.helpful_yes:
            counts[(*key, "yes")] += row.helpful_yes
        if row.helpful_no:
            counts[(*key, "no")] += row.helpful_no
    return +counts


def snapshot(page_id: int) -> tuple[list, list]:
    return (
        sorted(
            PageDayRollup.objects.filter(page_id=page_id).values_list(
                "language_code", "day", "responses", "helpful_yes", "helpful_no", "last_submitted_at"
            )
        ),
        sorted(
            AnswerRollup.objects.filter(page_id=page_id).values_list(
                "language_code", "day", "question_key", "value", "choice", "number", "count"
            ),
            key=str,
        ),
    )


@pytest.fixture
def survey():
    form = make_form(QUESTIONS)
    form_en = make_form(QUESTIONS, language="en", translation_key=form.translation_key, title="Form (en)")
    page = make_page()
    return page, form, form_en


def test_rollups_equal_an_independent_count(survey):
    page, form, form_en = survey
    seed(page, form, form_en, datetime(2026, 3, 1, 6, tzinfo=UTC))
    days = sorted({local_day(r.submitted_at).isoformat() for r in Response.objects.all()})

    jobs.aggregate_page_job(page.pk, days)

    assert rollup_answer_counts(page.pk) == independent_answer_counts(page.pk)
    assert rollup_page_counts(page.pk) == +independent_page_counts(page.pk)
    # Spam counts nowhere: 15 responses, 3 of them spam.
    assert sum(PageDayRollup.objects.filter(page_id=page.pk).values_list("responses", flat=True)) == 12


def test_running_twice_changes_nothing(survey):
    page, form, form_en = survey
    seed(page, form, form_en, dj_timezone.now() - timedelta(days=2))
    call_command("feedback_aggregate", "--page", str(page.pk), "--full", verbosity=0)
    first = snapshot(page.pk)
    assert first[0]

    jobs.aggregate_page_job(page.pk)
    call_command("feedback_aggregate", "--page", str(page.pk), "--full", verbosity=0)

    assert snapshot(page.pk) == first


def test_day_is_the_local_date():
    form = make_form(QUESTIONS)
    page = make_page()
    # 23:30 UTC on 31 March is 01:30 on 1 April in Stockholm (summer time).
    make_response(form, page, {"helpful": "yes"}, submitted_at=datetime(2026, 3, 31, 23, 30, tzinfo=UTC))

    jobs.aggregate_page_job(page.pk, ["2026-04-01"])

    rollup = PageDayRollup.objects.get(page_id=page.pk)
    assert (rollup.day, rollup.responses, rollup.helpful_yes, rollup.helpful_no) == (date(2026, 4, 1), 1, 1, 0)


def test_incremental_run_follows_the_watermark(survey):
    page, form, _form_en = survey
    old = make_response(form, page, {"helpful": "yes"}, submitted_at=dj_timezone.now() - timedelta(days=10))
    jobs.aggregate_page_job(page.pk)
    assert PageDayRollup.objects.get(day=local_day(old.submitted_at)).responses == 1
    assert AggregationState.objects.get(page_id=page.pk).last_response_id == old.pk

    # Below the watermark an incremental run does not look again...
    PageDayRollup.objects.all().delete()
    jobs.aggregate_page_job(page.pk)
    assert not PageDayRollup.objects.filter(day=local_day(old.submitted_at)).exists()
    # ...which is what the catch-up's --since and --full are for.
    call_command("feedback_aggregate", "--page", str(page.pk), "--since", "2000-01-01", verbosity=0)
    assert PageDayRollup.objects.get(day=local_day(old.submitted_at)).responses == 1

    late = make_response(form, page, {"helpful": "no"}, submitted_at=dj_timezone.now() - timedelta(days=3))
    jobs.aggregate_page_job(page.pk)

    assert PageDayRollup.objects.get(day=local_day(late.submitted_at)).helpful_no == 1
    assert AggregationState.objects.get(page_id=page.pk).last_response_id == late.pk


def test_marking_spam_and_recomputing_the_day_removes_it(survey):
    page, form, _form_en = survey
    response = make_response(form, page, {"helpful": "yes", "stars": 3})
    jobs.aggregate_page_job(page.pk)
    assert PageDayRollup.objects.get(page_id=page.pk).responses == 1

    Response.objects.filter(pk=response.pk).update(status="spam")
    jobs.aggregate_page_job(page.pk, [local_day(response.submitted_at).isoformat()])

    assert not PageDayRollup.objects.filter(page_id=page.pk).exists()
    assert not AnswerRollup.objects.filter(page_id=page.pk).exists()


def test_catch_up_finds_pages_the_queue_missed(survey):
    page, form, form_en = survey
    other = make_page()
    seed(page, form, form_en, dj_timezone.now() - timedelta(hours=30))
    make_response(form, other, {"helpful": "no"})

    call_command("feedback_aggregate", verbosity=0)

    assert rollup_answer_counts(page.pk) == independent_answer_counts(page.pk)
    assert rollup_answer_counts(other.pk) == independent_answer_counts(other.pk)
    assert AggregationState.objects.get(page_id=0).last_response_id == Response.objects.latest("id").pk


def test_helpful_share_uses_the_first_helpful_question_even_after_the_form_is_deleted(survey):
    page, form, _form_en = survey
    make_response(form, page, {"helpful": "no"})
    form.delete()

    jobs.aggregate_page_job(page.pk)

    rollup = PageDayRollup.objects.get(page_id=page.pk)
    assert (rollup.responses, rollup.helpful_yes, rollup.helpful_no) == (1, 0, 1)


def test_command_rejects_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="yesterday"):
        call_command("feedback_aggregate", "--since", "yesterday")
