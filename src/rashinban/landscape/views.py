"""Pages of the systems map, vendors, inventory import/export, skills self-assessment and training plan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Model
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rashinban.downloads import attachment
from rashinban.landscape import actions, summary
from rashinban.landscape.choices import SKILL_LEVELS, SkillArea
from rashinban.landscape.forms import ImportForm, LinkForm, SkillsForm, SystemForm, TrainingForm, VendorForm
from rashinban.landscape.inventory_io import TABLES, InventoryFileError, read_inventory, to_csv, to_workbook
from rashinban.landscape.models import MemberProfile, SkillAssessment, System, SystemLink, TrainingItem, Vendor
from rashinban.landscape.skills import heat_map, weakest_areas
from rashinban.orgs.choices import Role
from rashinban.orgs.tenancy import get_scoped_or_404, org_view, scoped
from rashinban.reports.xlsx import book_today

LEADS = [Role.OWNER, Role.ADVISOR]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _is_lead(request: HttpRequest) -> bool:
    return request.membership.role in LEADS  # type: ignore[attr-defined]


# ---------------------------------------------------------------- the map


@org_view()
def system_map(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    result = summary.analysis(org)
    context = {
        "svg": summary.drawn_map(org, result),
        "analysis": result,
        "findings": result.sorted_findings(),
        "systems": scoped(System.objects.select_related("vendor"), org),
        "links": scoped(SystemLink.objects.select_related("source", "target"), org),
        "is_lead": _is_lead(request),
    }
    return render(request, "landscape/map.html", context)


def _edit(
    request: HttpRequest,
    form_class: type[BaseForm],
    instance: Model | None,
    title: str,
    done: str,
    delete_url: str = "",
    with_org: bool = True,
) -> HttpResponse:
    """Show and save one company-owned row's form (post/redirect/get)."""
    org = request.org  # type: ignore[attr-defined]
    args: list[Any] = [org] if with_org else []
    form = form_class(*args, data=request.POST or None, instance=instance)  # type: ignore[call-arg]
    if request.method == "POST" and form.is_valid():
        row = form.save(commit=False)  # type: ignore[attr-defined]
        row.organisation = org
        row.save()
        form.save_m2m()  # type: ignore[attr-defined]
        messages.success(request, _("Saved: %(name)s") % {"name": row})
        return redirect(done, org_id=org.id)
    return render(
        request, "landscape/form.html", {"form": form, "title": title, "back": done, "delete_url": delete_url}
    )


def _delete(request: HttpRequest, model: type[Model], pk: int, done: str) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    row = get_scoped_or_404(model.objects.all(), org, pk=pk)  # type: ignore[attr-defined]
    name = str(row)
    row.delete()
    messages.success(request, _("Deleted: %(name)s") % {"name": name})
    return redirect(done, org_id=org.id)


def _url(name: str, request: HttpRequest, pk: int) -> str:
    from django.urls import reverse

    return reverse(name, kwargs={"org_id": request.org.id, "pk": pk})  # type: ignore[attr-defined]


@org_view(roles=LEADS)
def system_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, SystemForm, None, _("Add a system"), "landscape:map")


@org_view(roles=LEADS)
def system_edit(request: HttpRequest, pk: int) -> HttpResponse:
    system = get_scoped_or_404(System.objects.all(), request.org, pk=pk)  # type: ignore[attr-defined]
    return _edit(
        request, SystemForm, system, _("Change a system"), "landscape:map", _url("landscape:system_delete", request, pk)
    )


@org_view(roles=LEADS)
@require_POST
def system_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete(request, System, pk, "landscape:map")


@org_view(roles=LEADS)
def link_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, LinkForm, None, _("Add a link"), "landscape:map")


