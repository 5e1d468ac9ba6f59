"""Every change to steps goes through these functions (pages, API, command line, jobs, demo).

A step's date is stored once (`StepState.due`): the plan's date when the plan was made, or the date a person
moved it to; every page, report, mail and calendar reads that one date. A PoC decision's date is the gate's own
`decide_by`, so moving that step moves the gate.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from rashinban.nextsteps.gather import company_today, plan_for, plans_for
from rashinban.nextsteps.model import PROPOSED
from rashinban.nextsteps.models import PlanSettings, Status, StepState, TeamMember
from rashinban.orgs.models import Organisation, User
from rashinban.orgs.versions import bump

GATE_PREFIX = "plan:gate:"


def _state(organisation: Organisation, step_id: str) -> StepState:
    state, _created = StepState.objects.get_or_create(organisation=organisation, step_id=step_id)
    return state


@transaction.atomic
def move_due(organisation: Organisation, step_id: str, due: date | None, *, by: User | None) -> None:
    """Give a step the date a person chose (None: let the plan decide again)."""
    if step_id.startswith(GATE_PREFIX) and due is not None:
        from rashinban.planning.models import Gate

        Gate.objects.filter(organisation=organisation, pk=int(step_id.removeprefix(GATE_PREFIX))).update(decide_by=due)
        bump(organisation.pk)  # an UPDATE raises no version by itself; the kept plan and pages must see the date
        return
    state = _state(organisation, step_id)
    state.due, state.due_moved = due, due is not None
    state.updated_at, state.updated_by = timezone.now(), by
    state.save()


@transaction.atomic
def assign(organisation: Organisation, step_id: str, person: User | None, *, by: User | None) -> None:
    """Give a step to one person (None: the plan shares the work out again)."""
    state = _state(organisation, step_id)
    state.assignee, state.assignee_chosen = person, person is not None
    state.updated_at, state.updated_by = timezone.now(), by
    state.save()


@transaction.atomic
def set_status(organisation: Organisation, step_id: str, status: str, *, by: User | None) -> StepState:
    """Move a step to todo, doing or done; done remembers who and when (a newer result calling for it brings it
    back)."""
    state = _state(organisation, step_id)
    state.status = status
    state.done_at, state.done_by = (timezone.now(), by) if status == Status.DONE else (None, None)
    state.updated_at, state.updated_by = timezone.now(), by
    state.save()
    return state


def complete(organisation: Organisation, step_id: str, *, by: User | None) -> StepState:
    return set_status(organisation, step_id, Status.DONE, by=by)


@transaction.atomic
def commit_schedule(organisation: Organisation, today: date | None = None) -> int:
    """Store the date of every step that has only a proposed one, so that it stays put; returns how many."""
    organisation.refresh_from_db(fields=["data_version"])  # the caller may have changed its rows: no kept plan
    return _commit(organisation, plan_for(organisation, today).steps)


def _commit(organisation: Organisation, steps: list) -> int:  # type: ignore[type-arg]
    """Store each proposed step's date and the person the plan gave it (a person chosen by someone stays)."""
    proposed = {step.id: step for step in steps if step.due_kind == PROPOSED}
    if not proposed:
        return 0
    existing = {s.step_id: s for s in StepState.objects.filter(organisation=organisation, step_id__in=list(proposed))}
    now = timezone.now()
    new = []
    for step_id, step in proposed.items():
        state = existing.get(step_id)
        if state is None:
            new.append(StepState(organisation=organisation, step_id=step_id, due=step.due, updated_at=now,
                                 assignee_id=step.assignee, assignee_chosen=False))  # fmt: skip
        else:
            state.due, state.due_moved, state.updated_at = step.due, False, now
            if not (state.assignee_chosen and state.assignee_id):
                state.assignee_id, state.assignee_chosen = step.assignee, False
            state.save(update_fields=["due", "due_moved", "updated_at", "assignee", "assignee_chosen"])
    StepState.objects.bulk_create(new)
    if new:
        bump(organisation.pk)  # bulk_create sends no signal: the stored dates must reach the kept plan
    return len(proposed)


@transaction.atomic
def replan(organisation: Organisation, today: date | None = None, keep_overdue: bool = False) -> int:
    """Plan the dates again from today in rank order; dates people chose stay (and overdue ones, if asked)."""
    today = today or company_today(organisation)
    planned = StepState.objects.filter(organisation=organisation, due_moved=False, due__isnull=False).exclude(
        status=Status.DONE
    )
    if keep_overdue:
        planned = planned.filter(due__gte=today)
    planned.filter(assignee_chosen=False).update(assignee=None)  # the plan shares the work out again
    planned.update(due=None, updated_at=timezone.now())
    bump(organisation.pk)  # the UPDATEs above send no signal; the plan below must be made from the cleared dates
    return commit_schedule(organisation, today)


def commit_all(organisations: list[Organisation], today: date | None = None) -> int:
    """`commit_schedule` for many companies with one gathering (the daily job)."""
    committed = 0
    for organisation_id, plan in plans_for(organisations, today).items():
        organisation = next(o for o in organisations if o.pk == organisation_id)
        with transaction.atomic():
            committed += _commit(organisation, plan.steps)
    return committed


@transaction.atomic
def save_settings(organisation: Organisation, steps_per_week: int, team: list[User] | None) -> PlanSettings:
    """How many steps a person takes on a week, and which staff accounts share the work (None: not chosen)."""
    settings, _created = PlanSettings.objects.get_or_create(organisation=organisation)
    settings.steps_per_week = steps_per_week
    settings.updated_at = timezone.now()
    if team is not None:
        settings.team_chosen = True
        TeamMember.objects.filter(organisation=organisation).exclude(user__in=team).delete()
        known = set(TeamMember.objects.filter(organisation=organisation).values_list("user_id", flat=True))
        TeamMember.objects.bulk_create(
            [TeamMember(organisation=organisation, user=user) for user in team if user.pk not in known]
        )
    settings.save()
    return settings


@transaction.atomic
def change_capacity(organisation: Organisation, steps_per_week: int) -> PlanSettings:
    """A new number of steps per person and week (company settings); the dates the plan chose are planned again
    from it, dates people chose stay."""
    settings, _created = PlanSettings.objects.get_or_create(organisation=organisation)
    if settings.steps_per_week == steps_per_week:
        return settings
    settings.steps_per_week = steps_per_week
    settings.updated_at = timezone.now()
    settings.save()
    replan(organisation)
    return settings
