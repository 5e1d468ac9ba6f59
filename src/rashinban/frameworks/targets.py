"""The frameworks companies aim for, and their gaps for the ranking of next steps (nextsteps/frameworks.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from rashinban.frameworks.library import builtin_frameworks
from rashinban.frameworks.own import frameworks_for
from rashinban.frameworks.readiness import CLAIMED, MISSING, PROVEN, meets, readiness
from rashinban.nextsteps.frameworks import FrameworkGap


def gaps_for(organisations: Sequence) -> dict[int, list[FrameworkGap]]:  # type: ignore[type-arg]
    """Gaps of every company that aims for a framework (one query when none does)."""
    from rashinban.frameworks.gather import company_state
    from rashinban.frameworks.models import Target

    by_org: dict[int, list[str]] = defaultdict(list)
    for org_id, framework_id in Target.objects.filter(organisation__in=organisations).values_list(
        "organisation_id", "framework_id"
    ):
        by_org[org_id].append(framework_id)
    builtin = builtin_frameworks()
    found: dict[int, list[FrameworkGap]] = {}
    for org in organisations:
        ids = sorted(by_org.get(org.pk, []))
        library = frameworks_for(org) if any(f not in builtin for f in ids) else builtin
        wanted = [library[f] for f in ids if f in library]
        if not wanted:
            continue
        state = company_state(org)
        gaps = []
        for framework in wanted:
            for r in readiness(framework, state).requirements:
                if meets(r.status, framework.proof) or r.status not in (MISSING, CLAIMED):
                    continue
                covering = tuple(_step_for(i.item) for i in r.items if i.status != PROVEN)
                gaps.append(
                    FrameworkGap(
                        framework.id,
                        dict(framework.title),
                        r.requirement.id,
                        dict(r.requirement.summary),
                        r.status,
                        tuple(step for step in covering if step),
                    )
                )
        found[org.pk] = gaps
    return found


def _step_for(item: str) -> str:
    """The step another source makes for an item not met, if any ("" when none)."""
    from rashinban.nextsteps.content import content

    kind, _sep, key = item.partition(":")
    if kind == "question":
        return f"security:{key}"
    if kind == "document" and key in content().documents:
        return content().documents[key].same_as or ""
    if kind == "check":
        return f"evidence:recheck:{key}"
    return ""
