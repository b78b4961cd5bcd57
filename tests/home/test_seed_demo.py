"""The demo site: ``seed_demo`` builds it idempotently and its pages render in every language."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone
from django.views.defaults import server_error
from wagtail.models import Locale, Page, Site

from home.models import ContentPage, HomePage

LANGUAGES = ["sv", "nb", "da", "en"]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    # Wagtail caches the site root paths in the default cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def seed(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)

    def run(*args, **env):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        # The demo history is tested once below; the other tests skip it (it takes seconds).
        call_command("seed_demo", *(args or ("--no-history",)), stdout=_Sink())

    return run


@pytest.fixture
def seeded(seed):
    seed()


class _Sink:
    def __init__(self):
        self.text = ""

    def write(self, text, *args, **kwargs):
        self.text += text

    def flush(self):
        pass


def counts():
    User = get_user_model()  # noqa: N806
    return {
        "pages": Page.objects.count(),
        "live": Page.objects.live().count(),
        "users": User.objects.count(),
        "groups": Group.objects.count(),
        "locales": Locale.objects.count(),
        "sites": Site.objects.count(),
    }


def test_seed_demo_twice_changes_nothing(seed):
    seed()
    first = counts()
    passwords = dict(get_user_model().objects.values_list("username", "password"))
    seed()
    assert counts() == first
    assert dict(get_user_model().objects.values_list("username", "password")) == passwords
    # One home page and six content pages per language, under Wagtail's tree root.
    assert first["pages"] == 1 + 4 * (1 + 6)
    assert first["live"] == first["pages"]


def test_default_site_starts_at_swedish_home_page(seeded):
    site = Site.objects.get(is_default_site=True)
    assert site.site_name == "Kommunen (demo)"
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    assert home.locale.language_code == "sv"
    # Wagtail's placeholder "Welcome" page is gone.
    assert not Page.objects.filter(depth=2).exclude(content_type__model="homepage").exists()


def test_every_content_page_is_translated(seeded):
    sources = ContentPage.objects.filter(locale__language_code="sv")
    assert sources.count() >= 6
    for source in sources:
        translations = {p.locale.language_code: p.specific for p in source.get_translations().live()}
        assert set(translations) == {"nb", "da", "en"}, source.title
        for language, translation in translations.items():
            # Real translations: own text and slug, below the home page of their language.
            assert translation.intro != source.intro, (source.title, language)
            assert translation.get_parent().locale.language_code == language
            assert len([b for b in translation.body if b.block_type == "paragraph"]) >= 2
        assert len({p.slug for p in translations.values()} | {source.slug}) >= 3


def test_home_page_renders_in_every_language_with_language_switcher(seeded, client):
    for language in LANGUAGES:
        response = client.get(f"/{language}/")
        assert response.status_code == 200, language
        html = response.content.decode()
        assert f'<html lang="{language}">' in html
        switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
        for other in LANGUAGES:
            link = re.search(rf'<a [^>]*href="/{other}/"[^>]*>', switcher)
            assert link, f"no link to /{other}/ on /{language}/"
            assert f'hreflang="{other}"' in link.group(0)
            assert f'lang="{other}"' in link.group(0)
            assert ('aria-current="page"' in link.group(0)) == (other == language)


def test_content_page_renders_with_title_and_navigation(seeded, client):
    page = ContentPage.objects.get(locale__language_code="nb", slug="samskaping")
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Samskaping med innbyggere</h1>" in html
    assert 'href="/sv/medskapande/"' in html  # language switcher to the Swedish source
    assert 'href="/en/co-creation/"' in html
    # The main navigation lists the Norwegian pages only.
    assert 'href="/nb/byggetillatelse/"' in html
    assert 'href="/sv/bygglov/"' not in html


def test_demo_users_and_groups(seeded):
    User = get_user_model()  # noqa: N806
    assert User.objects.get(username="admin").is_superuser
    editor = User.objects.get(username="editor")
    assert editor.groups.filter(name="Editors").exists()
    assert editor.has_perm("wagtailadmin.access_admin")
    comms = User.objects.get(username="comms")
    assert comms.groups.filter(name="Communications staff").exists()
    assert comms.has_perm("wagtailadmin.access_admin")
    assert not comms.is_superuser


def test_demo_password_from_environment(seed, client):
    seed()
    seed(DEMO_PASSWORD="correct-horse-battery")
    for username in ("admin", "editor", "comms"):
        assert client.login(username=username, password="correct-horse-battery"), username


def test_404_page_uses_site_template(seeded, client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert b'class="skip-link"' in response.content


def test_500_page_renders_without_request_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"<h1>" in response.content


def test_every_page_shows_the_feedback_form_once(seeded, client):
    """The default form at the end of pages, or the feedback block in the body (co-creation page)."""
    block_page = ContentPage.objects.get(locale__language_code="sv", slug="medskapande")
    assert not block_page.show_feedback
    assert [b.block_type for b in block_page.body][-1] == "feedback"
    for page in Page.objects.live().filter(depth__gte=2).specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert response.content.decode().count("data-feedback-widget") == 1, page.url


def test_pages_open_in_the_wagtail_editor(seeded, admin_client):
    from django.urls import reverse

    for model in (HomePage, ContentPage):
        for language in LANGUAGES:
            page = model.objects.filter(locale__language_code=language).first()
            response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
            assert response.status_code == 200, (model, language)
            if language == "sv":
                # The source page's editor has the per-page feedback switch; translations
                # open in wagtail-localize's translation editor, where it is synchronised.
                assert b'name="show_feedback"' in response.content


def test_demo_history_fills_every_report_once(seed, client):
    """About six months of votes and comments in all four languages (here three
    weeks, for speed), rollups built by the catch-up, a worsening page with its
    alert, a dated edit; a second run adds nothing."""
    from django.db.models import Min
    from wagtail.models import PageLogEntry

    from feedback.models import FeedbackAlert, PageDayImpressions, PageDayRollup, Response

    seed("--history-days", "40")
    responses = Response.objects.count()
    assert responses > 300
    assert set(Response.objects.values_list("language_code", flat=True).distinct()) == {"sv", "nb", "da", "en"}
    first_day = PageDayRollup.objects.aggregate(first=Min("day"))["first"]
    assert first_day <= timezone.localdate() - datetime.timedelta(days=39)
    assert (
        sum(PageDayRollup.objects.values_list("responses", flat=True))
        == Response.objects.exclude(status="spam").count()
    )
    assert Response.objects.filter(status="handled").exists() and Response.objects.filter(status="spam").exists()
    assert PageDayImpressions.objects.exists()
    assert FeedbackAlert.objects.filter(kind="helpfulness_drop").exists()
    assert PageLogEntry.objects.filter(
        action="wagtail.publish", timestamp__date=timezone.localdate() - datetime.timedelta(days=60)
    ).exists()
    seed("--history-days", "40")
    assert Response.objects.count() == responses
