"""API requests speak the language of their Accept-Language header, and a wrong method answers JSON.

The web pages deliberately ignore Accept-Language (orgs/middleware.py); a program has no language cookie
or user setting, so for `/api/` the header decides (Japanese when it names neither ja nor en). Django's
URL resolver answers a method an API path does not take with an empty HTML 405: it becomes the API's
error shape, keeping the Allow header.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from rashinban.api.errors import json_error

API_PREFIX = "/api/"
SUPPORTED = ("ja", "en")


def accepted_language(header: str) -> str:
    for tag, _quality in parse_accept_lang_header(header):
        base = tag.split("-")[0].lower()
        if base in SUPPORTED:
            return base
    return SUPPORTED[0]


class ApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        language = accepted_language(request.headers.get("Accept-Language", ""))
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allowed = response.get("Allow", "")
            response = json_error(
                405,
                _("This address does not take %(method)s; it takes %(allowed)s.")
                % {"method": request.method, "allowed": allowed},
                headers={"Allow": allowed},
            )
        response["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language",))
        return response
