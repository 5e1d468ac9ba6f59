"""The one ranking of next steps (次の一手): what a company should do first, for every page, report and mail.

Pure part (no Django model): `model.py` (plain data), `sources.py` (candidates from each source), `rank.py`
(merge, order), `schedule.py` (dates and people from capacity), `plan.py` (what deliverables ask of a plan),
`compute.py` (all of it). Database part: `gather.py` collects a company's data in a fixed number of queries;
`models.py` keeps what people did with a step; `actions.py` changes it. See docs/next-steps.md.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rashinban.nextsteps.model import Step
    from rashinban.nextsteps.plan import Plan
    from rashinban.orgs.models import Organisation


def plan_for(organisation: Organisation, today: date | None = None) -> Plan:
    """The company's plan: every open step ranked, dated and assigned."""
    from rashinban.nextsteps.gather import plan_for as gathered

    return gathered(organisation, today)


def steps_for(organisation: Organisation, today: date | None = None) -> list[Step]:
    """The company's ranked steps (`plan_for(...).steps`)."""
    return plan_for(organisation, today).steps
