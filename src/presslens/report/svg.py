"""Small inline-SVG charts for the reports: technique spans per voice, and where findings fall.

Why inline SVG built by hand: a report is one file read offline, often
printed, sometimes by a screen reader; SVG needs no script, no network and no
charting library, scales to any width, and its marks can be links. Every
mark carries a text cue besides its colour (a technique's code, a lane name),
a `<title>` shown on hover and an `aria-label` read by screen readers, and
links to the passage it stands for. Colours and codes come from
`presentation`, so a chart matches the highlights and the legend.

Both functions take plain values, not a Document, so the corpus report can
draw the same charts over outlets or weeks. Every string is escaped here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape

from ..document import TECHNIQUE_LABELS
from . import presentation as p

__all__ = ["Bar", "Lane", "Mark", "position_strip", "technique_bars"]

CHAR_PX = 7.0  # a generous average width of a 12 px sans-serif character, to lay out and clip labels


def _attr(text: str) -> str:
    return escape(text, quote=True)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@dataclass(frozen=True)
class Bar:
    """One row of `technique_bars`: a label (a voice, an outlet) and its technique counts.

    `counts` maps PTC labels to numbers of spans; `hrefs` may map a label to
    a link target (its first passage), else the segment links to the legend.
    """

    label: str
    counts: Mapping[str, int]
    hrefs: Mapping[str, str] = field(default_factory=dict)


def technique_bars(bars: Sequence[Bar], *, caption: str, width: int = 340) -> str:
    """A horizontal stacked bar per row: one segment per technique, coloured and coded.

    Segments keep the model's technique order in every row so rows compare;
    the row's total follows its bar, and a row without techniques says "none".
    """
    label_w, gap, row_h, bar_h = 136, 6, 26, 18
    bar_x = label_w + gap
    bar_max = width - bar_x - 34
    most = max((sum(b.counts.values()) for b in bars), default=0)
    unit = min(32.0, bar_max / most) if most else 0.0
    height = row_h * len(bars) + 6
    desc = "; ".join(_bar_sentence(b) for b in bars) or "no rows"
    out = [
        f'<svg class="chart-bars" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="group" aria-label="{_attr(caption)}">',
        f"<title>{escape(caption)}</title><desc>{escape(desc)}</desc>",
    ]
    for row, bar in enumerate(bars):
        y = 3 + row * row_h
        mid = y + row_h / 2
        out.append(
            f'<text class="row-label" x="{label_w}" y="{mid:.1f}" text-anchor="end" dominant-baseline="central">'
            f"<title>{escape(bar.label)}</title>{escape(_clip(bar.label, int(label_w / CHAR_PX)))}</text>"
        )
        x = float(bar_x)
        total = 0
        for label in TECHNIQUE_LABELS:
            n = bar.counts.get(label, 0)
            if n <= 0:
                continue
            total += n
            d = p.technique(label)
            w = n * unit
            words = f"{bar.label}: {_plural(n, 'span')} of {d.name}"
            href = bar.hrefs.get(label, f"#{d.anchor}")
            code = (
                f'<text class="seg-code" x="{x + w / 2:.1f}" y="{mid:.1f}" text-anchor="middle" '
                f'dominant-baseline="central" aria-hidden="true">{d.code}</text>'
                if w >= 20
                else ""
            )
            out.append(
                f'<a href="{_attr(href)}" aria-label="{_attr(words)}"><title>{escape(words)}</title>'
                f'<rect x="{x:.1f}" y="{y + (row_h - bar_h) / 2:.1f}" width="{w:.1f}" height="{bar_h}" '
                f'fill="{d.colour}" stroke="{p.INK}" stroke-width="0.75"/>{code}</a>'
            )
            x += w
        tail = str(total) if total else "none"
        cls = "row-total" if total else "row-total muted"
        out.append(
            f'<text class="{cls}" x="{x + 5:.1f}" y="{mid:.1f}" dominant-baseline="central">{tail}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def _bar_sentence(bar: Bar) -> str:
    parts = [f"{n} {p.technique_name(k)}" for k in TECHNIQUE_LABELS if (n := bar.counts.get(k, 0)) > 0]
    return f"{bar.label}: {', '.join(parts) if parts else 'none'}"


@dataclass(frozen=True)
class Mark:
    """One finding on the strip: its character offsets, what it is (read aloud and shown on
    hover), where it links, and how it is drawn: a `fill` colour, or `outline` (no fill) or
    `half` (lower half filled) so that kinds differ by shape as well as colour."""

    start: int
    end: int
    description: str
    href: str | None = None
    fill: str = p.INK
    shape: str = "full"  # full | outline | half


@dataclass(frozen=True)
class Lane:
    """A row of the strip: a name ("Techniques") and its marks."""

    name: str
    marks: Sequence[Mark]
    key: str = ""  # short words after the name explaining shapes ("solid direct, outline indirect")


def position_strip(
    length: int, lanes: Sequence[Lane], *, caption: str, ticks: Sequence[int] = ()
) -> str:
    """Where findings fall along a text of `length` characters: one lane per kind of finding.

    Each lane is an SVG stretched to the width available (so marks sit at
    their share of the text); `ticks` (e.g. paragraph starts) are drawn as
    faint lines. Returns an HTML fragment: lane names are HTML text so they
    stay legible at any width.
    """
    span = max(length, 1)
    scale = 1000 / span
    rows = []
    for lane in lanes:
        marks = []
        for m in lane.marks:
            x = m.start * scale
            w = max((m.end - m.start) * scale, 5.0)
            x = min(x, 1000 - w)
            if m.shape == "outline":
                rect = (
                    f'<rect x="{x:.1f}" y="3" width="{w:.1f}" height="14" fill="#ffffff" stroke="{m.fill}" '
                    'stroke-width="2" vector-effect="non-scaling-stroke"/>'
                )
            elif m.shape == "half":
                rect = (
                    f'<rect x="{x:.1f}" y="3" width="{w:.1f}" height="14" fill="#ffffff" stroke="{m.fill}" '
                    'stroke-width="2" vector-effect="non-scaling-stroke"/>'
                    f'<rect x="{x:.1f}" y="10" width="{w:.1f}" height="7" fill="{m.fill}"/>'
                )
            else:
                rect = (
                    f'<rect x="{x:.1f}" y="3" width="{w:.1f}" height="14" fill="{m.fill}" stroke="{p.INK}" '
                    'stroke-width="1" vector-effect="non-scaling-stroke"/>'
                )
            body = f"<title>{escape(m.description)}</title>{rect}"
            if m.href:
                marks.append(f'<a href="{_attr(m.href)}" aria-label="{_attr(m.description)}">{body}</a>')
            else:
                marks.append(f'<g role="img" aria-label="{_attr(m.description)}">{body}</g>')
        lines = "".join(
            f'<line x1="{t * scale:.1f}" x2="{t * scale:.1f}" y1="0" y2="20" class="tick" '
            'vector-effect="non-scaling-stroke"/>'
            for t in ticks
            if 0 < t < span
        )
        name = f"{lane.name} ({len(lane.marks)})"
        key = f'<span class="lane-key">{escape(lane.key)}</span>' if lane.key else ""
        rows.append(
            f'<div class="lane"><span class="lane-name">{escape(name)}{key}</span>'
            f'<svg class="lane-marks" viewBox="0 0 1000 20" preserveAspectRatio="none" role="group" '
            f'aria-label="{_attr(name)}">'
            '<rect class="track" x="0" y="9" width="1000" height="2"/>'
            f"{lines}{''.join(marks)}</svg></div>"
        )
    axis = (
        '<div class="lane axis" aria-hidden="true"><span class="lane-name"></span>'
        "<span class=\"axis-scale\"><span>start</span><span>middle</span><span>end</span></span></div>"
    )
    return (
        f'<div class="strip" role="group" aria-label="{_attr(caption)}">{"".join(rows)}{axis}</div>'
    )
