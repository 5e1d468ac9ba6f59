"""The facts come from the systems map and the latest security self-check; unknown stays unknown."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from rashinban.assessments.models import Diagnosis
from rashinban.documents import actions
from rashinban.documents.gather import company_facts
from rashinban.landscape.models import System


def selfcheck(org, answers: dict[str, str], days_ago: int = 0) -> Diagnosis:  # type: ignore[no-untyped-def]
    when = timezone.now() - timedelta(days=days_ago)
    return Diagnosis.objects.create(
        organisation=org,
        catalog_id="security-selfcheck",
        catalog_version=1,
        management_answers=answers,
        completed_at=when,
    )


def test_without_map_or_selfcheck_nothing_is_assumed(org_a):
    facts = company_facts(org_a)
    assert facts.systems == () and facts.has_backup is None and facts.mfa_enforced is None


def test_latest_selfcheck_tailors_the_rules(org_a, org_b, alice):
    selfcheck(org_a, {"org-backups": "done", "basic-mfa": "done"}, days_ago=30)
    selfcheck(org_a, {"org-backups": "not-done", "basic-mfa": "partly", "staff-remote": "done"})
    selfcheck(org_b, {"org-backups": "done"})  # another company's answers never count
    facts = company_facts(org_a)
    assert (facts.has_backup, facts.mfa_enforced, facts.remote_work) == (False, False, True)
    policy = actions.generate_version(org_a, "policy", "ja", alice).body
    assert "バックアップがまだありません" in policy and "多要素認証がまだ必須になっていません" in policy


def test_systems_map_names_the_systems(org_a, org_b, alice):
    System.objects.create(
        organisation=org_a,
        name="販売管理",
        department="営業",
        hosting="onsite",
        data_kinds=["customer"],
        has_mfa=False,
        has_backup=True,
    )
    System.objects.create(organisation=org_b, name="B社の秘密", department="x", has_mfa=False)
    facts = company_facts(org_a)
    assert [(s.name, s.cloud, s.customer_data, s.mfa) for s in facts.systems] == [("販売管理", False, True, False)]
    plan = actions.generate_version(org_a, "plan", "ja", alice).body
    assert "顧客データを持つシステム：販売管理" in plan and "B社の秘密" not in plan
