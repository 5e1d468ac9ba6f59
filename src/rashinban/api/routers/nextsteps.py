"""The company's next steps: the one ranking (rashinban.nextsteps) every page, report and `rashinban next-steps`
shows, in the same order, with the same dates and people."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from rashinban.api.common import COMMON, Pages, lang_of
from rashinban.api.enums import AssigneeRole, Lang, StepSource
from rashinban.nextsteps import plan_for

router = Router(tags=["next steps"])


class NextStepOut(Schema):
    rank: int = Field(ge=1, description="1 = do this first; the order of every page, report and the command line.")
    id: str = Field(description='Stable id of the step, e.g. "security:basic-mfa" or "dx:p1:1".')
    title: str
    sources: list[StepSource]  # type: ignore[valid-type]
    due: date = Field(description="The one due date: the same on the action plan, the roadmap, mails and calendar.")
    assignee_role: AssigneeRole  # type: ignore[valid-type]
    reasons: list[str] = Field(description="Why the step ranks where it does, in plain words.")


@router.get("/next-steps", response={200: list[NextStepOut], **COMMON}, url_name="next_steps")
@paginate(Pages)
def next_steps(request: HttpRequest, lang: Lang | None = None) -> Any:  # type: ignore[valid-type]
    """The company's open steps, most important first, each with its due date and the role that should take it;
    texts in `lang` (by default the Accept-Language header's, else Japanese)."""
    language = lang_of(lang)
    return [step.as_json(language) for step in plan_for(request.org).steps]  # type: ignore[attr-defined]
