"""The report of one page: totals, the helpful share per week with the page's
publications, one summary per question (all read from rollups) and, as the
listing, the page's comments."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Table
from wagtail.admin.views.generic import BaseListingView
from wagtail.models import Page

from feedback.admin import charts
from feedback.admin.permissions import pages_user_can_view_feedback
from feedback.admin.views.comments import comment_rows, comments_queryset, comments_table
from feedback.admin.views.common import (
    PAGE_FEEDBACK_BREADCRUMBS,
    FeedbackPermissionMixin,
    change_display,
    get_page_for_user,
    percent,
    query_without,
)
from feedback.admin.views.edits import edits_in
from feedback.admin.views.report_filters import PageReportForm, export_params, period_from, valid_choices
from feedback.models import Answer, PageDayRollup
from feedback.public import impressions
from feedback.reporting.queries import Period, all_weeks, summaries_for_pages, totals, weekly


def report_page_ids(user: Any, page: Page, merge: bool) -> list[int]:
    """The page, or with ``merge`` every language version the user may see.

    Translations are found through the rollups too, so a deleted language
    version still counts for users who see all pages.
    """
    if not merge:
        return [page.pk]
    ids = set(
        PageDayRollup.objects.filter(page_translation_key=page.translation_key)
        .values_list("page_id", flat=True)
        .distinct()
        .order_by()
    )
    ids |= set(Page.objects.filter(translation_key=page.translation_key).values_list("id", flat=True))
    allowed = pages_user_can_view_feedback(user)
    if allowed is not None:
        ids &= set(allowed.filter(id__in=ids).values_list("id", flat=True))
    ids.add(page.pk)
    return sorted(ids)


class PageReportView(FeedbackPermissionMixin, BaseListingView):
    """A page the user may not see (or none) answers 404; the listing is its comments."""

    template_name = "feedback/admin/page_report.html"
    header_icon = "feedback-chart"
    breadcrumbs_items = PAGE_FEEDBACK_BREADCRUMBS
    paginate_by = 20

    @cached_property
    def page(self) -> Page:
        return get_page_for_user(self.request, self.kwargs["page_id"])

    @cached_property
    def filter_form(self) -> PageReportForm:
        return PageReportForm(self.request.GET or None)

    @cached_property
    def choices(self) -> dict[str, Any]:
        return valid_choices(self.filter_form)

    @cached_property
    def period(self) -> Period:
        return period_from(self.choices)

    @cached_property
    def merge(self) -> bool:
        return bool(self.choices.get("merge"))

    @cached_property
    def language(self) -> str:
        return self.choices.get("language") or ""

    @cached_property
    def page_ids(self) -> list[int]:
        return report_page_ids(self.request.user, self.page, self.merge)

    def get_page_title(self) -> str:
        return _("Feedback: %(title)s") % {"title": self.page.get_admin_display_title()}

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page.get_admin_display_title()}]

    def get_base_queryset(self) -> QuerySet[Answer]:
        choices = self.choices
        return comments_queryset(
            self.page_ids, self.period, self.language, choices.get("status") or "", choices.get("q") or ""
        )

    def get_table(self, object_list: Any) -> Table:
        rows = comment_rows(object_list, self.request.user, page_of=lambda answer: self.page)
        return comments_table(rows, actions=self.may("moderate") or self.may("erase"))

    def may(self, action: str) -> bool:
        return bool(self.user_has_permission_for_instance(action, self.page))

    def rollups(self, period: Period) -> QuerySet[PageDayRollup]:
        rollups = PageDayRollup.objects.filter(page_id__in=self.page_ids, day__gte=period.start, day__lte=period.end)
        return rollups.filter(language_code=self.language) if self.language else rollups

    def totals_context(self) -> dict[str, Any]:
        period = self.period
        now, before = totals(self.rollups(period)), totals(self.rollups(period.previous))
        seen = impressions.impressions_for(self.page_ids, period.start, period.end, self.language)
        return {
            "totals": now,
            "helpful_display": percent(now.helpful_share),
            "change_display": change_display(now.responses, before.responses),
            "response_rate_display": impressions.responses_per_thousand(now.responses, seen),
        }

    def weekly_context(self) -> dict[str, Any]:
        """The helpful share per week, with the page's publications as markers."""
        weeks = weekly(self.rollups(self.period))
        shares = [(monday, w.helpful_share if w else None) for monday, w in all_weeks(weeks, self.period)]
        points = [charts.Point(monday.strftime("%d/%m"), share, percent(share)) for monday, share in shares]
        edits, markers, comparison = edits_in(
            self.request, self.page, self.page_ids, self.period, shares[0][0] if shares else None
        )
        chart = charts.columns(points, str(_("Helpful share per week")), max_value=1, markers=markers)
        return {
            "weeks": [(w, percent(w.helpful_share)) for w in weeks],
            "has_helpful": any(w.helpful_share is not None for w in weeks),
            "weekly_chart": chart if points else "",
            "edits": edits,
            "comparison": comparison,
        }

    def summary_blocks(self) -> list[dict[str, Any]]:
        """One block per form used on the page, one chart per question."""
        blocks = []
        for block in summaries_for_pages(
            self.page_ids, self.period, language_code=self.language, preferred_locale_id=self.page.locale_id
        ):
            items = []
            for summary in block.summaries:
                points = [charts.Point(r.label, r.share, f"{r.count} ({percent(r.share)})") for r in summary.rows]
                chart = charts.horizontal_bars(points, str(summary.label), max_value=1) if points else ""
                items.append({"summary": summary, "chart": chart})
            blocks.append({"form": block.form, "items": items})
        return blocks

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        page = self.page
        context.update(
            page=page,
            filter_form=self.filter_form,
            period=self.period,
            merge=self.merge,
            **self.totals_context(),
            **self.weekly_context(),
            summary_blocks=self.summary_blocks(),
            comments_page=context["page_obj"],
            comment_rows=context["table"].data,
            query_without_page=query_without(self.request, "p").urlencode(),
            can_export=self.may("export"),
            can_edit_page=page.permissions_for_user(self.request.user).can_edit(),
            export_params=export_params(self.period, merge=self.merge),
        )
        return context
