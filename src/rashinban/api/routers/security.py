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


def _action(item: ActionItem, lang: str) -> dict[str, Any]:
    return {
        "id": item.pk, "title": action_title(item, lang), "instruction": action_instruction(item, lang),
        "step": item.step, "threats": list(item.threats), "risk": item.risk, "priority": item.priority,
        "owner": item.owner.email if item.owner else None, "due": item.due, "status": item.status,
        "completed_at": item.completed_at,
    }  # fmt: skip


@router.get("/actions", response={200: list[ActionOut], **COMMON}, url_name="actions")
@paginate(Pages)
def action_list(request: HttpRequest, lang: Lang | None = None) -> Any:  # type: ignore[valid-type]
    """The security action plan, riskiest first; texts in `lang` (by default Accept-Language's, else Japanese)."""
    items = ActionItem.objects.filter(organisation=request.org).select_related("owner").order_by("-risk", "id")  # type: ignore[attr-defined]
    return [_action(item, lang_of(lang)) for item in items]


@router.patch("/actions/{action_id}", response={200: ActionOut, 403: Error, 404: Error, **COMMON}, url_name="action")
def action_update(request: HttpRequest, action_id: int, payload: ActionPatch, lang: Lang | None = None) -> Any:  # type: ignore[valid-type]
    """Move an item to `todo`, `doing` or `done` (write scope); done is remembered for the next self-check."""
    require_write(request)
    item = own(request, ActionItem.objects.select_related("owner"), pk=action_id)
    actions.set_status(item, payload.status.value, by=request.auth.created_by)  # type: ignore[attr-defined]
    return Status(200, _action(item, lang_of(lang)))
