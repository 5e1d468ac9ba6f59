"""What a drill recipient's browser reaches: open pixel, landing page, beacon, 「続行」, fake form, teaching page,
report. The unguessable token in the URL is the only credential; no session, no CSRF cookie.

The fake form's inputs carry no `name`, so a browser sends nothing typed; whatever a client posts anyway is
never read (request.POST and request.body are not touched) and never stored or logged. Each hit keeps its
network address, browser and, for presses, the page's interaction summary from the query string (drills/hits.py);
a press is judged at once (drills/verdicts.py), so the lesson follows the verdict, not the raw hit.
"""

from __future__ import annotations

import base64

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rashinban.drills import actions, hits
from rashinban.drills.lures import builtin_lures
from rashinban.drills.models import EventKind, Recipient, Verdict
from rashinban.training.bank import builtin_bank

# A 1×1 transparent GIF.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def _recipient(token: str) -> Recipient:
    recipient = actions.find_recipient(token)
    if recipient is None:
        raise Http404("unknown drill link")
    return recipient


def _lure_language(recipient: Recipient) -> str:
    template = recipient.drill.template
    return template.language if template else "ja"


@never_cache
@require_GET
def pixel(request: HttpRequest, token: str) -> HttpResponse:
    actions.record_by_token(token, EventKind.OPENED, hits.from_request(request))
    return HttpResponse(PIXEL, content_type="image/gif")


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def landing(request: HttpRequest, token: str) -> HttpResponse:
    """GET: the bare link hit (a scanner does this too) and the page; POST: the 「続行」 button, a person's click."""
    recipient = _recipient(token)
    if request.method == "GET":
        actions.record(recipient, EventKind.LINK, hits.from_request(request))
        return render(request, "drills/lure.html", {"token": token, "drill": recipient.drill})
    actions.record_press(recipient, EventKind.CLICKED, hits.from_request(request, with_signals=True))
    if recipient.drill.has_form:
        return render(request, "drills/lure_form.html", {"token": token, "drill": recipient.drill})
    return redirect("drills:teach", token=token)


@csrf_exempt
@never_cache
@require_POST
def beacon(request: HttpRequest, token: str) -> HttpResponse:
    """The landing page's script reports that someone used the page and left without pressing 「続行」."""
    recipient = actions.find_recipient(token)
    if recipient is not None:
        actions.record_press(recipient, EventKind.CLICKED, hits.from_request(request, with_signals=True))
    return HttpResponse(status=204)


@csrf_exempt
@never_cache
@require_POST
def submit(request: HttpRequest, token: str) -> HttpResponse:
    """Only the fact of a submission is recorded; the body is never read."""
    recipient = _recipient(token)
    actions.record_press(recipient, EventKind.SUBMITTED, hits.from_request(request, with_signals=True))
    return redirect("drills:teach", token=token)


@never_cache
@require_GET
def teach(request: HttpRequest, token: str) -> HttpResponse:
    """The teaching page: this was a drill, these were the signs, here is your lesson."""
    recipient = _recipient(token)
    drill = recipient.drill
    lesson = builtin_bank().get(drill.lesson_id)
    lure = builtin_lures().get(drill.template.lure_id) if drill.template else None
    # The lesson is announced only when the verdict counted the click and assigned it (drills/verdicts.py).
    assigned = Verdict.objects.filter(recipient=recipient, assignment__isnull=False).exists()
    context = {"drill": drill, "lesson": lesson, "recipient": recipient, "lure": lure, "assigned": assigned,
               "organisation": drill.organisation}  # fmt: skip
    return render(request, "drills/teach.html", context)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, token: str) -> HttpResponse:
    """The report link: GET asks (scanners follow links too), POST records the report."""
    recipient = _recipient(token)
    if request.method == "POST":
        actions.record_press(recipient, EventKind.REPORTED, hits.from_request(request, with_signals=True))
        return render(request, "drills/reported.html", {"drill": recipient.drill})
    return render(request, "drills/report.html", {"token": token, "drill": recipient.drill})
