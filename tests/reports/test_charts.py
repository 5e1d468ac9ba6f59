"""The server-side radar chart: geometry, escaping, and series that have no data."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from rashinban.reports.charts import Series, radar_svg

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
    svg = radar_svg(["a", "b", "c"], [Series("x", [100, 50, 0], "#000")], size=400)
    (poly,) = polygons(svg)
    top = points(poly)[0]
    centre_x, centre_y = 200, 210
    assert top[0] == pytest.approx(centre_x)
    assert centre_y - top[1] == pytest.approx(400 / 2 - 90)  # 100 reaches the outer ring
    assert points(poly)[2] == pytest.approx((centre_x, centre_y))  # 0 is the centre


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
