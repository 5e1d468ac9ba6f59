"""SVG charts drawn on the server: the same markup works in the page, the print-out and a PDF.

Only presentation attributes are used (no style attributes), so pages keep a strict CSP.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

FONT = 15
LINE = 18
LABEL_WIDTH = 150  # px a label may take beside the chart before it wraps


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # 0..100, None where there is no value
    colour: str
    dashed: bool = False


def text_width(text: str, size: float = FONT) -> float:
    """Rough rendered width: full-width (Japanese) characters are one em, others a bit over half."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.56 for ch in text)


def wrap_label(text: str, width: float = LABEL_WIDTH, max_lines: int = 3) -> list[str]:
    """Break a label into lines that fit `width`: at spaces for English, anywhere for Japanese."""
    words = text.split(" ") if " " in text else list(text)
    joiner = " " if " " in text else ""
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current}{joiner}{word}" if current else word
        if current and text_width(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [joiner.join(lines[max_lines - 1 :])]
    return lines


def _point(cx: float, cy: float, radius: float, index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = radius * max(0.0, min(100.0, value)) / 100
    return cx + r * math.cos(angle), cy + r * math.sin(angle)


def _label(x: float, y: float, cx: float, cy: float, lines: list[str]) -> str:
    anchor = "middle" if abs(x - cx) < 12 else ("start" if x > cx else "end")
    if y < cy - 12:  # above the centre: the block grows upwards
        first = y - (len(lines) - 1) * LINE
    elif y > cy + 12:
        first = y + FONT
    else:
        first = y - (len(lines) - 1) * LINE / 2 + FONT / 3
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{first + i * LINE:.1f}">{escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    return f'<text font-size="{FONT}" text-anchor="{anchor}" fill="#1f2937">{spans}</text>'


def radar_svg(labels: Sequence[str], series: Sequence[Series], radius: int = 150, title: str = "") -> str:
    """A radar (spider) chart of 0–100 scores, one axis per label, series overlaid, with a legend."""
    count = len(labels)
    if count < 3:
        raise ValueError("a radar chart needs at least three axes")
    gap = 16
    wrapped = [wrap_label(label) for label in labels]
    top_lines = len(wrapped[0])
    width = 2 * (radius + gap + LABEL_WIDTH + 4)
    cx = width / 2
    cy = radius + gap + top_lines * LINE + 8
    bottom = cy + radius + gap + 3 * LINE
    height = bottom + 36
    name = title or " / ".join(s.name for s in series)  # an image always has a text alternative (axe: svg-img-alt)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'class="chart radar" aria-label="{escape(name)}">',
        f"<title>{escape(name)}</title>",
    ]
    for ring in (25, 50, 75, 100):
        ring_points = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (_point(cx, cy, radius, i, count, ring) for i in range(count))
        )
        parts.append(f'<polygon points="{ring_points}" fill="none" stroke="#d5d9df" stroke-width="1"/>')
        parts.append(
            f'<text x="{cx - 4:.1f}" y="{cy - radius * ring / 100 + 11:.1f}" font-size="11" text-anchor="end" '
            f'fill="#9ca3af">{ring}</text>'
        )
    for i, lines in enumerate(wrapped):
        x, y = _point(cx, cy, radius, i, count, 100)
        parts.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#d5d9df" stroke-width="1"/>')
        lx, ly = _point(cx, cy, radius + gap, i, count, 100)
        parts.append(_label(lx, ly, cx, cy, lines))
    for s in series:
        if all(v is None for v in s.values):
            continue
        pts = [_point(cx, cy, radius, i, count, v or 0) for i, v in enumerate(s.values)]
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        parts.append(
            f'<polygon points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in pts)}" fill="{s.colour}" '
            f'fill-opacity="0.18" stroke="{s.colour}" stroke-width="2.5"{dash} class="series">'
            f"<title>{escape(s.name)}</title></polygon>"
        )
        for (x, y), v in zip(pts, s.values, strict=True):
            if v is not None:
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{s.colour}"/>')
    legend_y = height - 14
    for i, s in enumerate(series):
        lx = 16 + i * 170
        parts.append(f'<rect x="{lx}" y="{legend_y - 11:.0f}" width="14" height="14" fill="{s.colour}"/>')
        parts.append(f'<text x="{lx + 20}" y="{legend_y:.0f}" font-size="15" fill="#1f2937">{escape(s.name)}</text>')
    parts.append("</svg>")
    return "".join(parts)
