"""Spreadsheet safety: one function per format, used by every export path.

XLSX: every user string becomes an explicit text cell, so ``=HYPERLINK(…)``,
``+1-2``, ``@SUM(A1)``, ``-5`` and ``#N/A`` stay text exactly as typed (never a
formula or an error value); characters XML forbids become U+FFFD. A cell holds
at most 32,767 characters: longer text is split into several cells, each but
the last ending with a visible marker (:func:`split_long_text`), never cut
silently.

CSV: a cell beginning with ``= + - @`` (or their full-width forms ``＝ ＋ － ＠``,
which some spreadsheet programs read as the same), a tab or a carriage return
is prefixed with a single quote (OWASP "CSV injection").
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES

#: Excel's limit of characters per cell.
MAX_CELL_LENGTH = 32_767
CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

# Control characters XML 1.0 forbids, and lone UTF-16 surrogates.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> str:
    """Replace what XML (and UTF-8) cannot carry with U+FFFD."""
    return _ILLEGAL_XML.sub("\ufffd", value)


def continuation_marker() -> str:
    return gettext("[…continued in next column]")


def split_long_text(value: str, limit: int = MAX_CELL_LENGTH) -> list[str]:
    """``value`` in pieces of at most ``limit`` characters; every piece but the
    last ends with the visible continuation marker."""
    if len(value) <= limit:
        return [value]
    marker = " " + continuation_marker()
    step = limit - len(marker)
    pieces = [value[i : i + step] for i in range(0, len(value), step)]
    return [piece + marker for piece in pieces[:-1]] + [pieces[-1]]


def fit_cell(value: str, limit: int = MAX_CELL_LENGTH) -> str:
    """For columns that cannot spill over: the first piece with its marker.
    Free text is written in full on the Comments sheet."""
    return split_long_text(value, limit)[0]


#: Strings up to this length (titles, URLs, choice labels …) repeat from row to
#: row: their check is memoised.
SHORT = 200


@lru_cache(maxsize=4096)
def _plain_short_text(value: str) -> str | None:
    """``value`` cleaned, if openpyxl will write it as text when passed as a plain
    value; ``None`` if it needs an explicit text cell (a formula or error lookalike)."""
    value = clean_text(value)
    return None if value.startswith("=") or value in ERROR_CODES else value


def xlsx_cell(ws: Any, value: Any, style: dict[str, Any] | None = None) -> Any:
    """A cell value for ``ws``'s write-only ``append``; strings are always text.

    openpyxl turns a string into a formula only when it starts with ``=`` and
    into an error value only when it equals an error literal; those (and any
    styled value) get an explicit text cell. Every other string is passed as
    it is, which openpyxl already writes as text, and is much cheaper than a
    cell object per value.
    """
    if isinstance(value, str):
        if style is None and len(value) <= SHORT:
            plain = _plain_short_text(value)
            if plain is not None:
                return plain
        value = fit_cell(clean_text(value))
        if style is None and not value.startswith("=") and value not in ERROR_CODES:
            return value
        cell = WriteOnlyCell(ws, value=value)
        # Set after the value: openpyxl guesses "f" for "=…" and "e" for "#N/A".
        cell.data_type = "s"
    else:
        if isinstance(value, datetime) and value.tzinfo is not None:
            raise ValueError("Convert datetimes to the site's local time before writing them.")
        if style is None:
            return value
        cell = WriteOnlyCell(ws, value=value)
    for name, attr in (style or {}).items():
        setattr(cell, name, attr)
    return cell


def csv_cell(value: Any) -> Any:
    """A value safe to write to a CSV file opened by a spreadsheet program."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if not isinstance(value, str):
        return value
    value = clean_text(value)
    if value.startswith(CSV_TRIGGERS):
        return "'" + value
    return value
