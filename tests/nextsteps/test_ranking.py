"""The pure ranking: merging, order, what drops out, what comes back, and how staff and evidence weigh in.

Expected values are worked out by hand from the rules in docs/next-steps.md (weights in steps.yaml).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

from rashinban.assessments.catalog import get_catalog
from rashinban.assessments.scoring import score
from rashinban.nextsteps.compute import compute_plan
from rashinban.nextsteps.model import DONE, Candidate, Person, State
from rashinban.nextsteps.rank import merge, rank
from rashinban.nextsteps.sources import CompanyData, DxRound, SelfCheckRound, Verdict
from tests.security.helpers import all_answered

TODAY = date(2026, 6, 1)  # a Monday
CHECKED = datetime(2026, 5, 20, 9, 0, tzinfo=UTC)
OWNER, STAFF = Person(1, "owner", "Owner"), Person(2, "member", "Staff")
DX = get_catalog("dx-seven-sins")


def selfcheck(**overrides: str) -> SelfCheckRound:
    return SelfCheckRound(CHECKED, all_answered("done", "management", **overrides))


def dx_round(management: dict[str, str], staff_sections: dict[str, int] | None = None) -> DxRound:
    sections = {s.id: s.score for s in score(DX, management, audience="management").sections}
    return DxRound(DX, CHECKED, management, sections, staff_sections)


def good_dx() -> dict[str, str]:
    return {q.id: max(q.options, key=lambda o: o.points).id for _s, q in DX.questions_for("management")}


def company(**fields) -> CompanyData:  # type: ignore[no-untyped-def]
    """A company whose DX diagnosis is all good and whose self-check is all done, unless `fields` say otherwise."""
    return CompanyData(**({"dx": dx_round(good_dx()), "selfcheck": selfcheck()} | fields))


def ids(data: CompanyData, states=None, people=(OWNER, STAFF)) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.id for s in compute_plan(data, states or {}, list(people), TODAY).steps]


def test_a_company_with_nothing_is_asked_to_take_both_diagnoses_first():
    assert ids(CompanyData()) == ["security:selfcheck", "dx:start"]


def test_mfa_outranks_a_warning_subscription_and_dont_know_outranks_not_done():
    data = company(selfcheck=selfcheck(basic_mfa="not-done", basic_threats="not-done", basic_sharing="unknown"))
    steps = compute_plan(data, {}, [OWNER, STAFF], TODAY).steps
    # weight × distance × effort factor: MFA 100 × 1 × 17/20 = 85; sharing 70 × 5/4 × 17/20 = 74.4; threats 30.
    assert [s.id for s in steps] == ["security:basic-mfa", "security:basic-sharing", "security:basic-threats"]
    assert [s.risk for s in steps] == [100, 88, 30]


def test_same_step_from_two_sources_is_one_step_with_both():
    answers = good_dx() | {"p7-q3": "no"}  # no multi-factor authentication, says the DX diagnosis
    data = company(selfcheck=selfcheck(basic_mfa="not-done"), dx=dx_round(answers))
    steps = compute_plan(data, {}, [OWNER, STAFF], TODAY).steps
    mfa = [s for s in steps if s.id == "security:basic-mfa"]
    assert len(mfa) == 1 and mfa[0].sources == ("security-check", "dx-diagnosis")
    assert len({s.id for s in steps}) == len(steps)


def test_the_dx_diagnosis_alone_calls_for_the_security_step_until_a_self_check_exists():
    answers = good_dx() | {"p7-q3": "no"}
    assert "security:basic-mfa" in ids(company(dx=dx_round(answers), selfcheck=None))
    # With a self-check that says MFA is done, the DX answer no longer makes a step of its own.
    assert "security:basic-mfa" not in ids(company(dx=dx_round(answers), selfcheck=selfcheck()))


def test_staff_seeing_a_critical_risk_raises_the_pattern_and_says_so():
    answers = good_dx()
    calm = compute_plan(company(dx=dx_round(answers), selfcheck=selfcheck()), {}, [OWNER], TODAY).steps
    assert calm == []  # management sees no weak pattern at all
    staff = {s.id: 100 for s in DX.sections} | {"p3-change": 14}
    steps = compute_plan(company(dx=dx_round(answers, staff), selfcheck=selfcheck()), {}, [OWNER], TODAY).steps
    assert [s.id for s in steps] == ["dx:p3-change:1", "dx:p3-change:2"]  # critical: two open steps at a time
    assert steps[0].staff_gap and steps[0].risk == 86 and "staff-survey" in steps[0].sources
    assert steps[0].reasons_in("en")[0].startswith("Your staff see this differently: talk to them first.")


def test_contradicting_evidence_ranks_a_step_higher_and_makes_a_done_answer_a_step():
    verdicts = {"basic-mfa": Verdict("contradicted", CHECKED, {"ja": "アカウント", "en": "Accounts"})}
    # MFA partly done: 100 × 1/2 × 17/20 = 42.5, below a restore never tested (70 × 17/20 = 59.5); contradicted,
    # × 3/2 = 63.75, above it.
    answers = selfcheck(basic_mfa="partly", org_restore_test="not-done")
    assert ids(company(selfcheck=answers)) == ["security:org-restore-test", "security:basic-mfa"]
    assert ids(company(selfcheck=answers, verdicts=verdicts)) == ["security:basic-mfa", "security:org-restore-test"]
    assert ids(company(selfcheck=selfcheck(), verdicts=verdicts)) == ["security:basic-mfa"]


def test_done_steps_leave_and_come_back_when_newer_evidence_contradicts_them():
    data = company(selfcheck=selfcheck(basic_mfa="not-done"))
    done = {"security:basic-mfa": State(DONE, done_at=CHECKED + timedelta(days=1))}
    assert ids(data, done) == []
    later = Verdict("contradicted", CHECKED + timedelta(days=5), {"ja": "アカウント", "en": "Accounts"})
    back = compute_plan(company(selfcheck=data.selfcheck, verdicts={"basic-mfa": later}), done, [OWNER], TODAY).steps
    assert [s.id for s in back] == ["security:basic-mfa"] and back[0].reopened
    assert back[0].reasons_in("en")[0].startswith("It was marked done on 2026-05-21")


def test_a_patterns_steps_come_in_the_banks_order_and_the_next_shows_when_one_is_done():
    staff = {s.id: 100 for s in DX.sections} | {"p1-strategy": 10}
    data = company(dx=dx_round(good_dx(), staff), selfcheck=selfcheck())
    assert ids(data) == ["dx:p1-strategy:1", "dx:p1-strategy:2"]
    done = {"dx:p1-strategy:1": State(DONE, done_at=CHECKED)}
    assert ids(data, done) == ["dx:p1-strategy:2", "dx:p1-strategy:3"]


def test_capacity_spreads_dates_and_people():
    answers = {q: "not-done" for q in ("basic_mfa", "basic_updates", "basic_antimalware", "basic_passwords")}
    steps = compute_plan(company(selfcheck=selfcheck(**answers)), {}, [OWNER, STAFF], TODAY, 1).steps
    # One step a week each: staff take the technical steps first, the owner steps in where it is sooner.
    assert [(s.id, s.assignee, s.due) for s in steps] == [
        ("security:basic-antimalware", 2, date(2026, 6, 5)),
        ("security:basic-mfa", 1, date(2026, 6, 5)),
        ("security:basic-updates", 2, date(2026, 6, 12)),
        ("security:basic-passwords", 1, date(2026, 6, 12)),
    ]


def test_a_moved_date_stays_and_a_fixed_date_holds():
    data = company(selfcheck=selfcheck(basic_mfa="not-done"))
    moved = {"security:basic-mfa": State(due=date(2026, 9, 30), due_moved=True)}
    step = compute_plan(data, moved, [OWNER], TODAY).steps[0]
    assert (step.due, step.due_kind) == (date(2026, 9, 30), "moved")


def test_merge_keeps_the_first_sources_title_and_every_reason():
    a = Candidate("x", ("documents",), {"en": "from documents"}, Fraction(30), reasons=({"en": "a"},))
    b = Candidate("x", ("security-check",), {"en": "from the check"}, Fraction(60), reasons=({"en": "b"},))
    c = Candidate("x", ("dx-diagnosis",), {}, Fraction(0), reasons=({"en": "c"},), supporting=True)
    merged = merge([a, b, c])["x"]
    assert merged.title == {"en": "from the check"} and merged.risk == 60
    assert merged.sources == ("security-check", "dx-diagnosis", "documents")
    assert [r["en"] for r in merged.reasons] == ["b", "a", "c"]
    assert merge([c]) == {}


def test_order_does_not_depend_on_input_order():
    data = company(selfcheck=SelfCheckRound(CHECKED, all_answered("partly", "management")))
    from rashinban.nextsteps.sources import candidates

    found = candidates(data, TODAY)
    forward = rank(found, {}, [OWNER, STAFF], TODAY)
    backward = rank(list(reversed(found)), {}, [OWNER, STAFF], TODAY)
    assert forward == backward
