"""Gaps of a framework the company aims for become steps of the one ranking, with the requirement as source,
without doubling a step another source already calls for."""

from __future__ import annotations

from django.utils import timezone

from rashinban.assessments.catalog import get_catalog
from rashinban.assessments.models import Diagnosis
from rashinban.frameworks.models import Target
from rashinban.nextsteps.frameworks import FrameworkGap, framework_candidates
from rashinban.nextsteps.gather import plan_for

SELFCHECK = get_catalog("security-selfcheck")


def answers(best: tuple[str, ...], worst: tuple[str, ...] = ()) -> dict[str, str]:
    found = {}
    for _s, q in SELFCHECK.questions_for("management"):
        pick = min if q.id in worst else max
        found[q.id] = pick((o for o in q.options if not o.unknown), key=lambda o: o.points).id
    return found


def test_pure_gap_supports_an_existing_step_or_becomes_its_own():
    gap = FrameworkGap(
        "security-action",
        {"ja": "SA", "en": "SA"},
        "1-4",
        {"ja": "共有", "en": "Sharing"},
        "missing",
        ("security:basic-sharing",),
    )
    [support] = framework_candidates([gap], {"security:basic-sharing"})
    assert support.supporting and support.id == "security:basic-sharing" and support.sources == ("framework",)
    [own] = framework_candidates([gap], set())
    assert (
        not own.supporting
        and own.id == "framework:security-action:1-4"
        and own.ref == ("framework", "security-action:1-4")
    )


def test_a_target_puts_its_gaps_in_the_plan(org_a):
    Diagnosis.objects.create(
        organisation=org_a,
        catalog_id="security-selfcheck",
        catalog_version=SELFCHECK.version,
        completed_at=timezone.now(),
        management_answers=answers((), worst=("basic-sharing",)),
    )
    before = {s.id for s in plan_for(org_a).steps}
    Target.objects.create(organisation=org_a, framework_id="security-action")
    steps = {s.id: s for s in plan_for(org_a).steps}
    assert "framework" in steps["security:basic-sharing"].sources  # the self-check step, now also the framework's
    own = steps["framework:security-action:2-1"]  # IPA's self-diagnosis: nothing else asks for it
    assert own.sources == ("framework",) and own.ref == ("framework", "security-action:2-1")
    assert "2-1" in own.title["ja"] and own.reasons
    assert not any(i.startswith("framework:security-action:1-") for i in steps)  # no doubled steps
    assert set(steps) - before == {"framework:security-action:2-1"}  # 2-2 supports the publish-policy step


def test_framework_steps_show_their_source_and_link(org_a):
    from rashinban.nextsteps.display import rows

    Target.objects.create(organisation=org_a, framework_id="security-action")
    [row] = [r for r in rows(plan_for(org_a), org_a.id, lang="en") if r.id == "framework:security-action:2-1"]
    assert row.url == f"/o/{org_a.id}/frameworks/security-action/"
    assert len(row.sources) == 1 and row.sources[0] in ("Customer requirements", "取引先の要求")
