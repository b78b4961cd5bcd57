"""Moderation: status changes, erasure with an audit entry, and the recount."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from feedback.models import Answer, PageDayRollup, Response
from feedback.workers.aggregation import rebuild_page
from tests.factories import make_content_page, make_form, make_home_page, make_response
from tests.services import run_burst_worker

QUESTIONS = [
    {"key": "helpful", "type": "yes_no", "required": True},
    {"key": "comment", "type": "long_text"},
]


def page_counts(page) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    rows = PageDayRollup.objects.filter(page_id=page.pk)
    return (
        sum(r.responses for r in rows),
        sum(r.helpful_yes for r in rows),
        sum(r.helpful_no for r in rows),
    )


def setup_page():  # type: ignore[no-untyped-def]
    make_home_page("sv")
    section = make_content_page(title="Sektion")
    page = section.add_child(instance=type(section)(title="Sida", slug="sida", locale=section.locale))
    form = make_form(QUESTIONS)
    # An old day: an incremental run would not look at it again by itself.
    when = timezone.now() - datetime.timedelta(days=40)
    make_response(form, page, {"helpful": "yes"}, submitted_at=when)
    make_response(form, page, {"helpful": "yes", "comment": "Bra"}, submitted_at=when)
    spam = make_response(form, page, {"helpful": "no", "comment": "Köp billiga klockor"}, submitted_at=when)
    return section, page, spam


@pytest.mark.integration
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_spam_and_erasure_leave_the_counts(client, redis_settings, settings, comms):
    section, page, spam = setup_page()
    rebuild_page(page.pk)
    assert page_counts(page) == (3, 2, 1)
    db_name = settings.DATABASES["default"]["NAME"]

    # Communications staff (``comms``, logged in) moderate; the page's editor only reads
    # (tests/feedback/admin/test_permissions.py).
    report = reverse("feedback_admin:page_report", args=[page.pk])
    response = client.post(
        reverse("feedback_admin:response_status", args=[spam.pk]), {"status": "spam", "next": report}
    )
    assert response.status_code == 302 and response["Location"] == report
    spam.refresh_from_db()
    assert (spam.status, spam.status_changed_by) == (Response.Status.SPAM, comms)
    assert spam.status_changed_at is not None

    run_burst_worker(redis_settings.url, ["feedback"], db_name=db_name)
    assert page_counts(page) == (2, 2, 0)

    # Erasure: confirm, delete, audit without the text, recount.
    erase_url = reverse("feedback_admin:response_delete", args=[spam.pk])
    assert client.get(erase_url).status_code == 200
    keep = Response.objects.exclude(pk=spam.pk).filter(answers__text="Bra").get()
    client.post(reverse("feedback_admin:response_status", args=[keep.pk]), {"status": "handled"})
    response = client.post(reverse("feedback_admin:response_delete", args=[keep.pk]))
    assert response.status_code == 302
    assert not Response.objects.filter(pk=keep.pk).exists()
    assert not Answer.objects.filter(response_id=keep.pk).exists()
    entry = ModelLogEntry.objects.get(action="feedback.response.erase")
    assert entry.user_id == comms.pk and entry.data["page_id"] == page.pk
    assert "Bra" not in str(entry.data) and "Bra" not in entry.label

    run_burst_worker(redis_settings.url, ["feedback"], db_name=db_name)
    assert page_counts(page) == (1, 1, 0)


@pytest.mark.django_db
def test_invalid_status_and_foreign_next_url(client, superuser):
    section, page, spam = setup_page()
    url = reverse("feedback_admin:response_status", args=[spam.pk])
    assert client.post(url, {"status": "deleted"}).status_code == 400
    spam.refresh_from_db()
    assert spam.status == Response.Status.NEW and spam.status_changed_by is None

    response = client.post(url, {"status": "handled", "next": "https://evil.example/"})
    assert response["Location"] == reverse("feedback_admin:page_report", args=[page.pk])
    assert client.get(url).status_code == 405


@pytest.mark.django_db
def test_find_a_comment_across_languages(client, superuser):
    setup_page()
    nb_form = make_form(QUESTIONS, language="nb")
    nb_page = make_content_page("nb", title="Norsk")
    make_response(nb_form, nb_page, {"helpful": "no", "comment": "Billige KLOCKOR her"})
    response = client.get(reverse("feedback_admin:comment_search"), {"q": "klockor"})
    texts = sorted(row.answer.text for row in response.context["rows"])
    assert texts == ["Billige KLOCKOR her", "Köp billiga klockor"]
    assert client.get(reverse("feedback_admin:comment_search"), {"q": "x" * 500}).status_code == 200


@pytest.mark.django_db
def test_comments_in_the_admin_keep_their_direction_to_themselves(client, superuser):
    """An RTL override in a comment must not reorder the text around it."""
    make_home_page("sv")
    page = make_content_page(title="Sida")
    form = make_form([{"key": "comment", "type": "long_text"}])
    make_response(form, page, {"comment": "\u202ekcilc ereh"})
    for url in (
        reverse("feedback_admin:page_report", args=[page.pk]),
        reverse("feedback_admin:comment_search") + "?q=kcilc",
    ):
        html = client.get(url).content.decode()
        assert '<td class="feedback-comment-text" dir="auto">\u202ekcilc ereh' in html
