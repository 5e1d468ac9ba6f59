"""Drafts of questionnaires (途中保存): answers kept as they are given, restored when the person comes back.

Every questionnaire page (diagnosis, security self-check, staff survey, lesson quiz) posts its form with
`save_draft` — on each change through static/js/drafts.js, or with the "save draft" button without JavaScript —
and `handle` keeps the answers that are valid choices. Sending the questionnaire discards the draft.
"""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from rashinban.assessments.models import AnswerDraft

DRAFT_FIELD = "save_draft"
FETCH_HEADER = "X-Rashinban-Draft"  # sent by drafts.js: answer with JSON, not a redirect


def _owner(user=None, link=None) -> dict:  # type: ignore[no-untyped-def]
    if link is not None:
        return {"link": link, "user": None}
    if user is None or not user.is_authenticated:
        raise ValueError("a draft belongs to a signed-in person or to a survey link")
    return {"user": user, "link": None}


def load(form_key: str, *, user=None, link=None) -> AnswerDraft | None:  # type: ignore[no-untyped-def]
    return AnswerDraft.objects.filter(form=form_key, **_owner(user, link)).first()


def discard(form_key: str, *, user=None, link=None) -> None:  # type: ignore[no-untyped-def]
    AnswerDraft.objects.filter(form=form_key, **_owner(user, link)).delete()


def valid_answers(form: forms.Form, data: Mapping[str, str]) -> dict[str, str]:
    """The posted answers that are one of their question's choices; anything else is left out."""
    answers = {}
    for name, field in form.fields.items():
        value = data.get(name)
        choices = {str(key) for key, _label in getattr(field, "choices", [])}
        if value and value in choices:
            answers[name] = value
    return answers


def save(organisation, form_key: str, answers: Mapping[str, str], *, user=None, link=None) -> AnswerDraft:  # type: ignore[no-untyped-def]
    draft, _created = AnswerDraft.objects.update_or_create(
        form=form_key,
        **_owner(user, link),
        defaults={"organisation": organisation, "answers": dict(answers), "updated_at": timezone.now()},
    )
    return draft


def is_draft_post(request: HttpRequest) -> bool:
    return request.method == "POST" and DRAFT_FIELD in request.POST


def handle(
    request: HttpRequest,
    organisation,
    form: forms.Form,
    form_key: str,
    *,
    user=None,
    link=None,  # type: ignore[no-untyped-def]
    back: str = "",
) -> HttpResponse:
    """Save the posted answers as the draft; JSON for drafts.js, else back to the page with a message."""
    answers = valid_answers(form, request.POST)
    save(organisation, form_key, answers, user=user, link=link)
    if request.headers.get(FETCH_HEADER):
        return JsonResponse({"saved": len(answers), "at": timezone.localtime().strftime("%H:%M")})
    messages.success(request, _("Your draft was saved. You can leave and continue later from where you left."))
    return redirect(back or request.get_full_path())


def resume(draft: AnswerDraft | None, form: forms.Form) -> dict | None:
    """What the page says about a restored draft: when it was saved and the first question still open."""
    if draft is None:
        return None
    names = list(form.fields)
    first_open = next((name for name in names if not draft.answers.get(name)), None)
    return {
        "updated_at": draft.updated_at,
        "answered": len([n for n in names if draft.answers.get(n)]),
        "total": len(names),
        "first_open": first_open,
    }
