"""Forms are translated with wagtail-localize: labels, texts and option labels
become segments; keys, types and conditions stay synchronised."""

import pytest
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from feedback.models import FeedbackForm
from tests.factories import get_locale, make_form

NB = {
    "Hade du nytta av sidan?": "Hadde du nytte av siden?",
    "Tack för ditt svar!": "Takk for svaret ditt!",
    "Vad saknade du?": "Hva savnet du?",
    "Hur hittade du hit?": "Hvordan fant du hit?",
    "Sökmotor": "Søkemotor",
    "Länk": "Lenke",
    "Ja, absolut": "Ja, absolutt",
    "Feedback": "Tilbakemelding",
}


def translate(form: FeedbackForm, code: str, strings: dict[str, str]) -> FeedbackForm:
    """What an editor does in wagtail-localize's translation editor."""
    locale = get_locale(code)
    source, _created = TranslationSource.get_or_create_from_instance(form)
    translation = Translation.objects.create(source=source, target_locale=locale)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            data=strings[segment.string.data],
        )
    translation.save_target(publish=True)
    return FeedbackForm.objects.get(translation_key=form.translation_key, locale=locale)


@pytest.mark.django_db
def test_swedish_form_is_translated_to_norwegian_with_questions_and_choice_labels():
    form = make_form(
        [
            {
                "key": "helpful",
                "type": "yes_no",
                "label": "Hade du nytta av sidan?",
                "required": True,
                "options": {"yes_label": "Ja, absolut", "no_label": ""},
            },
            {
                "key": "channel",
                "type": "single_choice",
                "label": "Hur hittade du hit?",
                "options": {"choices": [{"key": "search", "label": "Sökmotor"}, {"key": "link", "label": "Länk"}]},
            },
            {
                "key": "missing",
                "type": "long_text",
                "label": "Vad saknade du?",
                "required": True,
                "condition_key": "helpful",
                "condition_value": "no",
            },
        ],
        title="Feedback",
    )
    nb_form = translate(form, "nb", NB)

    assert nb_form.title == "Tilbakemelding"
    assert nb_form.thank_you_text == "Takk for svaret ditt!"
    helpful, channel, missing = nb_form.questions.order_by("sort_order")
    assert helpful.label == "Hadde du nytte av siden?"
    assert helpful.options == {"yes_label": "Ja, absolutt", "no_label": ""}
    assert channel.options["choices"] == [{"key": "search", "label": "Søkemotor"}, {"key": "link", "label": "Lenke"}]
    assert (missing.key, missing.type, missing.condition_key, missing.condition_value, missing.required) == (
        "missing",
        "long_text",
        "helpful",
        "no",
        True,
    )
    assert missing.translation_key == form.questions.get(key="missing").translation_key
    assert {q.locale.language_code for q in nb_form.questions.all()} == {"nb"}
    # The bound plugin shows translated labels to Norwegian visitors.
    assert channel.question_type.get_value_labels() == [("search", "Søkemotor"), ("link", "Lenke")]


@pytest.mark.django_db
def test_translation_to_all_languages_keeps_one_translation_key():
    form = make_form(
        [{"key": "helpful", "type": "yes_no", "label": "Hade du nytta av sidan?", "required": True}], title="Feedback"
    )
    for code in ("nb", "da", "en"):
        translate(
            form, code, {s: f"{s} [{code}]" for s in ("Hade du nytta av sidan?", "Tack för ditt svar!", "Feedback")}
        )
    versions = FeedbackForm.objects.filter(translation_key=form.translation_key)
    assert sorted(v.locale.language_code for v in versions) == ["da", "en", "nb", "sv"]
    assert versions.get(locale__language_code="da").questions.get().label == "Hade du nytta av sidan? [da]"


@pytest.mark.django_db
def test_a_page_in_a_language_the_form_lacks_shows_the_default_form_in_that_language(client, admin_client):
    """A Danish page whose block points at an untranslated Swedish form shows the
    site's Danish default form: never Swedish questions inside Danish chrome."""
    from io import StringIO

    from django.core.management import call_command

    from tests.factories import make_content_page

    call_command("feedback_default_form", stdout=StringIO())  # the default form in sv, nb, da, en
    swedish_only = make_form([{"key": "helpful", "type": "yes_no", "label": "Hade du nytta av sidan?"}], title="Enkät")
    danish_page = make_content_page(language="da", feedback_forms=[swedish_only])
    html = client.get(danish_page.url).content.decode()
    assert "Hade du nytta av sidan?" not in html
    danish_default = FeedbackForm.objects.get(is_default=True, locale=get_locale("da"))
    assert f'id="feedback-{danish_default.pk}"' in html
    assert "Fik du gavn af indholdet på denne side?" in html

    # The page editor says what fell back.
    from django.urls import reverse

    editor_html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[danish_page.pk])).content.decode()
    assert "data-feedback-fallback" in editor_html and "Enkät" in editor_html
