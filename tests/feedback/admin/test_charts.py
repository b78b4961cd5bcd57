"""Server-rendered SVG charts: accessible, escaped, drawn to scale."""

import re

from feedback.admin.charts import Point, columns, horizontal_bars


def bar_widths(svg: str) -> list[float]:
    # The value bars (the track behind each is drawn first, at full width).
    return [
        float(w)
        for w in re.findall(r'<rect x="180" y="[\d.]+" width="([\d.]+)" height="18" fill="var\(--w-color-primary', svg)
    ]


def test_horizontal_bars_have_a_text_alternative_and_escape_labels():
    svg = str(horizontal_bars([Point("<b>Ja</b>", 3, "75 %"), Point("Nej", 1, "25 %")], title="Nytta & svar"))
    assert 'role="img"' in svg and 'aria-label="Nytta &amp; svar"' in svg and "<title>Nytta &amp; svar</title>" in svg
    assert "<b>" not in svg and "&lt;b&gt;Ja&lt;/b&gt;" in svg
    assert bar_widths(svg) == [300.0, 100.0]  # drawn to scale against the largest value


def test_columns_leave_gaps_for_weeks_without_data_and_never_scale_up():
    svg = str(columns([Point("v1", 0.5, "50 %"), Point("v2", None), Point("v3", 1.0, "100 %")], "Andel", max_value=1))
    assert svg.count("<rect") == 2
    width = re.search(r'viewBox="0 0 (\d+) (\d+)" width="(\d+)"', svg)
    assert width.group(1) == width.group(3)  # natural size, only shrunk by max-width
    assert "max-width: 100%" in svg


def test_columns_share_the_full_width_whatever_their_number():
    few = str(columns([Point("v1", 0.5, "50 %"), Point("v2", 1.0, "100 %")], "Andel", max_value=1))
    many = str(columns([Point(f"v{i}", None) for i in range(52)], "Andel", max_value=1))
    assert re.search(r'viewBox="0 0 (\d+)', few).group(1) == re.search(r'viewBox="0 0 (\d+)', many).group(1) == "760"
    assert many.count("<rect") == 0  # weeks without data are gaps
    labels = re.findall(r'font-size="11"[^>]*>(v\d+)<', many)
    assert labels[0] == "v0" and 1 < len(labels) < 52  # narrow slots: only every few labels


def test_columns_draw_a_zero_unlike_a_gap():
    svg = str(columns([Point("v1", 0.0, "0 %"), Point("v2", None)], "Andel", max_value=1))
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', svg)]
    assert len(heights) == 1 and heights[0] > 0
