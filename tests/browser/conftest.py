"""Headless Chromium (the system's /usr/bin/chromium) driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

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


@contextmanager
def open_browser(javascript: bool = True, **context_options: Any) -> Iterator[Any]:
    """A Playwright page in a fresh Chromium context.

    Used as a ``with`` block inside the test, not as a fixture: while
    Playwright's sync API is active it switches greenlets (and their context
    variables), and a fixture spanning the test would hide the test database
    connection's serialized contents from the transactional teardown.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(java_script_enabled=javascript, locale="sv-SE", **context_options)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.javascript = javascript
        errors: list[str] = []
        # Any uncaught exception in a page's script fails the journey.
        context.on("weberror", lambda error: errors.append(f"{error.page.url if error.page else ''}: {error.error}"))
        try:
            yield page
        finally:
            context.close()
            browser.close()
        if errors:
            pytest.fail("JavaScript errors on the page:\n" + "\n".join(dict.fromkeys(errors)))


def hosts(live_server: Any) -> list[str]:
    """The live server's base URL by address and by name, as a person may open either."""
    port = live_server.url.rsplit(":", 1)[1]
    return [f"http://127.0.0.1:{port}", f"http://localhost:{port}"]


def login(page: Any, base_url: str, username: str, password: str) -> None:
    """Log in to the Wagtail admin through its login form."""
    from django.urls import reverse

    page.goto(base_url + reverse("wagtailadmin_login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: url.rstrip("/").endswith("/admin"))


@pytest.fixture(autouse=True)
def feedback_browser_settings(settings, monkeypatch):
    from django.core.cache import caches
    from wagtail.models import Site

    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (make test installs it)")
    # Database checks inside a `with open_browser()` block run while Playwright's
    # loop exists; allowed for this test only, so no later subprocess inherits it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.WAGTAIL_FEEDBACK_MIN_SUBMIT_SECONDS = 0
    caches["feedback"].clear()
    # Transactional tests restore the site tree from the serialized database:
    # forget site root paths cached by earlier tests.
    Site.clear_site_root_paths_cache()


def run_axe(page: Any, selector: str | None = None) -> list[dict]:
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


@pytest.fixture
def export_root(settings, tmp_path, monkeypatch):
    """Web process and worker process share one private export folder."""
    root = tmp_path / "exports"
    monkeypatch.setenv("FEEDBACK_EXPORT_ROOT", str(root))
    settings.STORAGES = {
        **settings.STORAGES,
        "feedback_exports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": None},
        },
    }
    return root
