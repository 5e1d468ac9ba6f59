"""How the systems map, the vendors and the skills answers back or contradict DX diagnosis answers (patterns 4, 6).

Plain Python: each observation puts what the inventory shows on the same three steps as an answer
(0 = no, 1 = partly, 2 = yes); `verdict` compares it with the answer given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from rashinban.evidence.verdicts import Verdict
from rashinban.landscape.analysis import Analysis, LinkData, SystemData, VendorData

CONFIDENT = 3  # a skills self-rating from which a colleague can be asked for help


@dataclass(frozen=True)
class Observation:
    question_id: str
    level: int  # 0 no, 1 partly, 2 yes: what the evidence says the true answer is
    reason: str  # current language: what the evidence shows
    check: str  # "systems-map" | "vendors" | "skills"
    finding_ids: tuple[str, ...] = ()


def _share(count: int, total: int) -> int:
    return 2 if count == total else (0 if count == 0 else 1)


def observations(
    systems: Sequence[SystemData],
    links: Sequence[LinkData],
    vendors: Sequence[VendorData],
    analysis: Analysis,
    skills: Sequence[dict[str, int]] = (),
) -> list[Observation]:
    """What the inventory says about questions p4-q1, p4-q2, p4-q4, p6-q1, p6-q2 and p6-q3, where it can say."""
    found: list[Observation] = []
    if systems:
        operated = sum(1 for s in systems if s.bus_factor > 0)
        found.append(
            Observation(
                "p4-q1",
                _share(operated, len(systems)),
                _("%(n)s of %(total)s systems in the map can be run by someone inside.")
                % {"n": operated, "total": len(systems)},
                "systems-map",
                ("bus-factor-0",) if analysis.no_operator else (),
            )
        )
    if vendors:
        documented = sum(1 for v in vendors if v.returns_docs)
        found.append(
            Observation(
                "p4-q2",
                _share(documented, len(vendors)),
                _("%(n)s of %(total)s vendors deliver the manuals and settings.")
                % {"n": documented, "total": len(vendors)},
                "vendors",
                ("vendor-lock",) if analysis.dependent_vendors else (),
            )
        )
    if skills:
        confident = sum(1 for scores in skills if scores.get("basic_it", 0) >= CONFIDENT)
        found.append(
            Observation(
                "p4-q4",
                2 if confident else 0,
                _("%(n)s of %(total)s people rate their basic IT skills as confident or better.")
                % {"n": confident, "total": len(skills)},
                "skills",
            )
        )
    if len(systems) >= 2:
        found += _linking_observations(systems, links, analysis)
    return found


def _linking_observations(
    systems: Sequence[SystemData], links: Sequence[LinkData], analysis: Analysis
) -> list[Observation]:
    manual = analysis.rekey_links
    daily = [link for link in manual if link.frequency in ("daily", "realtime")]
    found = [
        Observation(
            "p6-q1",
            0 if daily else (1 if manual else 2),
            _("%(n)s links are re-keyed by hand, %(daily)s of them every day.")
            % {"n": len(manual), "daily": len(daily)},
            "systems-map",
            ("rekeying",) if manual else (),
        )
    ]
    customer = next((s for s in analysis.spreads if s.data_kind == "customer"), None)
    if any("customer" in s.data_kinds for s in systems):
        places = len(customer.groups) if customer else 1
        found.append(
            Observation(
                "p6-q2",
                2 if places == 1 else (1 if places == 2 else 0),
                _("Customer data is kept in %(n)s unlinked places.") % {"n": places},
                "systems-map",
                ("data-spread-customer",) if customer else (),
            )
        )
    automatic = sum(1 for link in links if link.method != "manual")
    found.append(
        Observation(
            "p6-q3",
            0 if automatic == 0 else (2 if automatic == len(links) else 1),
            _("%(n)s of %(total)s links pass data automatically (API or file).")
            % {"n": automatic, "total": len(links)},
            "systems-map",
            ("silo",) if analysis.silos else (),
        )
    )
    return found


def answer_level(points: int, max_points: int) -> int:
    """An answer on the evidence's scale: the worst option 0, the best 2, anything between 1."""
    return 0 if points <= 0 else (2 if points >= max_points else 1)


def verdict(observation: Observation, answer: int, checked_at: datetime) -> Verdict | None:
    """Backed when answer and evidence agree; contradicted when the answer claims more than the evidence shows,
    or is two steps below it; no verdict for one step below (the answer is only cautious)."""
    if answer == observation.level:
        return Verdict(observation.question_id, "backed", checked_at, observation.check)
    if answer > observation.level or observation.level - answer == 2:
        return Verdict(observation.question_id, "contradicted", checked_at, observation.check, observation.finding_ids)
    return None
