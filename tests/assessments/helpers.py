"""Answer maps for the built-in DX bank, for tests."""

from __future__ import annotations

from rashinban.assessments.catalog import get_catalog

CATALOG_ID = "dx-seven-sins"


def best_answers(audience: str | None = None) -> dict[str, str]:
    catalog = get_catalog(CATALOG_ID)
    return {q.id: max(q.options, key=lambda o: o.points).id for _s, q in catalog.questions_for(audience)}


def unknown_answers(audience: str | None = None) -> dict[str, str]:
    catalog = get_catalog(CATALOG_ID)
    return {q.id: next(o.id for o in q.options if o.unknown) for _s, q in catalog.questions_for(audience)}
