"""The owner's "retry" button for a failed job of their organisation."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rashinban.orgs.choices import Role
from rashinban.orgs.tenancy import get_scoped_or_404, org_view
from rashinban.tasks.api import retry_job
from rashinban.tasks.models import Job, JobStatus


@org_view(roles=[Role.OWNER])
@require_POST
def retry(request: HttpRequest, job_id: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    job = get_scoped_or_404(Job.objects.filter(status=JobStatus.FAILED), org, pk=job_id)
    retry_job(job)
    messages.success(request, _("It will be tried again in a moment."))
    return redirect("orgs:dashboard", org_id=org.id)
