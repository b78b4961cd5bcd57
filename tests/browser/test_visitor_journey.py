"""The visitor's journey, as a person clicks, on both addresses a person may
open (127.0.0.1 and localhost), with and without JavaScript: a "Nej" without
the required comment is refused with a visible error, the correction is sent
at once and stored, and the thank-you is shown on the same host."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from feedback.models import Answer, Response
from tests.browser.conftest import hosts, open_browser
from tests.browser.test_widget import default_form_page, widget
from tests.factories import make_content_page, make_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_error_correction_thanks_on_the_same_host(live_server, settings, javascript):
    # The bot check is on: it must count from the first render, not from the error page.
    settings.WAGTAIL_FEEDBACK_MIN_SUBMIT_SECONDS = 1
    page_obj = default_form_page("sv")
    for number, base in enumerate(hosts(live_server), start=1):
        with open_browser(javascript) as page:
            page.goto(base + page_obj.url)
            page.wait_for_timeout(1200)  # a person reads the question
            box = widget(page)
            box.get_by_label("Nej", exact=True).check()
            box.get_by_role("button", name="Skicka").click()
            expect(box.get_by_role("alert")).to_contain_text("Du måste skriva in dina synpunkter")
            page.screenshot(path=f"/tmp/visitor-{'js' if javascript else 'nojs'}-{number}-error.png")
            # Corrected and sent again at once.
            widget(page).get_by_label("Vad saknade du?").fill(f"Telefontider saknas ({number})")
            widget(page).get_by_role("button", name="Skicka").click()
            expect(widget(page)).to_contain_text("Tack för ditt svar!")
            page.screenshot(path=f"/tmp/visitor-{'js' if javascript else 'nojs'}-{number}-thanks.png")
            assert urlsplit(page.url).netloc == urlsplit(base).netloc  # never sent to another host
        assert Answer.objects.filter(text=f"Telefontider saknas ({number})").count() == 1
    assert Response.objects.count() == 2


QUESTIONS = [
    {"key": "helpful", "type": "yes_no", "required": True, "label": "Hade du nytta av sidan?"},
    {"key": "stars", "type": "rating", "required": True, "label": "Hur många stjärnor ger du sidan?"},
    {
        "key": "topic",
        "type": "single_choice",
        "label": "Vad gällde ditt besök?",
        "options": {"choices": [{"key": "tax", "label": "Skatt"}, {"key": "move", "label": "Flytt"}]},
    },
    {
        "key": "found",
        "type": "multiple_choice",
        "label": "Hur hittade du hit?",
        "options": {"choices": [{"key": "search", "label": "Sökmotor"}, {"key": "link", "label": "Länk"}]},
    },
    {"key": "nps", "type": "nps", "label": "Hur troligt är det att du rekommenderar oss?"},
    {"key": "comment", "type": "long_text", "required": True, "label": "Dina synpunkter"},
    {
        "key": "better",
        "type": "long_text",
        "label": "Vad kan vi göra bättre?",
        "condition_key": "stars",
        "condition_operator": "lte",
        "condition_value": "2",
    },
]
COMMENT_REQUIRED = "Du måste skriva in dina synpunkter innan du skickar."


def answer_everything_but_the_comment(box) -> None:  # type: ignore[no-untyped-def]
    box.get_by_role("group", name="Hade du nytta av sidan?").get_by_label("Ja", exact=True).check()
    box.get_by_label("4 av 5 stjärnor").check()
    box.get_by_label("Flytt").check()
    box.get_by_label("Sökmotor").check()
    box.get_by_label("Länk").check()
    box.get_by_role("group", name="Hur troligt är det att du rekommenderar oss?").get_by_label("9", exact=True).check()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_every_kind_of_question_answered_corrected_and_thanked_on_the_host_used(live_server, settings, javascript):
    # A real minimum fill-in time: the correction after the error must still be stored.
    settings.WAGTAIL_FEEDBACK_MIN_SUBMIT_SECONDS = 1
    form = make_form(QUESTIONS, title="Hjälp oss att bli bättre", submit_label="Skicka")
    page_obj = make_content_page(title="Flytta till Sverige", feedback_forms=[form])
    mode = "js" if javascript else "nojs"

    for number, base in enumerate(hosts(live_server), start=1):
        host = base.split("//", 1)[1].split(":")[0]
        with open_browser(javascript) as page:
            page.goto(base + page_obj.url)
            box = widget(page)
            better = box.get_by_label("Vad kan vi göra bättre?")
            if javascript:  # shown only while the rating is 2 or lower
                expect(better).to_be_hidden()
                box.get_by_label("2 av 5 stjärnor").check()
                expect(better).to_be_visible()
            else:  # always shown, with a note saying when to answer
                expect(box.get_by_text("Svara på det här om du svarade 2 eller lägre.")).to_be_visible()
            answer_everything_but_the_comment(box)
            if javascript:
                expect(better).to_be_hidden()
            page.wait_for_timeout(1100)  # a person reads the form before sending
            box.get_by_role("button", name="Skicka").click()

            # The mistake: the error summary is shown, reached and announced.
            summary = widget(page).locator("[data-feedback-summary]")
            expect(summary).to_contain_text(COMMENT_REQUIRED)
            expect(summary).to_be_focused()
            expect(summary).to_be_in_viewport()
            expect(page).to_have_title(re.compile(rf"^Fel: {page_obj.title}"))
            if not javascript:
                # The page came back from the form post, scrolled to the summary by the address.
                assert page.url == f"{base}/feedback/submit/#feedback-{form.pk}-errors"
            page.screenshot(path=f"/tmp/visitor-types-{mode}-{host}-error.png")
            assert Response.objects.count() == number - 1

            # The answers are kept; the comment is added and sent at once.
            box = widget(page)
            expect(box.get_by_label("4 av 5 stjärnor")).to_be_checked()
            expect(box.get_by_label("Länk")).to_be_checked()
            box.get_by_label("Dina synpunkter").fill(f"Tydlig sida, tack ({host}).")
            box.get_by_role("button", name="Skicka").click()

            expect(widget(page)).to_contain_text("Tack för ditt svar!")
            expect(widget(page).locator("[data-feedback-thanks]")).to_be_visible()
            # Still on the host the visitor used, and no "Error:" left in the title.
            assert page.url.startswith(base + page_obj.url), page.url
            assert not page.title().startswith("Fel:")
            if not javascript:
                assert page.url == f"{base}{page_obj.url}?feedback=thanks-{form.pk}#feedback-{form.pk}"
            page.screenshot(path=f"/tmp/visitor-types-{mode}-{host}-thanks.png")

        assert Response.objects.count() == number
        stored = Response.objects.order_by("-pk").first()
        answers = sorted(Answer.objects.filter(response=stored).values_list("question_key", "number", "choice", "text"))
        assert answers == [
            ("comment", None, "", f"Tydlig sida, tack ({host})."),
            ("found", None, "link", ""),
            ("found", None, "search", ""),
            ("helpful", None, "yes", ""),
            ("nps", 9, "", ""),
            ("stars", 4, "", ""),
            ("topic", None, "move", ""),
        ]
        # The page address in the data is Wagtail's canonical one, whatever host was used.
        assert stored.page_url == page_obj.full_url
