"""Headless Chromium (the system's /usr/bin/chromium) driven by Playwright."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the test's own
# database checks are ordinary synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def browser_page(request, chromium):
    """A fresh page, once with JavaScript and once without."""
    context = chromium.new_context(java_script_enabled=request.param, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.javascript = request.param
    yield page
    context.close()


@pytest.fixture
def js_page(chromium):
    context = chromium.new_context(locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def feedback_settings(settings):
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches
    from wagtail.models import Site

    settings.WAGTAIL_FEEDBACK_MIN_SUBMIT_SECONDS = 0
    caches["feedback"].clear()
    # A flush between transactional tests recreates content types and sites
    # under new ids: forget what earlier tests cached.
    ContentType.objects.clear_cache()
    Site.clear_site_root_paths_cache()


def run_axe(page, selector: str | None = None) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the page (or within ``selector``)."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (selector) => {
            const result = await axe.run(selector ? document.querySelector(selector) : document,
                {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}});
            return result.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.html)}));
        }""",
        selector,
    )
