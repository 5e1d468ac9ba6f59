"""Shapes and answers every API router shares."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination
from ninja.parser import Parser

from rashinban import limits


class Error(Schema):
    detail: Any


# Answers any operation may give: a body that is not JSON, no or a revoked token, input the schema
# refuses, too many requests.
COMMON: dict[int, Any] = {400: Error, 401: Error, 422: Error, 429: Error}


class Pages(LimitOffsetPagination):
    """`?limit=` (1–100, default 50) and `?offset=`; the answer carries `items` and `count`."""

    class Input(LimitOffsetPagination.Input):
        # Bounded so the database never sees a number it cannot hold (SQLite's integers are 64-bit).
        offset: int = Field(0, ge=0, le=1_000_000_000)


def own(request: HttpRequest, queryset: QuerySet, **lookup: Any) -> Any:
    """One row of the token's organisation, or 404 exactly as for an id that exists nowhere."""
    return get_object_or_404(queryset.filter(organisation=request.org), **lookup)  # type: ignore[attr-defined]


def lang_of(lang: str) -> str:
    return "en" if lang == "en" else "ja"


class BoundedParser(Parser):
    """JSON bodies read through rashinban.limits: size, values, depth, NUL and lone surrogates.

    A lone surrogate (`"\\ud800"`) or a NUL parses as JSON but cannot be stored (PostgreSQL refuses NUL, UTF-8
    cannot encode a surrogate), so it used to end as a server error inside a save.
    """

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        return limits.load_json(request.body, "request body", limits.API_BODY)  # type: ignore[no-any-return]


def bad_body(request: HttpRequest, exc: HttpError) -> tuple[int, dict[str, str]] | None:
    """The refusal of a body by the bounded parser, as the client should read it (ninja says only "cannot parse")."""
    cause = exc.__cause__
    if isinstance(cause, limits.LimitError):
        return 400, {"detail": str(cause)}
    if isinstance(cause, ValueError):  # json.JSONDecodeError and the like
        return 400, {"detail": gettext("The request body is not valid JSON: %(problem)s") % {"problem": cause}}
    return None
