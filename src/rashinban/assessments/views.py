"""Diagnosis pages: history and start, management answers, staff survey links, result, own banks."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from rashinban.advisors.peers import companies_like_yours
from rashinban.assessments import actions, drafts, results
from rashinban.assessments.answers import AnswersFileError, option_ids, read_answers, write_template
from rashinban.assessments.catalog import CatalogError, localized
from rashinban.assessments.forms import AnswersForm, CatalogUploadForm
from rashinban.assessments.invitation import long_date
from rashinban.assessments.models import CustomCatalog, Diagnosis
from rashinban.assessments.scoring import UnknownAnswersError, validate_answers
from rashinban.downloads import attachment
from rashinban.landscape.summary import dx_evidence as landscape_evidence
from rashinban.orgs.choices import Role
from rashinban.orgs.fastload import RowLoader
from rashinban.orgs.tenancy import get_scoped_or_404, org_view, scoped
from rashinban.orgs.versions import cached_page

LEADS = [Role.OWNER, Role.ADVISOR]
# The result page's round, with who answered it: every result page asks, cached or not, so read with SQL written
# once (orgs/fastload.py), what `get_scoped_or_404(Diagnosis.objects.select_related("answered_by"), org, pk=pk)`
# gives (tests/orgs/test_fastload.py compares them); another company's round is not found either way.
_ROUND = RowLoader(Diagnosis, [("organisation", "="), ("id", "=")], related="answered_by")


def _lang() -> str:
    return get_language() or "ja"


@org_view()
def diagnosis_list(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    diagnoses = scoped(Diagnosis.objects.all(), org).order_by("-created_at")[:50]
    catalogs = scoped(CustomCatalog.objects.all(), org)
    return render(request, "assessments/list.html", {"diagnoses": diagnoses, "catalogs": catalogs})


@org_view(roles=LEADS)
@require_POST
def diagnosis_start(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    custom = None
    if request.POST.get("catalog"):
        custom = get_scoped_or_404(CustomCatalog.objects.all(), org, pk=request.POST["catalog"])
    diagnosis = actions.start_diagnosis(org, request.user, custom)  # type: ignore[arg-type]
    return redirect("assessments:answer", org_id=org.id, pk=diagnosis.pk)


@org_view(roles=LEADS)
def diagnosis_answer(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    diagnosis = get_scoped_or_404(Diagnosis.objects.all(), org, pk=pk)
    if diagnosis.catalog_id == actions.SECURITY_CATALOG:
        return redirect("security:answer", org_id=org.id, pk=diagnosis.pk)  # its answers also update the plan
    catalog = actions.catalog_for(diagnosis)
    key = f"diagnosis:{diagnosis.pk}"
    draft = drafts.load(key, user=request.user)
    initial = {**diagnosis.management_answers, **(draft.answers if draft else {})}
    form = AnswersForm(
        catalog,
        actions.MANAGEMENT,
        _lang(),
        request.POST if request.method == "POST" else None,
        initial_answers=initial,
    )
    if drafts.is_draft_post(request):
        return drafts.handle(request, org, form, key, user=request.user)
    if request.method == "POST" and form.is_valid() and form.confirmed():
        actions.submit_management_answers(diagnosis, form.answers(), request.user)  # type: ignore[arg-type]
        drafts.discard(key, user=request.user)
        messages.success(request, _("Your answers were saved."))
        return redirect("assessments:result", org_id=org.id, pk=diagnosis.pk)
    context = {
        "diagnosis": diagnosis,
        "form": form,
        "catalog_title": localized(catalog.title, _lang()),
        "draft": drafts.resume(draft, form) if request.method == "GET" else None,
    }
    return render(request, "assessments/answer.html", context)


@org_view(roles=LEADS)
def answers_template(request: HttpRequest, pk: int) -> HttpResponse:
    """The Excel answer sheet of this diagnosis's bank (the one `rashinban answers-template` writes)."""
    diagnosis = get_scoped_or_404(Diagnosis.objects.all(), request.org, pk=pk)  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.xlsx"
        write_template(actions.catalog_for(diagnosis), "xlsx", path, _lang(), actions.MANAGEMENT, request.org.name)  # type: ignore[attr-defined]
        data = path.read_bytes()
    return attachment(
        data,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        company=request.org.name,  # type: ignore[attr-defined]
        title=localized(actions.catalog_for(diagnosis).title, _lang()),
        label=_("answer sheet"),
        extension="xlsx",
    )


