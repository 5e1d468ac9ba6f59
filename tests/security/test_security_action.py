"""SECURITY ACTION ★★ needs IPA's own sheet 「5分でできる!情報セキュリティ自社診断」, recorded by the owner.

Before: the readiness panel counted our own self-check as the ★★ self-diagnosis, so a company that had
answered our questions and published a policy read "ready to declare" without ever doing IPA's sheet.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import polib
import pytest
from django.utils import timezone

from rashinban.facts import fact
from rashinban.security.models import IpaSelfDiagnosis
from rashinban.security.readiness import MET, MISSING, readiness
from tests.conftest import login
from tests.security.helpers import SELFCHECK, all_answered

SRC = Path(__file__).resolve().parents[2] / "src" / "rashinban"


def test_our_self_check_and_a_policy_are_not_enough_for_two_stars():
    ready = readiness(SELFCHECK, all_answered("done"), policy_published=True)
    assert ready.one_star_ready and ready.selfcheck_done
    assert not ready.two_star_ready
    assert {r.key: r.state for r in ready.two_star} == {"ipa-self-diagnosis": MISSING, "policy-published": MET}


def test_ipa_sheet_record_and_policy_make_two_stars_ready():
    ready = readiness(SELFCHECK, all_answered("done"), policy_published=True, ipa_diagnosis_done=True)
    assert ready.two_star_ready


def test_ipa_sheet_alone_without_policy_is_not_ready():
    ready = readiness(SELFCHECK, all_answered("done"), policy_published=False, ipa_diagnosis_done=True)
    assert not ready.two_star_ready


@pytest.mark.django_db
def test_owner_records_ipa_sheet_and_the_panel_links_to_ipa_and_the_subsidy(as_alice, org_a, alice):
    page = as_alice.get(f"/o/{org_a.id}/security/plan/").content.decode()
    panel = page[page.index('id="security-action"') :]
    assert fact("ipa-self-diagnosis").source_url in panel
    assert 'id="security-action-subsidy"' in panel and 'data-fact="security-action-it-subsidy"' in panel
    assert 'id="selfcheck-is-ours"' in panel and 'id="ipa-diagnosis-form"' in panel
    assert 'id="req-ipa-self-diagnosis" ' in panel or 'id="req-ipa-self-diagnosis">' in panel
    assert re.search(r'class="req-missing" id="req-ipa-self-diagnosis"', panel)

    done_on = date.today() - timedelta(days=3)
    response = as_alice.post(f"/o/{org_a.id}/security/ipa-self-diagnosis/", {"done_on": done_on, "score": "72"})
    assert response.status_code == 302 and response["Location"].endswith("#security-action")
    record = IpaSelfDiagnosis.objects.get(organisation=org_a)
    assert (record.done_on, record.score, record.recorded_by) == (done_on, 72, alice)
    panel = as_alice.get(f"/o/{org_a.id}/security/plan/").content.decode()
    assert re.search(r'class="req-met" id="req-ipa-self-diagnosis"', panel)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("done_on", "score"),
    # The company's tomorrow, as the form compares (timezone.localdate(), Tokyo): the machine's date.today() + 1 is
    # Tokyo's today from 15:00 UTC, and was then accepted.
    [
        (timezone.localdate() + timedelta(days=1), "50"),
        (timezone.localdate(), "101"),
        (timezone.localdate(), "-26"),
        ("", "50"),
        ("x", "1"),
    ],
)
def test_bad_ipa_record_is_refused_and_nothing_is_written(as_alice, org_a, done_on, score):
    response = as_alice.post(f"/o/{org_a.id}/security/ipa-self-diagnosis/", {"done_on": done_on, "score": score})
    assert response.status_code == 302
    assert not IpaSelfDiagnosis.objects.exists()
    page = as_alice.get(response["Location"].split("#")[0]).content.decode()
    assert "messages" in page or "error" in page


@pytest.mark.django_db
def test_only_leads_record_and_other_companies_cannot(client, org_a, bob, mallory):
    login(client, bob)
    response = client.post(f"/o/{org_a.id}/security/ipa-self-diagnosis/", {"done_on": date.today(), "score": "80"})
    assert response.status_code == 403
    login(client, mallory)
    response = client.post(f"/o/{org_a.id}/security/ipa-self-diagnosis/", {"done_on": date.today(), "score": "80"})
    assert response.status_code == 404
    assert not IpaSelfDiagnosis.objects.exists()


IPA_SHEET = re.compile(r"5分でできる[!！]\s*情報セキュリティ自社診断")
SAME_SCOPE = re.compile(r"同じ範囲|same (scope|ground)|covers the ground of IPA", re.IGNORECASE)


def _texts():
    for pattern in ("**/*.yaml", "templates/**/*.html", "**/*.txt"):
        for path in SRC.glob(pattern):
            if "locale-drafts" in path.parts or path.name == "glossary.yaml":  # the glossary names the rule itself
                continue
            yield path, path.read_text(encoding="utf-8")
    po = SRC / "locale/ja/LC_MESSAGES/django.po"
    strings = [
        s for e in polib.pofile(str(po)) if not e.obsolete for s in (e.msgid, e.msgstr, *e.msgstr_plural.values())
    ]
    yield po, "\n".join(s.replace("\n", " ") for s in strings)


def test_our_check_is_never_called_jisha_shindan_nor_claims_ipas_scope():
    """自社診断 names IPA's sheet only; our own check is 自社チェック and never claims IPA's scope."""
    problems = []
    for path, text in _texts():
        for n, line in enumerate(text.splitlines(), 1):
            if "自社診断" in IPA_SHEET.sub("", line):
                problems.append(f"{path.relative_to(SRC)}:{n}: {line.strip()[:80]}")
            if SAME_SCOPE.search(line):
                problems.append(f"{path.relative_to(SRC)}:{n}: {line.strip()[:80]}")
    docs = (SRC.parents[1] / "docs" / "security.md").read_text(encoding="utf-8")
    problems += [f"docs/security.md: {m.group(0)}" for m in SAME_SCOPE.finditer(docs)]
    assert not problems, "\n".join(problems)
