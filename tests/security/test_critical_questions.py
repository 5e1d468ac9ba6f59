"""Critical questions: a company with no backups and no MFA is never level "low", whatever its total.

Before: 23 of 25 questions done and backups and MFA not done scored 92 and read "low risk, the basics are in
place"; "not applicable" gave MFA full marks.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from django.utils import translation

from rashinban.assessments.scoring import score
from rashinban.cli import main
from rashinban.security import actions
from tests.security.helpers import SELFCHECK, all_answered

CRITICAL = {"basic-updates", "basic-antimalware", "basic-mfa", "org-backups", "basic-passwords"}


def test_catalog_show_json_marks_the_critical_questions():
    result = CliRunner(env={"RASHINBAN_LANG": "en"}).invoke(main, ["catalog", "show", "security-selfcheck", "--json"])
    assert result.exit_code == 0, result.output
    questions = [q for s in json.loads(result.stdout)["sections"] for q in s["questions"]]
    assert all(isinstance(q["critical"], bool) for q in questions)
    assert {q["id"] for q in questions if q["critical"]} == CRITICAL


def test_no_backups_no_mfa_is_not_low_and_names_the_gaps():
    answers = all_answered("done", "management", basic_mfa="not-done", org_backups="not-done")
    result = score(SELFCHECK, answers, audience="management")
    assert result.overall_score >= 75  # the total alone would read "low"
    assert result.overall_level == "medium"
    assert result.critical_gaps == ["basic-mfa", "org-backups"]
    assert result.to_json()["critical_gaps"] == ["basic-mfa", "org-backups"]


@pytest.mark.parametrize("qid", sorted(CRITICAL))
@pytest.mark.parametrize("option", ["partly", "not-done", "unknown", None])
def test_any_critical_question_not_fully_done_keeps_the_level_above_low(qid, option):
    answers = all_answered("done", "management")
    if option is None:
        del answers[qid]
    else:
        answers[qid] = option
    result = score(SELFCHECK, answers, audience="management")
    assert result.overall_level != "low" and result.critical_gaps == [qid]


def test_all_critical_done_can_be_low():
    result = score(SELFCHECK, all_answered("done", "management", org_vendors="not-done"), audience="management")
    assert result.overall_level == "low" and result.critical_gaps == []


def test_not_applicable_cannot_give_full_marks_for_mfa():
    full = score(SELFCHECK, all_answered("done", "management"), audience="management")
    na = score(SELFCHECK, all_answered("done", "management", basic_mfa="not-applicable"), audience="management")
    assert full.overall_score == 100
    assert na.overall_score < 100 and na.critical_gaps == ["basic-mfa"] and na.overall_level == "medium"


@pytest.mark.django_db
def test_result_page_dashboard_and_report_say_which_gaps_hold_it_back(as_alice, org_a, alice):
    diagnosis = actions.start_selfcheck(org_a, alice)
    answers = all_answered("done", "management", basic_mfa="not-done", org_backups="not-done")
    as_alice.post(f"/o/{org_a.id}/security/checks/{diagnosis.pk}/answer/", answers)
    diagnosis.refresh_from_db()
    assert diagnosis.completed_at is not None and diagnosis.overall >= 75
    with translation.override("ja"):
        page = as_alice.get(f"/o/{org_a.id}/security/checks/{diagnosis.pk}/", HTTP_ACCEPT_LANGUAGE="ja").content
    page = page.decode()
    assert 'id="critical-gaps"' in page and "多要素認証" in page and "バックアップ" in page
    assert "level-low" not in page.split('id="band"')[1].split("</section>")[0]

    from rashinban.security.templatetags.security_panel import security_panel

    class Req:
        org = org_a

    assert security_panel({"request": Req()})["result"]["overall_level"] == "medium"
