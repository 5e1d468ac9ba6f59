"""Every API error in the one shape (`common.Error`), whoever raises it: ninja, an operation, the URL resolver.

Messages follow the request's language (`api.middleware`). pydantic's own messages are English, so the
common kinds of refused input get our words; the rest keep pydantic's.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from rashinban import limits
from rashinban.api.auth import RateLimited
from rashinban.api.common import error_body

REALM = 'Bearer realm="Rashinban API"'


def json_error(
    status: int, detail: str, errors: list[dict[str, str]] | None = None, headers: dict[str, str] | None = None
) -> JsonResponse:
    return JsonResponse(error_body(status, detail, errors), status=status, headers=headers)


def _field_message(error: dict[str, Any]) -> str:
    ctx = error.get("ctx") or {}
    kind = error.get("type", "")
    words = {
        "missing": _("This field is required."),
        "string_too_long": _("At most %(n)s characters.") % {"n": ctx.get("max_length")},
        "string_too_short": _("At least %(n)s characters.") % {"n": ctx.get("min_length")},
        "too_long": _("At most %(n)s entries.") % {"n": ctx.get("max_length")},
        "enum": _("Use one of: %(choices)s.") % {"choices": ctx.get("expected")},
        "literal_error": _("Use one of: %(choices)s.") % {"choices": ctx.get("expected")},
        "int_parsing": _("Write a whole number."),
        "int_type": _("Write a whole number."),
        "int_from_float": _("Write a whole number."),
        "float_parsing": _("Write a number."),
        "float_type": _("Write a number."),
        "finite_number": _("Write a number."),
        "date_from_datetime_parsing": _("Write a date as YYYY-MM-DD."),
        "date_parsing": _("Write a date as YYYY-MM-DD."),
        "date_type": _("Write a date as YYYY-MM-DD."),
        "less_than_equal": _("At most %(n)s.") % {"n": ctx.get("le")},
        "greater_than_equal": _("At least %(n)s.") % {"n": ctx.get("ge")},
        "string_type": _("Write text."),
        "bool_parsing": _("Write true or false."),
        "model_attributes_type": _("Write a JSON object."),
        "dict_type": _("Write a JSON object."),
        "list_type": _("Write a JSON list."),
    }
    return words.get(kind, str(error.get("msg", kind)))


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    """The field as the client names it: "body.note", not ninja's "body.payload.note"."""
    parts = [str(part) for part in loc]
    if parts[:2] == ["body", "payload"]:
        parts = ["body", *parts[2:]]
    return ".".join(parts)


def field_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {"field": _field(error.get("loc", ())), "message": _field_message(error), "type": str(error.get("type", ""))}
        for error in errors
    ]


def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = field_errors(list(exc.errors))
    fields = ", ".join(dict.fromkeys(e["field"] for e in errors))
    return json_error(422, _("Some of the input is not valid: %(fields)s.") % {"fields": fields}, errors)


def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    if request.headers.get("Authorization"):
        detail, challenge = _("This API token is unknown or was revoked."), f'{REALM}, error="invalid_token"'
    else:
        detail, challenge = _("Send an API token: Authorization: Bearer rbk_..."), REALM
    return json_error(401, detail, headers={"WWW-Authenticate": challenge})


def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:  # the only one ninja raises itself: a body it cannot parse
        if isinstance(exc.__cause__, limits.LimitError):  # refused by the bounded parser: say why
            return json_error(400, str(exc.__cause__))
        return json_error(400, _("The request body is not valid JSON."))
    return json_error(exc.status_code, str(exc))


def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return json_error(404, _("Not found."))


def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    return json_error(429, _("Too many requests; try again later."), headers={"Retry-After": str(exc.retry_after)})


def install(api: NinjaAPI) -> None:
    """Our handlers instead of ninja's defaults (which answer `detail` as a string or a list, in English)."""
    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(RateLimited, rate_limited)
