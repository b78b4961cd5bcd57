"""A vote is only taken for a form that is on the page: the default form or
one a FeedbackBlock places there (issue: a token signed with a leaked key
named a form that is not on the page)."""

from __future__ import annotations

import json

import pytest

from feedback.models import Response
from feedback.public import placement
from feedback.public.submission import make_token
from tests.factories import make_content_page, make_form, make_home_page

pytestmark = pytest.mark.django_db

SUBMIT = "/feedback/submit/"
QUESTIONS = [{"key": "helpful", "type": "yes_no", "required": True}]


@pytest.fixture(autouse=True)
def fresh():
    placement.forget()
    make_home_page("sv")


def send(client, page, form):
    body = {"token": make_token(page.pk, form.pk), "answers": {"helpful": "yes"}}
    return client.post(SUBMIT, json.dumps(body), content_type="application/json")


def test_a_form_placed_by_a_block_is_taken(client):
    form = make_form(QUESTIONS)
    page = make_content_page(feedback_forms=[form])
    assert send(client, page, form).status_code == 201


def test_a_form_that_is_not_on_the_page_is_refused(client):
    placed, elsewhere = make_form(QUESTIONS), make_form(QUESTIONS, title="Annat formulär")
    page = make_content_page(feedback_forms=[placed])
    make_content_page(title="Annan sida", feedback_forms=[elsewhere])
    response = send(client, page, elsewhere)
    assert response.status_code == 400
    assert "hör inte till den här sidan" in response.json()["errors"]["__all__"][0]
    assert not Response.objects.exists()


def test_the_default_form_is_taken_on_any_page(client):
    default = make_form(QUESTIONS, is_default=True)
    page = make_content_page(title="Utan block")
    assert send(client, page, default).status_code == 201


def test_a_new_revision_is_asked_again(client):
    first, second = make_form(QUESTIONS), make_form(QUESTIONS, title="Nytt")
    page = make_content_page(feedback_forms=[first])
    assert send(client, page, second).status_code == 400
    page.body = [("feedback", {"form": second})]
    page.save_revision().publish()
    assert send(client, page, second).status_code == 201
