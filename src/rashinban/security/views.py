"""Security pages: the self-check (start, answer, result), the action plan and its items."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rashinban.assessments import drafts
from rashinban.assessments.actions import MANAGEMENT
from rashinban.assessments.catalog import localized
from rashinban.assessments.forms import AnswersForm
from rashinban.assessments.models import Diagnosis
from rashinban.assessments.results import STAFF_MINIMUM
from rashinban.facts import fact
from rashinban.nextsteps.display import from_sources
from rashinban.nextsteps.model import EVIDENCE, SECURITY_CHECK
from rashinban.orgs.choices import Role
from rashinban.orgs.tenancy import get_scoped_or_404, org_view
from rashinban.reports.charts import Series, radar_svg
from rashinban.security import actions, summary
from rashinban.security.forms import ActionItemForm, CommentForm, IpaSelfDiagnosisForm
from rashinban.security.models import ActionItem, IpaSelfDiagnosis
from rashinban.security.plan import step_id_of
from rashinban.security.readiness import readiness

LEADS = [Role.OWNER, Role.ADVISOR]


def _lang() -> str:
    return get_language() or "ja"


def _is_lead(request: HttpRequest) -> bool:
    return request.membership.role in LEADS  # type: ignore[attr-defined]


@org_view()
def home(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    rounds = summary.recent_selfchecks(org)
    latest = next((d for d in rounds if d.completed_at), None)
    context = {
        "rounds": rounds,
        "latest": latest,
        "result": summary.selfcheck_result(latest, _lang()) if latest else None,
        "open_round": next((d for d in rounds if not d.completed_at), None),
        "is_lead": _is_lead(request),
    }
    context |= from_sources(org, SECURITY_CHECK, EVIDENCE, limit=5, lang=_lang())
    return render(request, "security/home.html", context)


@org_view(roles=LEADS)
@require_POST
def selfcheck_start(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    diagnosis = actions.start_selfcheck(org, request.user)  # type: ignore[arg-type]
    return redirect("security:answer", org_id=org.id, pk=diagnosis.pk)


def _get_selfcheck(request: HttpRequest, pk: int) -> Diagnosis:
    return get_scoped_or_404(
        Diagnosis.objects.select_related("answered_by"),
        request.org,
        pk=pk,
        catalog_id=summary.SELFCHECK,  # type: ignore[attr-defined]
    )


@org_view(roles=LEADS)
def selfcheck_answer(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    diagnosis = _get_selfcheck(request, pk)
    catalog = summary.selfcheck_catalog()
    data = request.POST if request.method == "POST" else None
    key = f"selfcheck:{diagnosis.pk}"
    draft = drafts.load(key, user=request.user)
    initial = {**diagnosis.management_answers, **(draft.answers if draft else {})}
    form = AnswersForm(catalog, MANAGEMENT, _lang(), data, initial_answers=initial)
    if drafts.is_draft_post(request):
        return drafts.handle(request, org, form, key, user=request.user)
    if request.method == "POST" and form.is_valid() and form.confirmed():
        actions.submit_selfcheck(diagnosis, form.answers(), request.user)  # type: ignore[arg-type]
        drafts.discard(key, user=request.user)
        messages.success(request, _("Your answers were saved and the action plan was updated."))
        return redirect("security:result", org_id=org.id, pk=diagnosis.pk)
    # Beside each question whose plan item was completed: "reported done on DATE", to answer it anew.
    for qid, item in summary.completed_by_question(org).items():
        if qid in form.fields and item.completed_at:
            form.fields[qid].reported_done = timezone.localtime(item.completed_at).date()  # type: ignore[attr-defined]
    context = {
        "diagnosis": diagnosis,
        "form": form,
        "catalog_title": localized(catalog.title, _lang()),
        "draft": drafts.resume(draft, form) if request.method == "GET" else None,
    }
    return render(request, "security/answer.html", context)


@org_view()
def selfcheck_result(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    diagnosis = _get_selfcheck(request, pk)
    if not diagnosis.completed_at:
        if _is_lead(request):
            return redirect("security:answer", org_id=org.id, pk=diagnosis.pk)
        return render(request, "assessments/not_ready.html", {"diagnosis": diagnosis})
    result = summary.selfcheck_result(diagnosis, _lang())
    radar = radar_svg(
        [t.title for t in result.threats],
        [Series(_("Protection"), [t.score for t in result.threats], "#1d4ed8")],
        title=_("Protection per threat (100 is best)"),
    )
    context = {
        "diagnosis": diagnosis,
        "result": result,
        "radar": radar,
        "is_lead": _is_lead(request),
        "minimum": STAFF_MINIMUM,
    }
    context |= from_sources(org, SECURITY_CHECK, EVIDENCE, limit=8, lang=_lang())
    return render(request, "security/result.html", context)


def _described(items: list[ActionItem], lang: str) -> list[ActionItem]:
    """Attach the texts a template shows (title, instruction, overdue) to each item."""
    today = timezone.localdate()
    for item in items:
        item.title = summary.action_title(item, lang)  # type: ignore[attr-defined]
        item.instruction_text = summary.action_instruction(item, lang)  # type: ignore[attr-defined]
        item.overdue = item.is_overdue(today)  # type: ignore[attr-defined]
    return items


@org_view()
def plan(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    lang = _lang()
    catalog = summary.selfcheck_catalog()
    latest = summary.latest_selfcheck(org)
    from rashinban.documents.summary import published_policy

    ipa_record = IpaSelfDiagnosis.objects.filter(organisation=org).first()
    ready = readiness(
        catalog,
        latest.management_answers if latest else None,
        policy_published=published_policy(org) is not None,
        ipa_diagnosis_done=ipa_record is not None,
    )
    labels = {
        qid: localized(catalog.question(qid).text, lang)
        for qid in (
            "basic-updates",
            "basic-antimalware",  # type: ignore[union-attr]
            "basic-passwords",
            "basic-sharing",
            "basic-threats",
            "org-policy",
        )
    }
    # The security steps of the one ranking, in its order, with its dates and people (no list of its own).
    from rashinban.nextsteps import display, plan_for

    plan_ = plan_for(org)
    steps = plan_.with_source(SECURITY_CHECK, EVIDENCE)
    context = {
        "rows": display.rows(plan_, org.pk, steps, lang),
        "people": list(plan_.people.values()),
        "is_lead": _is_lead(request),
        "latest": latest,
        "readiness": ready,
        "ipa_record": ipa_record,
        "ipa_form": IpaSelfDiagnosisForm(),
        "ipa_sheet_url": fact("ipa-self-diagnosis").source_url,
        "labels": labels,
        "open_count": len(steps),
        "overdue_count": sum(1 for s in steps if s.is_overdue(plan_.today)),
        "ranked_total": len(plan_.steps),
    }
    return render(request, "security/plan.html", context)


@org_view(roles=LEADS)
@require_POST
def ipa_diagnosis_record(request: HttpRequest) -> HttpResponse:
    """Record that the company did IPA's own self-diagnosis sheet (SECURITY ACTION ★★): date and score."""
    org = request.org  # type: ignore[attr-defined]
    form = IpaSelfDiagnosisForm(request.POST)
    if form.is_valid():
        IpaSelfDiagnosis.objects.create(
            organisation=org,
            done_on=form.cleaned_data["done_on"],
            score=form.cleaned_data["score"],
            recorded_by=request.user,
        )
        messages.success(request, _("Your result on IPA's sheet was recorded."))
    else:
        problems = "; ".join(f"{form.fields[name].label}: {' '.join(errs)}" for name, errs in form.errors.items())
        messages.error(request, _("Nothing was recorded: %(problems)s") % {"problems": problems})
    return redirect(f"{reverse('security:plan', kwargs={'org_id': org.id})}#security-action")


