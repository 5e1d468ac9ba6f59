"""Department progress: hand-computed figures."""

from __future__ import annotations

from datetime import date

from rashinban.training.progress import Row, by_department

TODAY = date(2026, 4, 10)


def test_completion_average_and_overdue_per_department():
    rows = [
        Row("A", "営業", "l1", date(2026, 4, 1), True, 100),
        Row("B", "営業", "l1", date(2026, 4, 1), True, 50),
        Row("C", "営業", "l1", date(2026, 4, 1), False, None),
        Row("D", "", "l1", date(2026, 4, 30), False, None),
    ]
    sales, none = by_department(rows, TODAY)
    assert (sales.department, sales.assigned, sales.completed, sales.completion_percent) == ("営業", 3, 2, 67)
    assert sales.average_score == 75 and sales.overdue == ["C (l1)"]
    assert (none.department, none.overdue, none.average_score) == ("", [], None)
