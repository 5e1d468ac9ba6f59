"""Every fixed choice the API reads or writes, as an enum in the OpenAPI document.

Each is made from the one place the product keeps the choice (the model's choices, the scorer's levels,
the evidence registry), so the document cannot drift from what the database and the checks hold. A
generated client gets one enum class per name below.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from rashinban.assessments.scoring import LEVEL_FLOORS
from rashinban.drills import models as drills
from rashinban.evidence.findings import SEVERITIES
from rashinban.evidence.registry import FIELD_KINDS
from rashinban.nextsteps.content import ROLES as STEP_ROLES
from rashinban.nextsteps.model import SOURCES as STEP_SOURCES
from rashinban.orgs import choices as org_choices
from rashinban.planning import models as planning
from rashinban.planning.status import STATUSES
from rashinban.security import models as security


def _enum(name: str, values: Iterable[str], doc: str) -> type[enum.Enum]:
    """A str enum whose member names are the values in capitals ("not-done" -> NOT_DONE)."""
    made = enum.StrEnum(name, [(str(v).upper().replace("-", "_").replace("+", "_PLUS"), str(v)) for v in values])  # type: ignore[misc]
    made.__doc__ = doc
    made.__module__ = __name__
    return made


Lang = _enum("Lang", ["ja", "en"], "Language of the texts in an answer.")
Role = _enum("Role", org_choices.Role.values, "A person's role in the organisation.")
Industry = _enum("Industry", org_choices.Industry.values, "The organisation's industry.")
EmployeeBand = _enum("EmployeeBand", org_choices.EmployeeBand.values, "How many people the organisation employs.")
Level = _enum(
    "Level", [level for _floor, level in LEVEL_FLOORS] + ["critical"], "Risk level of a 0–100 score (100 is best)."
)
TargetKind = _enum("TargetKind", planning.TargetKind.values, "KGI (business result) or KPI (leading indicator).")
Direction = _enum("Direction", planning.Direction.values, "Whether higher or lower values are better.")
Frequency = _enum("Frequency", planning.Frequency.values, "How often a KGI/KPI is measured.")
KpiStatus = _enum(
    "KpiStatus", STATUSES, "A KGI/KPI against its planned path: on track, at risk, off track, overdue or waiting."
)
Stage = _enum("Stage", planning.Stage.values, "Where an initiative (small start) stands.")
Priority = _enum("Priority", security.Priority.values, "Priority of a security action.")
ActionStatus = _enum("ActionStatus", security.Status.values, "Progress of a security action.")
Severity = _enum("Severity", SEVERITIES, "Severity of an evidence finding, from info to critical.")
FieldKind = _enum("FieldKind", FIELD_KINDS, "What an evidence check's input field takes.")
DrillStatus = _enum(
    "DrillStatus", drills.DrillStatus.values, "Where a practice drill stands: draft, sending, stopped, finished."
)
StepSource = _enum(
    "StepSource",
    STEP_SOURCES,
    "Where a next step comes from: a diagnosis, the staff survey, evidence, documents or the plan.",
)
AssigneeRole = _enum("AssigneeRole", STEP_ROLES, "The role of the person a next step is given to.")
