"""CSV: the Responses table only, UTF-8 with a byte-order mark so that Excel
detects the encoding; a semicolon variant for Nordic Excel, whose list
separator is ``;``."""

from __future__ import annotations

import csv
from pathlib import Path

from django.utils.translation import gettext_lazy

from .base import Exporter, ProgressCallback
from .rows import ExportData
from .sanitize import csv_cell

PROGRESS_EVERY = 2000


class CsvExporter(Exporter):
    name = "csv"
    verbose_name = gettext_lazy("CSV, comma separated (.csv)")
    extension = "csv"
    content_type = "text/csv; charset=utf-8"
    delimiter = ","

    def write(self, data: ExportData, path: Path, progress: ProgressCallback) -> int:
        count = 0
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=self.delimiter, quoting=csv.QUOTE_MINIMAL)
            writer.writerow([csv_cell(h) for h in data.headings()])
            for row in data.rows():
                writer.writerow([csv_cell(v) for v in row.base_cells + row.cells])
                count += 1
                if count % PROGRESS_EVERY == 0:
                    progress(count)
        progress(count)
        return count


class CsvSemicolonExporter(CsvExporter):
    name = "csv_semicolon"
    verbose_name = gettext_lazy("CSV for Nordic Excel, semicolon separated (.csv)")
    delimiter = ";"
