""" "Companies like yours" on the DX result page and in the report."""

from __future__ import annotations

from dataclasses import dataclass

from rashinban.advisors.benchmarks import MINIMUM_GROUP, OVERALL, Comparison, Standing, compare
from rashinban.assessments.actions import catalog_for
from rashinban.assessments.catalog import localized
from rashinban.assessments.models import Diagnosis
from rashinban.orgs.models import Organisation


@dataclass(frozen=True)
class PeerRow:
    title: str
    standing: Standing


@dataclass(frozen=True)
class Peers:
    comparison: Comparison
    rows: list[PeerRow]
    minimum: int = MINIMUM_GROUP


def companies_like_yours(org: Organisation, diagnosis: Diagnosis, lang: str) -> Peers | None:
    """Standing of a completed diagnosis with a standard bank; None for an own bank or unanswered round."""
    cached = diagnosis.management_scores or {}
    if diagnosis.custom_catalog_id or diagnosis.completed_at is None or cached.get("overall") is None:
        return None
    scores = {OVERALL: cached["overall"], **cached.get("sections", {})}
    comparison = compare(org.id, org.industry, org.employee_band, diagnosis.catalog_id, scores)
    titles = {s.id: localized(s.title, lang) for s in catalog_for(diagnosis).sections}
    rows = []
    for standing in comparison.standings:
        title = titles.get(standing.metric, standing.metric) if standing.metric != OVERALL else ""
        rows.append(PeerRow(title, standing))
    return Peers(comparison, rows)
