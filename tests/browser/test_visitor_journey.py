"""The visitor's journey, as a person clicks, on both addresses a person may
open (127.0.0.1 and localhost), with and without JavaScript: a "Nej" without
the required comment is refused with a visible error, the correction is sent
at once and stored, and the thank-you is shown on the same host."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from feedback.models import Answer, Response
from tests.browser.conftest import hosts, open_browser
from tests.browser.test_widget import default_form_page, widget

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
