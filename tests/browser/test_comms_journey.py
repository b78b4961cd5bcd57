"""Communications staff in Swedish: the site report's filters change the
results through the controls, comments are marked handled and spam on the
page report; an editor sees no way to erase a response."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from feedback.models import Response
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
        assert page.get_by_role("link", name="Radera").count() == 0
        response = page.goto(base + reverse("feedback_admin:response_delete", args=[comment.pk]))
        assert response.status == 403
