"""The public submission endpoint, through HTTP: the plain form, the JSON API,
origin checks and bad input (abuse protection: test_abuse.py; the cost of a
vote and Redis outages: test_vote_cost.py)."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest
from django.core.cache import caches
from django.core.signing import dumps

from feedback.models import Answer, Response
from feedback.public.submission import make_token
from tests.factories import make_content_page, make_form
from tests.feedback.public.voting import DEFAULT_QUESTIONS, SUBMIT, post_json, token_of, vote

pytestmark = pytest.mark.django_db

# --- the page ---------------------------------------------------------------


def test_page_html_is_cacheable_and_carries_the_widget(client, widget_page):
    page, form = widget_page
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers and not response.cookies
    assert "csrfmiddlewaretoken" not in html
    assert f'id="feedback-{form.pk}"' in html
    assert f'action="/feedback/submit/#feedback-{form.pk}-errors"' in html
    assert "Skriv inga personuppgifter." in html
    # The widget needs no per-visitor data: two renders differ at most in the render time.
    assert token_of(html)


def test_conditional_question_is_labelled_for_visitors_without_javascript(client, widget_page):
    page, _form = widget_page
    html = client.get(page.url).content.decode()
    assert "Svara på den här frågan om du valde ”Nej”." in html
    assert "Svara på den här frågan om du valde ”Ja”." in html


# --- without JavaScript -------------------------------------------------------------


def test_html_flow_error_then_thanks(client, widget_page):
    page, form = widget_page
    token = token_of(client.get(page.url).content.decode())

    response = client.post(SUBMIT, {"token": token, "q-helpful": "no"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Du måste skriva in dina synpunkter innan du skickar." in html
    assert 'role="alert"' in html
    assert f'href="#feedback-{form.pk}-q-missing"' in html  # the summary links to the field
    assert 'value="no" id="feedback-{}-q-helpful_1" checked'.format(form.pk) in html  # input kept
    assert response["Cache-Control"] == "no-store"
    assert not Response.objects.exists()

    response = client.post(SUBMIT, {"token": token, "q-helpful": "no", "q-missing": "Öppettider saknas."})
    assert response.status_code == 303
    assert response["Location"].endswith(f"{page.url}?feedback=thanks-{form.pk}#feedback-{form.pk}")

    thanks = client.get(response["Location"]).content.decode()
    assert "Tack för ditt svar!" in thanks
    assert 'name="token"' not in thanks

    stored = Response.objects.get()
    assert stored.page_id == page.pk and stored.form_id == form.pk
    assert stored.language_code == "sv"
    assert stored.page_translation_key == page.translation_key
    assert stored.page_url.endswith(page.url)
    answers = {a.question_key: (a.choice, a.text) for a in Answer.objects.all()}
    assert answers == {"helpful": ("no", ""), "missing": ("", "Öppettider saknas.")}


def test_answers_to_hidden_questions_are_ignored(client, widget_page):
    page, form = widget_page
    response = post_json(client, vote(page, form, helpful="yes", missing="ignored", comment="Bra sida"))
    assert response.status_code == 201
    assert sorted(Answer.objects.values_list("question_key", flat=True)) == ["comment", "helpful"]


def test_norwegian_page_answers_in_norwegian(client):
    form = make_form(DEFAULT_QUESTIONS, language="nb", thank_you_text="Takk for svaret ditt!")
    page = make_content_page(language="nb", feedback_forms=[form])
    token = token_of(client.get(page.url).content.decode())
    response = client.post(SUBMIT, {"token": token, "q-helpful": "no"}, HTTP_ACCEPT_LANGUAGE="sv")
    assert "Du må skrive inn tilbakemeldingen din før du sender." in response.content.decode()
    response = post_json(client, vote(page, form, helpful="no"))
    assert response.json() == {"errors": {"missing": ["Du må skrive inn tilbakemeldingen din før du sender."]}}
    response = post_json(client, vote(page, form, helpful="no", missing="Mer om åpningstider"))
    assert response.json() == {"status": "ok", "message": "Takk for svaret ditt!"}
    assert Response.objects.get().language_code == "nb"


# --- JSON API ------------------------------------------------------------------------------


def test_json_api_success_and_errors(client, widget_page):
    page, form = widget_page
    response = post_json(client, vote(page, form))
    assert response.status_code == 400
    assert response.json() == {"errors": {"helpful": ["Välj ja eller nej."]}}
    assert response["Cache-Control"] == "no-store"

    response = post_json(client, vote(page, form, helpful="maybe"))
    assert response.status_code == 400 and "helpful" in response.json()["errors"]

    response = post_json(client, vote(page, form, helpful="yes"))
    assert response.status_code == 201
    assert response.json() == {"status": "ok", "message": "Tack för ditt svar!"}
    assert Response.objects.count() == 1


def test_structured_form_over_json(client):
    form = make_form(
        [
            {"key": "stars", "type": "rating", "required": True},
            {
                "key": "topic",
                "type": "single_choice",
                "options": {"choices": [{"key": "a", "label": "Alfa"}, {"key": "b", "label": "Beta"}]},
            },
            {
                "key": "tags",
                "type": "multiple_choice",
                "options": {"choices": [{"key": "x", "label": "Ex"}, {"key": "y", "label": "Ypsilon"}]},
            },
            {"key": "why", "type": "long_text"},
            {"key": "nps", "type": "nps"},
        ]
    )
    page = make_content_page(feedback_forms=[form])
    response = post_json(client, vote(page, form, stars=4, topic="b", tags=["x", "y"], why="Bra", nps=10))
    assert response.status_code == 201, response.content
    rows = sorted(Answer.objects.values_list("question_key", "number", "choice", "text"))
    assert rows == [
        ("nps", 10, "", ""),
        ("stars", 4, "", ""),
        ("tags", None, "x", ""),
        ("tags", None, "y", ""),
        ("topic", None, "b", ""),
        ("why", None, "", "Bra"),
    ]


# --- origin / CSRF replacement ----------------------------------------------------------------------


def test_foreign_origin_is_refused(client, widget_page):
    page, form = widget_page
    for extra in (
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "null"},
    ):
        response = post_json(client, vote(page, form, helpful="yes"), **extra)
        assert response.status_code == 403
        assert response.json() == {"errors": {"__all__": ["Synpunkter kan bara skickas från webbplatsens egna sidor."]}}
    html = client.post(
        SUBMIT, {"token": make_token(page.pk, form.pk), "q-helpful": "yes"}, HTTP_ORIGIN="http://evil.example"
    )
    assert html.status_code == 403 and "webbplatsens egna sidor" in html.content.decode()
    assert not Response.objects.exists()


def test_own_origin_is_accepted(client, widget_page):
    page, form = widget_page
    for extra in (
        {"HTTP_ORIGIN": "http://testserver"},
        {"HTTP_ORIGIN": "http://localhost:8000"},
        {"HTTP_SEC_FETCH_SITE": "same-origin"},
    ):
        caches["feedback"].clear()
        response = post_json(client, vote(page, form, helpful="yes"), **extra)
        assert response.status_code == 201, extra


# --- bad input -----------------------------------------------------------------------------------------


def garbage(page, form) -> list[tuple[str, Any, str]]:
    """(content type, body, why) that must each get a 4xx and store nothing."""
    good = vote(page, form, helpful="yes")
    return [
        ("application/json", "{not json", "malformed JSON"),
        ("application/json", "[1, 2]", "not an object"),
        ("application/json", '"text"', "a string"),
        ("application/json", "null", "null"),
        ("application/json", "[" * 60000, "absurdly deep nesting"),
        ("application/json", b"\xff\xfe\x00garbage", "not UTF-8"),
        ("application/json", json.dumps({**good, "token": "nonsense"}), "bad signature"),
        ("application/json", json.dumps({**good, "token": None}), "no token"),
        ("application/json", json.dumps({**good, "token": ["x"]}), "token of the wrong type"),
        ("application/json", json.dumps({**good, "token": dumps([page.pk, form.pk, 0], salt="other")}), "other salt"),
        ("application/json", json.dumps({**good, "page": page.pk + 1}), "page does not match token"),
        ("application/json", json.dumps({**good, "form": 999999}), "form does not match token"),
        ("application/json", json.dumps({**good, "token": make_token(999999, form.pk)}), "unknown page"),
        ("application/json", json.dumps({**good, "token": make_token(page.pk, 999999)}), "unknown form"),
        ("application/json", json.dumps({**good, "answers": {"nope": "yes"}}), "unknown question"),
        ("application/json", json.dumps({**good, "answers": {"helpful": "maybe"}}), "invalid choice"),
        ("application/json", json.dumps({**good, "answers": {"helpful": {"a": 1}}}), "object answer"),
        ("application/json", json.dumps({**good, "answers": {"helpful": ["yes"]}}), "list for a single value"),
        ("application/json", json.dumps({**good, "answers": {"helpful": [[1]]}}), "nested list"),
        ("application/json", json.dumps({**good, "answers": []}), "answers not an object"),
        ("application/json", json.dumps({**good, "answers": "yes"}), "answers a string"),
        ("application/json", json.dumps({**good, "answers": {}}), "nothing answered"),
        ("application/json", json.dumps({**good, "answers": {"helpful": 1e309}}), "huge number"),
        ("application/json", json.dumps({**good, "answers": {"helpful": "no", "missing": "x" * 5000}}), "too long"),
        ("application/json", json.dumps({**good, "answers": {"helpful": "no", "missing": "\x00\x01"}}), "controls"),
        ("text/plain", "helpful=yes", "wrong content type"),
        ("application/xml", "<a/>", "XML"),
        ("application/x-www-form-urlencoded", "token=%ff%fe&q-helpful=yes", "broken token"),
        ("application/x-www-form-urlencoded", "q-helpful=yes", "form without token"),
        ("multipart/form-data; boundary=xyz", "--xyz\r\nbroken", "broken multipart"),
    ]


def test_garbage_gets_4xx_and_stores_nothing(client, widget_page):
    page, form = widget_page
    for content_type, body, why in garbage(page, form):
        response = client.post(SUBMIT, body, content_type=content_type, HTTP_ACCEPT="application/json")
        assert 400 <= response.status_code < 500, (why, response.status_code, response.content[:300])
        assert response.json()["errors"], why
    assert not Response.objects.exists()
    assert not Answer.objects.exists()


def test_bad_input_has_clear_messages(client, widget_page):
    page, form = widget_page
    response = post_json(client, {**vote(page, form, helpful="yes"), "token": "x"})
    assert response.json()["errors"]["__all__"] == [
        "Formuläret hör inte till den här sidan. Ladda om sidan och försök igen."
    ]
    response = client.post(SUBMIT, "x", content_type="text/plain")
    assert response.status_code == 415
    response = client.post(SUBMIT, {"token": "x", "q-helpful": "yes"})
    assert response.status_code == 400
    assert "Formuläret hör inte till den här sidan" in response.content.decode()
    assert client.get(SUBMIT).status_code == 405


def test_unpublished_page_is_refused(client, widget_page):
    page, form = widget_page
    page.unpublish()
    response = post_json(client, vote(page, form, helpful="yes"))
    assert response.status_code == 410
    assert not Response.objects.exists()


def test_oversized_body_is_refused(client, widget_page, settings):
    settings.WAGTAIL_FEEDBACK_MAX_BODY_BYTES = 1000
    page, form = widget_page
    response = post_json(client, vote(page, form, helpful="no", missing="x" * 2000))
    assert response.status_code == 413
    assert response.json()["errors"]["__all__"]
    assert not Response.objects.exists()


def test_personal_data_is_masked_before_storage(client, widget_page):
    page, form = widget_page
    text = "Mejla anna.svensson@example.se, mitt personnummer är 19811218-9876."
    assert post_json(client, vote(page, form, helpful="no", missing=text)).status_code == 201
    stored = Answer.objects.get(question_key="missing").text
    assert stored == "Mejla [e-post], mitt personnummer är [personnummer]."


def test_personal_data_can_be_rejected(client, widget_page, settings):
    settings.WAGTAIL_FEEDBACK_PII_POLICY = "reject"
    page, form = widget_page
    response = post_json(client, vote(page, form, helpful="no", missing="Ring 070-123 45 67"))
    assert response.status_code == 400
    assert response.json()["errors"]["missing"] == [
        "Ta bort personuppgifter som e-postadresser, telefonnummer och personnummer."
    ]
    assert not Response.objects.exists()


@pytest.mark.parametrize("policy", ["mask", "reject"])
def test_personal_data_in_a_plugin_types_compound_value_is_not_stored(client, settings, policy):
    """The policy applies to every stored text, not only to free-text types:
    the test package's thumbs type stores its reason next to the thumb."""
    settings.WAGTAIL_FEEDBACK_PII_POLICY = policy
    form = make_form([{"key": "thumbs", "type": "thumbs", "required": True}])
    page = make_content_page(feedback_forms=[form])
    response = post_json(client, vote(page, form, thumbs=["down", "Ring mig på 070-123 45 67"]))
    if policy == "reject":
        assert response.status_code == 400 and "thumbs" in response.json()["errors"]
        assert not Answer.objects.exists()
    else:
        assert response.status_code == 201
        assert Answer.objects.get().text == "Ring mig på [telefonnummer]"


