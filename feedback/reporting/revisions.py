"""The effect of an edit: feedback before and after each published revision
of a page, over equal windows.

Canada.ca's page-feedback guidance asks "has feedback increased or
decreased after a page update?"; teams answer it by hand in spreadsheets.
Here every publication of the page (Wagtail's ``wagtail.publish`` log
entries: date and who) splits the days around it into two windows of equal
length, up to ``days`` each, and compares the helpful share with 95 % Wilson
intervals, votes and comments per day. A change is only called better or
worse when the intervals do not overlap and both windows hold at least
``MIN_VOTES`` yes/no votes; otherwise it says there is too little data.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import Any

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail.models import PageLogEntry

from feedback.models import Answer, PageDayRollup
from feedback.question_types import registry
from feedback.reporting.queries import helpful_share
from feedback.workers.aggregation import counted_responses, day_bounds, local_day

WINDOW_DAYS = 28
MIN_VOTES = 30
Z_95 = 1.959964


def wilson_interval(yes: int, n: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval of ``yes`` out of ``n`` (``None`` when ``n`` is 0)."""
    if n <= 0:
        return None
    p = yes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    margin = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - margin), min(1.0, centre + margin)


@dataclass(frozen=True)
class Edit:
    """One publication of the page."""

    log_entry_id: int
    revision_id: int | None
    published_at: datetime.datetime
    user: str
    title: str
    message: str = ""  # the comment given with it (e.g. in a workflow), if any

    @property
    def day(self) -> datetime.date:
        return local_day(self.published_at)


@dataclass(frozen=True)
class Window:
    start: datetime.date
    end: datetime.date
    yes: int
    no: int
    comments: int

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def votes(self) -> int:
        return self.yes + self.no

    @property
    def helpful_share(self) -> float | None:
        return helpful_share(self.yes, self.no)

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson_interval(self.yes, self.votes)

    @property
    def votes_per_day(self) -> float:
        return self.votes / self.days

    @property
    def comments_per_day(self) -> float:
        return self.comments / self.days


@dataclass(frozen=True)
class Comparison:
    edit: Edit
    before: Window
    after: Window

    @property
    def enough_data(self) -> bool:
        return self.before.votes >= MIN_VOTES and self.after.votes >= MIN_VOTES

    @property
    def verdict(self) -> str:
        """``"better"``, ``"worse"``, ``"unchanged"`` (intervals overlap) or ``"too_little_data"``."""
        if not self.enough_data or self.before.days < 1:
            return "too_little_data"
        before, after = self.before.interval, self.after.interval
        assert before and after
        if after[0] > before[1]:
            return "better"
        if after[1] < before[0]:
            return "worse"
        return "unchanged"


def published_edits(page: Any) -> list[Edit]:
    """Every publication of ``page``, oldest first."""
    entries = (
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish")
        .select_related("user")
        .order_by("timestamp", "pk")
    )
    return [
        Edit(
            log_entry_id=entry.pk,
            revision_id=entry.revision_id,
            published_at=entry.timestamp,
            user=entry.user_display_name if entry.user_id else "",
            title=entry.label,
            message=str((entry.data or {}).get("comment") or ""),
        )
        for entry in entries
    ]


def _window(page_ids: list[int], start: datetime.date, end: datetime.date) -> Window:
    counts = PageDayRollup.objects.filter(page_id__in=page_ids, day__gte=start, day__lte=end).aggregate(
        yes=Sum("helpful_yes", default=0), no=Sum("helpful_no", default=0)
    )
    since, until = day_bounds(start, end)
    comments = (
        Answer.objects.filter(
            response__in=counted_responses(),
            response__source_page_id__in=page_ids,
            response__submitted_at__gte=since,
            response__submitted_at__lt=until,
            question_type__in=[t.name for t in registry if t.is_free_text],
        )
        .exclude(text="")
        .values("response")
        .distinct()
        .count()
    )
    return Window(start, end, counts["yes"], counts["no"], comments)


def compare(
    page_ids: list[int], edit: Edit, *, days: int = WINDOW_DAYS, today: datetime.date | None = None
) -> Comparison:
    """Feedback on the pages in the ``days`` before the edit's day against the
    days from it on; both windows as long as the shorter one allows."""
    today = today or timezone.localdate()
    length = max(1, min(days, (today - edit.day).days + 1))
    after = _window(page_ids, edit.day, edit.day + datetime.timedelta(days=length - 1))
    before = _window(page_ids, edit.day - datetime.timedelta(days=length), edit.day - datetime.timedelta(days=1))
    return Comparison(edit=edit, before=before, after=after)


VERDICTS = {
    "better": gettext_lazy("More visitors found the page helpful after this edit (the 95 % intervals do not overlap)."),
    "worse": gettext_lazy("Fewer visitors found the page helpful after this edit (the 95 % intervals do not overlap)."),
    "unchanged": gettext_lazy("No clear change: the 95 % intervals overlap."),
    "too_little_data": gettext_lazy(
        "Too little data to tell: at least %(votes)s yes/no votes are needed before and after."
    ),
}


def verdict_text(comparison: Comparison) -> str:
    """The comparison's verdict as a sentence in the active language."""
    text = str(VERDICTS[comparison.verdict])
    return text % {"votes": MIN_VOTES} if comparison.verdict == "too_little_data" else text


def comparisons_for(
    page: Any, page_ids: list[int], since: datetime.date | None, until: datetime.date | None
) -> list[Comparison]:
    """Every publication of ``page`` between ``since`` and ``until`` (inclusive;
    ``None``: open), compared on ``page_ids``."""
    return [
        compare(page_ids, edit)
        for edit in published_edits(page)
        if (since is None or edit.day >= since) and (until is None or edit.day <= until)
    ]
