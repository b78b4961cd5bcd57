"""Conditional questions with operators: "is one of", "is at most", "is at
least", in the visitor's form, in the widget's note and in the form builder."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from feedback.models import FeedbackForm
from feedback.public.submission import VisitorForm
from tests.factories import make_content_page, make_form, make_home_page
from tests.feedback.admin.test_panels import ADD_URL, editor_client, form_post_data  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"key": "stars", "type": "rating", "label": "Betyg"},
    {
        "key": "why_low",
        "type": "long_text",
        "required": True,
        "label": "Vad kan vi göra bättre?",
        "condition_key": "stars",
        "condition_operator": "lte",
        "condition_value": "2",
    },
    {
        "key": "best",
        "type": "short_text",
        "required": True,
        "label": "Vad var bäst?",
        "condition_key": "stars",
        "condition_operator": "gte",
        "condition_value": "5",
    },
    {
        "key": "topic",
        "type": "single_choice",
        "label": "Ärende",
        "options": {"choices": [{"key": "tax", "label": "Skatt"}, {"key": "move", "label": "Flytt"}]},
    },
    {
        "key": "case",
        "type": "short_text",
        "required": True,
        "label": "Ärendenummer",
        "condition_key": "topic",
        "condition_operator": "in",
        "condition_value": "tax, move",
    },
]


def errors_for(data: dict[str, str]) -> set[str]:
    form = VisitorForm(list(make_form(QUESTIONS).questions.all()), data=data)
    form.is_valid()
    return set(form.errors)


@pytest.mark.parametrize(
    ("stars", "required"),
    [("1", {"why_low"}), ("2", {"why_low"}), ("3", set()), ("4", set()), ("5", {"best"})],
)
def test_at_most_and_at_least_on_a_rating(stars, required):
    assert errors_for({"q-stars": stars}) == required


def test_one_of_several_values():
    assert errors_for({"q-topic": "tax"}) == {"case"}
    assert errors_for({"q-topic": "move"}) == {"case"}
    assert errors_for({}) == set()


def test_an_answer_to_a_question_whose_condition_fails_is_dropped():
    form = VisitorForm(list(make_form(QUESTIONS).questions.all()), data={"q-stars": "4", "q-why_low": "x"})
    assert form.is_valid()
    assert [q.key for q, _v in form.stored_values()] == ["stars"]


def test_without_javascript_the_widget_says_when_to_answer(client):
    make_home_page("sv")
    page = make_content_page(feedback_forms=[make_form(QUESTIONS)])
    html = client.get(page.url).content.decode()
    assert "Svara på det här om du svarade 2 eller lägre." in html
    assert "Svara på det här om du svarade 5 eller högre." in html
    assert "Svara på det här om du valde något av: ”Skatt”, ”Flytt”." in html
    assert 'data-condition-operator="lte" data-condition-value="2"' in html


def question(key: str, qtype: str, **extra: str) -> dict[str, str]:
    return {"key": key, "type": qtype, "label": key.title(), "help_text": "", "condition_key": "",
            "condition_operator": "in", "condition_value": "", **extra}  # fmt: skip


@pytest.mark.parametrize(
    ("parent", "operator", "value", "field", "message"),
    [
        ("yes_no", "lte", "1", "condition_operator", "kan bara jämföras med ”är något av”"),
        ("rating", "lte", "två", "condition_value", "Ange ett tal"),
        ("rating", "gte", "1, 2", "condition_value", "Ange ett tal"),
        ("yes_no", "in", "yes, maybe", "condition_value", "Välj ett av: yes, no."),
        ("short_text", "in", "x", "condition_key", "kan inte användas i ett villkor"),
    ],
)
def test_the_form_builder_refuses_a_condition_that_cannot_hold(editor_client, parent, operator, value, field, message):  # noqa: F811
    data = form_post_data(
        [
            question("first", parent),
            question("then", "long_text", condition_key="first", condition_operator=operator, condition_value=value),
        ]
    )
    with translation.override("sv"):
        response = editor_client.post(reverse(ADD_URL), data, HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 200
    assert not FeedbackForm.objects.exists()
    errors = response.context["form"].formsets["questions"].forms[1].errors[field]
    assert any(message in error for error in errors), errors


def test_the_form_builder_stores_an_operator_and_lists_earlier_questions(editor_client):  # noqa: F811
    data = form_post_data(
        [
            question("stars", "rating"),
            question("why_low", "long_text", condition_key="stars", condition_operator="lte", condition_value="2"),
        ]
    )
    response = editor_client.post(reverse(ADD_URL), data)
    assert response.status_code == 302, response.context["form"].formsets["questions"].errors
    form = FeedbackForm.objects.get()
    why_low = form.questions.get(key="why_low")
    assert (why_low.condition_key, why_low.condition_operator, why_low.condition_value) == ("stars", "lte", "2")

    edit = editor_client.get(reverse("wagtailsnippets_feedback_feedbackform:edit", args=[form.pk])).content.decode()
    # The second question picks its condition from a list holding the first one.
    assert '<option value="stars" selected>Stars (stars)</option>' in edit
    assert '<option value="lte" selected>' in edit
