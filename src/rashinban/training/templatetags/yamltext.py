from __future__ import annotations

from collections.abc import Mapping

from django import template
from django.utils.translation import get_language

from rashinban.assessments.catalog import localized

register = template.Library()


@register.filter
def loc(text: Mapping[str, str]) -> str:
    """A YAML text ({"ja": ..., "en": ...}) in the page's language."""
    return localized(text, get_language() or "ja")


@register.filter
def get_item(mapping: Mapping, key: str):  # type: ignore[no-untyped-def]
    """mapping[key] in a template (None when absent)."""
    return mapping.get(key) if mapping else None