def test_an_email_given_with_consent_is_kept(client):
    form = make_form([{"key": "reply", "type": "email", "options": {"consent_text": "Ni får kontakta mig."}}])
    page = make_content_page(feedback_forms=[form])
    response = post_json(client, vote(page, form, reply=["anna@example.se", True]))
    assert response.status_code == 201, response.content
    assert Answer.objects.get().text == "anna@example.se"


# --- template tags ----------------------------------------------------------------------------------------


def test_default_form_at_the_end_of_a_page(rf):
    from django.template import engines

    page = make_content_page(title="Utan block")
    default = make_form(DEFAULT_QUESTIONS, is_default=True, title="Standard")
    page.show_feedback = True
    page.save()
    template = engines["django"].from_string("{% load feedback_tags %}{% feedback_for_page page %}")
    request = rf.get(page.url)
    html = template.render({"page": page, "request": request})
    assert f'id="feedback-{default.pk}"' in html and "Standard" in html
    page.show_feedback = False
    page.save()
    assert template.render({"page": page, "request": rf.get(page.url)}).strip() == ""


def test_block_without_form_shows_the_default_form_of_the_pages_language(client):
    make_form(DEFAULT_QUESTIONS, is_default=True, title="Svenska standard")
    nb_default = make_form(DEFAULT_QUESTIONS, is_default=True, title="Norsk standard", language="nb")
    page = make_content_page(language="nb", feedback_forms=[None])
    html = client.get(page.url).content.decode()
    assert "Norsk standard" in html and "Svenska standard" not in html
    assert f'name="form" value="{nb_default.pk}"' in html


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000"])
def test_no_js_thanks_stays_on_the_host_the_visitor_used(client, widget_page, host):
    """The demo Site says localhost:80; a visitor on 127.0.0.1:8000 must not be
    sent there. Wagtail decides: one site, so the address stays relative."""
    page, form = widget_page
    response = client.post(SUBMIT, {"token": make_token(page.pk, form.pk), "q-helpful": "yes"}, HTTP_HOST=host)
    assert response.status_code == 303
    assert response["Location"].startswith(page.url + "?")
    stored = Response.objects.get()
    assert stored.page_url == page.full_url  # the canonical address, not the visitor's host


