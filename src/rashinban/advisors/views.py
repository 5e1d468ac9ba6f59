"""Advisor portfolio and export, side-by-side comparison, the owner's audit log."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rashinban.advisors import audit
from rashinban.advisors import compare as comparing
from rashinban.advisors import portfolio as pf
from rashinban.advisors.models import AuditEntry
from rashinban.assessments.scoring import LEVEL_FLOORS
from rashinban.downloads import attachment
from rashinban.orgs.choices import PREFECTURE_CHOICES, EmployeeBand, Industry, Role
from rashinban.orgs.tenancy import org_view, scoped, second_factor_redirect
from rashinban.reports.xlsx import Sheet, book_today, to_xlsx


def _filters(request: HttpRequest) -> pf.Filters:
    get = request.GET
    return pf.Filters(
        industry=get.get("industry", "") if get.get("industry") in Industry.values else "",
        employee_band=get.get("employee_band", "") if get.get("employee_band") in EmployeeBand.values else "",
        prefecture=get.get("prefecture", "") if get.get("prefecture") in dict(PREFECTURE_CHOICES) else "",
        level=get.get("level", "")
        if get.get("level") in {level for _floor, level in LEVEL_FLOORS} | {"critical"}
        else "",
        sort=get.get("sort", "name") if get.get("sort") in pf.SORTS else "name",
        descending=get.get("order") == "desc",
    )


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    if pending := second_factor_redirect(request):
        return pending
    filters = _filters(request)
    page, total = pf.page_of(request.user, timezone.localdate(), filters, request.GET.get("page"))  # type: ignore[arg-type]
    # The owner's audit log records the companies whose figures this page showed.
    audit.record_across(request, {row.organisation.pk for row in page.object_list}, 200)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "rows": page.object_list,
        "page": page,
        "total": total,
        "filters": filters,
        "industries": Industry.choices,
        "bands": EmployeeBand.choices,
        "prefectures": PREFECTURE_CHOICES,
        "levels": [
            ("low", _("Low risk")),
            ("medium", _("Medium risk")),
            ("high", _("High risk")),
            ("critical", _("Critical")),
        ],
        "sorts": [
            ("name", _("Company")),
            ("dx", _("DX score")),
            ("dx_change", _("DX change")),
            ("security", _("Security score")),
            ("security_change", _("Security change")),
            ("overdue", _("Overdue steps")),
            ("kpis", _("KPIs off track or overdue")),
            ("activity", _("Last activity")),
        ],
        "query": query.urlencode(),
    }
    return render(request, "advisors/portfolio.html", context)


@login_required
def portfolio_export(request: HttpRequest) -> HttpResponse:
    if pending := second_factor_redirect(request):
        return pending
    rows = pf.apply(pf.portfolio(request.user, timezone.localdate()), _filters(request))  # type: ignore[arg-type]
    audit.record_across(request, {row.organisation.pk for row in rows}, 200)
    tz = ZoneInfo(settings.TIME_ZONE)
    book = book_today(str(request.user), _("Client companies"))
    data = to_xlsx([Sheet(_("Clients"), pf.headers(), pf.export_rows(rows, tz))], book)
    # An advisor's list spans many companies: named for what it is and the day, with no one company's name.
    return attachment(
        data,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        company="",
        title=_("Client companies"),
        extension="xlsx",
        day=timezone.localdate(),
    )


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    if pending := second_factor_redirect(request):
        return pending
    choices = comparing.choices(request.user, get_language() or "ja")  # type: ignore[arg-type]
    picked = [request.GET.get("a", ""), request.GET.get("b", "")]
    context: dict = {"choices": choices, "picked": picked}
    if all(picked):
        # A number no column can hold is no diagnosis (it used to end as OverflowError, a server error).
        if not all(p.isascii() and p.isdigit() and len(p) <= 18 for p in picked):
            raise Http404("no such diagnosis")
        ids = [int(p) for p in picked]
        try:
            comparison = comparing.side_by_side(request.user, ids[0], ids[1], get_language() or "ja")  # type: ignore[arg-type]
        except Http404:
            audit.record_across(request, {}, 404)
            raise
        context["comparison"] = comparison
        audit.record_across(request, {comparison.a.organisation_id, comparison.b.organisation_id}, 200)
    return render(request, "advisors/compare.html", context)


@org_view(roles=[Role.OWNER])
def audit_log(request: HttpRequest) -> HttpResponse:
    entries = scoped(AuditEntry.objects.all(), request.org)  # type: ignore[attr-defined]
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "advisors/audit.html", {"page": page})
