"""The trend over drills as a small server-side SVG: report rate (good) and click rate (bad) per drill."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT, PAD, BAR = 640, 220, 30, 14


def trend_svg(labels: Sequence[str], report: Sequence[int], click: Sequence[int], title: str) -> str:
    if not labels:
        return ""
    slot = (WIDTH - 2 * PAD) / len(labels)
    scale = (HEIGHT - 2 * PAD) / 100
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}">',
             f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#9ca3af"/>']  # fmt: skip
    for i, (label, good, bad) in enumerate(zip(labels, report, click, strict=True)):
        x = PAD + i * slot + slot / 2
        for offset, value, colour in ((-BAR, good, "#15803d"), (0, bad, "#c2410c")):
            h = value * scale
            parts.append(
                f'<rect x="{x + offset:.1f}" y="{HEIGHT - PAD - h:.1f}" width="{BAR}" height="{h:.1f}" fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{x + offset + BAR / 2:.1f}" y="{HEIGHT - PAD - h - 4:.1f}" font-size="11" text-anchor="middle">{value}%</text>'
            )
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - PAD + 16}" font-size="11" text-anchor="middle">{escape(label[:14])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
