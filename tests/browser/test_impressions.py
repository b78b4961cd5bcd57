"""A widget impression is counted when the widget scrolls into view, once per
page view, and no cookie is set."""

from __future__ import annotations

import time

import pytest

from feedback.models import PageDayImpressions
from feedback.public.impressions import flush_impressions
from tests.browser.conftest import hosts, open_browser
from tests.browser.test_widget import default_form_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def impressions(page_id: int) -> int:
    flush_impressions()
    return sum(PageDayImpressions.objects.filter(page_id=page_id).values_list("count", flat=True))


def wait_for_impressions(page_id: int, expected: int, timeout: float = 10) -> int:
    deadline = time.monotonic() + timeout
    while (count := impressions(page_id)) < expected and time.monotonic() < deadline:
        time.sleep(0.1)
    return count


def test_scrolling_to_the_widget_counts_one_impression_per_page_view(live_server, redis_settings):
    page_obj = default_form_page("sv")
    base = hosts(live_server)[0]
    # A short window: the widget at the end of the page starts below the fold.
    with open_browser(viewport={"width": 400, "height": 300}) as page:
        page.goto(base + page_obj.url)
        page.wait_for_load_state("networkidle")
        assert page.locator("[data-feedback-widget]").is_visible()
        assert not page.evaluate(
            "el => el.getBoundingClientRect().top < window.innerHeight",
            page.locator("[data-feedback-widget]").element_handle(),
        )
        assert impressions(page_obj.pk) == 0

        page.locator("[data-feedback-widget]").scroll_into_view_if_needed()
        assert wait_for_impressions(page_obj.pk, 1) == 1
        page.mouse.wheel(0, -5000)
        page.locator("[data-feedback-widget]").scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        assert impressions(page_obj.pk) == 1  # once per page view

        page.reload()
        page.locator("[data-feedback-widget]").scroll_into_view_if_needed()
        assert wait_for_impressions(page_obj.pk, 2) == 2
        assert page.context.cookies() == []
