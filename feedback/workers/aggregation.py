"""Recompute the daily rollups of a page from its responses.

The unit of work is one page and a set of local days. For each of them the
counts are computed from ``Response``/``Answer`` rows with ``GROUP BY``
queries and the rollup rows of those page-days are replaced as a whole inside
one transaction. Running it twice, concurrently or after a lost job therefore
never loses or double-counts anything.

Which days to recompute comes from a watermark, the last counted Response id
per page (:class:`~feedback.models.AggregationState`), plus the current local
day: ids are not committed in order on PostgreSQL, so a response committed
late with a lower id still lands on "today" and is picked up.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from feedback.models import AggregationState, Answer, AnswerRollup, FeedbackForm, PageDayRollup, Response
from feedback.question_types import UnknownQuestionType, registry

logger = logging.getLogger("feedback.workers.aggregation")

#: Watermark row of the scheduled catch-up across all pages.
CATCH_UP_STATE_ID = 0
#: Responses this recent are always looked at again (late commits, clock skew).
RECENT = timedelta(minutes=15)


def local_day(moment: datetime) -> date:
    """The date of ``moment`` in the site's time zone (what a rollup's ``day`` means)."""
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """Aware datetimes covering the local days ``first``..``last`` (end exclusive)."""
    tz = timezone.get_default_timezone()
    return (
        datetime.combine(first, time.min, tzinfo=tz),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz),
    )


def counted_responses() -> QuerySet[Response]:
    """Responses that count in rollups: everything but spam."""
    return Response.objects.exclude(status=Response.Status.SPAM)


@dataclass
class AggregationResult:
    page_id: int
    days: list[date]
    responses: int


def helpful_question_keys(form_keys: Iterable[UUID]) -> dict[UUID, tuple[str, tuple[str, str]]]:
    """For each form translation key: the key and (yes, no) values of the first
    question whose type has ``helpful_values``. Keys and types are synchronised
    across translations, so any language version of the form will do."""
    result: dict[UUID, tuple[str, tuple[str, str]]] = {}
    forms = FeedbackForm.objects.filter(translation_key__in=list(form_keys)).prefetch_related("questions")
    for form in forms:
        if form.translation_key in result:
            continue
        for question in sorted(form.questions.all(), key=lambda q: (q.sort_order or 0, q.pk)):
            try:
                values = registry.get(question.type).helpful_values
            except UnknownQuestionType:
                continue
            if values:
                result[form.translation_key] = (question.key, values)
                break
    return result


def _fallback_helpful_keys(
    responses: QuerySet[Response], missing: set[UUID]
) -> dict[UUID, tuple[str, tuple[str, str]]]:
    """Forms deleted since: use the first answered question of a helpful type."""
    helpful_types = {}
    for qtype in registry:
        if qtype.helpful_values:
            helpful_types[qtype.name] = qtype.helpful_values
    result: dict[UUID, tuple[str, tuple[str, str]]] = {}
    if not missing or not helpful_types:
        return result
    rows = (
        Answer.objects.filter(
            response__in=responses, response__form_translation_key__in=missing, question_type__in=helpful_types
        )
        .values("response__form_translation_key", "question_key", "question_type")
        .annotate(first=Min("id"))
        .order_by("first")
    )
    for row in rows:
        key = row["response__form_translation_key"]
        result.setdefault(key, (row["question_key"], helpful_types[row["question_type"]]))
    return result


def compute_page_days(page_id: int, days: Iterable[date]) -> tuple[list[PageDayRollup], list[AnswerRollup]]:
    """Rollup rows (unsaved) for ``page_id`` on the given local days, counted in the database."""
    days = sorted(set(days))
    if not days:
        return [], []
    tz = timezone.get_default_timezone()
    start, end = day_bounds(days[0], days[-1])
    responses = (
        counted_responses()
        .filter(source_page_id=page_id, submitted_at__gte=start, submitted_at__lt=end)
        .annotate(day=TruncDate("submitted_at", tzinfo=tz))
        .filter(day__in=days)
    )

    page_rows: dict[tuple[str, UUID, date], PageDayRollup] = {}
    grouped = (
        responses.values("language_code", "form_translation_key", "day", "page_translation_key")
        .annotate(total=Count("id"), last=Max("submitted_at"))
        .order_by()
    )
    for row in grouped:
        key = (row["language_code"], row["form_translation_key"], row["day"])
        rollup = page_rows.get(key)
        if rollup is None:
            # page_translation_key is constant for a page; grouping by it keeps
            # the query portable (PostgreSQL has no MAX(uuid)).
            rollup = page_rows[key] = PageDayRollup(
                page_id=page_id,
                page_translation_key=row["page_translation_key"],
                language_code=row["language_code"],
                form_translation_key=row["form_translation_key"],
                day=row["day"],
                responses=0,
                last_submitted_at=row["last"],
            )
        rollup.responses += row["total"]
        rollup.last_submitted_at = max(rollup.last_submitted_at, row["last"])

    # Helpful yes/no: the first helpful question of each form.
    form_keys = {key[1] for key in page_rows}
    helpful = helpful_question_keys(form_keys)
    helpful.update(_fallback_helpful_keys(responses, form_keys - helpful.keys()))
    helpful_filter = Q()
    for form_key, (question_key, values) in helpful.items():
        helpful_filter |= Q(response__form_translation_key=form_key, question_key=question_key, choice__in=list(values))
    if helpful:
        votes = (
            Answer.objects.filter(helpful_filter, response__in=responses.values("id"))
            .annotate(day=TruncDate("response__submitted_at", tzinfo=tz))
            .values("response__language_code", "response__form_translation_key", "day", "choice")
            .annotate(total=Count("response_id", distinct=True))
            .order_by()
        )
        for vote in votes:
            form_key = vote["response__form_translation_key"]
            rollup = page_rows.get((vote["response__language_code"], form_key, vote["day"]))
            if rollup is None:
                continue
            yes, no = helpful[form_key][1]
            if vote["choice"] == yes:
                rollup.helpful_yes += vote["total"]
            elif vote["choice"] == no:
                rollup.helpful_no += vote["total"]

    answers = Answer.objects.filter(response__in=responses.values("id")).annotate(
        day=TruncDate("response__submitted_at", tzinfo=tz)
    )
    group = ["response__language_code", "response__form_translation_key", "day", "question_key"]
    answer_rows: list[AnswerRollup] = []
    # One row per value; free text (no choice, no number) is only counted by "*".
    values = (
        answers.exclude(choice="", number__isnull=True)
        .values(*group, "choice", "number")
        .annotate(total=Count("id"))
        .order_by()
    )
    merged: dict[tuple[Any, ...], AnswerRollup] = {}
    for counted in values:
        value = (counted["choice"] or str(counted["number"]))[:100]
        where = (
            counted["response__language_code"],
            counted["response__form_translation_key"],
            counted["day"],
            counted["question_key"],
        )
        existing = merged.get((*where, value))
        if existing is not None:  # the same value stored as choice and number
            existing.count += counted["total"]
            continue
        merged[(*where, value)] = AnswerRollup(
            page_id=page_id,
            language_code=where[0],
            form_translation_key=where[1],
            day=where[2],
            question_key=where[3],
            value=value,
            choice=counted["choice"],
            number=counted["number"],
            count=counted["total"],
        )
    answer_rows.extend(merged.values())
    for row in answers.values(*group).annotate(total=Count("response_id", distinct=True)).order_by():
        answer_rows.append(
            AnswerRollup(
                page_id=page_id,
                language_code=row["response__language_code"],
                form_translation_key=row["response__form_translation_key"],
                day=row["day"],
                question_key=row["question_key"],
                value=AnswerRollup.ANSWERED,
                count=row["total"],
            )
        )
    return list(page_rows.values()), answer_rows


def _lock_state(page_id: int) -> AggregationState:
    """The page's watermark row, locked until the transaction ends (no-op lock on SQLite,
    where the write lock serialises jobs instead)."""
    AggregationState.objects.get_or_create(page_id=page_id)
    return AggregationState.objects.select_for_update().get(page_id=page_id)


def days_to_recompute(page_id: int, after_id: int, now: datetime | None = None) -> set[date]:
    """Local days of the page's responses newer than the watermark, plus the recent days."""
    now = now or timezone.now()
    days = {local_day(now), local_day(now - RECENT)}
    tz = timezone.get_default_timezone()
    new = (
        Response.objects.filter(source_page_id=page_id, id__gt=after_id)
        .annotate(day=TruncDate("submitted_at", tzinfo=tz))
        .values_list("day", flat=True)
        .distinct()
        .order_by()
    )
    days.update(new)
    return days


