"""Server-side SVG for the plan: a KPI's path (baseline, target, actuals) and the roadmap's Gantt chart.

Presentation attributes only (no style attributes), so pages keep a strict CSP; pure, no Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from rashinban.reports.charts import text_width

INK, MUTED, GRID = "#1f2937", "#6b7280", "#e5e7eb"
ACTUAL, TARGET, BASELINE = "#1d4ed8", "#15803d", "#9ca3af"


def _num(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:,.1f}"


@dataclass(frozen=True)
class KpiChart:
    title: str
    unit: str
    baseline: float
    baseline_on: date
    target: float
    target_on: date
    readings: Sequence[tuple[date, float]]
    labels: tuple[str, str, str] = ("baseline", "target", "actual")


def kpi_svg(chart: KpiChart, width: int = 640, height: int = 260) -> str:
    """Baseline (grey), target (green, with the planned path dotted) and the measured values (blue)."""
    left, right, top, bottom = 64, 16, 16, 58
    days = [chart.baseline_on, chart.target_on, *(d for d, _v in chart.readings)]
    values = [chart.baseline, chart.target, *(v for _d, v in chart.readings)]
    first, last = min(days), max(days)
    span = max(1, (last - first).days)
    low, high = min(values), max(values)
    pad = (high - low) * 0.1 or abs(high) * 0.1 or 1.0
    low, high = low - pad, high + pad
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(day: date) -> float:
        return left + plot_w * (day - first).days / span

    def y(value: float) -> float:
        return top + plot_h * (high - value) / (high - low)

    title = escape(chart.title)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" class="chart kpi" '
        f'aria-label="{title}"><title>{title}</title>',
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#ffffff" stroke="{GRID}"/>',
    ]
    for i in range(5):
        value = low + (high - low) * i / 4
        parts.append(
            f'<line x1="{left}" y1="{y(value):.1f}" x2="{left + plot_w}" y2="{y(value):.1f}" stroke="{GRID}"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" font-size="12" text-anchor="end" '
            f'fill="{MUTED}">{_num(value)}</text>'
        )
    for day, anchor in ((first, "start"), (last, "end")):
        parts.append(
            f'<text x="{x(day):.1f}" y="{top + plot_h + 16}" font-size="12" text-anchor="{anchor}" '
            f'fill="{MUTED}">{day.isoformat()}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{y(chart.baseline):.1f}" x2="{left + plot_w}" y2="{y(chart.baseline):.1f}" '
        f'stroke="{BASELINE}" stroke-width="2" class="baseline"/>'
    )
    parts.append(
        f'<line x1="{left}" y1="{y(chart.target):.1f}" x2="{left + plot_w}" y2="{y(chart.target):.1f}" '
        f'stroke="{TARGET}" stroke-width="2" stroke-dasharray="8 5" class="target"/>'
    )
    parts.append(
        f'<line x1="{x(chart.baseline_on):.1f}" y1="{y(chart.baseline):.1f}" x2="{x(chart.target_on):.1f}" '
        f'y2="{y(chart.target):.1f}" stroke="{TARGET}" stroke-width="1.5" stroke-dasharray="2 4" class="path"/>'
    )
    readings = sorted(chart.readings)
    if readings:
        points = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in readings)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{ACTUAL}" stroke-width="2.5" class="actual"/>')
        for d, v in readings:
            parts.append(
                f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="4" fill="{ACTUAL}">'
                f"<title>{d.isoformat()}: {_num(v)} {escape(chart.unit)}</title></circle>"
            )
    legend_y = height - 12
    for i, (label, colour, dash) in enumerate(
        zip(chart.labels, (BASELINE, TARGET, ACTUAL), ("", ' stroke-dasharray="8 5"', ""), strict=True)
    ):
        lx = left + i * 170
        parts.append(
            f'<line x1="{lx}" y1="{legend_y - 5}" x2="{lx + 24}" y2="{legend_y - 5}" stroke="{colour}" '
            f'stroke-width="2.5"{dash}/>'
        )
        parts.append(f'<text x="{lx + 30}" y="{legend_y}" font-size="13" fill="{INK}">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Bar:
    label: str
    start: date
    end: date
    kind: str = "action"  # action | security | initiative (colour)
    marker: date | None = None  # e.g. a PoC gate
    done: bool = False


BAR_COLOURS = {"diagnosis": "#2563eb", "security": "#dc2626", "manual": "#7c3aed", "initiative": "#059669"}


def _month_index(origin: date, day: date) -> float:
    return (day.year - origin.year) * 12 + (day.month - origin.month) + (day.day - 1) / 31


def _clip(text: str, width: float) -> str:
    if text_width(text, 13) <= width:
        return text
    while text and text_width(text + "…", 13) > width:
        text = text[:-1]
    return text + "…"


def gantt_svg(
    bars: Sequence[Bar], origin: date, months: int = 36, phase_labels: Sequence[str] = (), title: str = ""
) -> str:
    """One row per bar over `months` from `origin`; phase bands at 0–3, 3–12 and 12–36 months."""
    label_w, row_h, top, width = 280, 26, 56, 1000
    plot_w = width - label_w - 16
    height = top + row_h * max(1, len(bars)) + 12
    per_month = plot_w / months

    def x(day: date) -> float:
        return label_w + per_month * min(months, max(0.0, _month_index(origin, day)))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" class="chart gantt" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    labels = []
    for i, (start, end) in enumerate(((0, 3), (3, 12), (12, 36))):
        if start >= months:
            break
        fill = "#f3f4f6" if i % 2 == 0 else "#ffffff"
        x0, x1 = label_w + start * per_month, label_w + min(end, months) * per_month
        parts.append(
            f'<rect x="{x0:.1f}" y="{top - 44}" width="{x1 - x0:.1f}" height="{height - top + 32}" fill="{fill}"/>'
        )
        if i < len(phase_labels):
            # The first band is narrow: its label gets a row of its own above the others, drawn over all bands.
            label_y = top - 30 if i == 0 else top - 12
            labels.append(
                f'<text x="{x0 + 4:.1f}" y="{label_y}" font-size="12" fill="{MUTED}">{escape(phase_labels[i])}</text>'
            )
    parts += labels
    for month in range(0, months + 1, 6):
        mx = label_w + month * per_month
        parts.append(f'<line x1="{mx:.1f}" y1="{top - 4}" x2="{mx:.1f}" y2="{height - 8}" stroke="{GRID}"/>')
    for row, bar in enumerate(bars):
        y = top + row * row_h
        parts.append(
            f'<text x="8" y="{y + 17}" font-size="13" fill="{INK}">{escape(_clip(bar.label, label_w - 16))}'
            f"<title>{escape(bar.label)}</title></text>"
        )
        x0, x1 = x(bar.start), max(x(bar.end), x(bar.start) + 4)
        colour = BAR_COLOURS.get(bar.kind, "#2563eb")
        opacity = "0.35" if bar.done else "0.85"
        parts.append(
            f'<rect x="{x0:.1f}" y="{y + 5}" width="{x1 - x0:.1f}" height="{row_h - 10}" rx="3" '
            f'fill="{colour}" fill-opacity="{opacity}" class="bar bar-{escape(bar.kind)}">'
            f"<title>{escape(bar.label)}: {bar.start.isoformat()} – {bar.end.isoformat()}</title></rect>"
        )
        if bar.marker is not None:
            mx = x(bar.marker)
            parts.append(
                f'<polygon points="{mx:.1f},{y + 3} {mx + 7:.1f},{y + 13} {mx:.1f},{y + 23} '
                f'{mx - 7:.1f},{y + 13}" fill="#f59e0b" stroke="{INK}" class="gate">'
                f"<title>{bar.marker.isoformat()}</title></polygon>"
            )
    parts.append("</svg>")
    return "".join(parts)
