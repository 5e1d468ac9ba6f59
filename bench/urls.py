"""The product's URLs, then two bench-only pages:

- /bench/floor/<org_id>/: a company page that runs every check a real one runs (session, signed-in user, second
  factor, membership) and renders nothing. No signed-in page can be faster, so it shows how much of the distance
  between /healthz and the dashboard is the price of those checks.
- /bench/write/<org_id>/<kind>/ (POST): the realistic load's writes (bench/realistic.py), each through the
  product's own action function, so that the company's data changes between its visits the way a person's work
  changes it (and its cached pages go stale): a staff answer through a survey link, a KPI value, an action's
  status, an evidence upload checked by the real check, a drill hit. Behind the same sign-in checks as a real
  page; exempt from CSRF only because wrk cannot read a token out of a form.
"""

import random

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from rashinban.config.urls import urlpatterns as product
from rashinban.orgs.tenancy import org_view


@org_view()
def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def _answer(request: HttpRequest, rng: random.Random) -> bool:
    from rashinban.assessments import actions
    from rashinban.assessments.catalog import get_catalog
    from rashinban.assessments.models import Diagnosis
    from rashinban.orgs.demo import plausible_answers

    diagnosis = (
        Diagnosis.objects.filter(organisation=request.org, completed_at__isnull=False)
        .exclude(catalog_id=actions.SECURITY_CATALOG)
        .order_by("-id")
        .first()
    )
    if diagnosis is None:
        return False
    (token,) = actions.issue_survey_links(diagnosis, 1, [], "ja")
    catalog = get_catalog(diagnosis.catalog_id)
    actions.submit_staff_response(token, plausible_answers(catalog, rng, actions.STAFF, rng.random()))
    return True


def _kpi(request: HttpRequest, rng: random.Random) -> bool:
    from rashinban.planning.actions import record_measurement
    from rashinban.planning.models import Target

    target = Target.objects.filter(organisation=request.org).order_by("?").first()
    if target is None:
        return False
    record_measurement(target, timezone.localdate(), round(rng.uniform(0, 50), 1), request.user)
    return True


def _action(request: HttpRequest, rng: random.Random) -> bool:
    from rashinban.security.actions import set_status
    from rashinban.security.models import ActionItem, Status

    item = ActionItem.objects.filter(organisation=request.org).order_by("?").first()
    if item is None:
        return False
    set_status(item, rng.choice([Status.TODO, Status.DOING, Status.DONE]), by=request.user)
    return True


def _evidence(request: HttpRequest, rng: random.Random) -> bool:
    from rashinban.evidence.actions import run_check
    from rashinban.evidence.checks.samples import STATIC_DIR
    from rashinban.evidence.demo import UPLOADS
    from rashinban.evidence.registry import CheckInput, Upload, get_check

    name, field, file_name = rng.choice(UPLOADS)
    upload = Upload(file_name, (STATIC_DIR / file_name).read_bytes())
    run_check(request.org, get_check(name), CheckInput(files={field: [upload]}), by=request.user)
    return True


def _drill(request: HttpRequest, rng: random.Random) -> bool:
    from rashinban.drills.models import Event, EventKind, Recipient
    from rashinban.drills.simulate import DESKTOP_UA, OFFICE_NET

    recipient = Recipient.objects.filter(organisation=request.org).order_by("?").first()
    if recipient is None:
        return False
    Event.objects.create(
        organisation=request.org, drill_id=recipient.drill_id, recipient=recipient, kind=EventKind.LINK,
        ip=OFFICE_NET.format(rng.randint(1, 254)), user_agent=DESKTOP_UA,
    )  # fmt: skip
    return True


WRITES = {"answer": _answer, "kpi": _kpi, "action": _action, "evidence": _evidence, "drill": _drill}


@csrf_exempt
@require_POST
@org_view()
def write(request: HttpRequest, kind: str) -> HttpResponse:
    change = WRITES.get(kind)
    if change is None:
        return HttpResponse("unknown write", status=404, content_type="text/plain")
    # A company without that kind of data (no drill yet) changes nothing: still a 200, counted by the bench.
    done = change(request, random.Random())
    return HttpResponse("changed" if done else "nothing to change", content_type="text/plain")


# After the product's patterns, so that its pages resolve exactly as in production.
urlpatterns = [
    *product,
    path("bench/floor/<int:org_id>/", floor),
    path("bench/write/<int:org_id>/<slug:kind>/", write),
]
handler404 = "rashinban.config.views.not_found"
handler500 = "rashinban.config.views.server_error"
