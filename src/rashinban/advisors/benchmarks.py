"""Anonymised comparisons: where a company stands among companies of the same industry and size band.

Only companies that opted in count (`Organisation.share_anonymised`), only the latest completed diagnosis of
each with the standard question bank, never the company itself, and nothing is shown for a group of fewer
than `MINIMUM_GROUP` companies. The database computes everything in one query (window functions, which
SQLite and PostgreSQL both have): group size, quartiles by the nearest-rank method, the median (mean of the
two middle values for an even count) and how many peers score below and equal to the company.
The percentile is (below + equal / 2) / size × 100.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import connection

MINIMUM_GROUP = 5
OVERALL = "overall"


@dataclass(frozen=True)
class Standing:
    metric: str  # "overall" or a section id
    score: int  # the company's own score
    size: int  # companies compared with
    percentile: int  # 0..100: share of peers below (ties count half)
    q1: float
    median: float
    q3: float


@dataclass(frozen=True)
class Comparison:
    industry: str
    employee_band: str
    size: int
    standings: list[Standing]  # empty when the group is too small

    @property
    def shown(self) -> bool:
        return self.size >= MINIMUM_GROUP


def _score_sql(metric: str) -> tuple[str, list[str]]:
    """SQL for one metric's integer score out of the stored `management_scores` JSON, and its parameters."""
    if connection.vendor == "postgresql":
        if metric == OVERALL:
            return "(d.management_scores->>'overall')::int", []
        return "(d.management_scores->'sections'->>%s)::int", [metric]
    if metric == OVERALL:
        return "CAST(json_extract(d.management_scores, '$.overall') AS INTEGER)", []
    return "CAST(json_extract(d.management_scores, %s) AS INTEGER)", [f'$.sections."{metric}"']


def compare(
    organisation_id: int, industry: str, employee_band: str, catalog_id: str, own_scores: Mapping[str, int]
) -> Comparison:
    """The company's standing per metric among opted-in peers of the same industry and size band."""
    metrics: Sequence[str] = list(own_scores)
    values, params = [], []
    for metric in metrics:
        expression, extra = _score_sql(metric)
        values.append(f"SELECT %s AS metric, {expression} AS v, %s AS mine FROM latest d")
        params += [metric, *extra, own_scores[metric]]
    sql = f"""
        WITH ranked_rounds AS (
            SELECT d.id,
                   ROW_NUMBER() OVER (PARTITION BY d.organisation_id ORDER BY d.completed_at DESC, d.id DESC) AS rn
            FROM assessments_diagnosis d
            JOIN orgs_organisation o ON o.id = d.organisation_id
            WHERE d.completed_at IS NOT NULL AND d.catalog_id = %s AND d.custom_catalog_id IS NULL
              AND o.share_anonymised AND o.industry = %s AND o.employee_band = %s AND o.id <> %s
        ),
        latest AS (
            SELECT d.management_scores FROM assessments_diagnosis d JOIN ranked_rounds r ON r.id = d.id WHERE r.rn = 1
        ),
        vals AS ({" UNION ALL ".join(values)}),
        ranked AS (
            SELECT metric, v, mine,
                   ROW_NUMBER() OVER (PARTITION BY metric ORDER BY v) AS r,
                   COUNT(*) OVER (PARTITION BY metric) AS n
            FROM vals WHERE v IS NOT NULL
        )
        SELECT metric, MAX(n),
               SUM(CASE WHEN v < mine THEN 1 ELSE 0 END), SUM(CASE WHEN v = mine THEN 1 ELSE 0 END),
               MAX(CASE WHEN r = (n + 3) / 4 THEN v END),
               AVG(CASE WHEN r = (n + 1) / 2 OR r = (n + 2) / 2 THEN v * 1.0 END),
               MAX(CASE WHEN r = (3 * n + 3) / 4 THEN v END)
        FROM ranked GROUP BY metric
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [catalog_id, industry, employee_band, organisation_id, *params])
        rows = {row[0]: row[1:] for row in cursor.fetchall()}
    size = max((int(r[0]) for r in rows.values()), default=0)
    standings = []
    if size >= MINIMUM_GROUP:
        for metric in metrics:
            if metric not in rows or int(rows[metric][0]) < MINIMUM_GROUP:
                continue
            n, below, equal, q1, median, q3 = rows[metric]
            percentile = round((int(below) + int(equal) / 2) / int(n) * 100)
            standings.append(
                Standing(metric, own_scores[metric], int(n), percentile, float(q1), float(median), float(q3))
            )
    return Comparison(industry, employee_band, size, standings)
