"""The contract every question type must meet, built-in or third-party.

Parametrised over every registered type (including the tests-only "thumbs"
type from ``tests.testapp``): this suite is the definition of "a question
type works".
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from feedback.models import Answer, Question, Response
from feedback.question_types import registry
from feedback.question_types.base import StoredValue
from feedback.reporting.summaries import summaries_from_answers
from tests.factories import make_form

TYPE_NAMES = sorted(t.name for t in registry)


def bind(question: Question, data: dict[str, Any]) -> forms.Form:
    field = question.question_type.formfield()
    form_class = type("OneQuestionForm", (forms.Form,), {question.key: field})
    return form_class(data={f"{question.key}{suffix}": value for suffix, value in data.items()})


def field_state(field: forms.Field) -> dict[str, Any]:
    """What a field's validation could change on it."""
    return {
        "attributes": {k: repr(v) for k, v in vars(field).items() if k not in ("widget", "validators")},
        "widget": {k: repr(v) for k, v in vars(field.widget).items()},
        "validators": [repr(v) for v in field.validators],
    }


def build_question(type_name: str) -> Question:
    qtype = registry.get(type_name)
    form = make_form(
        [
            {
                "key": "q",
                "type": type_name,
                "label": "Fråga?",
                "help_text": "Hjälp",
                "required": True,
                "options": qtype.example_options(),
            }
        ]
    )
    return form.questions.get()


def test_builtin_and_plugin_types_are_registered():
    assert {
        "yes_no",
        "rating",
        "satisfaction",
        "nps",
        "single_choice",
        "multiple_choice",
        "short_text",
        "long_text",
        "email",
        "thumbs",
    } <= set(TYPE_NAMES)


@pytest.mark.django_db
@pytest.mark.parametrize("type_name", TYPE_NAMES)
class TestQuestionTypeContract:
    def test_renders_accessible_field(self, type_name):
        question = build_question(type_name)
        form = bind(question, {})
        html = render_to_string(
            question.question_type.template_name,
            {
                "field": form[question.key],
                "question": question,
                "question_type": question.question_type,
            },
        )
        assert "Fråga?" in html
        assert f'name="{question.key}' in html
        assert "<label" in html or "<legend" in html

    def test_valid_input_is_stored_in_typed_columns(self, type_name):
        question = build_question(type_name)
        valid, _invalid = question.question_type.example_data()
        for data in valid:
            form = bind(question, data)
            assert form.is_valid(), (data, form.errors)
            stored = question.question_type.to_stored(form.cleaned_data[question.key])
            assert stored and all(isinstance(v, StoredValue) for v in stored)
            for value in stored:
                assert value.number is not None or value.choice or value.text
                assert "\x0b" not in value.text  # control characters never reach the database

    def test_invalid_input_gets_a_translated_message(self, type_name):
        question = build_question(type_name)
        _valid, invalid = question.question_type.example_data()
        assert invalid
        for data in invalid:
            with translation.override("en"):
                english = bind(question, data)
                assert not english.is_valid(), data
                english_errors = [str(e) for e in english.errors[question.key]]
            with translation.override("sv"):
                swedish = bind(question, data)
                assert not swedish.is_valid()
                swedish_errors = [str(e) for e in swedish.errors[question.key]]
            assert swedish_errors and swedish_errors != english_errors, (data, swedish_errors)

    def test_one_field_validates_many_answers_and_stays_unchanged(self, type_name):
        """The JSON vote validates with the fields a process keeps for the
        published form: cleaning must not change the field."""
        question = build_question(type_name)
        shared = question.question_type.formfield()
        before = field_state(shared)
        valid, invalid = question.question_type.example_data()
        for data in [*invalid, *valid, *reversed(invalid), *reversed(valid)]:
            form = forms.Form(data={f"{question.key}{suffix}": value for suffix, value in data.items()})
            form.fields = {question.key: shared}
            fresh = bind(question, data)
            assert form.is_valid() == fresh.is_valid(), data
            assert form.cleaned_data == fresh.cleaned_data and form.errors == fresh.errors, data
        assert field_state(shared) == before

    def test_aggregates_in_the_database_like_an_independent_count(self, type_name):
        question = build_question(type_name)
        qtype = question.question_type
        valid, _invalid = qtype.example_data()
        form = question.form
        for index in range(7):
            data = valid[index % len(valid)]
            bound = bind(question, data)
            assert bound.is_valid()
            response = Response.objects.create(
                source_page_id=1,
                page_translation_key=form.translation_key,
                language_code="sv",
                form=form,
                form_translation_key=form.translation_key,
            )
            Answer.objects.bulk_create(
                Answer(
                    response=response,
                    question=question,
                    question_key=question.key,
                    question_type=type_name,
                    number=v.number,
                    choice=v.choice,
                    text=v.text,
                )
                for v in qtype.to_stored(bound.cleaned_data[question.key])
            )
        [summary] = summaries_from_answers([question], Answer.objects.filter(question_key="q"))
        rows = list(Answer.objects.filter(question_key="q").values_list("response_id", "choice", "number"))
        assert summary.answered == len({response_id for response_id, _c, _n in rows}) == 7
        independent = Counter(qtype.value_key(choice, number) for _r, choice, number in rows)
        for row in summary.rows:
            assert row.count == independent.get(row.key, 0)
            assert 0 <= row.share <= 1
        if summary.rows:
            assert sum(r.count for r in summary.rows) == sum(independent.values())

    def test_export_cells_align_with_columns(self, type_name):
        question = build_question(type_name)
        qtype = question.question_type
        columns = qtype.export_columns()
        assert columns and all(isinstance(c, str) for c in columns)
        assert len(qtype.export_cells([])) == len(columns)
        valid, _invalid = qtype.example_data()
        bound = bind(question, valid[0])
        assert bound.is_valid()
        cells = qtype.export_cells(qtype.to_stored(bound.cleaned_data[question.key]))
        assert len(cells) == len(columns)
        assert any(cell not in (None, "") for cell in cells)
