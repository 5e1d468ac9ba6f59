"""The security action plan: read the items, move one to another status."""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from rashinban.api.auth import require_write
from rashinban.api.common import COMMON, Error, Pages, lang_of, own
from rashinban.api.enums import ActionStatus, Lang, Priority
from rashinban.security import actions
from rashinban.security.models import ActionItem
from rashinban.security.plan import step_id_of
from rashinban.security.summary import action_instruction, action_title

router = Router(tags=["security"])


class ActionOut(Schema):
    id: int
    title: str
    instruction: str
    step: int
    threats: list[str]
    risk: int
    priority: Priority  # type: ignore[valid-type]
    owner: str | None
    due: date | None
    status: ActionStatus  # type: ignore[valid-type]
    completed_at: datetime | None


class ActionPatch(Schema):
    status: ActionStatus  # type: ignore[valid-type]


def _ranked(request: HttpRequest) -> dict[str, tuple[date, str | None]]:
    """Each step of the one ranking (rashinban.nextsteps) by id: its date and its person's address. An item's own
    `due` and `owner` are what it was first given; every page shows the ranking's, and so does this."""
    from rashinban.nextsteps import plan_for
    from rashinban.orgs.models import User

    steps = plan_for(request.org).steps  # type: ignore[attr-defined]
    emails = dict(User.objects.filter(pk__in={s.assignee for s in steps if s.assignee}).values_list("pk", "email"))
    return {step.id: (step.due, emails.get(step.assignee or 0)) for step in steps}


def _action(item: ActionItem, lang: str, ranked: dict[str, tuple[date, str | None]]) -> dict[str, Any]:
    due, owner = item.due, item.owner.email if item.owner else None
    step_id = step_id_of(item.source_catalog, item.source_question)
    if step_id in ranked:
        due, owner = ranked[step_id][0], ranked[step_id][1] or owner
    return {
        "id": item.pk, "title": action_title(item, lang), "instruction": action_instruction(item, lang),
        "step": item.step, "threats": list(item.threats), "risk": item.risk, "priority": item.priority,
        "owner": owner, "due": due, "status": item.status, "completed_at": item.completed_at,
    }  # fmt: skip


@router.get("/actions", response={200: list[ActionOut], **COMMON}, url_name="actions")
@paginate(Pages)
def action_list(request: HttpRequest, lang: Lang | None = None) -> Any:  # type: ignore[valid-type]
    """The security action plan, riskiest first; texts in `lang` (by default Accept-Language's, else Japanese). An
    open item's `due` and `owner` are the one ranking's (GET /next-steps), as on every page."""
    items = ActionItem.objects.filter(organisation=request.org).select_related("owner").order_by("-risk", "id")  # type: ignore[attr-defined]
    ranked = _ranked(request)
    return [_action(item, lang_of(lang), ranked) for item in items]


@router.patch("/actions/{action_id}", response={200: ActionOut, 403: Error, 404: Error, **COMMON}, url_name="action")
def action_update(request: HttpRequest, action_id: int, payload: ActionPatch, lang: Lang | None = None) -> Any:  # type: ignore[valid-type]
    """Move an item to `todo`, `doing` or `done` (write scope); done is remembered for the next self-check."""
    require_write(request)
    item = own(request, ActionItem.objects.select_related("owner"), pk=action_id)
    actions.set_status(item, payload.status.value, by=request.auth.created_by)  # type: ignore[attr-defined]
    return Status(200, _action(item, lang_of(lang), _ranked(request)))
