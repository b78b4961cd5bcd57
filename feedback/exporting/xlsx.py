"""The Excel workbook: Summary, Responses and Comments sheets, written streamed.

openpyxl's write-only mode keeps only the current row in memory; each sheet
goes to its own temporary file, so rows may be appended to Responses and
Comments alternately. Sheets past Excel's row limit continue on
"Responses (2)", "Responses (3)", …
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from feedback.reporting.languages import language_name
from feedback.reporting.revisions import verdict_text

from .base import Exporter, ProgressCallback
from .rows import ExportData, base_headings
from .sanitize import clean_text, split_long_text, xlsx_cell

#: Data rows per sheet: Excel's 1,048,576 rows minus the header.
MAX_SHEET_ROWS = 1_048_575
#: Progress is reported every this many rows.
PROGRESS_EVERY = 2000

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)


def summary_language_name(code: str) -> str:
    """ "danska" for "da" in a Swedish export; the code itself if the language is unknown."""
    name = language_name(code)
    # Scandinavian languages write language names in lower case mid-sentence.
    return name.lower() if (get_language() or "")[:2] in ("sv", "nb", "no", "da") else name


def _header(ws: Any, headings: Sequence[str]) -> list[Any]:
    return [xlsx_cell(ws, h, {"font": BOLD}) for h in headings]


def _prepare_table(ws: Any, headings: Sequence[str], widths: Sequence[float]) -> None:
    """Frozen header, autofilter and column widths: set before the first row in write-only mode."""
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(max(len(headings), 1))}1"
    ws.append(_header(ws, headings))


class XlsxExporter(Exporter):
    name = "xlsx"
    verbose_name = gettext_lazy("Excel workbook (.xlsx)")
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    max_sheet_rows = MAX_SHEET_ROWS

    def write(self, data: ExportData, path: Path, progress: ProgressCallback) -> int:
        wb = Workbook(write_only=True)
        # Write-only sheets are separate files: the Summary stays the first
        # sheet but is written after the rows, from the counts taken while
        # streaming them (no second scan of the answers).
        summary = wb.create_sheet(_("Summary"))
        headings = data.headings()
        widths = [18, 10, 36, 48] + [max(12, min(40, len(h) + 4)) for h in headings[len(base_headings()) :]]
        responses = wb.create_sheet(_("Responses"))
        _prepare_table(responses, headings, widths)
        comments = wb.create_sheet(_("Comments"))
        _prepare_table(comments, self.comment_headings(), [18, 10, 36, 48, 30, 80])

        sheet_rows = count = 0
        sheet_number = 1
        for row in data.rows():
            if sheet_rows >= self.max_sheet_rows:
                sheet_number += 1
                responses = wb.create_sheet(_("Responses (%(number)s)") % {"number": sheet_number})
                _prepare_table(responses, headings, widths)
                sheet_rows = 0
            responses.append([xlsx_cell(responses, v) for v in row.base_cells + row.cells])
            for comment in row.comments:
                # Free text is never cut: beyond a cell's limit it continues in the next columns.
                cells = [*row.base_cells, comment.question_label, *split_long_text(clean_text(comment.text))]
                comments.append([xlsx_cell(comments, v) for v in cells])
            sheet_rows += 1
            count += 1
            if count % PROGRESS_EVERY == 0:
                progress(count)
        self.write_summary(summary, data)
        self.write_edits(wb, data)
        wb.save(path)
        progress(count)
        return count

    def write_edits(self, wb: Any, data: ExportData) -> None:
        """For a page: each publication in the period, feedback before and after
        it over equal windows, as on the page report."""
        comparisons = data.edit_comparisons()
        if not comparisons:
            return
        ws = wb.create_sheet(_("Edits"))
        window = [
            _("from"),
            _("to"),
            _("yes/no votes"),
            _("helpful %"),
            _("95 % interval low"),
            _("95 % interval high"),
            _("comments per day"),
        ]
        headings = [
            _("Published at"),
            _("Published by"),
            _("Page title"),
            *(f"{_('Before')}: {h}" for h in window),
            *(f"{_('After')}: {h}" for h in window),
            _("Verdict"),
        ]
        _prepare_table(ws, headings, [18, 20, 36] + [12] * (2 * len(window)) + [60])

        def cells(w: Any) -> list[Any]:
            low, high = w.interval or (None, None)
            pct = [None if v is None else round(v * 100, 1) for v in (w.helpful_share, low, high)]
            return [w.start, w.end, w.votes, *pct, round(w.comments_per_day, 2)]

        for comparison in comparisons:
            edit = comparison.edit
            row = [
                timezone.localtime(edit.published_at).replace(tzinfo=None),
                edit.user,
                edit.title,
                *cells(comparison.before),
                *cells(comparison.after),
                verdict_text(comparison),
            ]
            ws.append([xlsx_cell(ws, value) for value in row])

    def comment_headings(self) -> list[str]:
        return [*base_headings(), _("Question"), _("Comment")]

    def write_summary(self, ws: Any, data: ExportData) -> None:
        ws.column_dimensions["A"].width = 40
        ws.column_dimensions["B"].width = 14
        ws.column_dimensions["C"].width = 12

        def line(*values: Any, font: Font | None = None) -> None:
            ws.append([xlsx_cell(ws, v, {"font": font} if font else None) for v in values])
            state["row"] += 1

        state = {"row": 0}
        line(_("Feedback export"), font=TITLE)
        line(_("Scope"), data.scope_label())
        line(_("Period"), data.period())
        line(_("Generated at"), data.generated_at.replace(tzinfo=None))
        line(_("Responses"), data.streamed_count if data.streamed else data.response_count)
        for language, total in data.counts_by_language_streamed() if data.streamed else data.counts_by_language():
            line(_("Responses in %(language)s") % {"language": summary_language_name(language)}, total)
        summaries = data.summaries()
        helpful = next((s.helpful_share for s in summaries if s.helpful_share is not None), None)
        if helpful is not None:
            line(_("Helpful share"), round(helpful * 100, 1))
        line()
        for summary in summaries:
            line(summary.label, _("Answers: %(count)s") % {"count": summary.answered}, font=BOLD)
            for metric in summary.metrics:
                line(str(metric.label), metric.value if isinstance(metric.value, int | float) else metric.display)
            if summary.rows:
                line(_("Answer"), _("Count"), _("Share %"), font=BOLD)
                first = state["row"] + 1
                for r in summary.rows:
                    line(r.label, r.count, round(r.share * 100, 1))
                last = state["row"]
                # A native chart of answers per value, next to its table.
                chart = BarChart()
                chart.type = "bar"
                chart.title = clean_text(summary.label)[:250]
                chart.legend = None
                chart.height = max(4, 1 + 0.8 * len(summary.rows))
                chart.add_data(Reference(ws, min_col=2, min_row=first, max_row=last), titles_from_data=False)
                chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
                ws.add_chart(chart, f"E{first - 1}")
            line()
