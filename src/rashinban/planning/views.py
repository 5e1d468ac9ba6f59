"""Plan pages: overview, north star, KGI/KPI with their values and chart, and the import of values."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rashinban.orgs.choices import Role
from rashinban.orgs.tenancy import get_scoped_or_404, org_view, scoped
from rashinban.planning import actions, summary
from rashinban.planning.charts import KpiChart, kpi_svg
from rashinban.planning.forms import ImportForm, MeasurementForm, NorthStarForm, TargetForm
from rashinban.planning.importer import ImportProblem, parse_rows, read_table
from rashinban.planning.models import NorthStar, Target

EVERYONE = [Role.OWNER, Role.ADVISOR, Role.MEMBER]
LEADS = [Role.OWNER, Role.ADVISOR]


def lang() -> str:
    return get_language() or "ja"


def form_page(request: HttpRequest, form, title: str, back: str, intro: str = "") -> HttpResponse:  # type: ignore[no-untyped-def]
    return render(request, "planning/form.html", {"form": form, "title": title, "back": back, "intro": intro})


@org_view()
def home(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    today = timezone.localdate()
    context = summary.panel_context(org, today)
    context["north_star"] = scoped(NorthStar.objects.all(), org).first()
    context["initiatives"] = summary.initiatives_with_gates(org)
    return render(request, "planning/home.html", context)


@org_view(roles=EVERYONE)
def vision(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    form = NorthStarForm(request.POST or None, instance=scoped(NorthStar.objects.all(), org).first())
    if request.method == "POST" and form.is_valid():
        actions.save_north_star(org, form.cleaned_data["vision"], form.cleaned_data["strategy"], request.user)  # type: ignore[arg-type]
        messages.success(request, _("The north star was saved."))
        return redirect("planning:home", org_id=org.id)
    return form_page(
        request,
        form,
        _("North star: vision and strategy"),
        "planning:home",
        _("In a few sentences: where the company wants to be in three to five years, and how DX helps."),
    )


def _target_form(request: HttpRequest, target: Target | None) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    instance = target or Target(organisation=org)
    form = TargetForm(org, request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("“%(name)s” was saved.") % {"name": saved.name})
        return redirect("planning:target", org_id=org.id, pk=saved.pk)
    title = _("Edit “%(name)s”") % {"name": target.name} if target else _("New KGI or KPI")
    return form_page(
        request,
        form,
        title,
        "planning:home",
        _(
            "A KGI is a business result (sales, gross margin, hours on a process); a KPI is a leading "
            "indicator that moves before it. Give each a baseline and a target with their dates."
        ),
    )


@org_view(roles=EVERYONE)
def target_new(request: HttpRequest) -> HttpResponse:
    return _target_form(request, None)


@org_view(roles=EVERYONE)
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _target_form(request, get_scoped_or_404(Target.objects.all(), request.org, pk=pk))  # type: ignore[attr-defined]


def kpi_chart(target: Target, readings: list) -> str:  # type: ignore[type-arg]
    return kpi_svg(
        KpiChart(
            title=target.name,
            unit=target.unit,
            baseline=target.baseline,
            baseline_on=target.baseline_on,
            target=target.target,
            target_on=target.target_on,
            readings=[(m.measured_on, m.value) for m in readings],
            labels=(_("baseline"), _("target"), _("actual")),
        )
    )


@org_view()
def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    target = get_scoped_or_404(summary.with_latest(Target.objects.select_related("kgi")), org, pk=pk)
    form = MeasurementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.record_measurement(
            target,
            form.cleaned_data["measured_on"],
            form.cleaned_data["value"],
            request.user,
            form.cleaned_data["note"],
        )  # type: ignore[arg-type]
        messages.success(request, _("The value was saved."))
        return redirect("planning:target", org_id=org.id, pk=target.pk)
    readings = list(target.measurements.select_related("recorded_by").order_by("measured_on"))
    context = {
        "target": target,
        "form": form,
        "readings": readings,
        "status": summary.status_of(target, timezone.localdate()),
        "chart": kpi_chart(target, readings),
        "kpis": list(target.kpis.all()) if target.kind == "kgi" else [],
    }
    return render(request, "planning/target_detail.html", context)


@org_view(roles=EVERYONE)
def import_values(request: HttpRequest) -> HttpResponse:
    """KPI values from a CSV or Excel file: every row is checked first, then all are stored in one transaction."""
    org = request.org  # type: ignore[attr-defined]
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        name, content = form.cleaned_data["file"]
        try:
            rows = resolve_rows(org, name, parse_rows(name, read_table(name, content), timezone.localdate()))
        except ImportProblem as problem:
            problems.append(str(problem))
        else:
            with transaction.atomic():
                count = actions.import_measurements(rows, request.user)  # type: ignore[arg-type]
            messages.success(request, _("%(n)s values were imported from %(file)s.") % {"n": count, "file": name})
            return redirect("planning:home", org_id=org.id)
    targets = scoped(Target.objects.all(), org)
    return render(request, "planning/import.html", {"form": form, "problems": problems, "targets": targets})


def resolve_rows(org, name: str, parsed: list) -> list[actions.ImportRow]:  # type: ignore[no-untyped-def,type-arg]
    """Match each row's KPI (by name, or by its number) to the company's own targets."""
    targets = list(scoped(Target.objects.all(), org))
    by_name = {t.name.strip().lower(): t for t in targets}
    by_id = {str(t.pk): t for t in targets}
    rows = []
    for row in parsed:
        target = by_name.get(row.kpi.lower()) or by_id.get(row.kpi)
        if target is None:
            raise ImportProblem(name, row.row, "kpi", _("no KGI or KPI is named “%(name)s”") % {"name": row.kpi[:60]})
        rows.append(actions.ImportRow(target, row.measured_on, row.value, row.note))
    return rows
