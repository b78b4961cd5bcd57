"""``{% feedback_for_page %}`` on any page model: the minimal integration
needs no model change (FeedbackPageMixin only adds a per-page switch)."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from wagtail.models import Page

from tests.factories import get_locale, make_content_page, make_form, make_home_page

pytestmark = pytest.mark.django_db

TEMPLATE = Template("{% load feedback_tags %}{% feedback_for_page page %}")


def render(page: Page) -> str:
    request = RequestFactory().get(page.url or "/", HTTP_HOST="localhost")
    return TEMPLATE.render(Context({"page": page, "request": request}))


def test_a_page_model_without_the_mixin_gets_the_default_form():
    home = make_home_page("sv")
    make_form([{"key": "helpful", "type": "yes_no", "label": "Hade du nytta av sidan?"}], is_default=True)
    plain = home.add_child(instance=Page(title="Vanlig sida", slug="vanlig", locale=get_locale("sv")))
    html = render(plain)
    assert "data-feedback-widget" in html and "Hade du nytta av sidan?" in html


def test_the_mixins_switch_still_turns_it_off():
    make_home_page("sv")
    make_form([{"key": "helpful", "type": "yes_no"}], is_default=True)
    assert "data-feedback-widget" not in render(make_content_page(show_feedback=False))
    assert "data-feedback-widget" in render(make_content_page(show_feedback=True))
