from __future__ import annotations

from django import template

from rashinban.assessments.first_hour import steps

register = template.Library()


@register.simple_tag
def first_hour_steps(organisation):  # type: ignore[no-untyped-def]
    """The first hour's checklist of a company (assessments/first_hour.py)."""
    return steps(organisation)
