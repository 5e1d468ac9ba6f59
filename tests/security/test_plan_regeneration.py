"""Regenerating the plan keeps people's edits, reopens what a newer self-check still finds weak."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from rashinban.assessments import actions as dx
from rashinban.security import actions, summary
from rashinban.security.models import ActionComment, ActionItem, Status
from tests.security.helpers import all_answered


def checked(org, user, answers, days_ago=0):
    diagnosis = actions.start_selfcheck(org, user)
    actions.submit_selfcheck(diagnosis, answers, user)
    when = timezone.now() - timedelta(days=days_ago)
    type(diagnosis).objects.filter(pk=diagnosis.pk).update(completed_at=when)
    return diagnosis


def test_new_items_get_owner_and_due_date_by_priority(org_a, alice):
    checked(org_a, alice, all_answered("not-done"))
    items = list(ActionItem.objects.filter(organisation=org_a).select_related("owner").order_by("-risk", "id"))
    assert len(items) == 25 and all(i.owner == alice for i in items)
    assert all(i.due == timezone.localdate() + timedelta(days=14) for i in items if i.priority == "high")


def test_edits_survive_regeneration_and_risk_follows_the_answers(org_a, alice, bob):
    checked(org_a, alice, all_answered("done", basic_mfa="not-done", org_backups="not-done"), days_ago=1)
    item = ActionItem.objects.get(organisation=org_a, source_question="basic-mfa")
    actions.update_item(item, by=alice, owner=bob, due=date(2030, 1, 31), priority="low", instruction="自分の言葉で")
    actions.add_comment(item, "started", by=bob)
    before = item.risk
    checked(org_a, alice, all_answered("not-done", basic_mfa="partly"))
    item.refresh_from_db()
    assert (item.owner, item.due, item.priority, item.instruction) == (bob, date(2030, 1, 31), "low", "自分の言葉で")
    assert item.comments.count() == 1 and item.risk != before
    assert ActionItem.objects.filter(organisation=org_a).count() == 25  # one per weak answer, no duplicates


def test_done_item_is_reopened_when_a_newer_check_still_finds_it_weak(org_a, alice):
    checked(org_a, alice, all_answered("done", basic_mfa="not-done"), days_ago=3)
    item = ActionItem.objects.get(organisation=org_a, source_question="basic-mfa")
    actions.complete_item(item, by=alice)
    ActionItem.objects.filter(pk=item.pk).update(completed_at=timezone.now() - timedelta(days=2))
    checked(org_a, alice, all_answered("done", basic_mfa="not-done"))
    item.refresh_from_db()
    assert item.status == Status.TODO and item.completed_at is None
    assert (
        "Reopened" in ActionComment.objects.get(item=item).text or "再開" in ActionComment.objects.get(item=item).text
    )


def test_done_item_stays_done_when_the_newer_check_answers_done(org_a, alice):
    checked(org_a, alice, all_answered("done", basic_mfa="not-done"), days_ago=3)
    item = ActionItem.objects.get(organisation=org_a, source_question="basic-mfa")
    actions.complete_item(item, by=alice)
    checked(org_a, alice, all_answered("done"))
    item.refresh_from_db()
    assert item.status == Status.DONE


def test_dx_pattern_seven_feeds_the_plan_before_any_selfcheck(org_a, alice):
    diagnosis = dx.start_diagnosis(org_a, alice)
    dx.submit_management_answers(diagnosis, {"p7-q1": "no", "p7-q5": "no"}, alice)
    items = actions.regenerate_plan(org_a, by=alice)
    assert {(i.source_catalog, i.source_question) for i in items} >= {
        ("dx-seven-sins", "p7-q1"),
        ("dx-seven-sins", "p7-q5"),
    }
    p7 = next(i for i in items if i.source_question == "p7-q5")
    assert "3-2-1" in summary.action_instruction(p7, "en") or "restore" in summary.action_instruction(p7, "en")


def test_the_summary_makes_no_list_of_its_own(org_a, alice):
    """What comes first and by when is the one ranking's: the security summary once listed items riskiest first and
    by their stored dates (top, overdue, due soon), a second answer nothing showed any more."""
    checked(org_a, alice, all_answered("not-done"))
    for name in ("action_items", "open_actions", "top_actions", "overdue_actions", "due_actions"):
        assert not hasattr(summary, name), name
    assert summary.latest_selfcheck(org_a) is not None


def test_a_dx_items_page_and_done_button_reach_its_step_in_the_ranking(as_alice, org_a, alice):
    """Before any self-check, a weak pattern-7 answer is an item whose step is its self-check twin's
    (security:org-restore-test for p7-q5) or dx-risk:<question>; the item page and "Mark done" used
    security:<the DX question>, a step that does not exist, so the ranking kept listing it."""
    from rashinban.nextsteps import plan_for
    from rashinban.security.plan import step_id_of

    diagnosis = dx.start_diagnosis(org_a, alice)
    dx.submit_management_answers(diagnosis, {"p7-q1": "no", "p7-q5": "no"}, alice)
    items = {i.source_question: i for i in actions.regenerate_plan(org_a, by=alice)}
    twin = items["p7-q5"]
    assert step_id_of(twin.source_catalog, twin.source_question) == "security:org-restore-test"
    assert step_id_of(twin.source_catalog, "p7-q1") == "dx-risk:p7-q1"  # no twin in the self-check
    step = plan_for(org_a).get("security:org-restore-test")
    assert step is not None

    form = as_alice.get(f"/o/{org_a.id}/security/plan/{twin.pk}/").context["form"]
    assert form.initial["due"] == step.due

    as_alice.post(f"/o/{org_a.id}/security/plan/{twin.pk}/complete/", {"next": "item"})
    assert plan_for(org_a).get("security:org-restore-test") is None  # done: off the ranking
