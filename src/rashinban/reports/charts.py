"""SVG charts drawn on the server: the same markup works in the page, the print-out and a PDF.

Only presentation attributes are used (no style attributes), so pages keep a strict CSP.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # 0..100, None where there is no value
    colour: str
    dashed: bool = False


def _point(cx: float, cy: float, radius: float, index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = radius * max(0.0, min(100.0, value)) / 100
    return cx + r * math.cos(angle), cy + r * math.sin(angle)


def radar_svg(labels: Sequence[str], series: Sequence[Series], size: int = 420, title: str = "") -> str:
    """A radar (spider) chart of 0–100 scores, one axis per label, series overlaid, with a legend."""
    count = len(labels)
    if count < 3:
        raise ValueError("a radar chart needs at least three axes")
    cx, cy, radius = size / 2, size / 2 + 10, size / 2 - 90
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size + 40}" role="img" '
        f'class="chart radar" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for ring in (25, 50, 75, 100):
        ring_points = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (_point(cx, cy, radius, i, count, ring) for i in range(count))
        )
        parts.append(f'<polygon points="{ring_points}" fill="none" stroke="#c8ccd2" stroke-width="1"/>')
        x, y = _point(cx, cy, radius, 0, count, ring)
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 4:.1f}" font-size="10" fill="#6b7280">{ring}</text>')
    for i, label in enumerate(labels):
        x, y = _point(cx, cy, radius, i, count, 100)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#c8ccd2" stroke-width="1"/>')
        lx, ly = _point(cx, cy, radius + 26, i, count, 100)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        parts.append(
            f'<text x="{lx:.1f}" y="{ly + 4:.1f}" font-size="12" text-anchor="{anchor}" fill="#1f2937">'
            f"{escape(label)}</text>"
        )
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
    legend_y = size + 28
    for i, s in enumerate(series):
        lx = 20 + i * 170
        parts.append(f'<rect x="{lx}" y="{legend_y - 10}" width="14" height="14" fill="{s.colour}"/>')
        parts.append(f'<text x="{lx + 20}" y="{legend_y + 2}" font-size="13" fill="#1f2937">{escape(s.name)}</text>')
    parts.append("</svg>")
    return "".join(parts)
