"""Findings never show internal English ids in the Japanese UI; jargon is explained where it appears (issue 15)."""

from __future__ import annotations

import re

from tests.evidence.checks.test_check_pages import check_url

# The password policy as the form takes it (tests/evidence/checks/files/policy_old.yaml: 8 characters, MFA optional).
OLD_POLICY = {
    "min_length": "8", "required_classes": ["lower", "digit"], "reuse_forbidden": "no", "history": "0",
    "max_age_days": "90", "change_on_compromise": "no", "mfa": "optional", "lockout_attempts": "0",
    "password_manager": "none",
}  # fmt: skip


def visible_text(html: str) -> str:
    """The page without tags and attribute values: what a reader sees."""
    return re.sub(r"<[^>]+>", " ", html)


def test_japanese_findings_show_no_internal_ids(as_alice, org_a):
    as_alice.cookies["django_language"] = "ja"
    page = as_alice.post(
        check_url(org_a, "password-policy"),
        OLD_POLICY,
        HTTP_ACCEPT_LANGUAGE="ja",
        follow=True,
    ).content.decode()
    assert 'id="finding-policy-min-length"' in page  # the id stays as an anchor ...
    assert "policy-min-length" not in visible_text(page)  # ... but is never shown
    english = as_alice.post(
        check_url(org_a, "password-policy"),
        OLD_POLICY,
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert english.status_code == 200


def test_evidence_page_explains_the_word_evidence(as_alice, org_a):
    as_alice.cookies["django_language"] = "ja"
    page = as_alice.get(f"/o/{org_a.id}/evidence/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert 'data-term="evidence"' in page and "裏付ける記録" in page
