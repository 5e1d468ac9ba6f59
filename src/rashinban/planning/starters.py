"""Templates of common small starts (starters/*.yaml), validated with pydantic when loaded (pure)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from rashinban.assessments.catalog import localized

STARTER_DIR = Path(__file__).resolve().parent / "starters"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Model):
    ja: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return localized(self.model_dump(), lang)


class StarterKpi(_Model):
    name: Text
    unit: Text
    direction: Literal["up", "down"]
    frequency: Literal["weekly", "monthly", "quarterly", "yearly"]
    baseline: float
    target: float


class StarterCost(_Model):
    label: Text
    recurrence: Literal["once", "monthly", "yearly"]
    amount: int = Field(ge=0)
    hours: float = Field(default=0, ge=0)
    hourly_rate: int = Field(default=0, ge=0)
    hardware: bool = False  # PCs, tablets, readers ...: outside the IT subsidy's standard track


class StarterBenefit(_Model):
    label: Text
    kind: Literal["hours", "revenue", "avoided"]
    quantity: float = Field(ge=0)
    unit_value: float = Field(default=0, ge=0)


class StarterSubsidy(_Model):
    """A subsidy from a programme of the facts registry: its name, fiscal year, rate and amounts come from there."""

    programme: Literal["it-subsidy"]
    decision_months: int = Field(default=2, ge=0, le=24)  # the grant decision (交付決定), months after the start
    months_after_start: int = Field(ge=1, le=36)  # the money arrives, after the payment

    @model_validator(mode="after")
    def _after_decision(self) -> StarterSubsidy:
        if self.months_after_start <= self.decision_months:
            raise ValueError("months_after_start must come after decision_months (payment, then subsidy)")
        return self


class Starter(_Model):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: Text
    description: Text
    findings: list[str] = Field(default_factory=list)
    gate_months: int = Field(ge=1, le=24)
    kpis: list[StarterKpi] = Field(min_length=1)
    costs: list[StarterCost] = Field(default_factory=list)
    benefits: list[StarterBenefit] = Field(default_factory=list)
    subsidy: StarterSubsidy | None = None

    def one_off_paid(self) -> int:
        return sum(c.amount for c in self.costs if c.recurrence == "once")

    def eligible_one_off(self) -> int:
        """One-off costs a subsidy may reimburse: paid out (not staff hours) and not hardware."""
        return sum(c.amount for c in self.costs if c.recurrence == "once" and not c.hardware)


class StarterFile(_Model):
    version: int
    starters: list[Starter]


class StarterError(Exception):
    """A starter file that does not match the schema; names the file and the field."""


def load_starters_text(text: str, name: str) -> list[Starter]:
    try:
        data = StarterFile.model_validate(yaml.safe_load(text))
    except yaml.YAMLError as error:
        raise StarterError(f"{name}: {error}") from None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise StarterError(f"{name}: {where}: {first['msg']}") from None
    ids = [s.id for s in data.starters]
    if len(ids) != len(set(ids)):
        raise StarterError(f"{name}: two starters share an id")
    return data.starters


@cache
def starters() -> dict[str, Starter]:
    """The shipped starters by id, in file order."""
    found: dict[str, Starter] = {}
    for path in sorted(STARTER_DIR.glob("*.yaml")):
        for starter in load_starters_text(path.read_text(encoding="utf-8"), path.name):
            found[starter.id] = starter
    return found
