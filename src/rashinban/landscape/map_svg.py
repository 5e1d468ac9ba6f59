"""The systems map as SVG drawn on the server: systems grouped by department, links drawn by method, silos marked.

Presentation attributes only (no style attributes), so pages keep a strict CSP; the same markup goes into
the page, the print-out and the PDF report. Readable with 8–20 systems: departments are columns, four to
a row; lines are drawn under the boxes so that a long link never hides a name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from rashinban.reports.charts import wrap_label

NODE_W, NODE_H = 168, 52
COL_W, COL_GAP = NODE_W + 24, 84
ROW_GAP, HEADER = 18, 34
LANE = 8  # room around a corridor
GUTTER = 40  # room left of the first department for lines that go round it
COLUMNS = 4
MARGIN = 16
INK, MUTED = "#1f2937", "#6b7280"
# method -> (colour, width, dash pattern); dashes also tell the methods apart in black and white.
LINE_STYLES = {
    "api": ("#1d4ed8", 2.5, ""),
    "file": ("#15803d", 2.5, "9 5"),
    "manual": ("#c2410c", 2.5, "2 5"),
}
SILO_STROKE, SILO_FILL = "#b91c1c", "#fef2f2"


@dataclass(frozen=True)
class MapNode:
    name: str
    department: str
    caption: str = ""  # e.g. the kind, in the reader's language
    silo: bool = False


@dataclass(frozen=True)
class MapEdge:
    source: str
    target: str
    method: str  # api | file | manual
    label: str = ""  # e.g. "12 h/月" on a re-keyed link


@dataclass(frozen=True)
class MapLegend:
    title: str
    api: str
    file: str
    manual: str
    silo: str
    empty: str = ""


@dataclass(frozen=True)
class _Box:
    x: float
    y: float
    column: int
    band: int

    @property
    def cx(self) -> float:
        return self.x + NODE_W / 2

    @property
    def cy(self) -> float:
        return self.y + NODE_H / 2


def _layout(
    nodes: Sequence[MapNode], corridor: dict[int, float]
) -> tuple[dict[str, _Box], list[tuple[str, float, float, float]], list[float], float, float]:
    """Boxes per system, department frames (name, x, y, height), the y of the corridor under each band,
    and the drawing's width and height. `corridor` gives the extra height each band's corridor needs."""
    departments: dict[str, list[MapNode]] = {}
    for node in nodes:
        departments.setdefault(node.department, []).append(node)
    names = list(departments)
    boxes: dict[str, _Box] = {}
    frames = []
    corridors = []
    top = MARGIN
    for band_start in range(0, len(names), COLUMNS):
        band = names[band_start : band_start + COLUMNS]
        number = band_start // COLUMNS
        tallest = max(len(departments[d]) for d in band)
        height = HEADER + tallest * (NODE_H + ROW_GAP) + 4
        for column, department in enumerate(band):
            left = _column_left(column)
            frames.append((department, left, top, height))
            for row, node in enumerate(departments[department]):
                y = top + HEADER + row * (NODE_H + ROW_GAP)
                boxes[node.name] = _Box(left + (COL_W - NODE_W) / 2, y, column, number)
        corridors.append(top + height + LANE)
        top += height + 2 * LANE + corridor.get(number, 0)
    columns = min(COLUMNS, max(1, len(names)))
    width = _column_left(columns) + MARGIN  # a full gap on the right too, for loops and their labels
    return boxes, frames, corridors, width, top


def _column_left(column: int) -> float:
    return MARGIN + GUTTER + column * (COL_W + COL_GAP)


def _gap(column: int, side: int) -> float:
    """x of the middle of the gap to the right (side 1) or left (side -1) of a column."""
    left = _column_left(column)
    return left + COL_W + COL_GAP / 2 if side > 0 else left - COL_GAP / 2


def _lane(index: int) -> float:
    """Spread lines sharing a gap or corridor: 0, +7, -7, +14, ..."""
    step = (index + 1) // 2
    return step * 7.0 * (1 if index % 2 else -1)


def _route(
    a: _Box, b: _Box, ya: float, yb: float, corridors: list[float], lanes: dict[object, int]
) -> tuple[list[tuple[float, float]], int, int]:
    """An orthogonal route from box a to box b through the gaps between departments and the corridor under a
    band, so that no line runs behind a box. Returns the points and the sides it leaves a and enters b."""

    def take(key: object) -> float:
        lanes[key] = lanes.get(key, -1) + 1
        return _lane(lanes[key])

    if a.column == b.column:
        side_a = side_b = 1
    else:
        side_a = 1 if b.column > a.column else -1
        side_b = -side_a
    xa = a.x + (NODE_W if side_a > 0 else 0)
    xb = b.x + (NODE_W if side_b > 0 else 0)
    if a.band == b.band and (abs(a.column - b.column) == 1 or a.column == b.column):
        # Neighbours (or the same department): one vertical run in the gap between them.
        gap_column = min(a.column, b.column) if a.column != b.column else a.column
        x = _gap(gap_column, 1) + take(("gap", a.band, gap_column))
        return [(xa, ya), (x, ya), (x, yb), (xb, yb)], side_a, side_b
    x1 = _gap(a.column, side_a) + take(("gap", a.band, a.column, side_a))
    x2 = _gap(b.column, side_b) + take(("gap", b.band, b.column, side_b))
    band = min(a.band, b.band) if a.band != b.band else a.band
    y = corridors[band] + take(("corridor", band)) + 7 * 3
    return [(xa, ya), (x1, ya), (x1, y), (x2, y), (x2, yb), (xb, yb)], side_a, side_b


def _markers() -> str:
    parts = ["<defs>"]
    for method, (colour, _width, _dash) in LINE_STYLES.items():
        parts.append(
            f'<marker id="map-arrow-{method}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        )
    parts.append("</defs>")
    return "".join(parts)


def _line(path: str, method: str, extra: str = "") -> str:
    colour, width, dash = LINE_STYLES.get(method, LINE_STYLES["manual"])
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="{width}"{dashed} '
        f'marker-end="url(#map-arrow-{method})" class="link link-{method}"{extra}/>'
    )


def _ports(edges: Sequence[MapEdge], boxes: dict[str, _Box]) -> dict[tuple[str, int, int], float]:
    """y of each line's end on a box side, spread over the side so that lines never start at one point."""
    ends: dict[tuple[str, int], list[int]] = {}
    for index, edge in enumerate(edges):
        a, b = boxes[edge.source], boxes[edge.target]
        side_a = 1 if a.column == b.column or b.column > a.column else -1
        side_b = 1 if a.column == b.column else -side_a
        ends.setdefault((edge.source, side_a), []).append(index)
        ends.setdefault((edge.target, side_b), []).append(index)
    ports = {}
    for (name, side), indexes in ends.items():
        box = boxes[name]
        for k, index in enumerate(indexes):
            ports[(name, side, index)] = box.y + NODE_H * (k + 1) / (len(indexes) + 1)
    return ports


