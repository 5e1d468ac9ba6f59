"""Shapes and answers every API router shares: the one error shape, pages, the token's own rows, the language."""

from __future__ import annotations

import enum
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import translation
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from ninja.parser import Parser
from ninja.responses import Status

from rashinban import limits
from rashinban.api.enums import Lang


class ErrorCode(enum.StrEnum):
    """What went wrong, for programs; `detail` says it for people."""

    BAD_REQUEST = "bad_request"  # 400: the body is not JSON
    UNAUTHENTICATED = "unauthenticated"  # 401: no token, or a revoked or unknown one
    FORBIDDEN = "forbidden"  # 403: a read-only token tried to write
    NOT_FOUND = "not_found"  # 404: no such object in the token's organisation, or no such URL
    METHOD_NOT_ALLOWED = "method_not_allowed"  # 405: see the Allow header
    CONFLICT = "conflict"  # 409: e.g. the result of a diagnosis nobody answered yet
    INVALID = "invalid"  # 422: input the schema or the rules refuse; `errors` names the fields
    RATE_LIMITED = "rate_limited"  # 429: see the Retry-After header
    SERVER_ERROR = "server_error"  # 500


CODES = {400: ErrorCode.BAD_REQUEST, 401: ErrorCode.UNAUTHENTICATED, 403: ErrorCode.FORBIDDEN,
         404: ErrorCode.NOT_FOUND, 405: ErrorCode.METHOD_NOT_ALLOWED, 409: ErrorCode.CONFLICT,
         422: ErrorCode.INVALID, 429: ErrorCode.RATE_LIMITED, 500: ErrorCode.SERVER_ERROR}  # fmt: skip


class FieldError(Schema):
    """One refused input: where it is, what is wrong, and pydantic's error type."""

    field: str = Field(description='Where the input is, e.g. "query.limit" or "body.note".')
    message: str
    type: str = Field(description='e.g. "missing", "string_too_long", "enum".')


class Error(Schema):
    """Every error the API answers has this shape, in the language of the request's Accept-Language."""

    detail: str
    code: ErrorCode
    errors: list[FieldError] = Field(default_factory=list, description="With code `invalid`: each refused input.")


def error_body(status: int, detail: str, errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "code": CODES.get(status, ErrorCode.SERVER_ERROR).value, "errors": errors or []}


def problem(status: int, detail: str) -> Status:
    """An error answer from an operation (404, 409, 422 ...), in the one shape."""
    return Status(status, error_body(status, detail))


# Answers any operation may give: a body that is not JSON, no or a revoked token, input the schema
# refuses, too many requests. 401 and 429 carry headers (declared by `v1.RashinbanApi`).
COMMON: dict[int, Any] = {400: Error, 401: Error, 422: Error, 429: Error}


class Pages(LimitOffsetPagination):
    """`?limit=` (1–100, default 50) and `?offset=`; the answer carries `items` and `count`."""

    class Input(LimitOffsetPagination.Input):
        # Bounded so the database never sees a number it cannot hold (SQLite's integers are 64-bit).
        offset: int = Field(0, ge=0, le=1_000_000_000)


def own(request: HttpRequest, queryset: QuerySet, **lookup: Any) -> Any:
    """One row of the token's organisation, or 404 exactly as for an id that exists nowhere."""
    return get_object_or_404(queryset.filter(organisation=request.org), **lookup)  # type: ignore[attr-defined]


def lang_of(lang: Lang | None) -> str:
    """The `lang` asked for, else the request's language (Accept-Language, else Japanese)."""
    if lang is not None:
        return str(lang.value)
    return "en" if translation.get_language() == "en" else "ja"


class BoundedParser(Parser):
    """JSON bodies read through rashinban.limits: size, values, depth, NUL and lone surrogates.

    A lone surrogate (`"\\ud800"`) or a NUL parses as JSON but cannot be stored (PostgreSQL refuses NUL, UTF-8
    cannot encode a surrogate), so it used to end as a server error inside a save. Ninja turns the refusal into
    an HttpError(400) with this LimitError as its cause (api/errors.py shows its message).
    """

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        return limits.load_json(request.body, "request body", limits.API_BODY)  # type: ignore[no-any-return]
