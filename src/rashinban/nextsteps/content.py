"""What the ranking knows about each kind of step (steps.yaml): weight, effort, who can do it, and which steps say
the same thing. Pure: loaded once, checked on load."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rashinban.assessments.catalog import parse_yaml

Role = Literal["owner", "member", "advisor"]
ROLES: tuple[Role, ...] = ("owner", "member", "advisor")


class Kind(BaseModel):
    """One kind of step: how much harm its gap invites, how much work it is, who can do it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    weight: Annotated[int, Field(ge=0, le=100)] = 50
    effort: Annotated[int, Field(ge=1, le=5)] = 2
    roles: tuple[Role, ...] = ("owner",)
    same_as: str | None = None

    @model_validator(mode="after")
    def _roles_or_same(self) -> Kind:
        if not self.same_as and not self.roles:
            raise ValueError("a step needs roles or same_as")
        return self


class Content(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    security: dict[str, Kind]
    dx_risk: dict[str, Kind] = Field(alias="dx-risk")
    dx: dict[str, tuple[Kind, ...]]
    documents: dict[str, Kind]
    plan: dict[str, Kind]
    start: dict[str, Kind]
    evidence: dict[str, Kind] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _same_as_known(self) -> Content:
        known = {f"security:{key}" for key in self.security}
        for kind in [*self.documents.values(), *(k for steps in self.dx.values() for k in steps)]:
            if kind.same_as and kind.same_as not in known:
                raise ValueError(f"same_as names an unknown step: {kind.same_as}")
        return self


# A DX bank of the company's own (or a pattern steps.yaml does not list): the n-th step is effort n + 1.
DEFAULT_DX_ROLES: tuple[Role, ...] = ("owner", "member")


@cache
def content() -> Content:
    data, _lines = parse_yaml(Path(__file__).with_name("steps.yaml").read_text(encoding="utf-8"))
    return Content.model_validate(data)


def security_kind(question_id: str) -> Kind:
    return content().security.get(question_id) or Kind(weight=50, effort=2, roles=("member", "owner"))


def dx_step_kind(section_id: str, index: int) -> Kind:
    """The `index`-th (1-based) step of a DX pattern."""
    steps = content().dx.get(section_id, ())
    if index <= len(steps):
        return steps[index - 1]
    return Kind(effort=min(5, index + 1), roles=DEFAULT_DX_ROLES)
