"""A vote's rows written with the prepared INSERTs equal the ORM's, column by column."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction
from django.utils import timezone

from feedback.models import Answer, Response
from feedback.public.inserts import VoteRows
from feedback.question_types.base import StoredValue
from tests.factories import make_content_page, make_form

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"key": "helpful", "type": "yes_no", "required": True},
    {"key": "stars", "type": "rating"},
    {"key": "missing", "type": "long_text"},
]
VALUES = {
    "helpful": [StoredValue(choice="no")],
    "stars": [StoredValue(number=4)],
    "missing": [StoredValue(text="Öppettider – 'citat' \"och\" %s ; DROP TABLE x; emoji 🙂")],
}


def rows(page, form, client_hash: str) -> tuple[Response, list[Answer]]:
    response = Response(
        page=page,
        source_page_id=page.pk,
        page_path=page.url_path,
        page_url="/sv/sida/?a=1&b=%20",
        page_title=page.title,
        page_translation_key=page.translation_key,
        language_code="sv",
        form=form,
        form_translation_key=form.translation_key,
        submitted_at=timezone.make_aware(datetime.datetime(2026, 12, 4, 11, 30, 15, 123456)),
        client_hash=client_hash,
    )
    answers = [
        Answer.from_stored(response, question, value)
        for question in form.questions.all()
        for value in VALUES.get(question.key, [])
    ]
    return response, answers


def columns(response: Response) -> tuple[dict, list[dict]]:
    row = Response.objects.filter(pk=response.pk).values().get()
    del row["id"], row["client_hash"]
    answers = list(Answer.objects.filter(response=response).order_by("question_key").values())
    for answer in answers:
        assert answer.pop("response_id") == response.pk
        del answer["id"]
    return row, answers


def test_the_prepared_rows_equal_the_orms():
    form = make_form(QUESTIONS)
    page = make_content_page(feedback_forms=[form])
    by_orm, orm_answers = rows(page, form, "orm")
    with transaction.atomic():
        by_orm.save(force_insert=True)
        Answer.objects.bulk_create(orm_answers)
    prepared, answers = rows(page, form, "prepared")
    with transaction.atomic():
        VoteRows(prepared, answers).insert()

    assert prepared.pk is not None and prepared.pk != by_orm.pk
    assert not prepared._state.adding
    assert all(answer.response_id == prepared.pk for answer in answers)
    assert columns(prepared) == columns(by_orm)
    assert Response.objects.get(pk=prepared.pk).answers.count() == 3


def test_many_answers_are_written_in_batches_the_database_accepts():
    form = make_form([{"key": "choices", "type": "multiple_choice"}])
    page = make_content_page(feedback_forms=[form])
    response, _ = rows(page, form, "many")
    question = form.questions.get()
    # More parameters than SQLite's limit in one statement (with nine columns a row).
    count = connection.ops.bulk_batch_size(["x"] * 9, range(10_000)) * 2 + 5
    answers = [Answer.from_stored(response, question, StoredValue(choice=f"c{n}")) for n in range(count)]
    with transaction.atomic():
        VoteRows(response, answers).insert()
    assert Answer.objects.filter(response=response).count() == count
