"""The survey the export tests share: its questions, the headings they give,
and reading an export back."""

from __future__ import annotations

import io

from django.core.management import call_command
from openpyxl import load_workbook

QUESTIONS = [
    {"key": "helpful", "type": "yes_no", "label": "Hade du nytta av sidan?", "required": True},
    {"key": "stars", "type": "rating", "label": "Betyg"},
    {
        "key": "topics",
        "type": "multiple_choice",
        "label": "Ämnen",
        "options": {"choices": [{"key": "a", "label": "Alfa"}, {"key": "b", "label": "Beta"}]},
    },
    {"key": "comment", "type": "long_text", "label": "Vad saknades?"},
]
HEADINGS = [
    "Submitted at",
    "Language",
    "Page title",
    "Page URL",
    "Hade du nytta av sidan?",
    "Betyg",
    "Ämnen: Alfa",
    "Ämnen: Beta",
    "Vad saknades?",
]


def export_xlsx(page, tmp_path, *extra: str):
    output = tmp_path / "out.xlsx"
    call_command("export_feedback", "--page", str(page.pk), "--output", str(output), *extra, stdout=io.StringIO())
    return load_workbook(output)


def sheet_rows(ws) -> list[list]:
    return [list(row) for row in ws.iter_rows(values_only=True)]