def _drawable(edges: Sequence[MapEdge], boxes: dict[str, _Box]) -> list[MapEdge]:
    return [e for e in edges if e.source in boxes and e.target in boxes and e.source != e.target]


def _edges(edges: Sequence[MapEdge], boxes: dict[str, _Box], corridors: list[float]) -> list[str]:
    parts: list[str] = []
    labels: list[str] = []
    ports = _ports(edges, boxes)
    lanes: dict[object, int] = {}
    placed: list[tuple[float, float]] = []
    for index, edge in enumerate(edges):
        a, b = boxes[edge.source], boxes[edge.target]
        side_a = 1 if a.column == b.column or b.column > a.column else -1
        side_b = 1 if a.column == b.column else -side_a
        points, _sa, _sb = _route(
            a, b, ports[(edge.source, side_a, index)], ports[(edge.target, side_b, index)], corridors, lanes
        )
        path = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points)
        title = f"<title>{escape(edge.source)} → {escape(edge.target)}</title>"
        parts.append(_line(path, edge.method).replace("/>", f">{title}</path>"))
        if edge.label:
            segments = zip(points, points[1:], strict=False)
            (x1, y1), (x2, y2) = max(segments, key=lambda s: abs(s[1][0] - s[0][0]) + abs(s[1][1] - s[0][1]))
            mx, my = (x1 + x2) / 2, (y1 + y2) / 2
            while any(abs(mx - px) < 60 and abs(my - py) < 21 for px, py in placed):
                my += 21  # labels of lines sharing a gap would cover each other
            placed.append((mx, my))
            labels.append(_edge_label(edge.label, mx, my))
    return parts + labels


def _edge_label(text: str, mx: float, my: float) -> str:
    width = sum(12.0 if ord(ch) > 0x2E80 else 7.0 for ch in text) + 10
    return (
        f'<rect x="{mx - width / 2:.1f}" y="{my - 10:.1f}" width="{width:.1f}" height="19" rx="4" '
        f'fill="#fff7ed" stroke="{LINE_STYLES["manual"][0]}" stroke-width="1"/>'
        f'<text x="{mx:.1f}" y="{my + 4:.1f}" font-size="12" text-anchor="middle" fill="{INK}">{escape(text)}</text>'
    )