@org_view(roles=LEADS)
@require_POST
def answers_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Answers from a filled-in answer sheet (Excel, YAML or JSON): all saved, or none with the reason."""
    org = request.org  # type: ignore[attr-defined]
    diagnosis = get_scoped_or_404(Diagnosis.objects.all(), org, pk=pk)
    upload = request.FILES.get("file")
    problem = None
    if upload is None:
        problem = _("Choose the filled-in answer sheet first.")
    elif upload.size > ANSWER_FILE_LIMIT:
        problem = _("%(file)s is larger than 2 MB.") % {"file": upload.name}
    else:
        problem = _import_answers(diagnosis, upload, request.user)  # type: ignore[arg-type]
    if problem:
        messages.error(request, problem)
        return redirect("assessments:answer", org_id=org.id, pk=diagnosis.pk)
    messages.success(request, _("The answers from %(file)s were saved.") % {"file": upload.name})  # type: ignore[union-attr]
    return redirect("assessments:result", org_id=org.id, pk=diagnosis.pk)


ANSWER_FILE_LIMIT = 2 * 1024 * 1024


def _import_answers(diagnosis: Diagnosis, upload, by) -> str | None:  # type: ignore[no-untyped-def]
    """Read, check and save; the problem in the user's language, or None when the answers were saved."""
    catalog = actions.catalog_for(diagnosis)
    name = Path(upload.name).name or "answers.xlsx"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name  # messages name the file as the user knows it
        path.write_bytes(upload.read())
        try:
            catalog_id, answers = read_answers(path)
            if catalog_id and catalog_id != catalog.id:
                return _("%(file)s is an answer sheet for “%(found)s”, not for “%(expected)s”.") % {
                    "file": name,
                    "found": catalog_id,
                    "expected": catalog.id,
                }
            answers = option_ids(path, catalog, answers, _lang())
        except AnswersFileError as error:
            return error.message.replace(str(path), name)
    try:
        validate_answers(catalog, answers)
    except UnknownAnswersError as error:
        return f"{name}: {error}"
    actions.submit_management_answers(diagnosis, answers, by)
    return None


@org_view()
def diagnosis_result(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    diagnosis = _ROUND.get(org.pk, pk)
    if diagnosis is None:
        raise Http404("not found in this organisation")
    if diagnosis.catalog_id == actions.SECURITY_CATALOG:
        return redirect("security:result", org_id=org.id, pk=diagnosis.pk)
    if not diagnosis.completed_at:
        if request.membership.role in LEADS:  # type: ignore[attr-defined]
            return redirect("assessments:answer", org_id=org.id, pk=diagnosis.pk)
        return render(request, "assessments/not_ready.html", {"diagnosis": diagnosis})
    # Kept until the company's data changes (orgs/versions.py); the anonymised comparison may lag by minutes.
    return cached_page(request, f"result:{diagnosis.pk}", lambda: _render_result(request, org, diagnosis))


def _render_result(request: HttpRequest, org, diagnosis: Diagnosis) -> HttpResponse:  # type: ignore[no-untyped-def]
    lang = _lang()
    rows = results.section_rows(diagnosis, lang)
    context = {
        "diagnosis": diagnosis,
        "result": results.management_summary(diagnosis, lang),
        "rows": rows,
        "radar": results.radar_for(rows, lang),
        "gaps": results.gap_findings(rows),
        "staff_visible": results.staff_visible(diagnosis),
        "minimum": results.STAFF_MINIMUM,
        "history": results.history(diagnosis),
        "is_lead": request.membership.role in LEADS,  # type: ignore[attr-defined]
        "landscape_evidence": landscape_evidence(org, diagnosis, lang),
        "peers": companies_like_yours(org, diagnosis, lang),
    }
    from rashinban.nextsteps.display import from_sources
    from rashinban.nextsteps.model import DX_DIAGNOSIS

    context |= from_sources(org, DX_DIAGNOSIS, limit=8, lang=lang)
    return render(request, "assessments/result.html", context)


@org_view(roles=LEADS)
def catalog_import(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    form = CatalogUploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        name, text = form.cleaned_data["file"]
        try:
            outcome = actions.import_catalog(org, text, name, request.user)  # type: ignore[arg-type]
        except CatalogError as error:
            errors.append(str(error))
        else:
            messages.success(
                request, _("The question bank “%(title)s” was imported.") % {"title": outcome.catalog.title}
            )
            return redirect("assessments:list", org_id=org.id)
    return render(request, "assessments/catalog_import.html", {"form": form, "errors": errors})


@never_cache
def survey(request: HttpRequest, token: str) -> HttpResponse:
    """The anonymous staff survey: no account, one response per link, made for a phone."""
    try:
        link = actions.find_survey_link(token)
    except actions.SurveyLinkError as error:
        return render(request, "assessments/survey_closed.html", {"message": str(error)}, status=410)
    diagnosis = link.diagnosis
    catalog = actions.catalog_for(diagnosis)
    draft = drafts.load("survey", link=link)
    form = AnswersForm(
        catalog,
        actions.STAFF,
        _lang(),
        request.POST if request.method == "POST" else None,
        initial_answers=draft.answers if draft else None,
    )
    if drafts.is_draft_post(request):
        return drafts.handle(request, diagnosis.organisation, form, "survey", link=link)
    if request.method == "POST" and form.is_valid() and form.confirmed():
        try:
            actions.submit_staff_response(token, form.answers())  # the link's draft goes with the answer
        except actions.SurveyLinkError as error:
            return render(request, "assessments/survey_closed.html", {"message": str(error)}, status=410)
        return render(request, "assessments/survey_thanks.html", {"organisation": diagnosis.organisation})
    context = {
        "form": form,
        "organisation": diagnosis.organisation,
        "catalog_title": localized(catalog.title, _lang()),
        "token": token,
        "answer_by": long_date(link.answer_by, _lang()) if link.answer_by else "",
        "draft": drafts.resume(draft, form) if request.method == "GET" else None,
    }
    return render(request, "assessments/survey.html", context)
