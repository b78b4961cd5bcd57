"""Communications staff in Swedish: each publication of a page is a marker on
the weekly chart, chosen to read the feedback before and after it; the site
report's trend per week is downloaded as Excel."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import hosts, login, open_browser
from tests.factories import (
    make_comms_user,
    make_content_page,
    make_form,
    make_home_page,
    make_page_rollup,
    make_publication,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "kommunikation-losen-2"


def test_a_publication_is_marked_on_the_chart_and_compared_when_chosen(live_server):
    make_home_page("sv")
    page = make_content_page(title="Bostadsanpassning")
    form = make_form([{"key": "helpful", "type": "yes_no"}])
    editor = make_user("redaktor", first_name="Eva", last_name="Ek", is_superuser=True)
    edit_day = timezone.localdate() - datetime.timedelta(days=30)
    make_publication(page, edit_day, editor, title="Bostadsanpassning – ny text")
    for offset in range(-45, 30):  # 80 % helpful before the edit, 40 % after
        yes, no = (4, 1) if offset < 0 else (2, 3)
        make_page_rollup(page, edit_day + datetime.timedelta(days=offset), form=form, helpful_yes=yes, helpful_no=no)
    comms = make_comms_user("kommunikator")
    comms.set_password(PASSWORD)
    comms.save()

    for base in hosts(live_server):
        with open_browser() as tab:
            tab.set_viewport_size({"width": 1280, "height": 1100})
            login(tab, base, "kommunikator", PASSWORD)
            tab.goto(base + reverse("feedback_admin:page_report", args=[page.pk]) + "?period=90")
            marker = tab.locator("svg.feedback-chart .feedback-chart__marker")
            expect(marker).to_have_count(1)
            expect(tab.locator("[data-feedback-edits]")).to_contain_text("Eva Ek")
            tab.locator("svg.feedback-chart a").first.click()
            comparison = tab.locator("[data-feedback-comparison]")
            expect(comparison).to_have_attribute("data-feedback-comparison", "worse")
            expect(comparison).to_contain_text("Färre besökare tyckte att sidan var till hjälp efter ändringen")
            expect(comparison).to_contain_text("80 %")
            expect(tab.locator("[data-feedback-edits] a[aria-current=true]")).to_have_count(1)
            tab.screenshot(path=f"/tmp/edit-effect-{base.split('//')[1].split(':')[0]}.png", full_page=True)


def test_the_trend_per_week_is_downloaded_from_the_site_report(live_server, tmp_path):
    import openpyxl

    make_home_page("sv")
    page = make_content_page(title="Färdtjänst")
    form = make_form([{"key": "helpful", "type": "yes_no"}])
    for offset in range(1, 15):
        make_page_rollup(page, timezone.localdate() - datetime.timedelta(days=offset), form=form, helpful_yes=2)
    comms = make_comms_user("kommunikator")
    comms.set_password(PASSWORD)
    comms.save()
    for base in hosts(live_server):
        with open_browser(accept_downloads=True) as tab:
            login(tab, base, "kommunikator", PASSWORD)
            tab.goto(base + reverse("feedback_admin:site_report"))
            with tab.expect_download() as download_info:
                tab.get_by_role("link", name="Trend per vecka (Excel)").click()
            path = tmp_path / download_info.value.suggested_filename
            download_info.value.save_as(path)
            assert path.suffix == ".xlsx"
            rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
            assert rows[0][:4] == ("Sida", "Sid-id", "Språk", "Vecka som börjar")
            assert {row[0] for row in rows[1:]} == {"Färdtjänst"}
            assert sum(row[4] for row in rows[1:]) == 28  # every day of the period, week by week
