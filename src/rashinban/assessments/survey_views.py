"""Handing out the staff survey: mailed invitations, and a printable sheet of links with QR codes.

The links of the sheet are shown in the response that creates them and stored nowhere else (only their SHA-256),
not even in the session: the printed sheet is the only copy. A reload of that response must not create more links,
so each form carries a one-off batch id that the session remembers once used.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import override

from rashinban.assessments import actions, results
from rashinban.assessments import invitation as invitations
from rashinban.assessments.catalog import localized
from rashinban.assessments.forms import SurveyLinksForm
from rashinban.assessments.invitation import Invitation
from rashinban.assessments.models import Diagnosis, SurveyLink
from rashinban.orgs.choices import Role
from rashinban.orgs.tenancy import get_scoped_or_404, org_view
from rashinban.qr import qr_svg

LEADS = [Role.OWNER, Role.ADVISOR]
BATCHES_KEY = "rashinban_survey_batches"
BATCHES_KEPT = 50


@org_view(roles=LEADS)
def survey_links(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    diagnosis = get_scoped_or_404(Diagnosis.objects.all(), org, pk=pk)
    form = SurveyLinksForm(request.POST or None, initial={"batch": secrets.token_urlsafe(12)})
    if request.method == "POST" and form.is_valid():
        used = list(request.session.get(BATCHES_KEY, []))
        if form.cleaned_data["batch"] in used:
            messages.warning(
                request,
                _("These links were created already: they are on the sheet you printed. Nothing new was created."),
            )
            return redirect("assessments:survey_links", org_id=org.id, pk=diagnosis.pk)
        request.session[BATCHES_KEY] = [*used, form.cleaned_data["batch"]][-BATCHES_KEPT:]
        data = form.cleaned_data
        invitation = Invitation(by=request.user, answer_by=data["answer_by"], message=data["message"])  # type: ignore[arg-type]
        tokens = actions.issue_survey_links(diagnosis, data.get("count") or 0, data["emails"], org.language, invitation)
        if data["emails"]:
            messages.success(
                request,
                _(
                    "Survey links are on their way to %(n)s addresses. If one cannot be delivered, the dashboard will say so."
                )
                % {"n": len(data["emails"])},
            )
        if tokens:
            return _sheet(request, diagnosis, invitation, tokens)
        return redirect("assessments:survey_links", org_id=org.id, pk=diagnosis.pk)
    links = SurveyLink.objects.filter(diagnosis=diagnosis)
    page = {
        "diagnosis": diagnosis,
        "form": form,
        "issued": links.count(),
        "used": links.filter(used_at__isnull=False).count(),
        "minimum": results.STAFF_MINIMUM,
    }
    return render(request, "assessments/survey_links.html", page)


def _sheet(request: HttpRequest, diagnosis: Diagnosis, invitation: Invitation, tokens: list[str]) -> HttpResponse:
    """The printable sheet: one card per person, each with its own link as a QR code and as text."""
    org = diagnosis.organisation
    language = org.language
    title = localized(actions.catalog_for(diagnosis).title, language)
    cards = [
        {"url": url, "qr": mark_safe(qr_svg(url, box_size=4))} for url in map(actions.survey_url, tokens)
    ]  # our SVG
    with override(language):
        response = render(
            request,
            "assessments/survey_sheet.html",
            {
                **invitations.context(org, invitation, title, language),
                "cards": cards,
                "language": language,
                "diagnosis": diagnosis,
            },
        )
    add_never_cache_headers(response)  # the links: never from a cache, never kept by the browser
    return response
