"""Spreadsheet safety: what visitors type stays text, exactly as typed."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from feedback.exporting.sanitize import (
    MAX_CELL_LENGTH,
    clean_text,
    continuation_marker,
    csv_cell,
    split_long_text,
    xlsx_cell,
)

DANGEROUS = ['=HYPERLINK("http://evil.example","x")', "+1-2", "@SUM(A1)", "-5", "#N/A", "=1+1", "#REF!"]


def round_trip(values: list, tmp_path) -> list:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("S")
    ws.append([xlsx_cell(ws, v) for v in values])
    path = tmp_path / "sanitize.xlsx"
    wb.save(path)
    return [(c.value, c.data_type) for c in load_workbook(path)["S"][1]]


def test_formula_and_error_looking_strings_stay_text_cells(tmp_path):
    assert round_trip(DANGEROUS, tmp_path) == [(value, "s") for value in DANGEROUS]


def test_numbers_stay_numbers(tmp_path):
    assert round_trip([-5, 3.5], tmp_path) == [(-5, "n"), (3.5, "n")]


def test_characters_xml_forbids_become_replacement_characters(tmp_path):
    text = "a\x0bb\x00c\x1fd\ud800e\tf\ng"
    assert clean_text(text) == "a\ufffdb\ufffdc\ufffdd\ufffde\tf\ng"
    assert round_trip([text], tmp_path) == [("a\ufffdb\ufffdc\ufffdd\ufffde\tf\ng", "s")]


def test_long_text_is_split_with_a_visible_marker_never_cut():
    text = "".join(str(i % 10) for i in range(MAX_CELL_LENGTH * 2 + 5))
    pieces = split_long_text(text)
    assert len(pieces) == 3
    assert all(len(p) <= MAX_CELL_LENGTH for p in pieces)
    marker = " " + continuation_marker()  # "[…continued in next column]", translated
    assert all(p.endswith(marker) for p in pieces[:-1])
    assert "".join(p.removesuffix(marker) for p in pieces) == text
    assert split_long_text("short") == ["short"]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+46 70", "'+46 70"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Bra sida", "Bra sida"),
        ("a=b", "a=b"),
        (-5, -5),
        (None, ""),
    ],
)
def test_csv_cells_starting_with_a_formula_character_are_quoted(value, expected):
    assert csv_cell(value) == expected


def test_full_width_formula_starts_are_neutralised_in_csv():
    from feedback.exporting.sanitize import csv_cell

    for start in ("\uff1d", "\uff0b", "\uff0d", "\uff20"):
        assert csv_cell(start + "SUM(A1)") == "'" + start + "SUM(A1)"
