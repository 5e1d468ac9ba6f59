"""Properties of the one ranking over generated companies (hypothesis, pure: no database).

- no step appears twice, ranks run 1..n;
- every deliverable's first N steps are the ranking's first N in the same order (the command line and the API
  (`Step.as_json`), the owner's report's rows, table and summary sentence, a person's "this week", the roadmap);
- a roadmap stage (0–3, 3–12, 12–36 months) never contradicts a due date;
- at most `steps_per_week` small steps per person and week for steps the ranking dated itself;
- improving an answer never raises that answer's step.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rashinban.assessments.catalog import get_catalog
from rashinban.assessments.scoring import score
from rashinban.nextsteps.compute import compute_plan
from rashinban.nextsteps.model import DONE, Person, State
from rashinban.nextsteps.plan import STAGES, Plan, stage_of
from rashinban.nextsteps.sources import (
    CompanyData,
    Document,
    DxRound,
    Gate,
    Initiative,
    Kpi,
    SelfCheckRound,
    Verdict,
)
from rashinban.reports.gather import plan_rows
from rashinban.reports.owner import SUMMARY_NAMED, summary_sentence
from rashinban.reports.owner_facts import OwnerFacts
from rashinban.security.plan import DX_RISK_SECTION, SELFCHECK, distance_from_done, dx_links

DX = get_catalog("dx-seven-sins")
CHECK = get_catalog(SELFCHECK)
CHECKED = datetime(2026, 5, 20, 9, 0, tzinfo=UTC)
DX_QUESTIONS = [q for _s, q in DX.questions_for("management")]
CHECK_QUESTIONS = [q for _s, q in CHECK.questions_for("management")]
PROPERTIES = settings(
    max_examples=int(__import__("os").environ.get("PROPS", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def answers_for(questions, draw) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {q.id: draw(st.sampled_from([o.id for o in q.options])) for q in questions}


def dx_round(answers: dict[str, str], staff: dict[str, int] | None) -> DxRound:
    sections = {s.id: s.score for s in score(DX, answers, audience="management").sections}
    return DxRound(DX, CHECKED, answers, sections, staff)


@st.composite
def companies(draw):  # type: ignore[no-untyped-def]
    """(data, states, people, today, steps per week): a company with any mix of sources filled in."""
    today = draw(st.dates(date(2026, 6, 1), date(2027, 6, 1)))
    dx = None
    if draw(st.booleans()):
        staff = None
        if draw(st.booleans()):
            staff = {s.id: draw(st.integers(0, 100)) for s in DX.sections}
        dx = dx_round(answers_for(DX_QUESTIONS, draw), staff)
    selfcheck = None
    if draw(st.booleans()):
        staff_answers = draw(st.lists(st.just(None), max_size=3))
        selfcheck = SelfCheckRound(
            CHECKED, answers_for(CHECK_QUESTIONS, draw), [answers_for(CHECK_QUESTIONS, draw) for _ in staff_answers]
        )
    verdicts = {}
    for question in draw(st.lists(st.sampled_from(CHECK_QUESTIONS), max_size=4, unique_by=lambda q: q.id)):
        status = draw(st.sampled_from(["contradicted", "backed", "expired"]))
        when = CHECKED + timedelta(days=draw(st.integers(-30, 30)))
        verdicts[question.id] = Verdict(status, when, {"ja": "確認", "en": "Check"}, draw(st.sampled_from(["a", "b"])))
    gates = [
        Gate(i, f"trial {i}", today + timedelta(days=draw(st.integers(-30, 90))))
        for i in range(draw(st.integers(0, 2)))
    ]
    initiatives = [Initiative(i, f"initiative {i}", draw(st.sampled_from(["idea", "poc", "rollout", "done"])),
                              draw(st.integers(0, 1)), draw(st.integers(0, 1))) for i in range(draw(st.integers(0, 2)))]  # fmt: skip
    kpis = [Kpi(i, f"kpi {i}", draw(st.sampled_from(["off_track", "overdue", "on_track"])), 1.0, 2.0,
                today - timedelta(days=10), today - timedelta(days=3)) for i in range(draw(st.integers(0, 2)))]  # fmt: skip
    documents = {
        kind: Document(kind, {"ja": kind, "en": kind}, draw(st.booleans()), draw(st.booleans()))
        for kind in ("policy", "plan", "card")
    }
    data = CompanyData(dx, selfcheck, verdicts, {}, kpis, gates, initiatives, documents)
    people = [Person(1, "owner", "Owner")]
    people += [Person(10 + i, "member", f"Staff {i}") for i in range(draw(st.integers(0, 4)))]
    if draw(st.booleans()):
        people.append(Person(99, "advisor", "Advisor"))
    states = {}
    for step_id in draw(st.lists(st.sampled_from([f"security:{q.id}" for q in CHECK_QUESTIONS]), max_size=3)):
        states[step_id] = draw(
            st.sampled_from(
                [
                    State(DONE, done_at=CHECKED + timedelta(days=1)),
                    State(due=today + timedelta(days=draw(st.integers(-20, 400))), due_moved=True),
                    State(assignee=people[-1].id),
                ]
            )
        )
    return data, states, people, today, draw(st.integers(1, 5))


def plan_of(company) -> Plan:  # type: ignore[no-untyped-def]
    data, states, people, today, per_week = company
    return compute_plan(data, states, people, today, per_week)


@PROPERTIES
@given(companies())
def test_no_step_twice_and_ranks_run_from_one(company):
    steps = plan_of(company).steps
    assert len({s.id for s in steps}) == len(steps)
    assert [s.rank for s in steps] == list(range(1, len(steps) + 1))
    assert all(s.status != DONE for s in steps)


@PROPERTIES
@given(companies(), st.integers(1, 12))
def test_every_deliverable_starts_with_the_rankings_first_steps(company, n):
    plan = plan_of(company)
    first = plan.steps[:n]
    assert plan.first(n) == first
    # the command line and the API print Step.as_json of the ranking in its order
    assert [s.as_json("ja")["id"] for s in plan.first(n)] == [s.id for s in first]
    # the owner's report: its rows, its "first five" table and its summary sentence
    with translation.override("en"):
        rows = plan_rows(plan, "en")
        facts = OwnerFacts("A", "a", "en", plan.today, None, None, rows)
        assert [r.step_id for r in rows[:n]] == [s.id for s in first]
        assert [(r.title, r.due) for r in facts.top_actions] == [(s.title_in("en"), s.due) for s in plan.first(5)]
        sentence = summary_sentence(facts)
        for step in plan.steps[:SUMMARY_NAMED]:
            assert step.title_in("en").rstrip("。. ") in sentence
    # a person's week and a source's steps keep the ranking's order
    ranks = {s.id: s.rank for s in plan.steps}
    for person in plan.people:
        week = [ranks[s.id] for s in plan.this_week(person)]
        assert week == sorted(week) and len(week) <= 5
    for source in ("security-check", "dx-diagnosis", "plan", "documents", "evidence"):
        picked = [ranks[s.id] for s in plan.with_source(source)]
        assert picked == sorted(picked)


@PROPERTIES
@given(companies())
def test_a_roadmap_stage_never_contradicts_a_due_date(company):
    plan = plan_of(company)
    for step in plan.steps:
        stage = plan.stage(step)
        assert stage == stage_of(step.due, plan.today)
        low, high = STAGES[stage]
        if stage > 1:
            assert step.due > plan.today + relativedelta(months=low)
        if stage < 3:
            assert step.due <= plan.today + relativedelta(months=high)
    stages = [plan.stage(s) for s in sorted(plan.steps, key=lambda s: s.due)]
    assert stages == sorted(stages)  # a later date is never in an earlier stage


@PROPERTIES
@given(companies())
def test_capacity_holds_for_the_steps_the_ranking_dates(company):
    data, states, people, today, per_week = company
    plan = plan_of((data, {}, people, today, per_week))  # nobody moved a date
    load = {1: 1, 2: 1, 3: 2, 4: 3, 5: 4}
    weeks: dict[tuple[int | None, date], int] = {}
    for step in plan.steps:
        if step.due_kind == "proposed":
            key = (step.assignee, step.due)
            weeks[key] = weeks.get(key, 0) + min(load[step.effort], per_week)
    # a large step may run over several weeks and end in one that other steps share: at most one such overrun
    assert all(count <= per_week + max(load.values()) for count in weeks.values())
    small = [s for s in plan.steps if s.due_kind == "proposed" and s.effort <= 2]
    per_person_week: dict[tuple[int | None, date], int] = {}
    for step in small:
        per_person_week[(step.assignee, step.due)] = per_person_week.get((step.assignee, step.due), 0) + 1
    assert all(count <= per_week for count in per_person_week.values())
    # Not everything on the owner: once there are more steps others could take than one person's week holds,
    # someone else takes some of them.
    others = {p.role for p in people if p.role != "owner"}
    shareable = [s for s in plan.steps if s.due_kind == "proposed" and others & set(s.roles)]
    if len(shareable) > per_week:
        assert {s.assignee for s in shareable} - {1}


def better_options(question, current: str) -> list[str]:  # type: ignore[no-untyped-def]
    chosen = question.option(current)
    return [o.id for o in question.options
            if not o.unknown and (chosen is None or chosen.unknown or o.points > chosen.points)]  # fmt: skip


def rank_of(plan: Plan, step_id: str) -> int:
    step = plan.get(step_id)
    return step.rank if step else len(plan.steps) + 1


@PROPERTIES
@given(companies(), st.data())
def test_improving_a_self_check_answer_never_raises_its_step(company, data):
    company_data, states, people, today, per_week = company
    if company_data.selfcheck is None:
        company_data = replace(company_data, selfcheck=SelfCheckRound(CHECKED, answers_for(CHECK_QUESTIONS, data.draw)))
    answers = dict(company_data.selfcheck.answers)
    question = data.draw(st.sampled_from(CHECK_QUESTIONS))
    options = better_options(question, answers[question.id])
    if not options:
        return
    improved = dict(answers) | {question.id: data.draw(st.sampled_from(options))}
    assert distance_from_done(question, improved) <= distance_from_done(question, answers)
    before = plan_of((company_data, states, people, today, per_week))
    after_data = replace(company_data, selfcheck=replace(company_data.selfcheck, answers=improved))
    after = plan_of((after_data, states, people, today, per_week))
    step_id = f"security:{question.id}"
    assert rank_of(after, step_id) >= rank_of(before, step_id)


@PROPERTIES
@given(companies(), st.data())
def test_improving_a_dx_answer_never_raises_its_steps(company, data):
    company_data, states, people, today, per_week = company
    dx = company_data.dx or dx_round(answers_for(DX_QUESTIONS, data.draw), None)
    section = data.draw(st.sampled_from(list(DX.sections)))
    question = data.draw(st.sampled_from(section.questions))
    options = better_options(question, dx.answers.get(question.id, ""))
    if "management" not in question.audience or not options:
        return
    improved = dict(dx.answers) | {question.id: data.draw(st.sampled_from(options))}
    before = plan_of((replace(company_data, dx=dx), states, people, today, per_week))
    after = plan_of((replace(company_data, dx=dx_round(improved, dx.staff_sections)), states, people, today, per_week))
    for step in before.steps:
        if is_step_of_answer(step.id, section.id, question.id):
            assert rank_of(after, step.id) >= step.rank, step.id


def is_step_of_answer(step_id: str, section_id: str, question_id: str) -> bool:
    """A pattern's answers call for its steps; a question of pattern 7 calls for its own security step."""
    if section_id != DX_RISK_SECTION:
        return step_id.startswith(f"dx:{section_id}:")
    link = dx_links().get(question_id)
    return link is not None and step_id in {f"dx-risk:{question_id}", f"security:{link.same_as}"}


@PROPERTIES
@given(companies())
def test_storing_the_proposed_plan_changes_no_date_and_no_person(company):
    """What `actions.commit_schedule` does every day: the plan stored with its dates and people reads back exactly
    as it was proposed, so no week holds more than the capacity."""
    data, _states, people, today, per_week = company
    proposed = plan_of((data, {}, people, today, per_week))
    stored = {s.id: State(due=s.due, assignee=s.assignee, assignee_chosen=False)
              for s in proposed.steps if s.due_kind == "proposed"}  # fmt: skip
    again = plan_of((data, stored, people, today, per_week))
    assert [(s.id, s.due, s.assignee) for s in again.steps] == [(s.id, s.due, s.assignee) for s in proposed.steps]
