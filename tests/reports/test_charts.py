"""The server-side radar chart: geometry, escaping, and series that have no data."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from rashinban.reports.charts import LABEL_WIDTH, Series, radar_svg, text_width, wrap_label

NS = "{http://www.w3.org/2000/svg}"


def polygons(svg: str) -> list[ET.Element]:
    return [p for p in ET.fromstring(svg).iter(f"{NS}polygon") if p.get("class") == "series"]


def points(polygon: ET.Element) -> list[tuple[float, float]]:
    return [tuple(map(float, pair.split(","))) for pair in polygon.get("points", "").split()]  # type: ignore[misc]


def test_one_polygon_per_series_with_a_vertex_per_axis():
    svg = radar_svg(list("ABCDEFG"), [Series("m", [50] * 7, "#000"), Series("s", [10] * 7, "#f00")])
    found = polygons(svg)
    assert len(found) == 2
    assert all(len(points(p)) == 7 for p in found)


def test_higher_score_lies_further_from_the_centre():
    svg = radar_svg(["a", "b", "c"], [Series("x", [100, 50, 0], "#000")], radius=150)
    (poly,) = polygons(svg)
    top, middle, bottom = points(poly)
    centre = bottom  # a score of 0 sits on the centre
    assert top[0] == pytest.approx(centre[0])
    assert centre[1] - top[1] == pytest.approx(150, abs=0.1)  # 100 reaches the outer ring
    assert math.dist(centre, middle) == pytest.approx(75, abs=0.2)


def test_long_labels_wrap_and_stay_inside_the_view_box():
    labels = ["An organisation that cannot change", "変化できない組織のままでいる", "c", "d", "e"]
    svg = radar_svg(labels, [Series("x", [50] * 5, "#000")])
    root = ET.fromstring(svg)
    width = float(root.get("viewBox", "").split()[2])
    for label in wrap_label(labels[0]):
        assert text_width(label) <= LABEL_WIDTH
    for text in root.iter(f"{NS}text"):
        for span in text.iter(f"{NS}tspan"):
            x = float(span.get("x", 0))
            w = text_width(span.text or "")
            anchor = text.get("text-anchor")
            left = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
            assert 0 <= left and left + w <= width, span.text


def test_labels_are_escaped():
    svg = radar_svg(["<script>", "b&c", "d"], [Series("<x>", [1, 2, 3], "#000")])
    ET.fromstring(svg)  # still well-formed XML
    assert "<script>" not in svg


def test_series_without_values_is_left_out_but_keeps_its_legend():
    svg = radar_svg(["a", "b", "c"], [Series("m", [1, 2, 3], "#000"), Series("s", [None, None, None], "#f00")])
    assert len(polygons(svg)) == 1


def test_fewer_than_three_axes_is_refused():
    with pytest.raises(ValueError):
        radar_svg(["a", "b"], [Series("m", [1, 2], "#000")])
