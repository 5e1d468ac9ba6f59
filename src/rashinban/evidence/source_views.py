"""Connected services: one page per service with the steps to connect it, the last collection and its findings;
owners connect, collect now and disconnect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from rashinban.evidence import connections
from rashinban.evidence.jobs import collect_source
from rashinban.evidence.models import CheckRun, Service, SourceConnection
from rashinban.evidence.source_forms import FORMS
from rashinban.evidence.sources.results import SERVICE_TITLES
from rashinban.evidence.views import LEADS, findings_for_page
from rashinban.orgs.choices import Role
from rashinban.orgs.tenancy import org_view, scoped
from rashinban.tasks.api import enqueue


def _service_or_404(service: str) -> str:
    if service not in Service.values:
        raise Http404("no such service")
    return service


def latest_collection(org: Any, service: str) -> CheckRun | None:
    """The newest accounts run a collection from this service stored (from the web, the worker or the CLI)."""
    runs = scoped(CheckRun.objects.all(), org).filter(check_name="accounts", result__source__service=service)
    return runs.order_by("-created_at", "-id").first()


@sensitive_post_parameters("client_secret")
@org_view(roles=LEADS)
def source_page(request: HttpRequest, service: str) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    service = _service_or_404(service)
    owner = request.membership.role == Role.OWNER  # type: ignore[attr-defined]
    form_class = FORMS[service]
    form = form_class(request.POST, request.FILES) if request.method == "POST" and owner else form_class()
    if request.method == "POST" and owner and form.is_valid():
        connection = connections.connect(org, service, by=request.user, **form.connection_values())  # type: ignore[arg-type]
        enqueue(collect_source, organisation=org, connection_id=connection.pk)
        messages.success(request, _("Connected. The first collection runs in the background; its findings show here."))
        return redirect("evidence:source", org_id=org.id, service=service)
    connection = scoped(SourceConnection.objects.all(), org).filter(service=service).first()
    run = latest_collection(org, service)
    context = {
        "service": service,
        "service_title": SERVICE_TITLES[service],
        "connection": connection,
        "form": form,
        "owner": owner,
        "run": run,
        "findings": findings_for_page(run.findings) if run else [],
        "source": run.result.get("source", {}) if run else {},
    }
    return render(request, "evidence/source.html", context)


@org_view(roles=[Role.OWNER])
@require_POST
def source_collect(request: HttpRequest, service: str) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    connection = scoped(SourceConnection.objects.all(), org).filter(service=_service_or_404(service)).first()
    if connection is None:
        raise Http404("not connected")
    enqueue(collect_source, organisation=org, connection_id=connection.pk)
    messages.success(request, _("The collection runs in the background; its findings show here."))
    return redirect("evidence:source", org_id=org.id, service=service)


@org_view(roles=[Role.OWNER])
@require_POST
def source_disconnect(request: HttpRequest, service: str) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    connection = scoped(SourceConnection.objects.all(), org).filter(service=_service_or_404(service)).first()
    if connection is None:
        raise Http404("not connected")
    connections.disconnect(connection)
    messages.success(
        request,
        _("Disconnected and the stored secret deleted. Also delete the secret or key at the service (steps below)."),
    )
    return redirect("evidence:source", org_id=org.id, service=service)


@org_view(roles=[Role.OWNER])
@require_POST
def validity(request: HttpRequest) -> HttpResponse:
    """The company's own validity periods: one number per check, blank or the default = the default."""
    from rashinban.evidence.freshness import MAX_DAYS, MIN_DAYS, set_validity, validity_days

    org = request.org  # type: ignore[attr-defined]
    values: dict[str, int | None] = {}
    for check_name in validity_days(org):
        raw = request.POST.get(f"days-{check_name}", "").strip()
        if raw and not (raw.isdigit() and MIN_DAYS <= int(raw) <= MAX_DAYS):
            messages.error(
                request,
                _("The validity period must be a whole number of days from %(min)s to %(max)s.")
                % {"min": MIN_DAYS, "max": MAX_DAYS},
            )
            return redirect("evidence:overview", org_id=org.id)
        values[check_name] = int(raw) if raw else None
    for check_name, days in values.items():
        set_validity(org, check_name, days)
    messages.success(request, _("The validity periods were saved."))
    return redirect("evidence:overview", org_id=org.id)
