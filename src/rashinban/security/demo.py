"""Demo data: the demo company's security self-check and plan, and action plans for `demo --scale`."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.utils import timezone

from rashinban.assessments.actions import STAFF, refresh_staff_scores
from rashinban.assessments.models import StaffResponse
from rashinban.orgs.models import Organisation, User
from rashinban.security import actions
from rashinban.security.models import ActionItem, Status
from rashinban.security.plan import SELFCHECK, build_plan, default_due
from rashinban.security.summary import selfcheck_catalog

# A small manufacturer that did the obvious (anti-malware, backups) but not the rest.
DEMO_ANSWERS = {
    "basic-updates": "partly",
    "basic-antimalware": "done",
    "basic-passwords": "partly",
    "basic-mfa": "not-done",
    "basic-sharing": "unknown",
    "basic-firewall": "partly",
    "basic-threats": "not-done",
    "staff-mail": "partly",
    "staff-web": "done",
    "staff-devices": "not-done",
    "staff-clear-desk": "done",
    "staff-take-out": "partly",
    "staff-remote": "not-applicable",
    "staff-report": "partly",
    "org-policy": "not-done",
    "org-backups": "done",
    "org-restore-test": "not-done",
    "org-access-rights": "partly",
    "org-vendors": "partly",
    "org-incident": "not-done",
    "org-training": "not-done",
    "org-assets": "partly",
    "org-mail-spoofing": "unknown",
    "org-monitoring": "not-done",
    "org-outside-help": "not-done",
}
STAFF_CHOICES = ["done", "done", "partly", "partly", "not-done", "unknown"]


def seed_security(organisation: Organisation, owner: User, staff: User) -> None:
    """A self-check answered two weeks ago, five staff answers, and a plan with some progress."""
    rng = random.Random(11)
    diagnosis = actions.start_selfcheck(organisation, owner)
    actions.submit_selfcheck(diagnosis, DEMO_ANSWERS, owner)
    when = timezone.now() - timedelta(days=14)
    type(diagnosis).objects.filter(pk=diagnosis.pk).update(created_at=when, completed_at=when)
    for _ in range(5):
        answers = {q.id: rng.choice(STAFF_CHOICES) for _s, q in selfcheck_catalog().questions_for(STAFF)}
        StaffResponse.objects.create(organisation=organisation, diagnosis=diagnosis, answers=answers)
    refresh_staff_scores(diagnosis)
    items = {i.source_question: i for i in ActionItem.objects.filter(organisation=organisation)}
    today = timezone.localdate()
    if "basic-mfa" in items:
        actions.complete_item(items["basic-mfa"], by=owner)
    if "org-incident" in items:
        item = items["org-incident"]
        actions.update_item(item, by=owner, owner=staff, due=today - timedelta(days=3), status=Status.DOING)
        actions.add_comment(item, "連絡先の一覧は作成済み。届け出先の確認が残っています。", by=staff)
    if "basic-threats" in items:
        actions.update_item(items["basic-threats"], by=owner, due=today + timedelta(days=4))


def add_action_plans(
    organisations: list[Organisation], owners: dict[int, int], seed: int = 5, now: datetime | None = None
) -> int:
    """For `demo --scale`: per company, a self-check answered with plausible answers one to four months ago and
    the plan built from those answers, each written with one bulk_create.

    `owners` maps organisation id to the user id who answered and owns the items. Returns the number of items."""
    from rashinban.assessments.actions import MANAGEMENT, cached_scores
    from rashinban.assessments.models import Diagnosis

    rng = random.Random(seed)
    catalog = selfcheck_catalog()
    questions = [q for _s, q in catalog.all_questions()]
    now = now or timezone.now()
    today = timezone.localdate(now)
    rows, checks = [], []
    for organisation in organisations:
        bias = rng.random()
        answers = {
            q.id: ("done" if rng.random() < bias else rng.choice(["partly", "not-done", "unknown"])) for q in questions
        }
        answered = now - timedelta(days=rng.randint(30, 120), minutes=rng.randint(0, 600))
        owner = owners.get(organisation.pk)
        checks.append(
            Diagnosis(
                organisation=organisation,
                catalog_id=catalog.id,
                catalog_version=catalog.version,
                created_by_id=owner,
                answered_by_id=owner,
                created_at=answered - timedelta(minutes=12),
                completed_at=answered,
                management_answers=answers,
                management_scores=cached_scores(catalog, answers, MANAGEMENT),
            )
        )
        for plan in build_plan(catalog, answers):
            status = rng.choice([Status.TODO, Status.TODO, Status.DOING, Status.DONE])
            rows.append(
                ActionItem(
                    organisation=organisation,
                    source_catalog=SELFCHECK,
                    source_question=plan.source_question,
                    step=plan.step,
                    threats=plan.threats,
                    risk=plan.risk,
                    priority=plan.priority,
                    owner_id=owner,
                    due=default_due(plan.priority, today - timedelta(days=rng.randint(0, 90))),
                    status=status,
                    completed_at=now if status == Status.DONE else None,
                    created_at=now,
                    updated_at=now,
                )
            )
    Diagnosis.objects.bulk_create(checks, batch_size=500)
    ActionItem.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
