"""The library and readiness pages: what an owner sees, what a member may not change, and tenancy."""

from __future__ import annotations

from rashinban.frameworks.models import NotApplicable, Target
from tests.conftest import login


def test_library_and_detail_pages(as_alice, org_a):
    page = as_alice.get(f"/o/{org_a.id}/frameworks/")
    assert page.status_code == 200
    text = page.content.decode()
    for fid in ("security-action", "meti-supply-chain-4", "iso27001-2022", "cis-v8-ig1"):
        assert f'id="fw-{fid}"' in text
    detail = as_alice.get(f"/o/{org_a.id}/frameworks/meti-supply-chain-3/").content.decode()
    assert 'id="req-PR-4"' in detail and "2025-12-26" in detail  # the draft and its date
    assert 'id="scheme-fact"' in detail and "meti.go.jp/press/2025/12/20251226001" in detail  # the fact, sourced
    assert as_alice.get(f"/o/{org_a.id}/frameworks/no-such/").status_code == 404


def test_owner_aims_and_marks_not_applicable(as_alice, org_a):
    base = f"/o/{org_a.id}/frameworks/security-action"
    assert as_alice.post(f"{base}/target/", {"aim": "1"}).status_code == 302
    assert Target.objects.filter(organisation=org_a, framework_id="security-action").exists()
    as_alice.post(f"{base}/not-applicable/", {"requirement": "1-4", "reason": "共有フォルダもクラウドも使っていない"})
    row = NotApplicable.objects.get(organisation=org_a)
    assert (row.framework_id, row.requirement_id) == ("security-action", "1-4")
    page = as_alice.get(f"{base}/").content.decode()
    assert "共有フォルダもクラウドも使っていない" in page
    as_alice.post(f"{base}/not-applicable/", {"requirement": "1-4", "reason": ""})
    assert not NotApplicable.objects.exists()
    assert as_alice.post(f"{base}/not-applicable/", {"requirement": "9-9", "reason": "x"}).status_code == 404
    assert as_alice.post(f"{base}/target/", {"aim": "0"}).status_code == 302
    assert not Target.objects.exists()


def test_members_read_but_do_not_change(client, bob, org_a):
    login(client, bob)
    assert client.get(f"/o/{org_a.id}/frameworks/security-action/").status_code == 200
    assert client.post(f"/o/{org_a.id}/frameworks/security-action/target/", {"aim": "1"}).status_code in (403, 404)
    assert not Target.objects.exists()


def test_another_company_answers_404(client, mallory, org_a):
    login(client, mallory)
    assert client.get(f"/o/{org_a.id}/frameworks/").status_code == 404
    assert client.post(f"/o/{org_a.id}/frameworks/security-action/target/", {"aim": "1"}).status_code == 404