@org_view()
@require_POST
def plan_refresh(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    items = actions.regenerate_plan(org, by=request.user)  # type: ignore[arg-type]
    messages.success(
        request, _("The plan was brought up to date with the latest results (%(n)s items).") % {"n": len(items)}
    )
    return redirect("security:plan", org_id=org.id)


def _get_item(request: HttpRequest, item_id: int) -> ActionItem:
    return get_scoped_or_404(ActionItem.objects.select_related("owner", "completed_by"), request.org, pk=item_id)  # type: ignore[attr-defined]


@org_view()
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    item = _described([_get_item(request, item_id)], _lang())[0]
    # The date and person are the one ranking's (the same on every page, mail and calendar).
    from rashinban.nextsteps import plan_for

    step_id = step_id_of(item.source_catalog, item.source_question)
    step = plan_for(org).get(step_id)
    owner = item.owner
    if step is not None:
        item.due = step.due
        item.overdue = step.is_overdue(timezone.localdate())  # type: ignore[attr-defined]
        # The ranking's person, not the item's first one (whoever answered the self-check): a form saved for its
        # date alone must not hand the step back to them.
        owner = step.assignee or owner
    initial = {
        "owner": owner,
        "due": item.due,
        "priority": item.priority,
        "status": item.status,
        "instruction": item.instruction_text,
    }  # type: ignore[attr-defined]
    form = ActionItemForm(org, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        # Unchanged wording stays blank, so it keeps following the bank (and the reader's language).
        if changes["instruction"].strip() == item.instruction_text.strip():  # type: ignore[attr-defined]
            changes["instruction"] = item.instruction
        actions.update_item(item, by=request.user, **changes)  # type: ignore[arg-type]
        _follow_in_ranking(org, step, step_id, changes, request.user)
        messages.success(request, _("The item was saved."))
        return redirect("security:item", org_id=org.id, item_id=item.pk)
    context = {
        "item": item,
        "form": form,
        "comment_form": CommentForm(),
        "comments": item.comments.select_related("author"),
    }
    return render(request, "security/item.html", context)


def _follow_in_ranking(org, step, step_id: str, changes: dict, user) -> None:  # type: ignore[no-untyped-def]
    """A date, person or status changed on the item page changes the step of the one ranking."""
    from rashinban.nextsteps import actions as step_actions

    if step is not None and changes.get("due") and changes["due"] != step.due:
        step_actions.move_due(org, step_id, changes["due"], by=user)
    if step is not None and changes.get("owner") is not None and changes["owner"].pk != step.assignee:
        step_actions.assign(org, step_id, changes["owner"], by=user)
    if changes.get("status") == "done":
        step_actions.complete(org, step_id, by=user)


@org_view()
@require_POST
def item_complete(request: HttpRequest, item_id: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    item = _get_item(request, item_id)
    actions.complete_item(item, by=request.user)  # type: ignore[arg-type]
    from rashinban.nextsteps import actions as step_actions

    step_actions.complete(org, step_id_of(item.source_catalog, item.source_question), by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("Marked as done. The next self-check will show it."))
    if request.POST.get("next") == "item":
        return redirect("security:item", org_id=org.id, item_id=item.pk)
    return redirect("security:plan", org_id=org.id)


@org_view()
@require_POST
def item_comment(request: HttpRequest, item_id: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    item = _get_item(request, item_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        actions.add_comment(item, form.cleaned_data["text"], by=request.user)  # type: ignore[arg-type]
        messages.success(request, _("Your comment was added."))
    else:
        messages.error(request, _("A comment needs some text (at most 2000 characters)."))
    return redirect("security:item", org_id=org.id, item_id=item.pk)
