"""Initiative pages: create (blank or from a template), money lines and figures, PoC gates, PDCA cycles."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rashinban.orgs.tenancy import get_scoped_or_404, org_view
from rashinban.planning import actions, finance, summary
from rashinban.planning import subsidies as subsidy_rules
from rashinban.planning.forms import (
    BenefitForm,
    CostForm,
    CycleForm,
    DecisionForm,
    GateForm,
    InitiativeForm,
    StarterForm,
    SubsidyForm,
    finding_choices,
)
from rashinban.planning.models import Benefit, Cost, Criterion, Cycle, Gate, Initiative, Subsidy
from rashinban.planning.starters import starters
from rashinban.planning.views import EVERYONE, LEADS, form_page, lang

MONEY_FORMS = {"cost": CostForm, "benefit": BenefitForm, "subsidy": SubsidyForm}
MONEY_MODELS = {"cost": Cost, "benefit": Benefit, "subsidy": Subsidy}


def _initiative(request: HttpRequest, pk: int) -> Initiative:
    return get_scoped_or_404(Initiative.objects.all(), request.org, pk=pk)  # type: ignore[attr-defined]


def _save_initiative(form: InitiativeForm) -> Initiative:
    with transaction.atomic():
        initiative = form.save()
        actions.set_initiative_kpis(initiative, form.cleaned_data["kpis"])
    return initiative


@org_view(roles=EVERYONE)
def initiative_new(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    starter_form = StarterForm(lang(), request.POST if "starter" in request.POST else None)
    form = InitiativeForm(
        org, lang(), request.POST if "title" in request.POST else None, instance=Initiative(organisation=org)
    )
    if request.method == "POST" and "starter" in request.POST and starter_form.is_valid():
        initiative = actions.create_from_starter(org, starters()[starter_form.cleaned_data["starter"]], lang())
        messages.success(request, _("The initiative was created from the template; adjust its figures to your case."))
        return redirect("planning:initiative", org_id=org.id, pk=initiative.pk)
    if request.method == "POST" and "title" in request.POST and form.is_valid():
        initiative = _save_initiative(form)
        messages.success(request, _("The initiative was created."))
        return redirect("planning:initiative", org_id=org.id, pk=initiative.pk)
    context = {
        "starter_form": starter_form,
        "form": form,
        "starters": [(s, s.title.get(lang()), s.description.get(lang())) for s in starters().values()],
    }
    return render(request, "planning/initiative_new.html", context)


@org_view(roles=EVERYONE)
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    initiative = _initiative(request, pk)
    form = InitiativeForm(org, lang(), request.POST or None, instance=initiative)
    if request.method == "POST" and form.is_valid():
        _save_initiative(form)
        messages.success(request, _("The initiative was saved."))
        return redirect("planning:initiative", org_id=org.id, pk=initiative.pk)
    return form_page(request, form, _("Edit “%(title)s”") % {"title": initiative.title}, "planning:home")


@org_view()
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    initiative = _initiative(request, pk)
    today = timezone.localdate()
    costs = list(initiative.costs.all())
    benefits = list(initiative.benefits.select_related("target"))
    subsidies = list(initiative.subsidies.all())
    kpis = list(summary.with_latest(initiative.kpis.all()))
    linked = [b.target for b in benefits if b.target is not None]
    latest = actions.latest_values(linked)
    gates = list(initiative.gates.prefetch_related("criteria__target"))
    names = dict(finding_choices(lang()))
    context = {
        "initiative": initiative,
        "costs": costs,
        "benefits": benefits,
        "subsidies": subsidies,
        "kpis": [summary.KpiRow(t, summary.status_of(t, today)) for t in kpis],
        "money": finance.money_view(initiative, costs, benefits, subsidies, latest),
        "subsidy_warnings": subsidy_rules.warnings(initiative, costs, subsidies, lang()),
        "subsidy_rules": subsidy_rules.RULES if subsidies else (),
        "gates": gates,
        "decision_form": DecisionForm(),
        "cycles": list(initiative.cycles.order_by("number")),
        "findings": [names.get(f, f) for f in initiative.findings],
        "cost_form": CostForm(),
        "benefit_form": BenefitForm(org),
        "subsidy_form": SubsidyForm(),
        "is_lead": request.membership.role in LEADS,  # type: ignore[attr-defined]
    }
    return render(request, "planning/initiative_detail.html", context)


@org_view(roles=EVERYONE)
def money_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    initiative = _initiative(request, pk)
    if kind not in MONEY_FORMS:
        raise Http404("no such line")
    form_class = MONEY_FORMS[kind]
    instance = MONEY_MODELS[kind](organisation=org, initiative=initiative)
    args = (org,) if kind == "benefit" else ()
    form = form_class(*args, request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The line was added."))
        return redirect("planning:initiative", org_id=org.id, pk=initiative.pk)
    titles = {"cost": _("Add a cost"), "benefit": _("Add an expected benefit"), "subsidy": _("Add a subsidy")}
    return form_page(request, form, titles[kind], "planning:home")


@org_view(roles=EVERYONE)
@require_POST
def money_delete(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    initiative = _initiative(request, pk)
    model = MONEY_MODELS.get(request.POST.get("kind", ""))
    if model is None:
        raise Http404("no such line")
    line = get_scoped_or_404(model.objects.filter(initiative=initiative), org, pk=request.POST.get("line") or 0)
    line.delete()
    messages.success(request, _("The line was removed."))
    return redirect("planning:initiative", org_id=org.id, pk=initiative.pk)


@org_view(roles=EVERYONE)
def gate_new(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    initiative = _initiative(request, pk)
    form = GateForm(org, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            gate = Gate.objects.create(
                organisation=org, initiative=initiative, decide_by=form.cleaned_data["decide_by"]
            )
            Criterion.objects.bulk_create(
                Criterion(organisation=org, gate=gate, target=target, threshold=threshold)
                for target, threshold in form.criteria()
            )
            if initiative.stage == "idea":
                initiative.stage = "poc"
                initiative.save(update_fields=["stage"])
        messages.success(request, _("The PoC gate was set."))
        return redirect("planning:initiative", org_id=org.id, pk=initiative.pk)
    return form_page(
        request,
        form,
        _("PoC gate: success criteria and decision date"),
        "planning:home",
        _("Write success as KPI thresholds, and the day you will decide to expand, adjust or stop."),
    )


@org_view(roles=LEADS)
@require_POST
def gate_decide(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    gate = get_scoped_or_404(Gate.objects.select_related("initiative"), org, pk=pk)
    form = DecisionForm(request.POST)
    if gate.decision:
        messages.error(request, _("This gate was decided already."))
    elif form.is_valid():
        actions.decide_gate(gate, form.cleaned_data["decision"], request.user, form.cleaned_data["notes"])  # type: ignore[arg-type]
        messages.success(request, _("The decision was recorded with the measurements of today."))
    else:
        messages.error(request, _("Choose expand, adjust or stop."))
    return redirect("planning:initiative", org_id=org.id, pk=gate.initiative_id)


@org_view(roles=EVERYONE)
@require_POST
def cycle_next(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    initiative = _initiative(request, pk)
    cycle = actions.start_next_cycle(initiative)
    messages.success(request, _("PDCA cycle %(n)s started.") % {"n": cycle.number})
    return redirect("planning:cycle", org_id=org.id, pk=cycle.pk)


@org_view(roles=EVERYONE)
def cycle_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    cycle = get_scoped_or_404(Cycle.objects.select_related("initiative"), org, pk=pk)
    form = CycleForm(request.POST or None, instance=cycle)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The cycle was saved."))
        return redirect("planning:initiative", org_id=org.id, pk=cycle.initiative_id)
    title = _("PDCA cycle %(n)s of “%(title)s”") % {"n": cycle.number, "title": cycle.initiative.title}
    return form_page(
        request,
        form,
        title,
        "planning:home",
        _(
            "Plan what to try, note what was done, check it against the KPIs, and decide how to act. "
            "The next cycle starts from the act."
        ),
    )
