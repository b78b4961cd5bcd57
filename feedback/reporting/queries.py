"""Report queries, read from the rollups only.

Every number in the admin reports comes from ``PageDayRollup`` and
``AnswerRollup`` with a ``GROUP BY`` in the database, so a report costs the
same few queries whether a page had ten responses or a million. Only the
list of free-text comments reads ``Answer`` rows (paginated).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import F, FloatField, Max, Q, QuerySet, Sum, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast, Coalesce, NullIf, TruncWeek
from django.utils import timezone

from feedback.models import AnswerRollup, FeedbackForm, PageDayRollup
from feedback.question_types.base import Summary
from feedback.reporting.summaries import summaries_from_rollups

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30


@dataclass(frozen=True)
class Period:
    """An inclusive range of days and the range of equal length before it."""

    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> Period:
        return Period(self.start - datetime.timedelta(days=self.days), self.start - datetime.timedelta(days=1))

    @classmethod
    def last(cls, days: int, today: datetime.date | None = None) -> Period:
        today = today or timezone.localdate()
        return cls(today - datetime.timedelta(days=days - 1), today)


def helpful_share(yes: int, no: int) -> float | None:
    """The share of yes among the yes/no votes; ``None`` without votes. (In a
    query: :func:`helpful_share_expression`.)"""
    return yes / (yes + no) if yes + no else None


def helpful_share_expression(yes: str = "yes", no: str = "no") -> CombinedExpression:
    # NULLIF keeps pages without yes/no answers at NULL instead of dividing by 0.
    return Cast(F(yes), FloatField()) / NullIf(F(yes) + F(no), Value(0))


def page_rows(rollups: QuerySet[PageDayRollup], period: Period, *, merge: bool = False) -> QuerySet:
    """One row per page (or per translation set with ``merge``) for ``period``.

    Each row: ``key``, ``any_page_id`` (one page id of the set when merged),
    ``response_count``, ``yes``, ``no``, ``helpful_share``, ``previous_count``
    (responses in the period before), ``last_submitted_at``. Least helpful first, pages
    without yes/no answers last. One query, grouped in the database.
    """
    current = Q(day__gte=period.start, day__lte=period.end)
    group = "page_translation_key" if merge else "page_id"
    return (
        rollups.filter(day__gte=period.previous.start, day__lte=period.end)
        .values(key=F(group))
        .annotate(
            any_page_id=Max("page_id"),
            response_count=Coalesce(Sum("responses", filter=current), Value(0)),
            yes=Coalesce(Sum("helpful_yes", filter=current), Value(0)),
            no=Coalesce(Sum("helpful_no", filter=current), Value(0)),
            previous_count=Coalesce(Sum("responses", filter=~current), Value(0)),
            last_submitted_at=Max("last_submitted_at", filter=current),
        )
        .filter(response_count__gt=0)
        .annotate(helpful_share=helpful_share_expression())
        .order_by(F("helpful_share").asc(nulls_last=True), "-response_count", "key")
    )


def change(current: int, previous: int) -> float | None:
    """Relative change against the previous period; ``None`` when it had none."""
    return (current - previous) / previous if previous else None


@dataclass
class Totals:
    responses: int
    yes: int
    no: int
    last_submitted_at: datetime.datetime | None

    @property
    def helpful_share(self) -> float | None:
        return helpful_share(self.yes, self.no)


def totals(rollups: QuerySet[PageDayRollup]) -> Totals:
    row = rollups.aggregate(
        responses=Coalesce(Sum("responses"), Value(0)),
        yes=Coalesce(Sum("helpful_yes"), Value(0)),
        no=Coalesce(Sum("helpful_no"), Value(0)),
        last=Max("last_submitted_at"),
    )
    return Totals(row["responses"], row["yes"], row["no"], row["last"])


@dataclass
class WeekPoint:
    week: datetime.date
    responses: int
    yes: int
    no: int

    @property
    def helpful_share(self) -> float | None:
        return helpful_share(self.yes, self.no)


def weekly(rollups: QuerySet[PageDayRollup]) -> list[WeekPoint]:
    """Responses and helpful counts per ISO week (Monday), oldest first."""
    rows = (
        rollups.annotate(week=TruncWeek("day"))
        .values("week")
        .annotate(responses=Sum("responses"), yes=Sum("helpful_yes"), no=Sum("helpful_no"))
        .order_by("week")
    )
    points = []
    for row in rows:
        week = row["week"]
        if isinstance(week, datetime.datetime):
            week = week.date()
        points.append(WeekPoint(week, row["responses"] or 0, row["yes"] or 0, row["no"] or 0))
    return points


def all_weeks(points: list[WeekPoint], period: Period) -> list[tuple[datetime.date, WeekPoint | None]]:
    """Every week (Monday) the period touches, oldest first, with its point or
    ``None``: a week without answers is a gap in the chart, not left out."""
    by_week = {point.week: point for point in points}
    monday = period.start - datetime.timedelta(days=period.start.weekday())
    weeks = []
    while monday <= period.end:
        weeks.append((monday, by_week.get(monday)))
        monday += datetime.timedelta(days=7)
    return weeks


@dataclass
class FormSummaries:
    form: FeedbackForm | None
    summaries: list[Summary]


def summaries_for_pages(
    page_ids: Sequence[int],
    period: Period,
    *,
    language_code: str = "",
    preferred_locale_id: int | None = None,
) -> list[FormSummaries]:
    """Question summaries per form used on the pages, from ``AnswerRollup``.

    Queries: one for the forms seen in the rollups, one for the forms, one for
    their questions, then one grouped query per form.
    """
    base = PageDayRollup.objects.filter(page_id__in=page_ids, day__gte=period.start, day__lte=period.end)
    if language_code:
        base = base.filter(language_code=language_code)
    form_keys = list(base.values_list("form_translation_key", flat=True).distinct().order_by())
    if not form_keys:
        return []
    forms = _pick_forms(form_keys, preferred_locale_id)
    result = []
    for key in form_keys:
        form = forms.get(key)
        if form is None:
            continue
        answers = AnswerRollup.objects.filter(
            page_id__in=page_ids, form_translation_key=key, day__gte=period.start, day__lte=period.end
        )
        if language_code:
            answers = answers.filter(language_code=language_code)
        result.append(FormSummaries(form, summaries_from_rollups(form.questions.all(), answers)))
    return result


def _pick_forms(keys: Iterable, preferred_locale_id: int | None) -> dict:
    """One form per translation key, in the preferred locale when it exists."""
    chosen: dict = {}
    for form in FeedbackForm.objects.filter(translation_key__in=keys).prefetch_related("questions"):
        current = chosen.get(form.translation_key)
        if current is None or form.locale_id == preferred_locale_id:
            chosen[form.translation_key] = form
    return chosen


def least_helpful(
    rollups: QuerySet[PageDayRollup], days: int = 7, min_responses: int = 5, limit: int = 5
) -> list[dict]:
    """Pages visitors found least helpful lately (for the dashboard panel)."""
    rows = page_rows(rollups, Period.last(days))
    rows = rows.filter(response_count__gte=min_responses, helpful_share__isnull=False)
    return list(rows[:limit])
