"""Wagtail's spreadsheet downloads (``SpreadsheetExportMixin`` on report and
listing views) routed through our one sanitiser.

Wagtail writes CSV cells as they are (an editor's page title
``=HYPERLINK(…)`` becomes a live formula) and XLSX cells with only the
formula case handled. Every admin view of the engine that offers a
spreadsheet puts this mixin before Wagtail's view class.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell import WriteOnlyCell
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from feedback.exporting.sanitize import csv_cell, xlsx_cell


class SanitisedSpreadsheetMixin(SpreadsheetExportMixin):
    """Put before the view class that brings Wagtail's mixin (e.g. ``ReportView``)."""

    def preprocess_field_value(self, field: str, value: Any, export_format: str) -> Any:
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return csv_cell(value)
        return value

    def generate_xlsx_row(self, worksheet: Any, row_dict: dict[str, Any], date_format: str | None = None) -> Any:
        for field, value in row_dict.items():
            prepared = self.preprocess_field_value(field, value, self.FORMAT_XLSX)
            cell = xlsx_cell(worksheet, prepared)
            if not hasattr(cell, "data_type"):  # a plain value: xlsx_cell found it safe as it is
                cell = WriteOnlyCell(worksheet, value=cell)
                if isinstance(prepared, str):
                    cell.data_type = "s"
            if date_format and hasattr(value, "isoformat") and hasattr(value, "hour"):
                cell.number_format = date_format
            yield cell
