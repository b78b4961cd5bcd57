"""The visitor's flow in a real browser, with and without JavaScript."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from feedback.models import Answer, FeedbackForm, Response
from tests.browser.conftest import open_browser, run_axe
from tests.factories import make_content_page, make_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LANGUAGES = {
    "sv": {
        "no": "Nej",
        "send": "Skicka",
        "required": "Du måste skriva in dina synpunkter innan du skickar.",
        "missing": "Vad saknade du?",
        "thanks": "Tack för ditt svar!",
    },
    "nb": {
        "no": "Nei",
        "send": "Send",
        "required": "Du må skrive inn tilbakemeldingen din før du sender.",
        "missing": "Hva savnet du?",
        "thanks": "Takk for svaret ditt!",
    },
}


def default_form_page(language: str):  # type: ignore[no-untyped-def]
    """A page showing the default form at its end, as the demo site does."""
    from io import StringIO

    call_command("feedback_default_form", stdout=StringIO())
    return make_content_page(language=language, show_feedback=True)


def widget(page):  # type: ignore[no-untyped-def]
    return page.locator("[data-feedback-widget]")


JS = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


@JS
@pytest.mark.parametrize("language", ["sv", "nb"])
def test_helpful_no_needs_a_comment_then_thanks(live_server, javascript, language):
    texts = LANGUAGES[language]
    page_obj = default_form_page(language)
    with open_browser(javascript) as page:
        page.goto(live_server.url + page_obj.url)
        box = widget(page)
        if javascript:
            expect(box.get_by_label(texts["missing"])).to_be_hidden()  # appears only after "No"
        box.get_by_label(texts["no"], exact=True).check()
        expect(box.get_by_label(texts["missing"])).to_be_visible()
        box.get_by_role("button", name=texts["send"]).click()

        box = widget(page)
        expect(box.get_by_role("alert")).to_contain_text(texts["required"])
        expect(box.locator(".feedback-field-error").filter(has_text=texts["required"])).to_be_visible()
        box.get_by_label(texts["missing"]).fill(
            "Öppettider saknas. Mejla anna.svensson@example.se eller ring, mitt nummer är 19811218-9876."
        )
        box.get_by_role("button", name=texts["send"]).click()
        expect(widget(page)).to_contain_text(texts["thanks"])
        if javascript:
            expect(widget(page).locator("[data-feedback-live]")).to_have_text(texts["thanks"])
            expect(widget(page).locator("[data-feedback-thanks]")).to_be_focused()
        else:
            assert re.search(r"\?feedback=thanks-\d+#feedback-\d+$", page.url)

    response = Response.objects.get()
    form = FeedbackForm.objects.get(is_default=True, locale__language_code=language)
    assert response.source_page_id == page_obj.pk
    assert response.language_code == language
    assert response.form_id == form.pk
    answers = {a.question_key: a for a in Answer.objects.filter(response=response)}
    assert set(answers) == {"helpful", "missing"}
    assert answers["helpful"].choice == "no"
    text = answers["missing"].text
    assert "anna.svensson@example.se" not in text and "9876" not in text
    mask = {"sv": ("[e-post]", "[personnummer]"), "nb": ("[e-post]", "[fødselsnummer]")}[language]
    assert all(m in text for m in mask), text


@JS
def test_structured_form(live_server, javascript):
    form = make_form(
        [
            {"key": "stars", "type": "rating", "required": True, "label": "Hur många stjärnor?"},
            {
                "key": "topic",
                "type": "single_choice",
                "required": True,
                "label": "Vad gällde ditt besök?",
                "options": {"choices": [{"key": "tax", "label": "Skatt"}, {"key": "other", "label": "Annat"}]},
            },
            {"key": "why", "type": "long_text", "label": "Berätta mer"},
        ],
        submit_label="Skicka",
    )
    page_obj = make_content_page(feedback_forms=[form])
    with open_browser(javascript) as page:
        page.goto(live_server.url + page_obj.url)
        box = widget(page)
        box.get_by_label("Skatt").check()
        box.get_by_role("button", name="Skicka").click()
        expect(widget(page).get_by_role("alert")).to_contain_text("Välj ett värde från 1 till 5.")
        box = widget(page)
        box.get_by_label("4 av 5 stjärnor").check()
        expect(box.get_by_label("Skatt")).to_be_checked()  # input kept after the error
        box.get_by_label("Berätta mer").fill("Bra och tydligt.")
        box.get_by_role("button", name="Skicka").click()
        expect(widget(page)).to_contain_text("Tack för ditt svar!")

    rows = sorted(Answer.objects.values_list("question_key", "number", "choice", "text"))
    assert rows == [("stars", 4, "", ""), ("topic", None, "tax", ""), ("why", None, "", "Bra och tydligt.")]
    assert Response.objects.get().form_id == form.pk


def test_no_accessibility_violations_before_and_after_an_error(live_server):
    page_obj = default_form_page("sv")
    with open_browser() as page:
        page.goto(live_server.url + page_obj.url)
        assert run_axe(page) == []
        widget(page).get_by_label("Nej", exact=True).check()
        widget(page).get_by_role("button", name="Skicka").click()
        expect(widget(page).get_by_role("alert")).to_be_visible()
        assert run_axe(page) == []


def test_no_accessibility_violations_on_the_server_rendered_error(live_server):
    """The page re-rendered by the server after an error (the no-JavaScript path).

    axe itself needs JavaScript, so the widget's script is blocked instead: the
    form then posts like a browser without JavaScript."""
    page_obj = default_form_page("sv")
    with open_browser() as page:
        page.route("**/feedback/js/widget.js", lambda route: route.abort())
        page.goto(live_server.url + page_obj.url)
        widget(page).get_by_label("Nej", exact=True).check()
        widget(page).get_by_role("button", name="Skicka").click()
        expect(widget(page).get_by_role("alert")).to_contain_text("Du måste skriva in dina synpunkter")
        # A real form post, answered with the page, opened at the error summary with focus on it.
        assert "/feedback/submit/#feedback-" in page.url and page.url.endswith("-errors")
        assert page.title().startswith("Fel: ")
        assert page.evaluate("document.activeElement.getAttribute('data-feedback-summary')") is not None
        page.screenshot(path="/tmp/nojs-error.png")
        assert run_axe(page) == []


def test_widget_reflows_at_400_percent_zoom(live_server):
    """1280 CSS pixels at 400% zoom is a 320 pixel wide viewport (WCAG 1.4.10)."""
    page_obj = default_form_page("sv")
    with open_browser(viewport={"width": 320, "height": 640}) as page:
        page.goto(live_server.url + page_obj.url)
        widget(page).get_by_label("Nej", exact=True).check()
        widget(page).get_by_role("button", name="Skicka").click()
        expect(widget(page).get_by_role("alert")).to_be_visible()
        overflow = widget(page).evaluate(
            """(box) => [box.scrollWidth - box.clientWidth, box.getBoundingClientRect().right - window.innerWidth]"""
        )
    assert overflow[0] <= 0 and overflow[1] <= 0, overflow


@JS
def test_reply_address_needs_explicit_consent(live_server, javascript):
    form = make_form(
        [
            {"key": "comment", "type": "long_text", "required": True, "label": "Dina synpunkter"},
            {"key": "reply", "type": "email", "label": "Vill du ha svar?"},
        ],
        submit_label="Skicka",
    )
    page_obj = make_content_page(feedback_forms=[form])
    with open_browser(javascript) as page:
        page.goto(live_server.url + page_obj.url)
        box = widget(page)
        box.get_by_label("Dina synpunkter").fill("Hur ansöker jag?")
        box.get_by_label("E-postadress").fill("anna@example.se")
        box.get_by_role("button", name="Skicka").click()
        expect(widget(page).get_by_role("alert")).to_contain_text("Kryssa i rutan")
        assert not Response.objects.exists()
        box = widget(page)
        expect(box.get_by_label("E-postadress")).to_have_value("anna@example.se")  # input kept
        box.get_by_label("Ni får kontakta mig").check()
        box.get_by_role("button", name="Skicka").click()
        expect(widget(page)).to_contain_text("Tack för ditt svar!")

    assert dict(Answer.objects.values_list("question_key", "text")) == {
        "comment": "Hur ansöker jag?",
        "reply": "anna@example.se",
    }
