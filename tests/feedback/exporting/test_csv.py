"""CSV exports: UTF-8 with a BOM, formulas neutralised."""

from __future__ import annotations

import csv
import io
from datetime import timezone

import pytest
from django.core.management import call_command

from tests.factories import make_response
from tests.feedback.exporting.survey import HEADINGS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("export_root")]
UTC = timezone.utc


def test_csv_is_utf8_with_bom_and_neutralises_formulas(survey, tmp_path):
    page, form = survey
    make_response(form, page, {"helpful": "yes", "comment": "=cmd|' /C calc'!A0"})
    make_response(form, page, {"helpful": "no", "comment": 'Åsa; "citat"'})
    output = tmp_path / "out.csv"

    call_command("export_feedback", "--page", str(page.pk), "--format", "csv_semicolon", "--output", str(output))

    raw = output.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADINGS
    assert [r[4:] for r in rows[1:]] == [
        ["Yes", "", "", "", "'=cmd|' /C calc'!A0"],
        ["No", "", "", "", 'Åsa; "citat"'],
    ]
