"""The effect of an edit on the page report: the page's publications in the
period, as markers on the weekly chart and a list under it, each selecting
the before/after comparison of :mod:`feedback.reporting.revisions`."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from wagtail.models import Page

from feedback.admin import charts
from feedback.admin.views.common import percent
from feedback.reporting import revisions
from feedback.reporting.queries import Period


def edits_in(
    request: HttpRequest, page: Page, page_ids: list[int], period: Period, first_monday: datetime.date | None
) -> tuple[list[dict[str, Any]], list[charts.Marker], dict[str, Any] | None]:
    """The page's publications in the period (for the list under the chart and
    its markers, each a link selecting it) and the comparison of the selected one."""
    edits, markers, comparison = [], [], None
    selected = request.GET.get("edit", "")
    for edit in revisions.published_edits(page):
        if selected == str(edit.log_entry_id):
            comparison = comparison_display(revisions.compare(page_ids, edit))
        if not period.start <= edit.day <= period.end:
            continue
        query = request.GET.copy()
        query["edit"] = str(edit.log_entry_id)
        url = f"?{query.urlencode()}#feedback-edit"
        when = date_format(timezone.localtime(edit.published_at), "SHORT_DATETIME_FORMAT")
        label = " – ".join(part for part in (when, edit.user, edit.message or edit.title) if part)
        edits.append({"edit": edit, "url": url, "label": label, "selected": selected == str(edit.log_entry_id)})
        if first_monday is not None:
            position = ((edit.day - first_monday).days + 0.5) / 7
            markers.append(charts.Marker(position, str(_("Published %(label)s") % {"label": label}), url))
    return edits, markers, comparison


def comparison_display(comparison: revisions.Comparison) -> dict[str, Any]:
    """The comparison as rows of (label, before, after) text, and its verdict."""

    def share(window: revisions.Window) -> str:
        if window.helpful_share is None:
            return "–"
        low, high = window.interval or (0.0, 0.0)
        return f"{percent(window.helpful_share)} ({percent(low)}–{percent(high)})"

    def dates(window: revisions.Window) -> str:
        return f"{date_format(window.start, 'SHORT_DATE_FORMAT')}–{date_format(window.end, 'SHORT_DATE_FORMAT')}"

    before, after = comparison.before, comparison.after
    return {
        "edit": comparison.edit,
        "verdict": comparison.verdict,
        "verdict_text": revisions.verdict_text(comparison),
        "rows": [
            (_("Days"), dates(before), dates(after)),
            (_("Yes/no votes"), str(before.votes), str(after.votes)),
            (_("Helpful share (95 % interval)"), share(before), share(after)),
            (_("Votes per day"), number_format(before.votes_per_day, 1), number_format(after.votes_per_day, 1)),
            (
                _("Comments per day"),
                number_format(before.comments_per_day, 1),
                number_format(after.comments_per_day, 1),
            ),
        ],
    }
