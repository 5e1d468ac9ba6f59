"""Scoring the self-check: IPA-style points (done 4, partly 2, not done 0, don't know -1, n/a = done), hand-computed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rashinban.assessments.scoring import score
from tests.security.helpers import QUESTION_IDS, SELFCHECK, all_answered


def result(answers: dict[str, str]):
    return score(SELFCHECK, answers, audience="management")


def test_all_done_is_a_hundred_and_everything_is_guarded() -> None:
    r = result(all_answered("done"))
    assert r.overall_score == 100 and r.overall_level == "low"
    assert {t.score for t in r.threats} == {100} and {s.score for s in r.steps} == {100}


def test_total_is_the_sum_of_points_over_twenty_five_questions() -> None:
    # 10 done (40) + 5 partly (10) + 10 not done (0) = 50 points of 100.
    answers = {qid: "done" for qid in QUESTION_IDS[:10]}
    answers |= {qid: "partly" for qid in QUESTION_IDS[10:15]}
    answers |= {qid: "not-done" for qid in QUESTION_IDS[15:]}
    assert result(answers).overall_score == 50


def test_dont_know_counts_below_not_done() -> None:
    # 24 done (96) and one don't know (-1) = 95; the same with "not done" = 96.
    assert result(all_answered("done", basic_updates="unknown")).overall_score == 95
    assert result(all_answered("done", basic_updates="not-done")).overall_score == 96


def test_a_blank_answer_counts_as_dont_know() -> None:
    answers = all_answered("done")
    del answers["org-backups"]
    assert result(answers).overall_score == 95


def test_not_applicable_counts_as_done() -> None:
    assert result(all_answered("done", org_mail_spoofing="not-applicable")).overall_score == 100


def test_all_dont_know_is_zero_not_negative() -> None:
    r = result(all_answered("unknown"))
    assert r.overall_score == 0 and all(s.score == 0 for s in r.sections)


def test_group_scores_by_hand() -> None:
    # basic has 7 questions (28 points): updates done 4 + antimalware partly 2 + 5 not done = 6/28 = 21.4 -> 21.
    answers = all_answered("not-done", basic_updates="done", basic_antimalware="partly")
    groups = {s.id: s.score for s in result(answers).sections}
    assert groups == {"basic": 21, "staff": 0, "org": 0}


def test_threat_score_by_hand() -> None:
    # supply-chain guards: basic-threats, org-vendors, org-assets, org-outside-help (16 points).
    # done, partly, not done, don't know = 4 + 2 + 0 - 1 = 5/16 = 31.25 -> 31, high risk.
    answers = all_answered(
        "done", basic_threats="done", org_vendors="partly", org_assets="not-done", org_outside_help="unknown"
    )
    supply = next(t for t in result(answers).threats if t.id == "supply-chain")
    assert (supply.score, supply.level) == (31, "high")


def test_step_score_by_hand() -> None:
    # Step 1 (know your weak points): basic-threats and org-assets, 8 points; partly + done = 6/8 = 75.
    answers = all_answered("not-done", basic_threats="partly", org_assets="done")
    steps = {s.step: s.score for s in result(answers).steps}
    assert steps[1] == 75 and steps[3] == 0


def test_score_json_has_threats_and_steps_in_the_agreed_shape() -> None:
    data = result(all_answered("partly")).to_json()
    assert data["overall"] == {"score": 50, "level": "medium"}
    assert data["threats"][0] == {"id": "ransomware", "score": 50, "level": "medium"}
    assert [s["step"] for s in data["steps"]] == [1, 2, 3, 4, 5] and data["steps"][0] == {"step": 1, "score": 50}


OPTION_ORDER = ["unknown", "not-done", "partly", "done"]
answer_maps = st.fixed_dictionaries({qid: st.sampled_from(OPTION_ORDER) for qid in QUESTION_IDS})


@settings(max_examples=60, deadline=None)
@given(answers=answer_maps, qid=st.sampled_from(QUESTION_IDS))
def test_a_better_answer_never_lowers_any_score(answers: dict[str, str], qid: str) -> None:
    current = OPTION_ORDER.index(answers[qid])
    if current == len(OPTION_ORDER) - 1:
        return
    before = result(answers)
    after = result({**answers, qid: OPTION_ORDER[current + 1]})
    assert after.overall_score >= before.overall_score
    assert all(a.score >= b.score for a, b in zip(after.sections, before.sections, strict=True))
    assert all(a.score >= b.score for a, b in zip(after.threats, before.threats, strict=True))
    assert all(a.score >= b.score for a, b in zip(after.steps, before.steps, strict=True))


@settings(max_examples=60, deadline=None)
@given(answers=answer_maps)
def test_every_score_stays_between_0_and_100(answers: dict[str, str]) -> None:
    r = result(answers)
    values = [
        r.overall_score,
        *(s.score for s in r.sections),
        *(t.score for t in r.threats),
        *(s.score for s in r.steps),
    ]
    assert all(0 <= v <= 100 for v in values)
