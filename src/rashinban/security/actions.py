"""Every change to self-checks and the action plan goes through these functions (views, CLI, demo, jobs)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rashinban.assessments import actions as assessment_actions
from rashinban.assessments.catalog import get_catalog
from rashinban.assessments.models import Diagnosis
from rashinban.orgs.models import Organisation, User
from rashinban.orgs.tenancy import scoped
from rashinban.security.models import ActionComment, ActionItem, Status
from rashinban.security.plan import DX, SELFCHECK, PlannedItem, build_plan, default_due


def start_selfcheck(organisation: Organisation, by: User) -> Diagnosis:
    """A new round of the security self-check (a Diagnosis of bank `security-selfcheck`)."""
    catalog = get_catalog(SELFCHECK)
    return Diagnosis.objects.create(
        organisation=organisation, catalog_id=catalog.id, catalog_version=catalog.version, created_by=by
    )


def submit_selfcheck(diagnosis: Diagnosis, answers: Mapping[str, str], by: User) -> Diagnosis:
    """Store management's answers, then bring the action plan up to date with them."""
    assessment_actions.submit_management_answers(diagnosis, answers, by)
    regenerate_plan(diagnosis.organisation, by=by)
    return diagnosis


def _latest(organisation: Organisation, catalog_id: str) -> Diagnosis | None:
    return (
        scoped(Diagnosis.objects.all(), organisation)
        .filter(catalog_id=catalog_id, completed_at__isnull=False, custom_catalog__isnull=True)
        .order_by("-completed_at", "-id")
        .first()
    )


@transaction.atomic
def regenerate_plan(organisation: Organisation, by: User | None = None, today: date | None = None) -> list[ActionItem]:
    """Create or refresh one item per weak answer of the latest self-check and DX pattern 7; keep people's edits.

    Owner, due date, priority, wording and comments stay as people set them; risk, step and threats follow the
    latest answers. A done item whose question is still weak in a newer self-check is reopened, with a note.
    """
    today = today or timezone.localdate()
    selfcheck, dx = _latest(organisation, SELFCHECK), _latest(organisation, DX)
    planned = build_plan(
        get_catalog(SELFCHECK),
        selfcheck.management_answers if selfcheck else None,
        get_catalog(DX) if dx else None,
        dx.management_answers if dx else None,
    )
    existing = {(i.source_catalog, i.source_question): i for i in scoped(ActionItem.objects.all(), organisation)}
    kept = []
    for plan in planned:
        source = selfcheck if plan.source_catalog == SELFCHECK else dx
        item = existing.get((plan.source_catalog, plan.source_question))
        if item is None:
            item = _new_item(organisation, plan, source, by, today)
        else:
            _refresh_item(item, plan, source)
        kept.append(item)
    return kept


def _new_item(
    organisation: Organisation, plan: PlannedItem, source: Diagnosis | None, by: User | None, today: date
) -> ActionItem:
    owner = (source.answered_by if source else None) or by
    return ActionItem.objects.create(
        organisation=organisation,
        source_catalog=plan.source_catalog,
        source_question=plan.source_question,
        diagnosis=source,
        step=plan.step,
        threats=plan.threats,
        risk=plan.risk,
        priority=plan.priority,
        owner=owner,
        due=default_due(plan.priority, today),
    )


def _refresh_item(item: ActionItem, plan: PlannedItem, source: Diagnosis | None) -> None:
    item.step, item.threats, item.risk = plan.step, plan.threats, plan.risk
    reopen = (
        item.is_done
        and source is not None
        and source.completed_at is not None
        and item.completed_at is not None
        and source.completed_at > item.completed_at
    )
    if reopen:
        assert source is not None and source.completed_at is not None
        item.status, item.completed_at, item.completed_by = Status.TODO, None, None
        when = timezone.localtime(source.completed_at).date().isoformat()
        ActionComment.objects.create(
            organisation=item.organisation,
            item=item,
            text=_("Reopened: the check of %(date)s still does not answer this as done.") % {"date": when},
        )
    item.diagnosis = source
    item.updated_at = timezone.now()
    item.save()


def update_item(item: ActionItem, *, by: User, **changes: object) -> ActionItem:
    """Apply edits from the form (owner, due, priority, status, instruction); status goes through set_status."""
    status = changes.pop("status", None)
    for name, value in changes.items():
        setattr(item, name, value)
    item.updated_at = timezone.now()
    item.save()
    if status is not None and status != item.status:
        set_status(item, str(status), by=by)
    return item


def set_status(item: ActionItem, status: str, *, by: User) -> ActionItem:
    """Move an item to a status; completing it remembers who and when (shown on the next self-check)."""
    item.status = status
    if status == Status.DONE:
        item.completed_at, item.completed_by = timezone.now(), by
    else:
        item.completed_at, item.completed_by = None, None
    item.updated_at = timezone.now()
    item.save(update_fields=["status", "completed_at", "completed_by", "updated_at"])
    return item


def complete_item(item: ActionItem, *, by: User) -> ActionItem:
    return set_status(item, Status.DONE, by=by)


def add_comment(item: ActionItem, text: str, *, by: User) -> ActionComment:
    return ActionComment.objects.create(organisation=item.organisation, item=item, author=by, text=text.strip())
