"""The live strength meter of the password page: a JSON endpoint running the same checker as the form.

The password arrives in a POST body (never in a URL), is checked in memory and forgotten: nothing is
stored, and `sensitive_post_parameters` keeps it out of error reports. Same roles as the check pages.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from rashinban.evidence.checks.password import MAX_LENGTH
from rashinban.evidence.checks.password_strength import assess, findings_for, summary_of
from rashinban.orgs.choices import Role
from rashinban.orgs.tenancy import org_view

LEADS = [Role.OWNER, Role.ADVISOR]


def score_word(score: int) -> str:
    words = (_("Very weak"), _("Weak"), _("Fair"), _("Strong"), _("Very strong"))
    return words[score]


@sensitive_post_parameters("password")
@org_view(roles=LEADS)
@never_cache
@require_POST
def password_strength(request: HttpRequest) -> JsonResponse:
    password = request.POST.get("password", "")
    if len(password) > MAX_LENGTH:
        return JsonResponse({"error": _("The password is too long to check.")}, status=400)
    if not password:
        return JsonResponse({"empty": True})
    assessment = assess(password)
    data = summary_of(assessment)
    data["label"] = score_word(assessment.score)
    data["crack_time_label"] = _("Guessed in about %(time)s") % {"time": data["crack_time"]}
    data["findings"] = [{"id": f.id, "severity": f.severity, "title": f.title} for f in findings_for(assessment)]
    return JsonResponse(data)
