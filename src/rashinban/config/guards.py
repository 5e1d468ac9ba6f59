"""Two rules every page follows, kept in one middleware so that no view can forget them.

- An id in a URL that no database column can hold (`/o/99999999999999999999/`) is a 404: SQLite raises
  OverflowError and PostgreSQL "integer out of range" on it, which ended as server errors (pen-test finding).
- A page for a signed-in person is never stored by a browser or a proxy (`Cache-Control: private, no-store`):
  on a shared office PC the back button must not show the previous person's company after they sign out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

LARGEST_ID = 2**63 - 1  # SQLite's and PostgreSQL's bigint; our ids fit in it


def within_id_range(value: Any) -> bool:
    return not isinstance(value, int) or 0 <= value <= LARGEST_ID


class GuardsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "no-store" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)
        return response

    def process_view(self, request: HttpRequest, view: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        if not all(within_id_range(value) for value in (*args, *kwargs.values())):
            raise Http404("no such object")