def _node(node: MapNode, box: _Box, silo_label: str) -> str:
    stroke, fill, dash = (SILO_STROKE, SILO_FILL, ' stroke-dasharray="5 3"') if node.silo else ("#94a3b8", "#fff", "")
    lines = wrap_label(node.name, NODE_W - 16, max_lines=2)
    caption = silo_label if node.silo else node.caption
    first = box.y + (18 if caption else NODE_H / 2 + 5) - (len(lines) - 1) * 8
    spans = "".join(
        f'<tspan x="{box.cx:.1f}" y="{first + i * 16:.1f}">{escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    parts = [
        f'<g class="system{" silo" if node.silo else ""}"><title>{escape(node.name)}</title>',
        f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{NODE_W}" height="{NODE_H}" rx="8" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{2 if node.silo else 1.2}"{dash}/>',
        f'<text font-size="14" font-weight="600" text-anchor="middle" fill="{INK}">{spans}</text>',
    ]
    if caption:
        colour = SILO_STROKE if node.silo else MUTED
        lines = wrap_label(caption, NODE_W - 24, max_lines=99)
        short = lines[0] + ("…" if len(lines) > 1 else "")
        parts.append(
            f'<text x="{box.cx:.1f}" y="{box.y + NODE_H - 8:.1f}" font-size="11.5" text-anchor="middle" '
            f'fill="{colour}">{escape(short)}</text>'
        )
    parts.append("</g>")
    return "".join(parts)


def _legend(legend: MapLegend, y: float) -> str:
    parts = []
    x = MARGIN
    for method in ("api", "file", "manual"):
        text = getattr(legend, method)
        parts.append(_line(f"M{x},{y} L{x + 44},{y}", method))
        parts.append(f'<text x="{x + 52}" y="{y + 5}" font-size="13" fill="{INK}">{escape(text)}</text>')
        x += 52 + len(text) * 13 + 28
    parts.append(
        f'<rect x="{x}" y="{y - 11}" width="34" height="22" rx="5" fill="{SILO_FILL}" '
        f'stroke="{SILO_STROKE}" stroke-width="2" stroke-dasharray="5 3"/>'
    )
    parts.append(f'<text x="{x + 42}" y="{y + 5}" font-size="13" fill="{INK}">{escape(legend.silo)}</text>')
    return "".join(parts)


def map_svg(nodes: Sequence[MapNode], edges: Sequence[MapEdge], legend: MapLegend) -> str:
    """The whole map as one `<svg>` element; an empty map gives a small placeholder with `legend.empty`."""
    if not nodes:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 60" role="img" class="chart system-map" '
            f'aria-label="{escape(legend.title)}"><title>{escape(legend.title)}</title>'
            f'<text x="200" y="35" font-size="14" text-anchor="middle" fill="{MUTED}">{escape(legend.empty)}'
            f"</text></svg>"
        )
    corridor_lanes: dict[int, int] = {}
    boxes, _f, _c, _w, _h = _layout(nodes, {})
    drawable = _drawable(edges, boxes)
    for edge in drawable:  # every line that leaves its band's neighbours takes a lane in a corridor
        a, b = boxes[edge.source], boxes[edge.target]
        if a.band != b.band or abs(a.column - b.column) > 1:
            band = min(a.band, b.band)
            corridor_lanes[band] = corridor_lanes.get(band, 0) + 1
    boxes, frames, corridors, width, height = _layout(nodes, {k: 7.0 * v + 28 for k, v in corridor_lanes.items()})
    legend_y = height + 8
    total = legend_y + 30
    width = max(width, 620)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {total:.0f}" role="img" '
        f'class="chart system-map" aria-label="{escape(legend.title)}" font-family="sans-serif">',
        f"<title>{escape(legend.title)}</title>",
        _markers(),
    ]
    for department, x, y, frame_height in frames:
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{COL_W}" height="{frame_height:.1f}" rx="10" '
            f'fill="#f8fafc" stroke="#e2e8f0" stroke-width="1"/>'
        )
        title = wrap_label(department, COL_W - 16, max_lines=1)[0]
        parts.append(
            f'<text x="{x + COL_W / 2:.1f}" y="{y + 22:.1f}" font-size="14" font-weight="700" '
            f'text-anchor="middle" fill="#1e3a8a" class="department">{escape(title)}</text>'
        )
    parts += _edges(drawable, boxes, corridors)
    parts += [_node(node, boxes[node.name], legend.silo) for node in nodes]
    parts.append(_legend(legend, legend_y))
    parts.append("</svg>")
    return "".join(parts)