def aggregate_page(page_id: int, days: Iterable[date | str] | None = None) -> AggregationResult:
    """Recompute the rollups of ``page_id`` for ``days`` (ISO dates), or for the days
    with responses above the watermark when ``days`` is None. Idempotent."""
    with transaction.atomic():
        state = _lock_state(page_id)
        # Read the high-water mark before counting: anything committed later is
        # picked up by the next run, never skipped.
        top = Response.objects.filter(source_page_id=page_id).aggregate(top=Max("id"))["top"] or 0
        if days is None:
            wanted = days_to_recompute(page_id, state.last_response_id)
        else:
            wanted = {d if isinstance(d, date) else date.fromisoformat(d) for d in days}
        page_rows, answer_rows = compute_page_days(page_id, wanted)
        PageDayRollup.objects.filter(page_id=page_id, day__in=wanted).delete()
        AnswerRollup.objects.filter(page_id=page_id, day__in=wanted).delete()
        PageDayRollup.objects.bulk_create(page_rows, batch_size=500)
        AnswerRollup.objects.bulk_create(answer_rows, batch_size=500)
        if days is None and top > state.last_response_id:
            state.last_response_id = top
            state.save(update_fields=["last_response_id", "updated_at"])
    total = sum(r.responses for r in page_rows)
    logger.debug("Aggregated page %s, %s days, %s responses", page_id, len(wanted), total)
    return AggregationResult(page_id, sorted(wanted), total)


