"""The plan page's SECURITY ACTION readiness reads the security documents."""

from __future__ import annotations


def test_two_star_policy_follows_the_published_policy_document(as_alice, org_a, alice):
    from rashinban.documents import actions as documents

    before = as_alice.get(f"/o/{org_a.id}/security/plan/").context["readiness"]
    assert next(r for r in before.two_star if r.key == "policy-published").state == "missing"

    documents.publish(documents.generate_version(org_a, "policy", "ja", alice), alice)

    after = as_alice.get(f"/o/{org_a.id}/security/plan/").context["readiness"]
    assert next(r for r in after.two_star if r.key == "policy-published").state == "met"
