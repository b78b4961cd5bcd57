"""In a real browser: a communications officer opens the feedback reports,
starts an Excel export, watches it finish (a real rqworker runs it) and
downloads the file."""

from __future__ import annotations

import datetime
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from feedback.workers.aggregation import rebuild_page
from tests.factories import make_comms_user, make_content_page, make_form, make_home_page, make_response
from tests.services import start_worker

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
QUESTIONS = [
    {"key": "helpful", "type": "yes_no", "required": True},
    {"key": "comment", "type": "long_text"},
]


@pytest.mark.browser
@pytest.mark.integration
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_comms_officer_exports_a_page_report(live_server, redis_settings, export_root, settings, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    make_home_page("sv")
    page = make_content_page(title="Öppettider")
    form = make_form(QUESTIONS)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    make_response(form, page, {"helpful": "no", "comment": "Saknar helgtider"}, submitted_at=yesterday)
    make_response(form, page, {"helpful": "yes"}, submitted_at=yesterday)
    make_response(form, page, {"helpful": "no", "comment": "Fel telefonnummer"}, submitted_at=yesterday)
    rebuild_page(page.pk)
    user = make_comms_user("comms")
    user.set_password("hemligt-lösen")
    user.save()

    worker = start_worker(redis_settings.url, ["feedback-exports"], db_name=settings.DATABASES["default"]["NAME"])
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            context = browser.new_context(accept_downloads=True)
            tab = context.new_page()
            tab.goto(live_server.url + reverse("wagtailadmin_login"))
            tab.fill("input[name=username]", "comms")
            tab.fill("input[name=password]", "hemligt-lösen")
            tab.click("button[type=submit]")
            tab.wait_for_url(re.compile(r"/admin/$"))

            tab.goto(live_server.url + reverse("feedback_admin:site_report"))
            row = tab.locator("table.feedback-site-report tbody tr")
            expect(row).to_have_count(1)
            expect(row).to_contain_text("33 %")
            tab.click("table.feedback-site-report a:has-text('Öppettider')")
            tab.wait_for_url(re.compile(r"/reports/pages/\d+/"))
            expect(tab.locator("[data-feedback-total=responses]")).to_have_text("3")
            expect(tab.locator("svg.feedback-chart").first).to_be_visible()
            expect(tab.locator(".feedback-comments")).to_contain_text("Saknar helgtider")

            tab.click("form.feedback-export-form button[type=submit]")
            tab.wait_for_url(re.compile(r"/exports/\d+/$"))
            link = tab.locator("[data-feedback-export-link]")
            expect(link).to_be_visible(timeout=60_000)  # the poller reveals it when the job is done
            expect(tab.locator("[data-feedback-export-progress]")).to_have_attribute("value", "100")
            with tab.expect_download() as download_info:
                link.click()
            download = download_info.value
            assert download.suggested_filename.endswith(".xlsx")
            path = tmp_path / download.suggested_filename
            download.save_as(path)
            browser.close()
    finally:
        worker.terminate()
        worker.wait(10)

    book = openpyxl.load_workbook(path)
    rows = list(book.worksheets[1].values)
    assert len(rows) == 4  # heading and three responses
    cells = {cell for row in rows for cell in row}
    assert {"Saknar helgtider", "Fel telefonnummer"} <= cells
    assert all("Öppettider" in row for row in rows[1:])
