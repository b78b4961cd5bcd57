"""The visitor's form: conditions, JSON shapes, tokens and saving."""

from __future__ import annotations

import pytest

from feedback.models import Answer, Response
from feedback.public.submission import (
    BadAnswers,
    BadToken,
    VisitorForm,
    json_form,
    make_token,
    read_token,
    save_response,
)
from feedback.public.targets import load_target
from tests.factories import make_content_page, make_form

pytestmark = pytest.mark.django_db

CHAIN = [
    {"key": "helpful", "type": "yes_no", "required": True},
    {
        "key": "why",
        "type": "single_choice",
        "required": True,
        "condition_key": "helpful",
        "condition_value": "no",
        "options": {"choices": [{"key": "old", "label": "Gammal"}, {"key": "other", "label": "Annat"}]},
    },
    {"key": "other", "type": "short_text", "required": True, "condition_key": "why", "condition_value": "other"},
    {"key": "stars", "type": "rating"},
    {"key": "low", "type": "long_text", "required": True, "condition_key": "stars", "condition_value": "1"},
]


def questions():
    return list(make_form(CHAIN).questions.all())


def test_conditional_question_required_only_when_its_condition_holds():
    qs = questions()
    assert VisitorForm(qs, data={"q-helpful": "yes"}).is_valid()
    form = VisitorForm(qs, data={"q-helpful": "no"})
    assert not form.is_valid()
    assert set(form.errors) == {"why"}


def test_chained_conditions():
    qs = questions()
    form = VisitorForm(qs, data={"q-helpful": "no", "q-why": "other"})
    assert not form.is_valid() and set(form.errors) == {"other"}
    # "other" depends on "why", which is hidden when the page helped: ignored.
    form = VisitorForm(qs, data={"q-helpful": "yes", "q-why": "other", "q-other": "x"})
    assert form.is_valid()
    assert [q.key for q, _v in form.stored_values()] == ["helpful"]


def test_condition_on_a_number():
    qs = questions()
    form = VisitorForm(qs, data={"q-helpful": "yes", "q-stars": "1"})
    assert not form.is_valid() and set(form.errors) == {"low"}
    assert VisitorForm(qs, data={"q-helpful": "yes", "q-stars": "2"}).is_valid()


def test_invalid_answer_to_a_hidden_question_is_ignored():
    form = VisitorForm(questions(), data={"q-helpful": "yes", "q-why": "not-a-choice"})
    assert form.is_valid(), form.errors


def test_json_form_shapes():
    qs = questions()
    with pytest.raises(BadAnswers) as error:
        json_form(qs, {"helpful": "yes", "nope": 1})
    assert list(error.value.errors) == ["nope"]
    with pytest.raises(BadAnswers):
        json_form(qs, {"helpful": ["yes"]})  # a list for a single value
    with pytest.raises(BadAnswers):
        json_form(qs, ["helpful"])
    form = json_form(qs, {"helpful": "yes", "stars": 5})
    assert form.is_valid()
    assert [(q.key, v.number or v.choice) for q, v in form.stored_values()] == [("helpful", "yes"), ("stars", 5)]


def test_json_email_with_consent_is_a_list():
    qs = list(make_form([{"key": "reply", "type": "email"}]).questions.all())
    assert json_form(qs, {"reply": ["a@example.se", True]}).is_valid()
    form = json_form(qs, {"reply": ["a@example.se", False]})
    assert not form.is_valid() and "reply" in form.errors


def test_token_round_trip_and_tampering():
    token = make_token(12, 34, 1_700_000_000)
    assert read_token(token) == (12, 34, 1_700_000_000)
    for bad in ["", None, 5, token[:-2] + "xx", token.replace("W", "V", 1), "x" * 1000]:
        with pytest.raises(BadToken):
            read_token(bad)


def test_save_response_stores_one_response_with_its_answers():
    form = make_form(CHAIN)
    page = make_content_page(feedback_forms=[form])
    target = load_target(page.pk, form.pk)
    visitor = VisitorForm(target.questions, data={"q-helpful": "no", "q-why": "old", "q-stars": "3"})
    assert visitor.is_valid()
    response = save_response(target=target, values=visitor.stored_values(), client_hash="abc", page_url="/sv/x/")
    assert Response.objects.get() == response
    assert response.page_title == page.title and response.form_translation_key == form.translation_key
    assert sorted(Answer.objects.values_list("question_key", "question_type")) == [
        ("helpful", "yes_no"),
        ("stars", "rating"),
        ("why", "single_choice"),
    ]


def test_load_target_refuses_unpublished_pages():
    form = make_form(CHAIN)
    page = make_content_page(feedback_forms=[form])
    assert load_target(page.pk, form.pk) is not None
    page.unpublish()
    assert load_target(page.pk, form.pk) is None
    assert load_target(999999, form.pk) is None


def test_a_token_verified_once_is_still_checked_against_the_current_key(settings):
    token = make_token(1, 2)
    assert read_token(token)[:2] == (1, 2)
    assert read_token(token)[:2] == (1, 2)  # (from this process's memory)
    with pytest.raises(BadToken):
        read_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    settings.SECRET_KEY = "another-key-" + "x" * 40
    with pytest.raises(BadToken):
        read_token(token)


def test_forms_of_one_prototype_get_their_own_fields():
    from feedback.public.submission import FormPrototype

    prototype = FormPrototype(questions())
    first = VisitorForm([], data={}, prototype=prototype)
    first.fields["helpful"].required = False
    second = VisitorForm([], data={}, prototype=prototype)
    assert second.fields["helpful"].required
    assert prototype.fields["helpful"].required
    assert list(second.fields) == [q.key for q in prototype.questions]