def rebuild_page(page_id: int, since: date | None = None) -> AggregationResult:
    """Recompute every day of the page (from ``since``) that still has responses."""
    tz = timezone.get_default_timezone()
    responses = Response.objects.filter(source_page_id=page_id)
    if since is not None:
        responses = responses.filter(submitted_at__gte=day_bounds(since, since)[0])
    # Only days that still have response rows (spam included, so marking a
    # day's every response as spam empties it). Days with no rows left keep
    # their counts: retention deletes old responses on purpose and the
    # rollups are what remains of them; an erasure recomputes its own day.
    days = set(
        responses.annotate(day=TruncDate("submitted_at", tzinfo=tz)).values_list("day", flat=True).distinct().order_by()
    )
    result = AggregationResult(page_id, [], 0)
    ordered = sorted(days)
    # Chunks of days keep each transaction short on big sites.
    for start in range(0, len(ordered), 31):
        part = aggregate_page(page_id, ordered[start : start + 31])
        result.days += part.days
        result.responses += part.responses
    top = responses.aggregate(top=Max("id"))["top"] or 0
    AggregationState.objects.filter(page_id=page_id, last_response_id__lt=top).update(last_response_id=top)
    return result


def pages_needing_aggregation(now: datetime | None = None) -> tuple[list[int], int]:
    """Pages with responses above the catch-up watermark or submitted recently,
    and the new watermark to store once they are done."""
    now = now or timezone.now()
    state, _created = AggregationState.objects.get_or_create(page_id=CATCH_UP_STATE_ID)
    top = Response.objects.aggregate(top=Max("id"))["top"] or 0
    pages = (
        Response.objects.filter(Q(id__gt=state.last_response_id) | Q(submitted_at__gte=now - RECENT))
        .values_list("source_page_id", flat=True)
        .distinct()
        .order_by("source_page_id")
    )
    return list(pages), top


def catch_up(page_id: int | None = None, since: date | None = None, full: bool = False) -> list[AggregationResult]:
    """What the queue may have missed: the scheduled job and ``manage.py feedback_aggregate``.

    Without arguments, every page with new or recent responses is aggregated
    incrementally. ``since`` or ``full`` rebuild every day (from ``since``) of
    the page, or of every page that has responses or rollups.
    """
    if full or since is not None:
        if page_id is not None:
            pages = [page_id]
        else:
            pages = sorted(
                set(Response.objects.values_list("source_page_id", flat=True).distinct().order_by())
                | set(PageDayRollup.objects.values_list("page_id", flat=True).distinct().order_by())
            )
        return [rebuild_page(p, since=None if full else since) for p in pages]
    if page_id is not None:
        return [aggregate_page(page_id)]
    pages, top = pages_needing_aggregation()
    results = [aggregate_page(p) for p in pages]
    AggregationState.objects.filter(page_id=CATCH_UP_STATE_ID, last_response_id__lt=top).update(last_response_id=top)
    return results
