"""The shipped security self-check: the ids other capabilities rely on, IPA-style points, tags on every question."""

from __future__ import annotations

import pytest

from rashinban.assessments.catalog import CatalogError, get_catalog, load_catalog_text

CATALOG = get_catalog("security-selfcheck")

# Evidence checks, action plans and reports name these ids: they must exist, in these groups.
CONTRACT = {
    "basic": ["basic-updates", "basic-antimalware", "basic-passwords", "basic-mfa", "basic-sharing", "basic-threats"],
    "staff": [
        "staff-mail",
        "staff-web",
        "staff-devices",
        "staff-clear-desk",
        "staff-take-out",
        "staff-remote",
        "staff-report",
    ],
    "org": [
        "org-policy",
        "org-backups",
        "org-access-rights",
        "org-vendors",
        "org-incident",
        "org-training",
        "org-assets",
        "org-mail-spoofing",
    ],
}
THREATS = ["ransomware", "phishing", "unauthorised-access", "supply-chain", "insider"]


def test_groups_and_contract_question_ids_exist() -> None:
    assert [s.id for s in CATALOG.sections] == ["basic", "staff", "org"]
    for group, ids in CONTRACT.items():
        for qid in ids:
            assert CATALOG.section_of(qid) is not None and CATALOG.section_of(qid).id == group, qid


def test_about_twenty_five_questions_worth_a_hundred_points() -> None:
    questions = [q for _s, q in CATALOG.all_questions()]
    assert 22 <= len(questions) <= 28
    assert sum(q.max_points for q in questions) == 100
    assert CATALOG.scoring == "points"


def test_answers_are_done_partly_not_done_dont_know_and_sometimes_not_applicable() -> None:
    for _s, question in CATALOG.all_questions():
        points = {o.id: o.points for o in question.options}
        assert points["done"] == 4 and points["partly"] == 2 and points["not-done"] == 0, question.id
        assert points["unknown"] < points["not-done"], "don't know counts below not done"
        if "not-applicable" in points and question.id != "basic-mfa":
            assert points["not-applicable"] == points["done"], "not applicable counts as done"
    with_na = [q.id for _s, q in CATALOG.all_questions() if (o := q.option("not-applicable")) and o.not_applicable]
    assert "org-mail-spoofing" in with_na and "org-backups" not in with_na
    # Every company signs in to mail or cloud services: for MFA the old option counts as not done.
    assert "basic-mfa" not in with_na and CATALOG.question("basic-mfa").option("not-applicable").points == 0


def test_every_question_has_a_drill_step_threats_and_an_instruction() -> None:
    assert [t.id for t in CATALOG.threats] == THREATS
    assert [d.step for d in CATALOG.drill_steps] == [1, 2, 3, 4, 5]
    steps, threats = set(), set()
    for _s, question in CATALOG.all_questions():
        assert question.drill_step in {1, 2, 3, 4, 5} and question.threats and question.action, question.id
        steps.add(question.drill_step)
        threats.update(question.threats)
    assert steps == {1, 2, 3, 4, 5} and threats == set(THREATS)


def test_staff_group_goes_to_staff_and_only_it() -> None:
    staff = [q.id for _s, q in CATALOG.questions_for("staff")]
    assert staff == CONTRACT["staff"]
    assert len(CATALOG.questions_for("management")) == len(CATALOG.all_questions())


def test_a_band_for_every_level() -> None:
    assert {b.level for b in CATALOG.bands} == {"low", "medium", "high", "critical"}
    assert CATALOG.band("medium") is not None and CATALOG.band("medium").next["ja"]


TAGGED = """\
id: tagged
version: 1
scoring: points
title: {ja: t, en: t}
description: {ja: d, en: d}
threats:
  - {id: ransomware, title: {ja: r, en: r}}
drill_steps:
  - {step: 2, title: {ja: s, en: s}}
sections:
  - id: a
    title: {ja: a, en: a}
    lesson: {ja: l, en: l}
    steps:
      - {principle: 5, text: {ja: x, en: x}}
      - {principle: 5, text: {ja: y, en: y}}
    questions:
      - id: q1
        drill_step: 2
        threats: [ransomware]
        options:
          - {id: done, points: 4, label: {ja: d, en: d}}
          - {id: unknown, points: -1, unknown: true, label: {ja: u, en: u}}
          - {id: na, points: 4, not_applicable: true, label: {ja: n, en: n}}
        text: {ja: q, en: q}
"""


def load_error(text: str) -> CatalogError:
    with pytest.raises(CatalogError) as caught:
        load_catalog_text(text, "tagged.yaml")
    return caught.value


def test_a_tagged_bank_loads() -> None:
    catalog = load_catalog_text(TAGGED, "tagged.yaml")
    assert catalog.question("q1").threats == ["ransomware"]


def test_unknown_threat_is_named_with_its_line() -> None:
    error = load_error(TAGGED.replace("threats: [ransomware]", "threats: [meteor]"))
    assert "meteor" in error.message and error.line == 20


def test_drill_step_missing_from_the_list_is_refused() -> None:
    assert "drill step 3" in load_error(TAGGED.replace("drill_step: 2", "drill_step: 3")).message


def test_not_applicable_must_carry_full_points() -> None:
    error = load_error(TAGGED.replace("{id: na, points: 4", "{id: na, points: 1"))
    assert "not applicable" in error.message and error.line == 24


def test_only_dont_know_may_be_negative() -> None:
    error = load_error(TAGGED.replace("{id: done, points: 4", "{id: done, points: -2"))
    assert "must be 0 or more" in error.message and error.line == 22
