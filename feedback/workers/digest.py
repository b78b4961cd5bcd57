"""The weekly digest: per follower, in the follower's admin language, what
happened last week on the pages they follow (``manage.py feedback_digest``,
scheduled weekly; see feedback/workers/subscriptions.py for who follows what).

Pages with the most "no" votes, the biggest changes in the helpful share
against the week before, open alerts, the number of new comments, and links
to the reports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page
from wagtail.users.models import UserProfile

from feedback.models import Answer, PageDayRollup
from feedback.question_types import registry
from feedback.reporting.queries import Period
from feedback.workers.alerts import describe, open_alerts_for_pages
from feedback.workers.subscriptions import followed_pages, followers

TOP = 5
MIN_VOTES_FOR_CHANGE = 10


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{round(share * 100)} %"


@dataclass
class PageLine:
    title: str
    url: str
    yes: int
    no: int
    previous_share: float | None = None

    @property
    def share(self) -> float | None:
        return self.yes / (self.yes + self.no) if self.yes + self.no else None

    @property
    def percent(self) -> str:
        return _percent(self.share)

    @property
    def previous_percent(self) -> str:
        return _percent(self.previous_share)

    @property
    def change(self) -> float | None:
        if self.share is None or self.previous_share is None:
            return None
        return self.share - self.previous_share


@dataclass
class Digest:
    user: Any
    language: str
    period: Period
    most_no: list[PageLine] = field(default_factory=list)
    changes: list[PageLine] = field(default_factory=list)
    alerts: list[dict[str, str]] = field(default_factory=list)
    new_comments: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.most_no or self.changes or self.alerts or self.new_comments)


def report_url(page_id: int) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("feedback_admin:page_report", args=[page_id])


def _counts(page_ids: list[int], period: Period) -> dict[int, tuple[int, int]]:
    rows = (
        PageDayRollup.objects.filter(page_id__in=page_ids, day__gte=period.start, day__lte=period.end)
        .values("page_id")
        .annotate(yes=Sum("helpful_yes"), no=Sum("helpful_no"))
        .order_by("page_id")
    )
    return {row["page_id"]: (row["yes"] or 0, row["no"] or 0) for row in rows}


def build_digest(user: Any, today: datetime.date | None = None) -> Digest:
    """Last week (the 7 days before ``today``) for ``user``."""
    today = today or timezone.localdate()
    period = Period.last(7, today - datetime.timedelta(days=1))
    language = UserProfile.get_for_user(user).get_preferred_language()
    digest = Digest(user=user, language=language, period=period)
    page_ids = followed_pages(user)
    if not page_ids:
        return digest
    current, previous = _counts(page_ids, period), _counts(page_ids, period.previous)
    titles = {p.pk: p.get_admin_display_title() for p in Page.objects.filter(pk__in=list(current))}
    lines = {}
    for page_id, (yes, no) in current.items():
        before = previous.get(page_id)
        previous_share = before[0] / sum(before) if before and sum(before) >= MIN_VOTES_FOR_CHANGE else None
        lines[page_id] = PageLine(titles.get(page_id, f"#{page_id}"), report_url(page_id), yes, no, previous_share)
    digest.most_no = sorted((line for line in lines.values() if line.no), key=lambda line: -line.no)[:TOP]
    digest.changes = sorted(
        (
            line
            for line in lines.values()
            if line.change is not None and line.yes + line.no >= MIN_VOTES_FOR_CHANGE and line.change != 0
        ),
        key=lambda line: abs(line.change or 0),
        reverse=True,
    )[:TOP]
    with translation.override(language):
        alert_titles = {p.pk: p.get_admin_display_title() for p in Page.objects.filter(pk__in=page_ids)}
        digest.alerts = [
            {
                "title": alert_titles.get(alert.page_id, f"#{alert.page_id}"),
                "kind": str(alert.get_kind_display()),
                "text": describe(alert),
                "url": report_url(alert.page_id),
            }
            for alert in open_alerts_for_pages(page_ids)
        ]
    start, end = period.start, period.end + datetime.timedelta(days=1)
    digest.new_comments = (
        Answer.objects.filter(
            response__source_page_id__in=page_ids,
            question_type__in=[t.name for t in registry if t.is_free_text],
            response__submitted_at__date__gte=start,
            response__submitted_at__date__lt=end,
        )
        .exclude(text="")
        .exclude(response__status="spam")
        .values("response")
        .distinct()
        .count()
    )
    return digest


def render_digest(digest: Digest) -> EmailMessage:
    with translation.override(digest.language):
        site_report = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("feedback_admin:site_report")
        context = {"digest": digest, "site_report_url": site_report}
        subject = render_to_string("feedback/email/digest_subject.txt", context).strip()
        body = render_to_string("feedback/email/digest.txt", context)
    return EmailMessage(subject, body, to=[digest.user.email])


def send_digests(today: datetime.date | None = None, *, dry_run: bool = False) -> list[EmailMessage]:
    """Build every follower's digest; send them unless ``dry_run``. Empty digests are not sent."""
    messages = []
    for user in followers():
        digest = build_digest(user, today)
        if not digest.is_empty:
            messages.append(render_digest(digest))
    if not dry_run:
        for message in messages:
            message.send()
    return messages


def send_digests_job() -> int:
    """The scheduler's weekly entry point (see feedback/workers/cron.py)."""
    return len(send_digests())
