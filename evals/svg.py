"""Small inline SVG charts for the HTML report: no script, no stylesheet, no request to anywhere.

    >>> svg = bars("Pass rate", ["party", "level"], [Series("ours", "#1f6feb", [1.0, 0.9])])
    >>> svg.startswith("<svg")
    True
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

OURS = "#1f6feb"
OURS_LIGHT = "#79b8ff"
BASELINE = "#d29922"
BASELINE_LIGHT = "#f2cc60"

_FONT = 'font-family="system-ui, sans-serif" font-size="12"'


@dataclass(frozen=True)
class Series:
    name: str
    color: str
    values: list[float | None]


def bars(title: str, labels: list[str], series: list[Series], *, maximum: float = 1.0, width: int = 760) -> str:
    """Horizontal grouped bars, one group per label and one bar per series, values from 0 to `maximum`."""
    label_w, value_w, bar_h, gap = 150, 50, 12, 10
    plot_w = width - label_w - value_w - 10
    group_h = bar_h * len(series) + gap
    legend_h = 22
    height = 30 + legend_h + group_h * len(labels) + 20
    out = [_open(width, height, title)]
    out.append(f'<text x="0" y="16" font-weight="bold" {_FONT}>{escape(title)}</text>')
    x = label_w
    for s in series:
        out.append(f'<rect x="{x}" y="28" width="12" height="12" fill="{s.color}"/>')
        out.append(f'<text x="{x + 16}" y="38" {_FONT}>{escape(s.name)}</text>')
        x += 24 + 7 * len(s.name)
    top = 30 + legend_h
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        tx = label_w + plot_w * tick
        out.append(f'<line x1="{tx:.1f}" y1="{top - 4}" x2="{tx:.1f}" y2="{top + group_h * len(labels)}" stroke="#ddd"/>')
        out.append(f'<text x="{tx:.1f}" y="{top + group_h * len(labels) + 14}" text-anchor="middle" {_FONT}>{tick * maximum:g}</text>')
    for row, label in enumerate(labels):
        y = top + row * group_h
        out.append(f'<text x="{label_w - 6}" y="{y + group_h / 2 + 2:.1f}" text-anchor="end" {_FONT}>{escape(label)}</text>')
        for i, s in enumerate(series):
            value = s.values[row]
            by = y + i * bar_h
            if value is None:
                out.append(f'<text x="{label_w + 4}" y="{by + bar_h - 2}" {_FONT} fill="#888">n/a</text>')
                continue
            w = plot_w * max(0.0, min(value / maximum, 1.0))
            out.append(f'<rect x="{label_w}" y="{by}" width="{w:.1f}" height="{bar_h - 2}" fill="{s.color}">'
                       f'<title>{escape(s.name)} · {escape(label)}: {value:.3f}</title></rect>')
            out.append(f'<text x="{label_w + w + 4:.1f}" y="{by + bar_h - 3}" {_FONT} font-size="10">{value:.2f}</text>')
    out.append("</svg>")
    return "".join(out)


def histogram(title: str, series: list[Series], *, unit: str = "ms", width: int = 760, height: int = 260) -> str:
    """Counts per logarithmic bin (1, 2, 5, 10, 20, 50 ... `unit`), one bar per series in each bin."""
    values = [max(v, _FLOOR) for s in series for v in s.values if v is not None]
    if not values:
        return _empty(title, width)
    edges = _log_edges(min(values), max(values))
    counts = [[sum(1 for v in s.values if v is not None and lo <= max(v, _FLOOR) < hi) for lo, hi in zip(edges, edges[1:])]
              for s in series]
    top_count = max(max(c) for c in counts) or 1
    left, bottom, top = 40, 40, 50
    plot_w, plot_h = width - left - 10, height - top - bottom
    bin_w = plot_w / (len(edges) - 1)
    bar_w = (bin_w - 6) / len(series)
    out = [_open(width, height, title)]
    out.append(f'<text x="0" y="16" font-weight="bold" {_FONT}>{escape(title)}</text>')
    x = left
    for s in series:
        out.append(f'<rect x="{x}" y="26" width="12" height="12" fill="{s.color}"/><text x="{x + 16}" y="36" {_FONT}>{escape(s.name)}</text>')
        x += 24 + 7 * len(s.name)
    base_y = top + plot_h
    out.append(f'<line x1="{left}" y1="{base_y}" x2="{left + plot_w}" y2="{base_y}" stroke="#888"/>')
    for tick in _count_ticks(top_count):
        ty = base_y - plot_h * tick / top_count
        out.append(f'<line x1="{left}" y1="{ty:.1f}" x2="{left + plot_w}" y2="{ty:.1f}" stroke="#eee"/>')
        out.append(f'<text x="{left - 4}" y="{ty + 4:.1f}" text-anchor="end" {_FONT} font-size="10">{tick}</text>')
    for b, (lo, hi) in enumerate(zip(edges, edges[1:])):
        bx = left + b * bin_w
        out.append(f'<text x="{bx + bin_w / 2:.1f}" y="{base_y + 14}" text-anchor="middle" {_FONT} font-size="10">'
                   f'{_num(lo)}–{_num(hi)}</text>')
        for i, s in enumerate(series):
            count = counts[i][b]
            h = plot_h * count / top_count
            out.append(f'<rect x="{bx + 3 + i * bar_w:.1f}" y="{base_y - h:.1f}" width="{bar_w - 1:.1f}" height="{h:.1f}" fill="{s.color}">'
                       f'<title>{escape(s.name)}: {count} item(s) in {_num(lo)}–{_num(hi)} {unit}</title></rect>')
    out.append(f'<text x="{left + plot_w / 2}" y="{height - 6}" text-anchor="middle" {_FONT}>{escape(unit)} (logarithmic bins)</text>')
    out.append("</svg>")
    return "".join(out)


#: Values below this count in the lowest bin (an answer faster than a microsecond, from a stub assistant).
_FLOOR = 1e-3


def _log_edges(low: float, high: float) -> list[float]:
    steps = [1, 2, 5]
    edges: list[float] = []
    exponent = math.floor(math.log10(max(low, _FLOOR)))
    while True:
        for step in steps:
            edge = step * 10 ** exponent
            if edge <= max(low, _FLOOR) or not edges:
                edges = [edge]
            else:
                edges.append(edge)
            if edge > high:
                return edges
        exponent += 1


def _count_ticks(top: int) -> list[int]:
    step = max(1, math.ceil(top / 4))
    return list(range(0, top + 1, step))


def _num(value: float) -> str:
    return f"{value:g}"


def _open(width: int, height: int, title: str) -> str:
    return (f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'role="img" aria-label="{escape(title)}">')


def _empty(title: str, width: int) -> str:
    return f'{_open(width, 40, title)}<text x="0" y="24" {_FONT}>{escape(title)}: no data</text></svg>'
