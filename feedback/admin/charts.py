"""Server-rendered SVG charts in the Wagtail admin's colours.

No JavaScript and no chart library: the SVG uses the admin's CSS variables
(so it follows the light/dark theme), carries a ``<title>`` and ``aria-label``
as its text alternative, and every template that shows a chart also shows
the same numbers as a table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

BAR_COLOUR = "var(--w-color-primary)"
MARKER_COLOUR = "var(--w-color-warning-100)"
TEXT_COLOUR = "var(--w-color-text-context)"
GRID_COLOUR = "var(--w-color-border-furniture)"


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None  # None: no data (drawn as a gap)
    display: str = ""


@dataclass(frozen=True)
class Marker:
    """A moment on a time axis, drawn as a dashed line over the columns (e.g. an edit)."""

    position: float  # in slots from the left: 2.5 is the middle of the third column
    label: str  # its text alternative (date, who, message)
    href: str = ""  # where selecting it leads


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    return format_html(
        # Natural size, shrunk (never enlarged) to fit: text stays at admin font sizes.
        '<svg class="feedback-chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'style="max-width: 100%; height: auto" role="img" aria-label="{t}" '
        'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet"><title>{t}</title>{body}</svg>',
        w=width,
        h=height,
        t=title,
        body=mark_safe("".join(body)),  # noqa: S308  (every part below is escaped)
    )


def horizontal_bars(points: Sequence[Point], title: str, *, max_value: float | None = None) -> SafeString:
    """One bar per value, for question summaries (value = share 0..1 or a count)."""
    label_width, bar_width, row, width = 180, 300, 26, 560
    top = max((p.value or 0) for p in points) if points else 0
    scale = max_value if max_value is not None else (top or 1)
    body = []
    for i, point in enumerate(points):
        y = i * row
        length = 0 if not point.value or not scale else bar_width * point.value / scale
        body.append(
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" font-size="13" fill="{TEXT_COLOUR}">'
            f"{escape(_truncate(point.label, 26))}</text>"
            f'<rect x="{label_width}" y="{y + 4}" width="{bar_width}" height="{row - 8}" fill="{GRID_COLOUR}" '
            f'opacity="0.35" rx="2"/>'
            f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="{row - 8}" fill="{BAR_COLOUR}" rx="2"/>'
            f'<text x="{label_width + bar_width + 8}" y="{y + 17}" font-size="13" fill="{TEXT_COLOUR}">'
            f"{escape(point.display)}</text>"
        )
    return _svg(width, max(row * len(points), row), title, body)


def columns(
    points: Sequence[Point],
    title: str,
    *,
    max_value: float | None = None,
    width: int = 760,
    markers: Sequence[Marker] = (),
) -> SafeString:
    """Vertical columns over time (e.g. helpful share per week) with a baseline grid.

    The columns share the full ``width`` whatever their number, so a period is
    always drawn at the same scale; a point without a value is an empty slot (a
    gap), and when slots are narrow only every few labels is written.
    ``markers`` are drawn over the columns, each a link when it has an ``href``."""
    height, plot_top, plot_bottom, left, right = 220, 10, 186, 40, 10
    slot = (width - left - right) / max(len(points), 1)
    bar = max(2.0, min(40.0, slot * 0.7))
    label_every = math.ceil(44 / slot)  # room for a "dd/mm" label at 11 px
    top = max_value if max_value is not None else max([p.value or 0 for p in points] or [0]) or 1
    plot_height = plot_bottom - plot_top
    body = []
    for fraction, tick in ((0, "0"), (0.5, "50"), (1, "100")) if max_value == 1 else ((0, "0"), (1, _num(top))):
        y = plot_bottom - plot_height * fraction
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="{TEXT_COLOUR}">'
            f"{escape(tick)}</text>"
        )
    for i, point in enumerate(points):
        centre = left + (i + 0.5) * slot
        if point.value is not None:
            h = max(plot_height * point.value / top, 2)  # a zero stays visible, unlike a gap
            body.append(
                f'<rect x="{centre - bar / 2:.1f}" y="{plot_bottom - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{BAR_COLOUR}" rx="2"><title>{escape(point.label)}: {escape(point.display)}</title></rect>'
            )
        if i % label_every == 0:
            body.append(
                f'<text x="{centre:.1f}" y="{plot_bottom + 18}" text-anchor="middle" font-size="11" '
                f'fill="{TEXT_COLOUR}">{escape(point.label)}</text>'
            )
    for marker in markers:
        x = left + marker.position * slot
        mark = (
            f'<g class="feedback-chart__marker"><title>{escape(marker.label)}</title>'
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{plot_top}" y2="{plot_bottom}" stroke="{MARKER_COLOUR}" '
            f'stroke-width="2" stroke-dasharray="4 3"/>'
            f'<circle cx="{x:.1f}" cy="{plot_top + 4}" r="5" fill="{MARKER_COLOUR}"/></g>'
        )
        if marker.href:
            mark = f'<a href="{escape(marker.href)}" aria-label="{escape(marker.label)}">{mark}</a>'
        body.append(mark)
    return _svg(width, height, title, body)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _truncate(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
