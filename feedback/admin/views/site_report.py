"""The site-wide feedback report: one row per page with feedback in the
period, least helpful first, read from the daily rollups; with the small
spreadsheet of its rows."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column, Table
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from feedback.admin.permissions import restrict_to_user
from feedback.admin.views.common import (
    FeedbackPermissionMixin,
    TemplateColumn,
    change_display,
    percent,
    query_without,
)
from feedback.admin.views.report_filters import SiteReportFilterSet, export_params, period_from, valid_choices
from feedback.exporting.admin_spreadsheets import SanitisedSpreadsheetMixin
from feedback.models import PageDayRollup
from feedback.reporting.queries import Period, page_rows


def pages_by_key(keys: Iterable[Any], *, merge: bool) -> dict[Any, Page]:
    """The pages of report rows by their key: the page id, or with ``merge`` the
    translation key (then the oldest language version stands for the set)."""
    if not merge:
        return Page.objects.in_bulk(list(keys))
    by_key: dict[Any, Page] = {}
    for page in Page.objects.filter(translation_key__in=list(keys)).order_by("id"):
        by_key.setdefault(page.translation_key, page)
    return by_key


class SiteRollupsView(FeedbackPermissionMixin, SanitisedSpreadsheetMixin, ReportView):
    """What the site report and its trend export share: the filters, the
    period, and the rollups of the pages the user may see."""

    page_title = _("Page feedback")
    header_icon = "feedback-chart"
    filterset_class = SiteReportFilterSet
    index_url_name = "feedback_admin:site_report"
    index_results_url_name = "feedback_admin:site_report_results"

    @cached_property
    def filter_data(self) -> dict[str, Any]:
        return valid_choices(self.filters.form) if self.filters is not None else {}

    @cached_property
    def period(self) -> Period:
        return period_from(self.filter_data)

    @cached_property
    def merge(self) -> bool:
        return self.filter_data.get("view") == "merged"

    def visible_rollups(self) -> QuerySet[PageDayRollup]:
        """The rollups the user may see, narrowed by the filters without errors (not by the period)."""
        rollups = restrict_to_user(PageDayRollup.objects.all(), self.request.user)
        if self.filters is not None:
            self.filters.is_valid()
            rollups = self.filters.filter_queryset(rollups)
        return rollups


@dataclass
class ReportRow:
    key: Any
    page: Page | None
    page_id: int
    title: str
    responses: int
    yes: int
    no: int
    helpful_share: float | None
    previous: int
    last_submitted_at: datetime.datetime | None
    report_url: str = ""
    locale_id: int | None = None  # shown as a label (not when language versions are merged)

    @property
    def votes(self) -> int:
        return self.yes + self.no

    @property
    def helpful_display(self) -> str:
        return percent(self.helpful_share)

    @property
    def change_display(self) -> str:
        return change_display(self.responses, self.previous, new_label=_("new"))


class PageRowPaginator(WagtailPaginator):
    """Counts the report's rows as pages ("8 sidor"), not as rollup rows."""

    @cached_property
    def items_count_label(self) -> str:
        return ngettext("%(count)s page", "%(count)s pages", self.count) % {"count": self.count}


class SiteReportView(SiteRollupsView):
    template_name = "feedback/admin/site_report.html"
    results_template_name = "feedback/admin/site_report_results.html"
    paginate_by = 50
    paginator_class = PageRowPaginator
    columns = [
        TemplateColumn("title", "feedback/admin/tables/report_page_cell.html", label=_("Page")),
        Column("responses", label=_("Responses")),
        TemplateColumn("helpful", "feedback/admin/tables/helpful_cell.html", label=_("Helpful")),
        Column("change_display", label=_("Change in responses")),
        TemplateColumn("last_submitted_at", "feedback/admin/tables/last_response_cell.html", label=_("Last response")),
    ]
    table_classname = "listing feedback-site-report"
    export_filename = "page-feedback"
    list_export = ["title", "page_id", "responses", "yes", "no", "helpful_share", "previous", "last_submitted_at"]
    export_headings = {
        "title": _("Page"),
        "page_id": _("Page id"),
        "responses": _("Responses"),
        "yes": _("Helpful"),
        "no": _("Not helpful"),
        "helpful_share": _("Helpful share"),
        "previous": _("Responses in the previous period"),
        "last_submitted_at": _("Last response"),
    }

    def get_filtered_queryset(self) -> QuerySet:
        return page_rows(self.visible_rollups(), self.period, merge=self.merge)

    def get_table_kwargs(self) -> dict[str, Any]:
        return {**super().get_table_kwargs(), "caption": _("Pages with feedback, least helpful first")}

    def report_url(self, page: Page) -> str:
        """The page's report with the same choices (the merge of languages too)."""
        params = query_without(self.request, "p", "export", "section", "_w_filter_fragment")
        if self.merge:
            params["merge"] = "1"
        url = reverse("feedback_admin:page_report", args=[page.pk])
        return f"{url}?{params.urlencode()}" if params else url

    def get_table(self, object_list: Any) -> Table:
        # ReportView decorates its rows only after the table is built: so here, once.
        self.rows = self.report_rows(object_list)
        return super().get_table(self.rows)

    def decorate_paginated_queryset(self, object_list: Any) -> list[ReportRow]:
        return self.rows

    def report_rows(self, object_list: Any) -> list[ReportRow]:
        rows = list(object_list)
        pages = pages_by_key([r["key"] for r in rows], merge=self.merge)
        result = []
        for r in rows:
            page = pages.get(r["key"])
            result.append(
                ReportRow(
                    key=r["key"],
                    page=page,
                    page_id=page.pk if page else r["any_page_id"],
                    title=page.get_admin_display_title() if page else str(_("Deleted page")),
                    responses=r["response_count"],
                    yes=r["yes"],
                    no=r["no"],
                    helpful_share=r["helpful_share"],
                    previous=r["previous_count"],
                    last_submitted_at=r["last_submitted_at"],
                    report_url=self.report_url(page) if page else "",
                    locale_id=page.locale_id if page and not self.merge else None,
                )
            )
        return result

    def get_context_data(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(*args, **kwargs)
        context.update(
            period=self.period,
            merge=self.merge,
            can_export=self.user_has_permission("export"),
            export_params=export_params(
                self.period, merge=self.merge, feedback_form=self.filter_data.get("feedback_form")
            ),
            trend_query=query_without(self.request, "p", "export", "_w_filter_fragment").urlencode(),
        )
        return context
