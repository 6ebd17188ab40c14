"""Charts as self-contained SVG strings: horizontal bars, stacked shares and lines over time.

Why hand-made SVG rather than a plotting library: three chart kinds cover the
report, the output must work offline inside one HTML file, and every label
comes from the corpus (outlet and speaker names), so it must be escaped
exactly once, here. Colours are the Okabe-Ito palette, which stays distinct
for colour-blind readers; every chart has a <title> and each bar or point a
tooltip with its exact value, and the report puts the chart's table beside it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from html import escape

from ..report.svg import CHAR_PX

PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
FONT = "font-family='system-ui, -apple-system, Segoe UI, Roboto, sans-serif' font-size='12'"
_LABEL_MAX_PX = 240


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _clip(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "\u2026"


def _fmt(value: float) -> str:
    if value == int(value) and abs(value) >= 1:
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value else "0"


def nice_max(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten that is at least `value` (an axis end)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _label_width(labels: Sequence[str]) -> tuple[float, int]:
    """Pixels for the label column, and the characters a label may have to fit in it."""
    longest = max(len(label) for label in labels)
    width = min(_LABEL_MAX_PX, max(60.0, longest * CHAR_PX + 12))
    return width, int((width - 12) / CHAR_PX)


def axis_ticks(value: float) -> tuple[float, float]:
    """(axis end, tick step): a step of 1, 2 or 5 times a power of ten giving 3 to 6 ticks above 0."""
    if value <= 0:
        return 1.0, 0.25
    for step in sorted(m * 10.0**e for e in range(math.floor(math.log10(value)) - 1, math.floor(math.log10(value)) + 2)
                       for m in (1, 2, 5)):
        end = step * math.ceil(value / step - 1e-9)
        if end / step <= 6:
            return end, step
    return nice_max(value), nice_max(value) / 4


def _svg(width: float, height: float, title: str, body: list[str]) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width:.0f} {height:.0f}' width='{width:.0f}' "
        f"height='{height:.0f}' role='img' aria-label='{_e(title)}' {FONT}>"
        f"<title>{_e(title)}</title>" + "".join(body) + "</svg>"
    )


def bar_chart(rows: Sequence[tuple[str, float]], *, title: str, unit: str = "", width: int = 560) -> str:
    """Horizontal bars, one per (label, value), in the order given."""
    if not rows:
        return empty_chart(title)
    label_w, limit = _label_width([label for label, _ in rows])
    bar_h, gap, top, bottom = 18, 6, 28, 26
    plot_w = width - label_w - 70
    top_value, step = axis_ticks(max(v for _, v in rows))
    height = top + len(rows) * (bar_h + gap) + bottom
    body = [f"<text x='0' y='16' font-weight='600'>{_e(title)}</text>"]
    body += _x_axis(label_w, plot_w, top, height - bottom, top_value, step, unit)
    for i, (label, value) in enumerate(rows):
        y = top + i * (bar_h + gap)
        w = plot_w * value / top_value if top_value else 0
        body.append(
            f"<text x='{label_w - 6:.0f}' y='{y + 13}' text-anchor='end'>{_e(_clip(label, limit))}</text>"
            f"<rect x='{label_w:.0f}' y='{y}' width='{max(w, 0.5):.1f}' height='{bar_h}' fill='{PALETTE[0]}'>"
            f"<title>{_e(label)}: {_e(_fmt(value))}{_e(' ' + unit if unit else '')}</title></rect>"
            f"<text x='{label_w + w + 4:.1f}' y='{y + 13}' fill='#333'>{_e(_fmt(value))}</text>"
        )
    return _svg(width, height, title, body)


def stacked_shares(
    rows: Sequence[tuple[str, Sequence[float]]], *, series: Sequence[str], title: str, width: int = 560
) -> str:
    """One bar per label split into `series` by share of its total (each bar reaches 100%)."""
    rows = [(label, values) for label, values in rows if sum(values) > 0]
    if not rows:
        return empty_chart(title)
    label_w, limit = _label_width([label for label, _ in rows])
    bar_h, gap, top, bottom = 18, 6, 50, 26
    plot_w = width - label_w - 20
    height = top + len(rows) * (bar_h + gap) + bottom
    body = [f"<text x='0' y='16' font-weight='600'>{_e(title)}</text>"]
    body += _legend(series, x=0, y=36)
    body += _x_axis(label_w, plot_w, top, height - bottom, 100.0, 25.0, "%")
    for i, (label, values) in enumerate(rows):
        y = top + i * (bar_h + gap)
        total = sum(values)
        x = label_w
        body.append(f"<text x='{label_w - 6:.0f}' y='{y + 13}' text-anchor='end'>{_e(_clip(label, limit))}</text>")
        for j, (name, value) in enumerate(zip(series, values, strict=True)):
            w = plot_w * value / total
            if w <= 0:
                continue
            share = 100 * value / total
            body.append(
                f"<rect x='{x:.1f}' y='{y}' width='{w:.1f}' height='{bar_h}' fill='{PALETTE[j % len(PALETTE)]}'>"
                f"<title>{_e(label)}, {_e(name)}: {_e(_fmt(value))} ({share:.0f}%)</title></rect>"
            )
            if w > 30:
                body.append(
                    f"<text x='{x + w / 2:.1f}' y='{y + 13}' text-anchor='middle' fill='#fff'>{share:.0f}%</text>"
                )
            x += w
    return _svg(width, height, title, body)


def line_chart(
    series: Mapping[str, Sequence[tuple[dt.date, float]]],
    *,
    title: str,
    unit: str = "",
    date_format: str = "%Y-%m-%d",
    width: int = 560,
    height: int = 300,
) -> str:
    """One line per series over dates (x, labelled with `date_format`) with values (y), a legend above."""
    points = [(d, v) for values in series.values() for d, v in values]
    if not points:
        return empty_chart(title)
    dates = sorted({d for d, _ in points})
    first, last = dates[0].toordinal(), dates[-1].toordinal()
    left, right, top, bottom = 48, 40, 34 + 18 * math.ceil(len(series) / 3), 40
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value, step_value = axis_ticks(max(v for _, v in points))

    def x_of(d: dt.date) -> float:
        return left + (plot_w * (d.toordinal() - first) / (last - first) if last > first else plot_w / 2)

    def y_of(v: float) -> float:
        return top + plot_h - plot_h * v / top_value

    body = [f"<text x='0' y='16' font-weight='600'>{_e(title)}</text>"]
    body += _legend(list(series), x=0, y=36)
    for k in range(round(top_value / step_value) + 1):  # horizontal grid and y labels
        v = step_value * k
        y = y_of(v)
        body.append(
            f"<line x1='{left}' x2='{left + plot_w}' y1='{y:.1f}' y2='{y:.1f}' stroke='#ddd'/>"
            f"<text x='{left - 4}' y='{y + 4:.1f}' text-anchor='end' fill='#555'>{_e(_fmt(v))}</text>"
        )
    label_px = len(dates[0].strftime(date_format)) * CHAR_PX + 16
    every = max(1, math.ceil(len(dates) / max(1, int(plot_w // label_px))))
    for d in dates[::every]:
        body.append(
            f"<line x1='{x_of(d):.1f}' x2='{x_of(d):.1f}' y1='{top + plot_h}' y2='{top + plot_h + 4}' stroke='#999'/>"
            f"<text x='{x_of(d):.1f}' y='{top + plot_h + 16}' text-anchor='middle' fill='#555'>"
            f"{_e(d.strftime(date_format))}</text>"
        )
    if unit:
        body.append(f"<text x='{left}' y='{height - 6}' fill='#555'>{_e(unit)}</text>")
    for j, (name, values) in enumerate(series.items()):
        colour = PALETTE[j % len(PALETTE)]
        ordered = sorted(values)
        path = " ".join(f"{'M' if i == 0 else 'L'}{x_of(d):.1f},{y_of(v):.1f}" for i, (d, v) in enumerate(ordered))
        body.append(f"<path d='{path}' fill='none' stroke='{colour}' stroke-width='2'/>")
        for d, v in ordered:
            body.append(
                f"<circle cx='{x_of(d):.1f}' cy='{y_of(v):.1f}' r='3' fill='{colour}'>"
                f"<title>{_e(name)}, {_e(d.isoformat())}: {_e(_fmt(v))}{_e(' ' + unit if unit else '')}</title></circle>"
            )
    return _svg(width, height, title, body)


def empty_chart(title: str, *, width: int = 560, message: str = "nothing to plot for this selection") -> str:
    body = [
        f"<text x='0' y='16' font-weight='600'>{_e(title)}</text>",
        f"<text x='0' y='44' fill='#555'>{_e(message)}</text>",
    ]
    return _svg(width, 60, title, body)


def _x_axis(
    left: float, plot_w: float, top: float, bottom: float, top_value: float, step: float, unit: str
) -> list[str]:
    out = []
    for k in range(round(top_value / step) + 1):
        v = step * k
        x = left + plot_w * v / top_value
        out.append(
            f"<line x1='{x:.1f}' x2='{x:.1f}' y1='{top - 4}' y2='{bottom}' stroke='#e5e5e5'/>"
            f"<text x='{x:.1f}' y='{bottom + 16}' text-anchor='middle' fill='#555'>{_e(_fmt(v))}{_e(unit if unit == '%' else '')}</text>"
        )
    return out


def _legend(names: Sequence[str], *, x: float, y: float) -> list[str]:
    out = []
    for j, name in enumerate(names):
        col, row = j % 3, j // 3
        lx, ly = x + col * 190, y + row * 18
        out.append(
            f"<rect x='{lx:.0f}' y='{ly - 10:.0f}' width='12' height='12' fill='{PALETTE[j % len(PALETTE)]}'/>"
            f"<text x='{lx + 16:.0f}' y='{ly}'>{_e(_clip(name, 25))}</text><title>{_e(name)}</title>"
        )
    return out
