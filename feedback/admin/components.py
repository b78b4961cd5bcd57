"""Dashboard panel: the pages visitors found least helpful in the last week."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.models import Page

from feedback.admin.permissions import pages_user_can_view_feedback, restrict_to_user
from feedback.admin.views.common import percent
from feedback.models import PageDayRollup
from feedback.reporting.queries import least_helpful
from feedback.workers.alerts import describe, open_alerts_for_pages

MIN_RESPONSES = 5


class LeastHelpfulPagesPanel(Component):
    name = "feedback_least_helpful"
    template_name = "feedback/admin/dashboard_panel.html"
    order = 150

    def __init__(self, user: Any, *, days: int = 7, min_responses: int = MIN_RESPONSES, limit: int = 5) -> None:
        self.user = user
        self.days = days
        self.min_responses = min_responses
        self.limit = limit

    def get_context_data(self, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
        rollups = restrict_to_user(PageDayRollup.objects.all(), self.user)
        rows = least_helpful(rollups, days=self.days, min_responses=self.min_responses, limit=self.limit)
        pages = Page.objects.in_bulk([r["key"] for r in rows])
        result = []
        for row in rows:
            page = pages.get(row["key"])
            result.append(
                {
                    "title": page.get_admin_display_title() if page else f"#{row['key']}",
                    "url": reverse("feedback_admin:page_report", args=[page.pk]) + "?period=7" if page else "",
                    "helpful": percent(row["helpful_share"]),
                    "responses": row["response_count"],
                }
            )
        return {"rows": result, "min_responses": self.min_responses, "alerts": self.alert_rows()}

    def alert_rows(self) -> list[dict[str, Any]]:
        """Open alerts of the pages the user may see, newest first."""
        visible = pages_user_can_view_feedback(self.user)
        alerts = open_alerts_for_pages(None if visible is None else list(visible.values_list("pk", flat=True)))[:10]
        pages = Page.objects.in_bulk([a.page_id for a in alerts])
        rows = []
        for alert in alerts:
            page = pages.get(alert.page_id)
            rows.append(
                {
                    "kind": alert.get_kind_display(),
                    "title": page.get_admin_display_title() if page else f"#{alert.page_id}",
                    "url": reverse("feedback_admin:page_report", args=[alert.page_id]) if page else "",
                    "text": describe(alert),
                }
            )
        return rows