@org_view(roles=LEADS)
def link_edit(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_scoped_or_404(SystemLink.objects.all(), request.org, pk=pk)  # type: ignore[attr-defined]
    return _edit(
        request, LinkForm, link, _("Change a link"), "landscape:map", _url("landscape:link_delete", request, pk)
    )


@org_view(roles=LEADS)
@require_POST
def link_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete(request, SystemLink, pk, "landscape:map")


# ---------------------------------------------------------------- vendors


@org_view()
def vendor_list(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    result = summary.analysis(org)
    context = {
        "vendors": scoped(Vendor.objects.prefetch_related("systems"), org),
        "findings": [f for f in result.sorted_findings() if f.id.startswith("vendor") or f.id == "bus-factor-0"],
        "is_lead": _is_lead(request),
    }
    return render(request, "landscape/vendors.html", context)


@org_view(roles=LEADS)
def vendor_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, VendorForm, None, _("Add a vendor"), "landscape:vendors")


@org_view(roles=LEADS)
def vendor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    vendor = get_scoped_or_404(Vendor.objects.all(), request.org, pk=pk)  # type: ignore[attr-defined]
    return _edit(
        request,
        VendorForm,
        vendor,
        _("Change a vendor"),
        "landscape:vendors",
        _url("landscape:vendor_delete", request, pk),
    )


@org_view(roles=LEADS)
@require_POST
def vendor_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete(request, Vendor, pk, "landscape:vendors")


# ---------------------------------------------------------------- import and export


@org_view(roles=LEADS)
def inventory_export(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    tables = actions.export_tables(org)
    table = request.GET.get("table", "")
    today = timezone.localdate()
    if request.GET.get("format") == "csv" and table in TABLES:
        title = f"{_('Systems map')} {TABLES[table][0]}"
        return attachment(
            to_csv(tables, table), "text/csv; charset=utf-8", company=org.name, title=title, extension="csv", day=today
        )
    book = to_workbook(tables, book_today(org.name, _("Systems map")))
    return attachment(book, XLSX, company=org.name, title=_("Systems map"), extension="xlsx", day=today)


@org_view(roles=LEADS)
def inventory_import(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            counts = actions.import_inventory(org, read_inventory(upload.name, upload.read()))
        except InventoryFileError as error:
            problems = error.problems
        else:
            messages.success(
                request, _("Imported %(systems)s systems, %(links)s links and %(vendors)s vendors.") % counts
            )
            return redirect("landscape:map", org_id=org.id)
    return render(request, "landscape/import.html", {"form": form, "problems": problems, "tables": TABLES})


# ---------------------------------------------------------------- skills and training


@org_view()
def my_skills(request: HttpRequest) -> HttpResponse:
    org, user = request.org, request.user  # type: ignore[attr-defined]
    mine = scoped(SkillAssessment.objects.filter(user=user), org).first()
    profile = scoped(MemberProfile.objects.filter(user=user), org).first()
    initial: dict[str, Any] = dict(mine.scores) if mine else {}
    initial["department"] = profile.department if profile else ""
    form = SkillsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.save_skills(org, user, form.cleaned_data["department"].strip(), form.scores())  # type: ignore[arg-type]
        messages.success(request, _("Thank you. Your self-assessment was saved."))
        return redirect("landscape:skills" if _is_lead(request) else "landscape:my_skills", org_id=org.id)
    departments = sorted(set(scoped(System.objects.all(), org).values_list("department", flat=True)))
    return render(
        request,
        "landscape/my_skills.html",
        {"form": form, "levels": SKILL_LEVELS, "departments": departments, "mine": mine},
    )


@org_view(roles=LEADS)
def skills_overview(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    departments = dict(scoped(MemberProfile.objects.all(), org).values_list("user_id", "department"))
    answers = [
        (departments.get(user_id, _("No department")), scores)
        for user_id, scores in scoped(SkillAssessment.objects.all(), org).values_list("user_id", "scores")
    ]
    areas = SkillArea.values
    rows = heat_map(answers, areas)
    labels = dict(SkillArea.choices)
    context = {
        "rows": rows,
        "areas": [labels[a] for a in areas],
        "answered": len(answers),
        "weak": [(department, labels[area]) for department, area in weakest_areas(rows, areas)][:6],
        "training": scoped(TrainingItem.objects.all(), org),
        "levels": SKILL_LEVELS,
    }
    return render(request, "landscape/skills.html", context)


@org_view(roles=LEADS)
def training_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, TrainingForm, None, _("Add to the training plan"), "landscape:skills", with_org=False)


@org_view(roles=LEADS)
def training_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_scoped_or_404(TrainingItem.objects.all(), request.org, pk=pk)  # type: ignore[attr-defined]
    return _edit(
        request,
        TrainingForm,
        item,
        _("Change the training plan"),
        "landscape:skills",
        _url("landscape:training_delete", request, pk),
        with_org=False,
    )


@org_view(roles=LEADS)
@require_POST
def training_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _delete(request, TrainingItem, pk, "landscape:skills")
