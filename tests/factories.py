"""Small factory functions: fill defaults with ``setdefault``, return saved objects."""

from __future__ import annotations

import itertools
from typing import Any

from django.contrib.auth import get_user_model
from wagtail.models import Locale, Page, Site

from feedback.models import FeedbackForm, Question

_counter = itertools.count(1)


def get_locale(code: str = "sv") -> Locale:
    return Locale.objects.get_or_create(language_code=code)[0]


def make_form(questions: list[dict[str, Any]] | None = None, **kwargs: Any) -> FeedbackForm:
    """A FeedbackForm with the given questions (dicts of Question fields)."""
    kwargs.setdefault("title", f"Form {next(_counter)}")
    kwargs.setdefault("thank_you_text", "Tack för ditt svar!")
    kwargs.setdefault("locale", get_locale(kwargs.pop("language", "sv")))
    form = FeedbackForm(**kwargs)
    if questions is None:
        questions = [{"key": "helpful", "type": "yes_no", "label": "Hade du nytta av sidan?", "required": True}]
    for index, spec in enumerate(questions):
        spec = dict(spec)
        spec.setdefault("label", spec["key"].replace("_", " ").capitalize())
        spec.setdefault("sort_order", index)
        spec.setdefault("locale", form.locale)
        form.questions.add(Question(**spec))
    form.save()
    return form


def make_question(form: FeedbackForm, **kwargs: Any) -> Question:
    kwargs.setdefault("key", f"q{next(_counter)}")
    kwargs.setdefault("type", "short_text")
    kwargs.setdefault("label", kwargs["key"])
    kwargs.setdefault("locale", form.locale)
    return Question.objects.create(form=form, **kwargs)


def make_user(username: str | None = None, **kwargs: Any):  # type: ignore[no-untyped-def]
    username = username or f"user{next(_counter)}"
    kwargs.setdefault("email", f"{username}@example.invalid")
    user = get_user_model().objects.create_user(username=username, password=kwargs.pop("password", "pw"), **kwargs)
    return user


def root_page(language: str = "sv") -> Page:
    """The default site's root page (Wagtail's initial tree)."""
    site = Site.objects.get(is_default_site=True)
    return site.root_page
