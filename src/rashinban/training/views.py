"""Training pages: my lessons, taking a lesson with its quiz, and the owner's assignments and progress."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rashinban.assessments import drafts
from rashinban.orgs.choices import Role
from rashinban.orgs.tenancy import get_scoped_or_404, org_view, scoped
from rashinban.training import actions, progress
from rashinban.training.bank import builtin_bank, localized
from rashinban.training.departments import department_names, departments_of
from rashinban.training.forms import AssignForm, QuizForm
from rashinban.training.models import Assignment
from rashinban.training.quiz import PASS_PERCENT

LEADS = [Role.OWNER, Role.ADVISOR]


def _lang() -> str:
    return get_language() or "ja"


def _progress_rows(org, lang: str) -> list[progress.Row]:  # type: ignore[no-untyped-def]
    departments = departments_of(org)
    bank = builtin_bank()
    rows = []
    for a in scoped(Assignment.objects.select_related("user"), org):
        lesson = bank.get(a.lesson_id)
        rows.append(
            progress.Row(
                person=str(a.user),
                department=departments.get(a.user_id, ""),
                lesson_id=localized(lesson.title, lang) if lesson else a.lesson_id,
                due_date=a.due_date,
                completed=a.completed_at is not None,
                score=a.score_percent,
            )
        )
    return rows


def _my_lessons(request: HttpRequest, org, lang: str) -> list[dict]:  # type: ignore[no-untyped-def]
    bank = builtin_bank()
    today = timezone.localdate()
    mine = scoped(Assignment.objects.all(), org).filter(user=request.user)
    return [
        {"assignment": a, "lesson": bank.get(a.lesson_id), "overdue": a.is_overdue(today),
         "title": localized(bank.get(a.lesson_id).title, lang) if bank.get(a.lesson_id) else a.lesson_id}
        for a in mine
    ]  # fmt: skip


@org_view()
def training_home(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    role = request.membership.role  # type: ignore[attr-defined]
    lang = _lang()
    context: dict = {"mine": _my_lessons(request, org, lang), "is_owner": role == Role.OWNER, "is_lead": role in LEADS}
    if role in LEADS:
        context["form"] = AssignForm(builtin_bank().lessons, department_names(org), lang)
        context["departments"] = progress.by_department(_progress_rows(org, lang), timezone.localdate())
    return render(request, "training/home.html", context)


@org_view(roles=[Role.OWNER])
@require_POST
def training_assign(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    lang = _lang()
    form = AssignForm(builtin_bank().lessons, department_names(org), lang, request.POST)
    if not form.is_valid():
        context = {
            "mine": _my_lessons(request, org, lang),
            "is_owner": True,
            "is_lead": True,
            "form": form,
            "departments": progress.by_department(_progress_rows(org, lang), timezone.localdate()),
        }
        return render(request, "training/home.html", context, status=400)
    data = form.cleaned_data
    count = actions.assign_to_group(
        org, data["lesson"], data["due_date"], department=data["department"], by=request.user
    )  # type: ignore[arg-type]
    messages.success(request, _("The lesson was assigned to %(n)s people.") % {"n": count})
    return redirect("training:home", org_id=org.id)


@org_view()
def training_take(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's own lesson: the pages, then the quiz; nobody else's assignment answers (404)."""
    org = request.org  # type: ignore[attr-defined]
    assignment = get_scoped_or_404(Assignment.objects.all(), org, pk=pk, user=request.user)
    lesson = builtin_bank().get(assignment.lesson_id)
    lang = _lang()
    key = f"lesson:{assignment.pk}"
    draft = drafts.load(key, user=request.user)
    form = QuizForm(lesson, lang, request.POST or None, initial=draft.answers if draft else {})  # type: ignore[arg-type]
    if drafts.is_draft_post(request):
        return drafts.handle(request, org, form, key, user=request.user, back=request.path + "#quiz")
    result = None
    if request.method == "POST" and form.is_valid():
        result = actions.hand_in_quiz(assignment, form.answers())
        drafts.discard(key, user=request.user)
    context = {
        "assignment": assignment,
        "lesson": lesson,
        "form": form,
        "result": result,
        "lang": lang,
        "wrong": set(result.wrong) if result else set(),
        "explained": _explained(lesson, form, lang) if result else {},
        "draft": drafts.resume(draft, form) if request.method == "GET" else None,
        "pass_percent": PASS_PERCENT,
    }
    return render(request, "training/take.html", context)


def _explained(lesson, form: QuizForm, lang: str) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    """Per question: the right answer's label and why, shown under every answer once the quiz is handed in."""
    explained = {}
    for question in lesson.quiz:
        right = next(o for o in question.options if o.correct)
        explained[question.id] = {"right": localized(right.label, lang), "why": localized(question.explanation, lang)}
    return explained


@org_view(roles=LEADS)
def training_bank(request: HttpRequest) -> HttpResponse:
    return render(request, "training/bank.html", {"lessons": builtin_bank().lessons, "lang": _lang()})