def test_no_js_error_page_is_titled_and_opens_at_the_error_summary(client, widget_page):
    page, form = widget_page
    html = client.get(page.url).content.decode()
    assert f'action="/feedback/submit/#feedback-{form.pk}-errors"' in html
    response = client.post(SUBMIT, {"token": token_of(html), "q-helpful": "no"})  # the comment is required
    assert response.status_code == 400
    error_page = response.content.decode()
    assert re.search(r"<title>Fel: ", error_page)
    assert f'id="feedback-{form.pk}-errors"' in error_page and "autofocus" in error_page


def test_a_quick_correction_after_an_error_is_stored(client, widget_page, settings):
    """The bot check counts from the first render of the form (the token), not
    from the error page: a person who fixes the error at once is not a bot."""
    settings.WAGTAIL_FEEDBACK_MIN_SUBMIT_SECONDS = 5
    page, form = widget_page
    first_render = make_token(page.pk, form.pk, time.time() - 30)
    error_page = client.post(SUBMIT, {"token": first_render, "q-helpful": "no"}).content.decode()
    corrected = client.post(SUBMIT, {"token": token_of(error_page), "q-helpful": "no", "q-missing": "Öppettider"})
    assert corrected.status_code == 303
    assert Response.objects.count() == 1


def test_a_page_placing_a_form_gets_no_automatic_default_form(client, widget_page):
    from io import StringIO

    from django.core.management import call_command

    call_command("feedback_default_form", stdout=StringIO())  # a default form exists
    page, form = widget_page
    page.show_feedback = True  # the switch is on, but the editor placed a form: one widget
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert html.count("data-feedback-widget") == 1
    assert f'id="feedback-{form.pk}"' in html
    plain = make_content_page(title="Utan block", show_feedback=True)
    assert client.get(plain.url).content.decode().count("data-feedback-widget") == 1  # the default one


def test_the_feedback_switch_is_on_the_content_tab(admin_client, widget_page):
    from django.urls import reverse

    page, _form = widget_page
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    # Tab ids follow the (Swedish) tab labels: "Innehåll", "Marknadsför".
    content_tab = html.split('id="tab-innehall"', 1)[1].split('id="tab-marknadsfor"', 1)[0]
    assert 'name="show_feedback"' in content_tab
