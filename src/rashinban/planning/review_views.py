"""The management review (printable; a review can be held and kept) and the roadmap with its exports."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from rashinban.downloads import attachment
from rashinban.orgs.tenancy import get_scoped_or_404, org_view, scoped
from rashinban.planning import summary
from rashinban.planning.actions import add_months
from rashinban.planning.charts import Bar, gantt_svg
from rashinban.planning.exports import roadmap_ics, roadmap_xlsx
from rashinban.planning.forms import ReviewForm, RoadmapItemForm
from rashinban.planning.models import Gate, Initiative, Phase, Review, RoadmapItem, Source, Stage, Subsidy
from rashinban.planning.views import EVERYONE, LEADS, form_page, lang
from rashinban.reports.xlsx import book_today


@org_view()
def review(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    today = timezone.localdate()
    context = summary.review_context(org, today, lang())
    is_lead = request.membership.role in LEADS  # type: ignore[attr-defined]
    form = ReviewForm(request.POST or None, initial={"held_on": today})
    if request.method == "POST":
        if not is_lead:
            return render(request, "403.html", status=403)
        if form.is_valid():
            held = form.save(commit=False)
            held.organisation, held.held_by = org, request.user
            held.snapshot = summary.review_snapshot(context)
            held.save()
            messages.success(request, _("The review was recorded."))
            return redirect("planning:review_detail", org_id=org.id, pk=held.pk)
    context.update({"form": form, "is_lead": is_lead})
    return render(request, "planning/review.html", context)


@org_view()
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    held = get_scoped_or_404(Review.objects.select_related("held_by"), request.org, pk=pk)  # type: ignore[attr-defined]
    return render(request, "planning/review_detail.html", {"review": held, "snapshot": held.snapshot})


def _roadmap_rows(org):  # type: ignore[no-untyped-def]
    """Lines added by hand (generated lines gave way to the one ranking of next steps) and live initiatives."""
    items = list(scoped(RoadmapItem.objects.filter(source=Source.MANUAL), org).order_by("due_on", "id"))
    initiatives = [i for i in scoped(Initiative.objects.prefetch_related("gates"), org) if i.stage != Stage.STOPPED]
    return items, initiatives


def _bar_kind(sources: tuple[str, ...]) -> str:
    if "security-check" in sources or "evidence" in sources:
        return "security"
    return "initiative" if sources == ("plan",) else "diagnosis"


def gantt(items: list[RoadmapItem], initiatives: list[Initiative], steps=(), lang: str = "ja") -> str:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    bars = []
    for initiative in initiatives:
        gates = list(initiative.gates.all())
        gate = summary.gate_for_display(gates)
        end = max([initiative.starts_on, *(g.decide_by for g in gates)])
        bars.append(
            Bar(
                initiative.title,
                initiative.starts_on,
                max(end, add_months(initiative.starts_on, 3)),
                "initiative",
                gate.decide_by if gate else None,
            )
        )
    # One bar per step of the ranking: the week before its due date.
    bars += [
        Bar(f"{s.rank}. {s.title_in(lang)}", s.due - timedelta(days=6), s.due, _bar_kind(s.sources)) for s in steps
    ]
    bars += [Bar(i.title, i.starts_on, i.due_on, i.source, done=i.done) for i in items]
    labels = [str(label) for _value, label in Phase.choices]
    return gantt_svg(bars, today.replace(day=1), 36, labels, _("Roadmap"))


@org_view()
def roadmap(request: HttpRequest) -> HttpResponse:
    from rashinban.nextsteps import display, plan_for

    org = request.org  # type: ignore[attr-defined]
    items, initiatives = _roadmap_rows(org)
    plan = plan_for(org)
    stages = display.by_stage(plan, org.pk, lang())
    context = {
        "stages": stages,
        "manual": items,
        "gantt": gantt(items, initiatives, plan.steps, lang()),
        "has_items": bool(items or initiatives or plan.steps),
        "is_lead": request.membership.role in LEADS,  # type: ignore[attr-defined]
        "per_week": plan.steps_per_week,
    }
    return render(request, "planning/roadmap.html", context)


def _item_form(request: HttpRequest, item: RoadmapItem) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    form = RoadmapItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.edited = saved.source != Source.MANUAL
        saved.save()
        messages.success(request, _("The roadmap line was saved."))
        return redirect("planning:roadmap", org_id=org.id)
    return form_page(request, form, _("Roadmap line"), "planning:roadmap")


@org_view(roles=EVERYONE)
def roadmap_item_new(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return _item_form(
        request,
        RoadmapItem(
            organisation=request.org,
            source=Source.MANUAL,
            starts_on=today,  # type: ignore[attr-defined]
            due_on=today,
        ),
    )


@org_view(roles=EVERYONE)
def roadmap_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_form(request, get_scoped_or_404(RoadmapItem.objects.all(), request.org, pk=pk))  # type: ignore[attr-defined]


@org_view()
def roadmap_export_xlsx(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    items, initiatives = _roadmap_rows(org)
    gates = list(scoped(Gate.objects.select_related("initiative"), org).order_by("decide_by"))
    from rashinban.nextsteps import plan_for

    content = roadmap_xlsx(items, initiatives, gates, book_today(org.name, _("Roadmap")), plan_for(org), lang())
    return attachment(
        content,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        company=org.name,
        title=_("Roadmap"),
        extension="xlsx",
        day=timezone.localdate(),
    )


@org_view()
def roadmap_export_ics(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    items, _initiatives = _roadmap_rows(org)
    gates = list(scoped(Gate.objects.select_related("initiative"), org).exclude(initiative__stage=Stage.STOPPED))
    subsidies = list(scoped(Subsidy.objects.select_related("initiative"), org))
    from rashinban.nextsteps import plan_for

    return attachment(
        roadmap_ics(org.name, items, gates, subsidies, plan_for(org), lang()),
        "text/calendar; charset=utf-8",
        company=org.name,
        title=_("Roadmap"),
        extension="ics",
        day=timezone.localdate(),
    )
