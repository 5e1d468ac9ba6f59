"""The drill tracking endpoints (`/d/...`) skip the signed-in part of the middleware chain.

When a whole company opens its mail at once, every open pixel and link hit must be stored quickly. These
endpoints take no session, no signed-in user, no second factor, no messages and no sign-in throttle: the
unguessable token in the URL is their only credential, and their few POSTs are CSRF-exempt on purpose (a
recipient's click must count from any mail client). So this middleware, placed after the security headers and
the static files and before the session, resolves `/d/` URLs and calls the view directly. Every other URL goes
down the whole chain as usual.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import Resolver404, resolve
from django.utils import translation

PREFIX = "/d/"
SUPPORTED = {code for code, _name in settings.LANGUAGES}


class TrackingFastPath:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(PREFIX):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if match.namespace != "drills":
            return self.get_response(request)
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = cookie if cookie in SUPPORTED else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        request.resolver_match = match
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        response.headers.setdefault("Content-Language", language)
        # A landing page carries the language switch, a POST with a CSRF token: set the token's cookie as the
        # CSRF middleware would have, or the switch answers 403 (pen-test finding).
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            response = CsrfViewMiddleware(self.get_response).process_response(request, response)
        return response
