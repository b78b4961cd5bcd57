"""The trend export: the site report's pages per week (votes, helpful share,
comments, impressions) as a CSV or Excel download, with the report's filters.
Read from the daily rollups only, like the report."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import TruncWeek
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from feedback.admin.views.comments import free_text_type_names
from feedback.admin.views.site_report import SiteRollupsView, pages_by_key
from feedback.models import AnswerRollup, PageDayImpressions, PageDayRollup, Question
from feedback.reporting.languages import language_name
from feedback.reporting.queries import helpful_share


@dataclass
class TrendRow:
    title: str
    page_id: int
    language: str
    week: Any
    responses: int
    yes: int
    no: int
    helpful_share: float | None
    comments: int
    impressions: int


class SiteTrendView(SiteRollupsView):
    """Only a spreadsheet: ``?export=xlsx`` or ``csv`` plus the site report's filters."""

    export_filename = "page-feedback-per-week"
    list_export = [
        "title",
        "page_id",
        "language",
        "week",
        "responses",
        "yes",
        "no",
        "helpful_share",
        "comments",
        "impressions",
    ]
    export_headings = {
        "title": _("Page"),
        "page_id": _("Page id"),
        "language": _("Language"),
        "week": _("Week starting"),
        "responses": _("Responses"),
        "yes": _("Helpful"),
        "no": _("Not helpful"),
        "helpful_share": _("Helpful share"),
        "comments": _("Comments"),
        "impressions": _("Form impressions"),
    }

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.is_export:
            # Nothing to show on a page of its own: back to the report with the same filters.
            return redirect(f"{reverse('feedback_admin:site_report')}?{urlencode(request.GET, doseq=True)}")
        return super().get(request, *args, **kwargs)

    def get_filtered_queryset(self) -> QuerySet[PageDayRollup]:
        return self.visible_rollups().filter(day__gte=self.period.start, day__lte=self.period.end)

    def decorate_paginated_queryset(self, object_list: Any) -> list[TrendRow]:
        rollups = object_list
        key = "page_translation_key" if self.merge else "page_id"
        weekly = (
            rollups.annotate(week=TruncWeek("day"))
            .values(key, "week", *([] if self.merge else ["language_code"]))
            .annotate(responses=Sum("responses"), yes=Sum("helpful_yes"), no=Sum("helpful_no"))
            .order_by(key, "week")
        )
        rows = list(weekly)
        page_ids = set(rollups.values_list("page_id", flat=True).distinct())
        key_of = dict(Page.objects.filter(pk__in=page_ids).values_list("pk", "translation_key")) if self.merge else {}
        comments = self._per_week(self._comment_rollups(rollups, page_ids), key_of)
        impressions = self._per_week(
            PageDayImpressions.objects.filter(
                page_id__in=page_ids, day__gte=self.period.start, day__lte=self.period.end
            ),
            key_of,
        )
        pages = pages_by_key([r[key] for r in rows], merge=self.merge)
        result = []
        for r in rows:
            page = pages.get(r[key])
            share = helpful_share(r["yes"], r["no"])
            result.append(
                TrendRow(
                    title=page.get_admin_display_title() if page else str(_("Deleted page")),
                    page_id=page.pk if page else 0,
                    language=str(_("All languages")) if self.merge else language_name(r["language_code"]),
                    week=r["week"],
                    responses=r["responses"],
                    yes=r["yes"],
                    no=r["no"],
                    helpful_share=None if share is None else round(share, 4),
                    comments=comments.get((r[key], r["week"]), 0),
                    impressions=impressions.get((r[key], r["week"]), 0),
                )
            )
        return result

    def _comment_rollups(self, rollups: QuerySet, page_ids: set[int]) -> QuerySet:
        """Answered free-text questions (comments) per page and day, from the answer rollups."""
        keys = set(Question.objects.filter(type__in=free_text_type_names()).values_list("form__translation_key", "key"))
        which = Q(pk__in=[])
        for form_key, question_key in keys:
            which |= Q(form_translation_key=form_key, question_key=question_key)
        return AnswerRollup.objects.filter(
            which,
            page_id__in=page_ids,
            value=AnswerRollup.ANSWERED,
            day__gte=self.period.start,
            day__lte=self.period.end,
        )

    def _per_week(self, queryset: QuerySet, key_of: dict[int, Any]) -> dict[tuple[Any, Any], int]:
        totals: dict[tuple[Any, Any], int] = defaultdict(int)
        for page_id, week, count in (
            queryset.annotate(week=TruncWeek("day")).values_list("page_id", "week").annotate(n=Sum("count"))
        ):
            totals[(key_of.get(page_id, page_id) if self.merge else page_id, week)] += count
        return totals
