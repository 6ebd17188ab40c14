from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from presslens.corpus import plots

HOSTILE = "<script>alert('x')</script> & \"Co\""


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises if the SVG is not well-formed


@pytest.mark.parametrize(
    "svg",
    [
        plots.bar_chart([(HOSTILE, 3.0), ("Valley Voice", 1.5)], title=HOSTILE, unit="per 1,000 words"),
        plots.stacked_shares([(HOSTILE, (1, 2, 0))], series=("author", "quoted", HOSTILE), title="Shares"),
        plots.line_chart({HOSTILE: [(dt.date(2024, 1, 1), 2.0), (dt.date(2024, 2, 1), 4.0)]}, title="Time"),
        plots.empty_chart(HOSTILE),
    ],
    ids=["bars", "shares", "lines", "empty"],
)
def test_plots_escape_every_label_and_are_well_formed_svg(svg):
    root = _parse(svg)
    assert "<script" not in svg
    texts = " ".join(t for t in root.itertext())
    assert "<script>" in texts or "<script>" in svg.replace("&lt;", "<")  # shown as text, never markup


def test_plots_bar_chart_lengths_are_proportional():
    root = _parse(plots.bar_chart([("a", 4.0), ("b", 2.0)], title="t"))
    widths = [float(r.get("width", 0)) for r in root.iter("{http://www.w3.org/2000/svg}rect")]
    assert widths[0] == pytest.approx(2 * widths[1])


def test_plots_stacked_shares_fill_the_bar_and_skip_empty_rows():
    root = _parse(plots.stacked_shares([("a", (1, 3, 0)), ("none", (0, 0, 0))], series=("x", "y", "z"), title="t"))
    rects = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.find("{http://www.w3.org/2000/svg}title") is not None]
    assert [r.find("{http://www.w3.org/2000/svg}title").text for r in rects] == ["a, x: 1 (25%)", "a, y: 3 (75%)"]


def test_plots_line_chart_has_a_point_per_value_with_its_tooltip():
    svg = plots.line_chart({"all": [(dt.date(2024, 1, 1), 2.5), (dt.date(2024, 3, 1), 1.0)]}, title="t", unit="per 1,000 words")
    titles = [c.find("{http://www.w3.org/2000/svg}title").text for c in _parse(svg).iter("{http://www.w3.org/2000/svg}circle")]
    assert titles == ["all, 2024-01-01: 2.5 per 1,000 words", "all, 2024-03-01: 1 per 1,000 words"]


@pytest.mark.parametrize("make", [
    lambda: plots.bar_chart([], title="t"), lambda: plots.line_chart({}, title="t"),
    lambda: plots.stacked_shares([], series=("a",), title="t"),
])
def test_plots_empty_data_says_so(make):
    assert "nothing to plot" in make()


@pytest.mark.parametrize(("value", "end"), [(0, 1.0), (0.3, 0.5), (7, 10), (44.4, 50), (120, 200), (1, 1)])
def test_plots_nice_max(value, end):
    assert plots.nice_max(value) == pytest.approx(end)


@pytest.mark.parametrize(
    ("value", "end", "step"), [(0, 1.0, 0.25), (4.9, 5, 1), (7, 8, 2), (14.37, 15, 5), (44.4, 50, 10), (120, 120, 20)]
)
def test_plots_axis_ticks_are_round_and_few(value, end, step):
    got_end, got_step = plots.axis_ticks(value)
    assert (got_end, got_step) == (pytest.approx(end), pytest.approx(step))
    assert 1 <= got_end / got_step <= 6
