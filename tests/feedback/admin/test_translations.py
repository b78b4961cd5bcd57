"""Every admin page of the engine, rendered for a Swedish user, shows none of
the engine's English source strings: each visible phrase of ours is translated."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import timezone

from feedback.models import Export, FeedbackAlert
from tests.factories import (
    make_content_page,
    make_form,
    make_home_page,
    make_page_rollup,
    make_response,
)

pytestmark = pytest.mark.django_db

CATALOGUE = Path(__file__).resolve().parents[3] / "feedback" / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def english_phrases() -> set[str]:
    """Source strings of ours that a Swedish page must never show as they are."""
    phrases = set()
    for entry in polib.pofile(str(CATALOGUE)):
        msgid = entry.msgid
        if entry.msgid_plural or "%" in msgid or "{" in msgid:
            continue  # interpolated: checked by their fixed parts elsewhere
        if entry.msgstr and entry.msgstr != msgid and len(msgid.split()) >= 2:
            phrases.add(msgid)
    return phrases


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html, flags=re.S | re.I)
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    return re.sub(r"\s+", " ", text)


def test_admin_pages_show_no_untranslated_phrase_of_ours(client, superuser):
    make_home_page("sv")
    form = make_form(
        [
            {"key": "helpful", "type": "yes_no", "required": True},
            {"key": "stars", "type": "rating"},
            {"key": "comment", "type": "long_text"},
        ],
        is_default=True,
    )
    page = make_content_page(title="Sida", feedback_forms=[form])
    make_page_rollup(page, timezone.localdate(), form=form, helpful_yes=3, helpful_no=1)
    response = make_response(form, page, {"helpful": "no", "comment": "Kommentar"})
    FeedbackAlert.objects.create(
        kind="helpfulness_drop",
        page_id=page.pk,
        language_code="sv",
        opened_on=timezone.localdate(),
        last_seen_on=timezone.localdate(),
        numbers={"before": 0.8, "after": 0.4, "n": 40, "n_before": 200, "z": 4.1},
    )
    export = Export.objects.create(scope="page", page=page, requested_by=superuser, fingerprint="x", status="failed")
    urls = [
        reverse("wagtailadmin_home"),
        reverse("feedback_admin:site_report"),
        reverse("feedback_admin:page_report", args=[page.pk]),
        reverse("feedback_admin:comment_search") + "?q=Kommentar",
        reverse("feedback_admin:export_list"),
        reverse("feedback_admin:export_status", args=[export.pk]),
        reverse("feedback_admin:response_delete", args=[response.pk]),
        reverse("wagtailsnippets_feedback_feedbackform:list"),
        reverse("wagtailsnippets_feedback_feedbackform:add"),
        reverse("wagtailsnippets_feedback_feedbackform:edit", args=[form.pk]),
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
    ]
    phrases = english_phrases()
    found = {}
    for url in urls:
        result = client.get(url)
        assert result.status_code == 200, url
        text = visible_text(result.content.decode())
        untranslated = sorted(p for p in phrases if re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", text))
        if untranslated:
            found[url] = untranslated
    assert found == {}
