"""Communications staff in Swedish: the site report's filters change the
results through the controls, comments are marked handled and spam on the
page report; an editor sees no way to erase a response.

The full journey (every filter of both reports, on both hosts, moderation and
the Excel download built by a real rqworker) is the second test."""

from __future__ import annotations

import datetime
import re
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from feedback.models import Response
from feedback.workers.aggregation import rebuild_page
from tests.browser.conftest import hosts, login, open_browser
from tests.factories import (
    make_comms_user,
    make_content_page,
    make_form,
    make_home_page,
    make_page_rollup,
    make_response,
    make_user,
)
from tests.services import start_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "kommunikation-losen-1"
QUESTIONS = [{"key": "helpful", "type": "yes_no", "required": True}, {"key": "comment", "type": "long_text"}]


def rows(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator("table.listing tbody tr td:first-child a").all_inner_texts()


def choose(page, filter_label: str, **option) -> None:  # type: ignore[no-untyped-def]
    """Open the filter drawer's entry and pick an option, as a person does."""
    drawer = page.locator("#filters-drilldown")
    # The entry's name gains a count badge ("Språk 1") once its filter is set.
    entry = drawer.get_by_role("button", name=re.compile(rf"^{filter_label}(\s|$)"))
    if not entry.is_visible():
        back = drawer.get_by_role("button", name="Tillbaka")
        if back.count() and back.first.is_visible():
            back.first.click()  # from another filter's panel back to the list
        else:
            drawer.locator("button").first.click()  # open the drawer
    entry.click()
    with page.expect_response(lambda r: "/reports/results/" in r.url):
        drawer.locator("select:visible").select_option(**option)
    page.wait_for_timeout(200)


def test_comms_filters_the_site_report_and_moderates_comments(live_server):
    make_home_page("sv")
    today = timezone.localdate()
    form, other = make_form(QUESTIONS, title="Standard"), make_form(QUESTIONS, title="Enkät om bygglov")
    sv_page = make_content_page(title="Hemtjänst", feedback_forms=[form])
    nb_page = make_content_page(language="nb", title="Hjemmetjeneste", feedback_forms=[form])
    old_page = make_content_page(title="Bygglov", feedback_forms=[other])
    make_page_rollup(sv_page, today - datetime.timedelta(days=1), form=form, helpful_yes=3, helpful_no=1)
    make_page_rollup(nb_page, today - datetime.timedelta(days=2), form=form, helpful_yes=1, helpful_no=1)
    make_page_rollup(old_page, today - datetime.timedelta(days=20), form=other, helpful_no=2)
    comment = make_response(form, sv_page, {"helpful": "no", "comment": "Telefonnumret saknas"})
    comms = make_comms_user("kommunikator")
    comms.set_password(PASSWORD)
    comms.save()

    base = hosts(live_server)[1]  # localhost; the visitor journey covers 127.0.0.1 too
    with open_browser() as page:
        page.set_viewport_size({"width": 1280, "height": 1000})
        login(page, base, "kommunikator", PASSWORD)
        page.goto(base + reverse("feedback_admin:site_report"))
        page.wait_for_load_state("networkidle")
        assert set(rows(page)) >= {"Hemtjänst", "Hjemmetjeneste", "Bygglov"}
        choose(page, "Språk", value="nb")
        expect(page.locator("table.listing tbody")).not_to_contain_text("Hemtjänst")
        assert rows(page) == ["Hjemmetjeneste"]
        choose(page, "Språk", value="")
        choose(page, "Formulär", label="Enkät om bygglov")
        assert rows(page) == ["Bygglov"]
        choose(page, "Formulär", value="")
        choose(page, "Period", value="7")
        assert "Bygglov" not in rows(page)
        page.screenshot(path="/tmp/comms-site-report.png")

        # The page report: mark the comment handled, then spam.
        page.goto(base + reverse("feedback_admin:page_report", args=[sv_page.pk]))
        assert page.get_by_role("link", name="Redigera sidan").count() == 0  # comms do not edit pages
        assert page.locator("#id_since").get_attribute("type") == "date"
        page.get_by_role("button", name="Markera ”Hanterad”").click()
        expect(page.locator(".messages")).to_contain_text("Hanterad")
        page.get_by_role("button", name="Markera ”Skräp”").click()
        expect(page.locator(".messages")).to_contain_text("Skräp")
        page.screenshot(path="/tmp/comms-page-report.png")
    comment.refresh_from_db()
    assert comment.status == Response.Status.SPAM and comment.status_changed_by == comms

    # An editor of the page reads the report but is offered no erasure.
    editor = make_user("redaktor")
    editor.set_password(PASSWORD)
    editor.save()
    editor.groups.add(Group.objects.get(name="Editors"))
    with open_browser() as page:
        login(page, base, "redaktor", PASSWORD)
        page.goto(base + reverse("feedback_admin:page_report", args=[sv_page.pk]))
        expect(page.locator("body")).to_contain_text("Telefonnumret saknas")
        assert page.get_by_role("link", name="Ta bort").count() == 0  # the erase link's name
        assert page.get_by_role("button", name=re.compile("Markera")).count() == 0
        response = page.goto(base + reverse("feedback_admin:response_delete", args=[comment.pk]))
        assert response.status == 403


JOURNEY_PASSWORD = "hemligt-lösen-123"
JOURNEY_QUESTIONS = [
    {"key": "helpful", "type": "yes_no", "required": True, "label": "Hade du nytta av sidan?"},
    {"key": "stars", "type": "rating", "label": "Betyg"},
    {"key": "comment", "type": "long_text", "label": "Vad saknade du?"},
]
SHOTS = "/tmp/comms-journey"


def days_ago(n: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=n)


def build_site() -> dict[str, Any]:
    """Pages in two languages and a section, two forms, answers spread over three months."""
    make_home_page("sv")
    nb_home = make_home_page("nb")
    form = make_form(JOURNEY_QUESTIONS, title="Tyck till om sidan")
    stars_only = make_form([{"key": "stars", "type": "rating", "label": "Betyg"}], title="Bara betyg")
    support = make_content_page(title="Stöd")
    transport = support.add_child(
        instance=type(support)(title="Färdtjänst", slug="fardtjanst", locale=support.locale, show_feedback=False)
    )
    permits = make_content_page(title="Bygglov")
    permits_nb = permits.copy_for_translation(nb_home.locale)
    permits_nb.title = "Byggetillatelse"
    permits_nb.save_revision().publish()

    make_response(form, transport, {"helpful": "no", "comment": "Saknar telefonnummer"}, submitted_at=days_ago(2))
    make_response(form, transport, {"helpful": "yes", "stars": 5}, submitted_at=days_ago(3))
    make_response(form, permits, {"helpful": "no", "comment": "Ansökan tar för lång tid"}, submitted_at=days_ago(20))
    make_response(form, permits, {"helpful": "yes", "stars": 4}, submitted_at=days_ago(1))
    make_response(
        form, permits_nb, {"helpful": "no", "comment": "Mangler skjema"}, language_code="nb", submitted_at=days_ago(1)
    )
    make_response(stars_only, support, {"stars": 2}, submitted_at=days_ago(50))
    for page in (transport, permits, permits_nb, support):
        rebuild_page(page.pk)
    return {"form": form, "stars_only": stars_only, "support": support, "permits": permits}


def site_rows(tab: Any) -> dict[str, int]:
    """The site report as a person reads it: page title → responses."""
    cells = tab.locator("table.feedback-site-report tbody tr").evaluate_all(
        "rows => rows.map(r => [r.querySelector('td.title a').textContent.trim(), r.cells[1].textContent.trim()])"
    )
    return {title: int(count) for title, count in cells}


def change_filter(tab: Any, name: str, action: Any) -> None:
    """Open the filter panel, drill into one filter, use its control and wait for the new results."""
    menu = tab.locator("#filters-drilldown [data-w-drilldown-target=menu]")
    if not menu.is_visible():
        tab.get_by_role("button", name="Visa filter").click()
    tab.locator(f"#filters-drilldown button.w-drilldown__toggle[aria-controls='drilldown-id_{name}']").click()
    control = tab.locator(f"#id_{name}")
    with tab.expect_response(lambda r: "/feedback/reports/results/" in r.url and r.status == 200):
        action(control)
    tab.locator(f"#drilldown-id_{name}").get_by_role("button", name="Tillbaka").click()


def expect_rows(tab: Any, expected: dict[str, int]) -> None:
    expect(tab.locator("table.feedback-site-report tbody tr")).to_have_count(len(expected))
    assert site_rows(tab) == expected


def apply_page_filters(tab: Any) -> None:
    with tab.expect_navigation():
        tab.get_by_role("button", name="Använd").click()


def total_responses(tab: Any) -> int:
    return int(tab.locator("[data-feedback-total=responses]").inner_text())


def comment_texts(tab: Any) -> list[str]:
    return tab.locator("table.feedback-comments td.feedback-comment-text").all_inner_texts()


@pytest.mark.browser
@pytest.mark.integration
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_communications_staff_filter_moderate_and_export(live_server, redis_settings, export_root, settings, tmp_path):
    site = build_site()
    comms = make_comms_user("kommunikator")
    comms.set_password(JOURNEY_PASSWORD)
    comms.save()
    assert not comms.is_superuser
    first, second = hosts(live_server)
    today = timezone.localdate()

    worker_log = (tmp_path / "worker.log").open("w")  # a file: an unread pipe would block the chatty worker
    worker = start_worker(
        redis_settings.url, ["feedback-exports"], db_name=settings.DATABASES["default"]["NAME"], output=worker_log
    )
    try:
        with open_browser(accept_downloads=True, viewport={"width": 1400, "height": 1000}) as tab:
            login(tab, first, "kommunikator", JOURNEY_PASSWORD)
            # The way in: the Reports menu.
            tab.get_by_role("button", name="Rapporter").click()
            tab.get_by_role("link", name="Återkoppling på sidor", exact=True).click()
            tab.wait_for_url(re.compile(r"/admin/feedback/reports/$"))
            expect(tab.locator("#id_period")).to_have_value("30")  # what the table covers
            expect_rows(tab, {"Färdtjänst": 2, "Bygglov": 2, "Byggetillatelse": 1})
            tab.screenshot(path=f"{SHOTS}-site-default.png", full_page=True)

            change_filter(tab, "period", lambda c: c.select_option(label="Senaste 7 dagarna"))
            expect_rows(tab, {"Färdtjänst": 2, "Bygglov": 1, "Byggetillatelse": 1})
            change_filter(tab, "period", lambda c: c.select_option(label="Senaste 90 dagarna"))
            expect_rows(tab, {"Färdtjänst": 2, "Bygglov": 2, "Byggetillatelse": 1, "Stöd": 1})

            # A custom range: a reversed one is a clear error that keeps the choices...
            change_filter(tab, "period", lambda c: c.select_option(label="Egen period"))
            change_filter(tab, "since", lambda c: c.fill((today - datetime.timedelta(days=15)).isoformat()))
            change_filter(tab, "until", lambda c: c.fill((today - datetime.timedelta(days=25)).isoformat()))
            expect(tab.locator(".feedback-filter-errors")).to_contain_text("Startdatumet måste vara")
            tab.screenshot(path=f"{SHOTS}-site-reversed.png", full_page=True)
            expect(tab.locator("#id_period")).to_have_value("custom")
            # ...until the dates are put right.
            change_filter(tab, "since", lambda c: c.fill((today - datetime.timedelta(days=25)).isoformat()))
            change_filter(tab, "until", lambda c: c.fill((today - datetime.timedelta(days=15)).isoformat()))
            expect(tab.locator(".feedback-filter-errors")).to_have_count(0)
            expect_rows(tab, {"Bygglov": 1})
            change_filter(tab, "period", lambda c: c.select_option(label="Senaste 30 dagarna"))
            expect_rows(tab, {"Färdtjänst": 2, "Bygglov": 2, "Byggetillatelse": 1})

            change_filter(tab, "section", lambda c: c.select_option(label="— Stöd"))
            expect_rows(tab, {"Färdtjänst": 2})
            change_filter(tab, "section", lambda c: c.select_option(index=0))
            change_filter(tab, "language", lambda c: c.select_option(label="Norska (bokmål)"))
            expect_rows(tab, {"Byggetillatelse": 1})
            change_filter(tab, "language", lambda c: c.select_option(index=0))
            change_filter(tab, "feedback_form", lambda c: c.select_option(label="Bara betyg"))
            expect(tab.locator("table.feedback-site-report")).to_have_count(0)
            expect(tab.locator("#listing-results")).to_contain_text("Ingen återkoppling under perioden.")
            change_filter(tab, "feedback_form", lambda c: c.select_option(label="Tyck till om sidan"))
            expect_rows(tab, {"Färdtjänst": 2, "Bygglov": 2, "Byggetillatelse": 1})
            change_filter(tab, "view", lambda c: c.select_option(label="Slå ihop språkversioner"))
            expect_rows(tab, {"Färdtjänst": 2, "Bygglov": 3})
            expect(tab.locator("#listing-results")).to_contain_text("Språkversionerna är sammanslagna.")
            tab.screenshot(path=f"{SHOTS}-site-merged.png", full_page=True)

            # The page report, opened from the merged row.
            tab.locator("table.feedback-site-report a", has_text="Bygglov").click()
            tab.wait_for_url(re.compile(rf"/reports/pages/{site['permits'].pk}/\?"))
            expect(tab.locator("#id_merge")).to_be_checked()
            assert total_responses(tab) == 3
            expect(tab.get_by_role("link", name="Redigera sidan")).to_have_count(0)  # staff do not edit pages
            expect(tab.locator("table.feedback-comments")).to_contain_text("Norska (bokmål)")  # names, not "nb"
            tab.screenshot(path=f"{SHOTS}-page-merged.png", full_page=True)

            tab.locator("#id_language").select_option(label="Norska (bokmål)")
            apply_page_filters(tab)
            assert total_responses(tab) == 1
            assert comment_texts(tab) == ["Mangler skjema"]
            tab.locator("#id_language").select_option(label="Alla språk")
            tab.locator("#id_merge").uncheck()
            apply_page_filters(tab)
            assert total_responses(tab) == 2
            tab.locator("#id_period").select_option(label="Senaste 7 dagarna")
            apply_page_filters(tab)
            assert total_responses(tab) == 1
            assert comment_texts(tab) == []

            tab.locator("#id_period").select_option(label="Egen period")
            tab.locator("#id_since").fill((today - datetime.timedelta(days=15)).isoformat())
            tab.locator("#id_until").fill((today - datetime.timedelta(days=25)).isoformat())
            tab.locator("#id_merge").check()
            apply_page_filters(tab)
            expect(tab.get_by_role("alert")).to_contain_text("Startdatumet måste vara")
            expect(tab.locator("#id_merge")).to_be_checked()  # the user's choices are kept
            expect(tab.locator("#id_period")).to_have_value("custom")
            tab.locator("#id_since").fill((today - datetime.timedelta(days=25)).isoformat())
            tab.locator("#id_until").fill((today - datetime.timedelta(days=15)).isoformat())
            tab.locator("#id_merge").uncheck()
            apply_page_filters(tab)
            expect(tab.get_by_role("alert")).to_have_count(0)
            assert total_responses(tab) == 1
            assert comment_texts(tab) == ["Ansökan tar för lång tid"]

            tab.locator("#id_period").select_option(label="Senaste 30 dagarna")
            apply_page_filters(tab)
            assert total_responses(tab) == 2
            expect(tab.locator("svg.feedback-chart").first).to_be_visible()
            tab.screenshot(path=f"{SHOTS}-page-30.png", full_page=True)

            # Comments: search, then moderate.
            tab.locator("#id_q").fill("lång tid")
            with tab.expect_navigation():
                tab.get_by_role("button", name="Sök", exact=True).click()
            assert comment_texts(tab) == ["Ansökan tar för lång tid"]
            row = tab.locator("table.feedback-comments tbody tr", has_text="Ansökan tar för lång tid")
            with tab.expect_navigation():
                row.get_by_role("button", name="Markera ”Hanterad”").click()
            expect(row).to_contain_text("Hanterad")
            tab.locator("#id_status").select_option(label="Hanterad")
            with tab.expect_navigation():
                tab.get_by_role("button", name="Sök", exact=True).click()
            assert comment_texts(tab) == ["Ansökan tar för lång tid"]
            with tab.expect_navigation():
                row.get_by_role("button", name="Markera ”Skräp”").click()
            assert comment_texts(tab) == []  # no longer "handled"
            tab.locator("#id_status").select_option(label="Skräp")
            with tab.expect_navigation():
                tab.get_by_role("button", name="Sök", exact=True).click()
            assert comment_texts(tab) == ["Ansökan tar för lång tid"]
            tab.screenshot(path=f"{SHOTS}-page-moderated.png", full_page=True)
            assert Response.objects.get(answers__text="Ansökan tar för lång tid").status == Response.Status.SPAM

            # The export, built by the worker, downloaded from the status page.
            tab.locator("#id_q").fill("")
            tab.locator("#id_status").select_option(index=0)
            with tab.expect_navigation():
                tab.get_by_role("button", name="Sök", exact=True).click()
            tab.get_by_role("button", name="Ladda ned Excel").click()
            tab.wait_for_url(re.compile(r"/exports/\d+/$"))
            link = tab.locator("[data-feedback-export-link]")
            expect(link).to_be_visible(timeout=60_000)
            tab.screenshot(path=f"{SHOTS}-export.png", full_page=True)
            with tab.expect_download() as download_info:
                link.click()
            download = download_info.value
            assert download.suggested_filename.endswith(".xlsx")
            path = tmp_path / download.suggested_filename
            download.save_as(path)

            # The other address of the same server works the same way.
            login(tab, second, "kommunikator", JOURNEY_PASSWORD)
            tab.goto(second + reverse("feedback_admin:site_report"))
            expect_rows(tab, {"Färdtjänst": 2, "Bygglov": 2, "Byggetillatelse": 1})
            change_filter(tab, "language", lambda c: c.select_option(label="Svenska"))
            expect_rows(tab, {"Färdtjänst": 2, "Bygglov": 2})
    finally:
        worker.terminate()
        worker.wait(10)
        worker_log.close()

    book = openpyxl.load_workbook(path)
    summary = [tuple(row[:2]) for row in book.worksheets[0].values if row and row[0]]
    assert ("Svar på svenska", 1) in summary  # the comment marked spam is left out
    responses = list(book.worksheets[1].values)
    assert len(responses) == 2  # heading and the page's other Swedish response in 30 days
