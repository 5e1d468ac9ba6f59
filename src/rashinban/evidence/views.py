"""Evidence pages: the overview of every check, one page per check (input, latest findings, history), a run."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rashinban.evidence import actions
from rashinban.evidence.findings import RANK
from rashinban.evidence.forms import CheckForm
from rashinban.evidence.models import CheckRun, MailDomain, Service, SourceConnection
from rashinban.evidence.registry import Check, InputError, all_checks, get_check
from rashinban.orgs.choices import Role
from rashinban.orgs.tenancy import get_scoped_or_404, org_view, scoped

LEADS = [Role.OWNER, Role.ADVISOR]
HISTORY_LENGTH = 50


def _check_or_404(name: str) -> Check:
    check = get_check(name)
    if check is None:
        raise Http404("no such check")
    return check


def sorted_findings(run: CheckRun | None) -> list[dict[str, Any]]:
    return findings_for_page(run.findings) if run else []


def findings_for_page(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Worst first (the stored JSON already is; sorted again for runs stored by older versions). The lists a
    template reads are always present: else `f.items` would find the dict's own items() method."""
    ordered = sorted(findings, key=lambda f: (-RANK.get(f.get("severity", "info"), 0), f.get("id", "")))
    return [{**f, "accounts": f.get("accounts") or [], "items": f.get("items") or []} for f in ordered]


@org_view(roles=LEADS)
def overview(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    runs = scoped(CheckRun.objects.all(), org)
    latest_ids = runs.values("check_name").annotate(last=Max("id")).values_list("last", flat=True)
    latest = {run.check_name: run for run in runs.filter(id__in=latest_ids).order_by()}  # one query: a subquery
    rows = [{"check": check, "run": latest.get(check.name)} for check in all_checks()]
    connected = {c.service: c for c in scoped(SourceConnection.objects.all(), org)}
    services = [{"id": value, "title": label, "connection": connected.get(value)} for value, label in Service.choices]
    from rashinban.evidence.freshness import freshness_for

    context = {"rows": rows, "services": services, "freshness": freshness_for(org)}
    return render(request, "evidence/overview.html", context)


@org_view(roles=LEADS)
def check_page(request: HttpRequest, check_name: str) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    check = _check_or_404(check_name)
    posted = request.method == "POST"
    form = CheckForm(check, request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            result, run = actions.run_check(
                org,
                check,
                form.to_input(),
                by=request.user,  # type: ignore[arg-type]
                input_name=form.input_name(),
            )
        except InputError as error:
            form.add_error(None, str(error))
        else:
            if run is None:  # a check whose input is never stored shows its result at once
                return render(request, "evidence/check.html", _check_context(org, check, form, result.as_json()))
            messages.success(request, _("The check ran. Its findings are below."))
            return redirect("evidence:run", org_id=org.id, pk=run.pk)
    return render(request, "evidence/check.html", _check_context(org, check, form))


def _check_context(org: Any, check: Check, form: CheckForm, fresh: dict[str, Any] | None = None) -> dict[str, Any]:
    history = list(
        scoped(CheckRun.objects.select_related("created_by"), org).filter(check_name=check.name)[:HISTORY_LENGTH]
    )
    latest = history[0] if history else None
    context: dict[str, Any] = {
        "check": check,
        "form": form,
        "history": history,
        "latest": latest,
        "findings": sorted_findings(latest),
        "fresh": findings_for_page(fresh["findings"]) if fresh else None,
        "multipart": any(spec.kind in ("file", "files") for spec in check.fields),
    }
    if check.remembers_subject:
        context["domains"] = scoped(MailDomain.objects.all(), org)
    if check.name == "mail-domain":  # what the shared mailbox's DMARC reports say (rashinban/mailbox)
        from rashinban.mailbox.summary import picture

        context["picture"] = picture(org)
    if check.name == "password":
        from rashinban.facts import fact

        context["password_rule"] = fact("password-min-length").value
    return context


@org_view(roles=LEADS)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    run = get_scoped_or_404(CheckRun.objects.select_related("created_by"), org, pk=pk)
    check = get_check(run.check_name)
    context = {
        "run": run,
        "check": check,
        "findings": sorted_findings(run),
        "summary": _summary_rows(run.result),
        "ignored": run.result.get("ignored_columns") or {},
    }
    return render(request, "evidence/run.html", context)


def _summary_rows(result: dict[str, Any]) -> list[tuple[str, str]]:
    from rashinban.evidence.figures import figure_rows

    return figure_rows(result)


@org_view(roles=LEADS)
@require_POST
def domain_forget(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    mail_domain = get_scoped_or_404(MailDomain.objects.all(), org, pk=pk)
    actions.forget_domain(mail_domain)
    messages.success(request, _("%(domain)s is no longer re-checked.") % {"domain": mail_domain.domain})
    return redirect("evidence:check", org_id=org.id, check_name=actions.MAIL_DOMAIN_CHECK)
