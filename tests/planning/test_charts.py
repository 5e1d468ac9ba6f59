"""The plan's SVG charts: well-formed, presentation attributes only, every bar and value drawn."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from rashinban.planning.charts import Bar, KpiChart, gantt_svg, kpi_svg

NS = "{http://www.w3.org/2000/svg}"


def test_kpi_chart_draws_baseline_target_path_and_each_value():
    svg = kpi_svg(
        KpiChart(
            "時間 <請求書>",
            "h",
            100,
            date(2026, 1, 1),
            40,
            date(2026, 12, 31),
            [(date(2026, 2, 1), 95), (date(2026, 3, 1), 88), (date(2026, 4, 1), 80)],
        )
    )
    root = ET.fromstring(svg)
    assert root.find(f"{NS}title").text == "時間 <請求書>"
    assert len(root.findall(f".//{NS}circle")) == 3
    assert {e.get("class") for e in root.iter() if e.get("class")} >= {"baseline", "target", "path", "actual"}
    assert "style=" not in svg


def test_kpi_chart_without_values_and_flat_target():
    root = ET.fromstring(kpi_svg(KpiChart("x", "", 5, date(2026, 1, 1), 5, date(2026, 1, 1), [])))
    assert not root.findall(f".//{NS}polyline")


def test_gantt_has_one_row_per_bar_and_marks_gates():
    bars = [
        Bar("PoC", date(2026, 1, 1), date(2026, 4, 1), "initiative", marker=date(2026, 3, 15)),
        Bar("MFA", date(2026, 1, 1), date(2026, 2, 1), "security"),
        Bar(
            "とても長い名前の施策でラベルの幅を超えてしまうもの" * 2,
            date(2026, 5, 1),
            date(2028, 1, 1),
            "diagnosis",
            done=True,
        ),
    ]
    svg = gantt_svg(bars, date(2026, 1, 1), 36, ["0–3", "3–12", "12–36"], "Roadmap")
    root = ET.fromstring(svg)
    assert len([r for r in root.iter(f"{NS}rect") if "bar" in (r.get("class") or "")]) == 3
    assert len([p for p in root.iter(f"{NS}polygon") if p.get("class") == "gate"]) == 1
    assert "…" in svg and "style=" not in svg
