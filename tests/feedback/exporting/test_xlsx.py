"""The Excel workbook: exact rows and columns, text kept as typed, long
comments, sheets that overflow, the summary in the export's language."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from django.utils import translation
from openpyxl import load_workbook

from feedback.exporting.rows import ExportData, ExportScope
from feedback.exporting.sanitize import continuation_marker
from feedback.exporting.xlsx import XlsxExporter
from tests.factories import make_response
from tests.feedback.exporting.survey import HEADINGS, export_xlsx, sheet_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("export_root")]
UTC = timezone.utc


def test_workbook_has_exactly_the_expected_rows_and_columns(survey, tmp_path):
    page, form = survey
    first = datetime(2026, 5, 4, 8, 15, tzinfo=UTC)
    make_response(
        form, page, {"helpful": "yes", "stars": 5, "topics": ["a", "b"], "comment": "Tydlig"}, submitted_at=first
    )
    make_response(form, page, {"helpful": "no"}, submitted_at=first + timedelta(hours=1))
    make_response(form, page, {"helpful": "no", "comment": "köp!"}, status="spam", submitted_at=first)

    wb = export_xlsx(page, tmp_path)

    assert wb.sheetnames == ["Summary", "Responses", "Comments"]
    rows = sheet_rows(wb["Responses"])
    assert rows == [
        HEADINGS,
        [datetime(2026, 5, 4, 10, 15), "sv", "Om oss", "/om-oss/", "Yes", 5, 1, 1, "Tydlig"],
        [datetime(2026, 5, 4, 11, 15), "sv", "Om oss", "/om-oss/", "No", None, None, None, None],
    ]
    assert sheet_rows(wb["Comments"]) == [
        ["Submitted at", "Language", "Page title", "Page URL", "Question", "Comment"],
        [datetime(2026, 5, 4, 10, 15), "sv", "Om oss", "/om-oss/", "Vad saknades?", "Tydlig"],
    ]
    summary = {row[0]: row[1] for row in sheet_rows(wb["Summary"]) if row and row[0]}
    assert summary["Responses"] == 2
    assert summary["Helpful share"] == 50.0
    assert wb["Summary"]._charts, "a native chart of the answers"
    assert wb["Responses"].freeze_panes == "A2"
    assert wb["Responses"].auto_filter.ref == "A1:I1"


def test_formula_looking_comments_stay_text_exactly_as_typed(survey, tmp_path):
    page, form = survey
    typed = ['=HYPERLINK("http://evil.example","klick")', "+1-2", "@SUM(A1)", "-5", "#N/A", "rad\x0bbrytning"]
    for text in typed:
        make_response(form, page, {"helpful": "no", "comment": text})

    wb = export_xlsx(page, tmp_path)

    cells = [row[8] for row in wb["Responses"].iter_rows(min_row=2)]
    assert [(c.value, c.data_type) for c in cells] == [(t.replace("\x0b", "\ufffd"), "s") for t in typed]
    comments = [row[5] for row in wb["Comments"].iter_rows(min_row=2)]
    assert [(c.value, c.data_type) for c in comments] == [(t.replace("\x0b", "\ufffd"), "s") for t in typed]


def test_a_comment_longer_than_a_cell_continues_in_the_next_column(survey, tmp_path):
    page, form = survey
    text = "x" * 40_000
    make_response(form, page, {"comment": text})

    wb = export_xlsx(page, tmp_path)

    row = sheet_rows(wb["Comments"])[1]
    marker = " " + continuation_marker()
    assert row[5].endswith(marker)
    assert row[5].removesuffix(marker) + row[6] == text
    assert wb["Responses"]["I2"].value.endswith(marker)


def test_more_rows_than_a_sheet_holds_continue_on_another_sheet(survey, tmp_path, monkeypatch):
    page, form = survey
    for _ in range(5):
        make_response(form, page, {"helpful": "yes"})
    monkeypatch.setattr(XlsxExporter, "max_sheet_rows", 2)

    wb = export_xlsx(page, tmp_path)

    assert wb.sheetnames == ["Summary", "Responses", "Comments", "Responses (2)", "Responses (3)"]
    counts = [len(sheet_rows(wb[name])) - 1 for name in ("Responses", "Responses (2)", "Responses (3)")]
    assert counts == [2, 2, 1]
    assert sheet_rows(wb["Responses (3)"])[0] == HEADINGS


def swedish_summary(page, tmp_path) -> list[tuple]:  # type: ignore[no-untyped-def]
    """The rows of the page's Summary sheet, exported with Swedish as the language."""
    data = ExportData(ExportScope(scope="page", page_id=page.pk, include_translations=False))
    with translation.override("sv"):
        XlsxExporter().write(data, tmp_path / "out.xlsx", lambda rows: None)
    return list(load_workbook(tmp_path / "out.xlsx").worksheets[0].iter_rows(values_only=True))


def test_summary_names_languages_and_formats_numbers_in_the_export_language(survey, tmp_path):
    page, form = survey
    make_response(form, page, {"helpful": "yes"}, language_code="da")
    values = [cell for row in swedish_summary(page, tmp_path) for cell in row]
    assert "Svar på danska" in values
    assert "Svar på da" not in values


def test_summary_names_norwegian_bokmal_in_the_export_language(survey, tmp_path):
    # Django's own language info spells it "Norwegian Bokmal", which no catalogue translates.
    page, form = survey
    make_response(form, page, {"helpful": "yes"}, language_code="nb")
    labels = [row[0] for row in swedish_summary(page, tmp_path) if row and isinstance(row[0], str)]
    assert "Svar på norska (bokmål)" in labels
    assert not any("bokmal" in label.lower() for label in labels)
