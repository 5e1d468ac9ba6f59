"""Views that belong to no capability: health and error pages."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness, database and (with REDIS_URL) queue check for load balancers; the body names what failed."""
    parts = {"database": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        parts["database"] = "error"
    if settings.REDIS_URL:
        from rashinban.tasks.redis_backend import ping

        parts["queue"] = "error" if ping() else "ok"
    healthy = all(value == "ok" for value in parts.values())
    return JsonResponse({"status": "ok" if healthy else "error", **parts}, status=200 if healthy else 503)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):  # API clients read JSON, whatever URL they got wrong
        from rashinban.api.errors import json_error

        return json_error(404, _("Not found."))
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        from rashinban.api.errors import json_error

        return json_error(500, _("Something went wrong on our side; try again later."))
    return render(request, "500.html", status=500)
