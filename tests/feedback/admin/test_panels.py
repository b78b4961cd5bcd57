"""Editors manage feedback forms in the Wagtail admin (snippet viewset)."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from feedback.models import FeedbackForm
from tests.factories import get_locale, make_form

ADD_URL = "wagtailsnippets_feedback_feedbackform:add"


def form_post_data(questions):
    return nested_form_data(
        {
            "title": "Hade du nytta av sidan?",
            "intro": "",
            "thank_you_text": "Tack för ditt svar!",
            "privacy_notice": "Skriv inga personuppgifter.",
            "submit_label": "Skicka",
            "is_default": "",
            "retention_days": "",
            "questions": inline_formset(questions),
        }
    )


@pytest.fixture
def editor_client(client, superuser):
    get_locale("sv")
    return client


@pytest.mark.django_db
def test_add_view_lists_every_registered_type_with_its_icon(editor_client):
    response = editor_client.get(reverse(ADD_URL))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("yes_no", "nps", "multiple_choice", "thumbs"):
        assert f'value="{name}"' in html
    assert 'data-feedback-options-for="single_choice"' in html
    assert "feedback-type-chooser__icon" in html


@pytest.mark.django_db
def test_editor_creates_a_form_with_typed_options_and_a_condition(editor_client):
    data = form_post_data(
        [
            {
                "key": "helpful",
                "type": "yes_no",
                "label": "Hade du nytta av innehållet?",
                "required": "on",
                "help_text": "",
                "condition_key": "",
                "condition_operator": "in",
                "condition_value": "",
                "options__yes_no__yes_label": "Ja",
                "options__yes_no__no_label": "Nej",
            },
            {
                "key": "channel",
                "type": "single_choice",
                "label": "Hur hittade du hit?",
                "help_text": "",
                "condition_key": "",
                "condition_operator": "in",
                "condition_value": "",
                "options__single_choice__choices": "Sökmotor\nlink|Länk från annan sida",
                # options of other types are ignored
                "options__nps__low_label": "ignored",
            },
            {
                "key": "missing",
                "type": "long_text",
                "label": "Vad saknade du?",
                "required": "on",
                "help_text": "",
                "condition_key": "helpful",
                "condition_operator": "in",
                "condition_value": "no",
            },
        ]
    )
    response = editor_client.post(reverse(ADD_URL), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    form = FeedbackForm.objects.get()
    helpful, channel, missing = form.questions.order_by("sort_order")
    assert helpful.options == {"yes_label": "Ja", "no_label": "Nej"}
    assert channel.options == {
        "choices": [{"key": "sokmotor", "label": "Sökmotor"}, {"key": "link", "label": "Länk från annan sida"}]
    }
    assert (missing.condition_key, missing.condition_value) == ("helpful", "no")
    assert form.locale.language_code == "sv" and missing.locale_id == form.locale_id


@pytest.mark.django_db
def test_choice_question_without_choices_is_refused(editor_client):
    data = form_post_data(
        [
            {
                "key": "channel",
                "type": "single_choice",
                "label": "Kanal",
                "help_text": "",
                "condition_key": "",
                "condition_operator": "in",
                "condition_value": "",
                "options__single_choice__choices": "",
            }
        ]
    )
    response = editor_client.post(reverse(ADD_URL), data)
    assert response.status_code == 200
    assert not FeedbackForm.objects.exists()
    assert "options__single_choice__choices" in response.content.decode()


@pytest.mark.django_db
def test_edit_shows_stored_choices_and_keeps_keys(editor_client):
    form = make_form(
        [
            {
                "key": "channel",
                "type": "single_choice",
                "label": "Kanal",
                "options": {"choices": [{"key": "web", "label": "Webben"}, {"key": "tel", "label": "Telefon"}]},
            }
        ]
    )
    url = reverse("wagtailsnippets_feedback_feedbackform:edit", args=[form.pk])
    response = editor_client.get(url)
    assert response.status_code == 200
    assert "web|Webben" in response.content.decode()


@pytest.mark.django_db
def test_preview_renders_the_form(editor_client):
    form = make_form()
    url = reverse("wagtailsnippets_feedback_feedbackform:preview_on_edit", args=[form.pk])
    data = form_post_data(
        [
            {
                "key": "helpful",
                "type": "yes_no",
                "label": "Hade du nytta av sidan?",
                "required": "on",
                "help_text": "",
                "condition_key": "",
                "condition_operator": "in",
                "condition_value": "",
                "id": form.questions.get().pk,
            }
        ]
    )
    assert editor_client.post(url, data).json()["is_valid"]
    response = editor_client.get(url)
    assert response.status_code == 200
    assert "Hade du nytta av sidan?" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("condition_key", "condition_value", "field"),
    [("nosuch", "no", "condition_key"), ("helpful", "maybe", "condition_value"), ("helpful", "", "condition_value")],
)
def test_invalid_conditions_are_refused(editor_client, condition_key, condition_value, field):
    data = form_post_data(
        [
            {
                "key": "helpful",
                "type": "yes_no",
                "label": "Nytta?",
                "required": "on",
                "help_text": "",
                "condition_key": "",
                "condition_operator": "in",
                "condition_value": "",
            },
            {
                "key": "missing",
                "type": "long_text",
                "label": "Vad saknade du?",
                "help_text": "",
                "condition_key": condition_key,
                "condition_operator": "in",
                "condition_value": condition_value,
            },
        ]
    )
    response = editor_client.post(reverse(ADD_URL), data)
    assert response.status_code == 200
    assert not FeedbackForm.objects.exists()
    assert response.context["form"].formsets["questions"].forms[1].errors[field]


@pytest.mark.django_db
def test_forms_list_shows_the_default_flag_as_a_translated_yes_no(admin_client):
    from tests.factories import make_form

    make_form([{"key": "helpful", "type": "yes_no"}], title="Standard", is_default=True)
    html = admin_client.get(reverse("wagtailsnippets_feedback_feedbackform:list")).content.decode()
    assert "Standardformulär" in html
    assert ">True<" not in html and ">False<" not in html
