"""``manage.py feedback_default_form``: the default form in sv with nb, da and en translations."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from feedback.models import FeedbackForm, Question

pytestmark = pytest.mark.django_db


def test_creates_the_default_form_once_with_translations():
    call_command("feedback_default_form", stdout=StringIO())
    output = StringIO()
    call_command("feedback_default_form", stdout=output)
    assert "exists already" in output.getvalue()

    forms = {f.locale.language_code: f for f in FeedbackForm.objects.select_related("locale")}
    assert sorted(forms) == ["da", "en", "nb", "sv"]
    assert all(f.is_default for f in forms.values())
    assert len({f.translation_key for f in forms.values()}) == 1
    assert forms["sv"].thank_you_text == "Tack för ditt svar!"
    assert forms["nb"].thank_you_text == "Takk for svaret ditt!"
    assert forms["da"].thank_you_text == "Tak for dit svar!"
    assert forms["en"].thank_you_text == "Thank you for your answer!"

    sv = {q.key: q for q in forms["sv"].questions.all()}
    assert list(sv) == ["helpful", "missing", "comment"]
    assert sv["helpful"].type == "yes_no" and sv["helpful"].required
    assert sv["helpful"].label == "Hade du nytta av innehållet på den här sidan?"
    assert (sv["missing"].condition_key, sv["missing"].condition_value, sv["missing"].required) == (
        "helpful",
        "no",
        True,
    )
    assert (sv["comment"].condition_key, sv["comment"].condition_value, sv["comment"].required) == (
        "helpful",
        "yes",
        False,
    )
    assert "personuppgifter" in sv["missing"].help_text

    nb = {q.key: q for q in forms["nb"].questions.all()}
    assert nb["missing"].label == "Hva savnet du?"
    assert nb["missing"].condition_value == "no"
    assert Question.objects.count() == 12


def test_follows_the_sites_content_languages(settings):
    """A site in English and Swedish gets the form in English (its default
    language) translated into Swedish, and no Norwegian or Danish locale."""
    from wagtail.models import Locale

    settings.LANGUAGE_CODE = "en"
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES = [("en", "English"), ("sv", "Swedish")]
    call_command("feedback_default_form", stdout=StringIO())
    forms = {f.locale.language_code: f for f in FeedbackForm.objects.select_related("locale")}
    assert sorted(forms) == ["en", "sv"]
    assert not Locale.objects.filter(language_code__in=["nb", "da"]).exists()
    source = forms["en"]
    assert source.title == "Tell us what you think of this page"
    assert source.questions.get(key="missing").label == "What was missing?"
    assert forms["sv"].questions.get(key="missing").label == "Vad saknade du?"
    assert forms["sv"].translation_key == source.translation_key
