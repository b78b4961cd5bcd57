"""Alerts when a page gets worse: run daily by the scheduler and by
``manage.py feedback_alerts``.

Two signals, each judged on the last 7 days against the 8 weeks before:

* **helpfulness drop**: the share of "yes" votes is lower, by a two-proportion
  z-test at 95 % (two-sided), with at least ``ALERT_MIN_VOTES`` votes in the
  last 7 days and in the 8 weeks before;
* **comment spike**: at least ``ALERT_MIN_COMMENTS`` comments in the last
  7 days, at least twice the baseline rate, and unlikely under the baseline
  rate (Poisson upper tail below 2.5 %).

Yes/no shares are noisy on small numbers (Canada.ca's page-feedback guidance
warns about exactly this), hence the minimum counts: nothing fires on a
handful of votes. With ``ALERT_MERGE_LANGUAGES`` (default) a page's language
versions are judged together. An alert is raised once, refreshed while the
signal lasts and closed on the first day it is gone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, Min, Q, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext
from wagtail.models import Page
from wagtail.users.models import UserProfile

from feedback.conf import get_setting
from feedback.models import Answer, FeedbackAlert, PageDayRollup
from feedback.question_types import registry
from feedback.workers.aggregation import counted_responses, day_bounds, local_day
from feedback.workers.subscriptions import followers_of

RECENT_DAYS = 7
BASELINE_DAYS = 56
Z_95 = 1.959964  # two-sided 95 %
SPIKE_P = 0.025  # one-sided, the same 95 % as the drop
SPIKE_RATIO = 2.0


@dataclass(frozen=True)
class Signal:
    kind: str
    page_id: int
    page_translation_key: UUID | None
    language_code: str
    numbers: dict[str, Any]

    def describe(self) -> str:
        figures = " ".join(f"{name}={value}" for name, value in self.numbers.items())
        return f"page {self.page_id} {self.kind} {figures}".strip()


@dataclass
class AlertRun:
    day: date
    signals: list[Signal] = field(default_factory=list)
    opened: int = 0
    refreshed: int = 0
    closed: int = 0


def helpfulness_drop(yes_before: int, n_before: int, yes_after: int, n_after: int, min_votes: int) -> dict | None:
    """The numbers of a significant drop in the helpful share, or ``None``."""
    if n_before < min_votes or n_after < min_votes:
        return None
    before, after = yes_before / n_before, yes_after / n_after
    pooled = (yes_before + yes_after) / (n_before + n_after)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n_before + 1 / n_after))
    if after >= before or spread == 0:
        return None
    z = (before - after) / spread
    if z < Z_95:
        return None
    return {"before": round(before, 3), "after": round(after, 3), "n_before": n_before, "n": n_after, "z": round(z, 2)}


def poisson_upper_tail(count: int, mean: float) -> float:
    """P(X >= count) for X ~ Poisson(mean)."""
    if count <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    if count <= mean:
        return 1.0  # at or below the mean: never a spike (and the sum below is for the far tail)
    total, i = 0.0, count
    while True:
        term = math.exp(-mean + i * math.log(mean) - math.lgamma(i + 1))
        total += term
        if term < total * 1e-12 or i > count + 10_000:
            return min(1.0, total)
        i += 1


def comment_spike(before: int, after: int, min_comments: int) -> dict | None:
    """The numbers of a comment spike, or ``None``. ``before`` counts the 8 weeks, ``after`` the 7 days."""
    expected = before * RECENT_DAYS / BASELINE_DAYS
    if after < min_comments or after < SPIKE_RATIO * expected:
        return None
    p = poisson_upper_tail(after, expected)
    if p >= SPIKE_P:
        return None
    return {
        "before": round(before / BASELINE_DAYS, 2),
        "after": round(after / RECENT_DAYS, 2),
        "n_before": before,
        "n": after,
        "p": float(f"{p:.2g}"),
    }


def _windows(day: date) -> tuple[date, date, date]:
    """First day of the baseline, first day of the recent window, last day."""
    recent_start = day - timedelta(days=RECENT_DAYS - 1)
    return recent_start - timedelta(days=BASELINE_DAYS), recent_start, day


def _vote_counts(day: date, merge: bool) -> list[dict[str, Any]]:
    first, recent_start, last = _windows(day)
    keys = ["page_translation_key"] if merge else ["page_id", "page_translation_key", "language_code"]
    recent, baseline = Q(day__gte=recent_start), Q(day__lt=recent_start)
    return list(
        PageDayRollup.objects.filter(day__gte=first, day__lte=last)
        .values(*keys)
        .annotate(
            first_page_id=Min("page_id"),
            yes_after=Sum("helpful_yes", filter=recent, default=0),
            no_after=Sum("helpful_no", filter=recent, default=0),
            yes_before=Sum("helpful_yes", filter=baseline, default=0),
            no_before=Sum("helpful_no", filter=baseline, default=0),
        )
        .order_by(*keys)
    )


def _comment_counts(day: date, merge: bool) -> list[dict[str, Any]]:
    first, recent_start, last = _windows(day)
    start, end = day_bounds(first, last)
    recent_from = day_bounds(recent_start, recent_start)[0]
    free_text = [t.name for t in registry if t.is_free_text]
    prefix = "response__"
    keys = (
        [f"{prefix}page_translation_key"]
        if merge
        else [
            f"{prefix}source_page_id",
            f"{prefix}page_translation_key",
            f"{prefix}language_code",
        ]
    )
    recent = Q(response__submitted_at__gte=recent_from)
    return list(
        Answer.objects.filter(
            question_type__in=free_text,
            response__in=counted_responses(),
            response__submitted_at__gte=start,
            response__submitted_at__lt=end,
        )
        .exclude(text="")
        .values(*keys)
        .annotate(
            first_page_id=Min(f"{prefix}source_page_id"),
            after=Count("response", filter=recent, distinct=True),
            before=Count("response", filter=~recent, distinct=True),
        )
        .order_by(*keys)
    )


def evaluate(day: date | None = None) -> list[Signal]:
    """Every signal present on ``day`` (default: today in the site's time zone)."""
    day = day or local_day_today()
    merge = bool(get_setting("ALERT_MERGE_LANGUAGES"))
    min_votes, min_comments = int(get_setting("ALERT_MIN_VOTES")), int(get_setting("ALERT_MIN_COMMENTS"))
    signals = []
    for row in _vote_counts(day, merge):
        numbers = helpfulness_drop(
            row["yes_before"],
            row["yes_before"] + row["no_before"],
            row["yes_after"],
            row["yes_after"] + row["no_after"],
            min_votes,
        )
        if numbers:
            signals.append(_signal(FeedbackAlert.Kind.HELPFULNESS_DROP, row, numbers, merge))
    for row in _comment_counts(day, merge):
        numbers = comment_spike(row["before"], row["after"], min_comments)
        if numbers:
            signals.append(_signal(FeedbackAlert.Kind.COMMENT_SPIKE, row, numbers, merge))
    return signals


def _signal(kind: str, row: dict[str, Any], numbers: dict[str, Any], merge: bool) -> Signal:
    """A signal for a row of :func:`_vote_counts` or :func:`_comment_counts`
    (the latter's keys renamed to match)."""
    row = {key.removeprefix("response__").replace("source_page_id", "page_id"): value for key, value in row.items()}
    return Signal(
        kind,
        row["first_page_id"] if merge else row["page_id"],
        row["page_translation_key"],
        "" if merge else row["language_code"],
        numbers,
    )


def local_day_today() -> date:
    return local_day(timezone.now())


def run_alerts(day: date | None = None, *, dry_run: bool = False) -> AlertRun:
    """Raise, refresh and close alerts for ``day``; with ``dry_run`` only evaluate."""
    day = day or local_day_today()
    run = AlertRun(day=day, signals=evaluate(day))
    if dry_run:
        return run
    with transaction.atomic():
        open_alerts = {
            (a.kind, a.page_id, a.language_code): a
            for a in FeedbackAlert.objects.select_for_update().filter(closed_on__isnull=True)
        }
        for signal in run.signals:
            alert = open_alerts.pop((signal.kind, signal.page_id, signal.language_code), None)
            if alert is None:
                alert = FeedbackAlert.objects.create(
                    kind=signal.kind,
                    page_id=signal.page_id,
                    page_translation_key=signal.page_translation_key,
                    language_code=signal.language_code,
                    opened_on=day,
                    last_seen_on=day,
                    numbers=signal.numbers,
                )
                transaction.on_commit(partial(notify_followers, alert), robust=True)
                run.opened += 1
            else:
                alert.last_seen_on, alert.numbers = day, signal.numbers
                alert.save(update_fields=["last_seen_on", "numbers"])
                run.refreshed += 1
        for alert in open_alerts.values():
            if alert.opened_on <= day:
                alert.closed_on = day
                alert.save(update_fields=["closed_on"])
                run.closed += 1
    return run


def run_alerts_job() -> dict[str, int]:
    """The scheduler's daily entry point (see feedback/workers/cron.py)."""
    run = run_alerts()
    return {"opened": run.opened, "refreshed": run.refreshed, "closed": run.closed}


def open_alerts_for_pages(page_ids: list[int] | None) -> list[FeedbackAlert]:
    """Open alerts, newest first; ``page_ids=None`` means every page."""
    alerts = FeedbackAlert.objects.filter(closed_on__isnull=True).order_by("-opened_on", "-pk")
    if page_ids is not None:
        alerts = alerts.filter(page_id__in=page_ids)
    return list(alerts)


def describe(alert: FeedbackAlert) -> str:
    """One translated sentence with the alert's numbers, in the active language."""
    numbers = alert.numbers
    if alert.kind == FeedbackAlert.Kind.HELPFULNESS_DROP:
        return gettext(
            "Helpful share %(before)s %% in the 8 weeks before, %(after)s %% in the last 7 days "
            "(%(n)s answers in the last 7 days, %(n_before)s before)."
        ) % {
            "before": number_format(round(numbers["before"] * 100)),
            "after": number_format(round(numbers["after"] * 100)),
            "n": number_format(numbers["n"]),
            "n_before": number_format(numbers["n_before"]),
        }
    return gettext(
        "%(after)s comments a day in the last 7 days against %(before)s a day in the 8 weeks before "
        "(%(n)s comments in the last 7 days)."
    ) % {
        "after": number_format(numbers["after"], 1),
        "before": number_format(numbers["before"], 1),
        "n": number_format(numbers["n"]),
    }


def notify_followers(alert: FeedbackAlert) -> int:
    """E-mail a new alert to the users following its page, each in their admin language."""

    page = Page.objects.filter(pk=alert.page_id).first()
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("feedback_admin:page_report", args=[alert.page_id])
    sent = 0
    for user in followers_of(alert.page_id):
        with translation.override(UserProfile.get_for_user(user).get_preferred_language()):
            context = {
                "alert": alert,
                "kind": alert.get_kind_display(),
                "title": page.get_admin_display_title() if page else f"#{alert.page_id}",
                "text": describe(alert),
                "url": url,
            }
            subject = render_to_string("feedback/email/alert_subject.txt", context).strip()
            body = render_to_string("feedback/email/alert.txt", context)
        sent += EmailMessage(subject, body, to=[user.email]).send()
    return sent
