"""Readiness, requirement by requirement, on hand-made company states with hand-computed verdicts."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner
from django.utils import timezone

from rashinban.assessments.catalog import get_catalog
from rashinban.frameworks.library import builtin_frameworks
from rashinban.frameworks.readiness import CheckState, CompanyState, ItemState, readiness, requirement_status

NOW = datetime(2026, 12, 1, tzinfo=UTC)
SELFCHECK = get_catalog("security-selfcheck")


def best(*qids: str) -> dict[str, str]:
    return {q: max(SELFCHECK.question(q).options, key=lambda o: o.points).id for q in qids}


def worst(*qids: str) -> dict[str, str]:
    return {q: min(SELFCHECK.question(q).options, key=lambda o: o.points).id for q in qids}


ONE_STAR = ("basic-updates", "basic-antimalware", "basic-passwords", "basic-sharing", "basic-threats")


def state(**kwargs) -> CompanyState:
    return CompanyState(now=NOW, catalog=SELFCHECK, **kwargs)


def test_combining_items():
    def items(*pairs):
        return [ItemState(f"x:{i}", cov, st) for i, (cov, st) in enumerate(pairs)]

    assert requirement_status([]) == "missing"
    assert requirement_status(items(("full", "claimed"), ("full", "proven"))) == "proven"  # best full item
    assert requirement_status(items(("partial", "proven"), ("partial", "claimed"))) == "claimed"  # all parts
    assert requirement_status(items(("partial", "proven"), ("partial", "missing"))) == "missing"
    assert requirement_status(items(("full", "missing"), ("partial", "proven"))) == "proven"
    assert requirement_status(items(("full", "proven"), ("partial", "contradicted"))) == "missing"


def test_security_action_one_star_by_answers_two_stars_need_the_record_and_a_published_policy():
    sa = builtin_frameworks()["security-action"]
    answered = readiness(sa, state(answers=best(*ONE_STAR)))
    assert [(lv.level, lv.ready) for lv in answered.levels] == [("★", True), ("★★", False)]
    assert answered.levels[1].missing == ["2-1", "2-2"]
    assert {r.requirement.id: r.status for r in answered.requirements}["1-1"] == "claimed"

    published = readiness(sa, state(answers=best(*ONE_STAR), documents={"policy": NOW - timedelta(days=400)}))
    assert published.levels[1].missing == ["2-1"]  # IPA's own self-diagnosis is still to be recorded
    both = readiness(
        sa,
        state(answers=best(*ONE_STAR), documents={"policy": NOW}, records={"ipa-self-diagnosis": NOW}),
    )
    assert both.ready and [lv.ready for lv in both.levels] == [True, True]

    one_gap = readiness(sa, state(answers=best(*ONE_STAR) | worst("basic-sharing")))
    assert one_gap.levels[0].missing == ["1-4"]


def test_evidence_proves_within_its_validity_and_a_failing_check_beats_a_claim():
    meti4 = builtin_frameworks()["meti-supply-chain-4"]
    answers = best("org-backups")
    fresh = readiness(meti4, state(answers=answers, checks={"backups": CheckState(NOW - timedelta(days=5), 30, False)}))
    status = {r.requirement.id: r for r in fresh.requirements}
    assert status["RC-1"].status == "proven" and "check:backups" in status["RC-1"].by
    stale = readiness(
        meti4, state(answers=answers, checks={"backups": CheckState(NOW - timedelta(days=31), 30, False)})
    )
    assert {r.requirement.id: r.status for r in stale.requirements}["RC-1"] == "claimed"
    assert "RC-1" in stale.missing  # ★4 needs proof: a claim is not enough
    failing = readiness(meti4, state(answers=answers, checks={"backups": CheckState(NOW, 30, True)}))
    assert {r.requirement.id: r.status for r in failing.requirements}["RC-1"] == "missing"


def test_not_applicable_with_its_reason_counts_as_met():
    meti3 = builtin_frameworks()["meti-supply-chain-3"]
    result = readiness(meti3, state(not_applicable={("meti-supply-chain-3", "PR-7"): "メールは取引先の環境を使う"}))
    pr7 = next(r for r in result.requirements if r.requirement.id == "PR-7")
    assert pr7.status == "not-applicable" and pr7.reason
    assert "PR-7" not in result.missing
    assert result.to_json()["requirements"][[r.requirement.id for r in result.requirements].index("PR-7")]["reason"]


def test_cli_readiness_reads_the_company(org_a, alice):
    from rashinban.assessments.models import Diagnosis
    from rashinban.cli import main
    from rashinban.documents.models import DocumentVersion

    Diagnosis.objects.create(
        organisation=org_a,
        catalog_id="security-selfcheck",
        catalog_version=SELFCHECK.version,
        completed_at=timezone.now(),
        management_answers=best(*ONE_STAR),
    )
    DocumentVersion.objects.create(
        organisation=org_a, kind="policy", number=1, title="方針", body="x", published_at=timezone.now()
    )
    runner = CliRunner(env={"RASHINBAN_LANG": "en"})
    out = runner.invoke(
        main, ["frameworks", "readiness", "--org", org_a.slug, "--framework", "security-action", "--json"]
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert set(data) == {"framework", "ready", "requirements", "missing", "levels"}
    assert data["levels"] == [
        {"level": "★", "ready": True, "missing": []},
        {"level": "★★", "ready": False, "missing": ["2-1"]},
    ]
    assert {"id": "2-2", "status": "proven", "by": ["document:policy"]} in data["requirements"]

    # The owner records IPA's own sheet (security.IpaSelfDiagnosis): ★★ is then ready, as the security panel says.
    from rashinban.security.models import IpaSelfDiagnosis

    IpaSelfDiagnosis.objects.create(organisation=org_a, done_on=timezone.localdate(), score=72, recorded_by=alice)
    again = runner.invoke(
        main, ["frameworks", "readiness", "--org", org_a.slug, "--framework", "security-action", "--json"]
    )
    assert json.loads(again.output)["levels"][1] == {"level": "★★", "ready": True, "missing": []}

    listed = json.loads(runner.invoke(main, ["frameworks", "list", "--json"]).output)
    assert all(set(f) == {"id", "title", "version", "as_of", "source_url", "requirements"} for f in listed)
    shown = json.loads(runner.invoke(main, ["frameworks", "show", "cis-v8-ig1", "--json"]).output)
    assert len(shown["requirements"]) == 56 and "mappings" in shown["requirements"][0]
    wrong = runner.invoke(main, ["frameworks", "readiness", "--org", "nobody", "--framework", "security-action"])
    assert wrong.exit_code == 2 and "nobody" in wrong.output
