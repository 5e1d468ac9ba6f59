"""The owner's report: a printable page and three downloads, for the people of the company only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from rashinban.assessments.models import Milestone
from rashinban.downloads import content_disposition
from rashinban.orgs.tenancy import org_view
from rashinban.reports.export import render_owner_report


def _language() -> str:
    return get_language() or "ja"


def download_links(org_id: int) -> list[tuple[str, str]]:
    return [
        (_("Download PDF"), reverse("reports:pdf", args=[org_id])),
        (_("Download Excel"), reverse("reports:xlsx", args=[org_id])),
        (_("Download HTML"), reverse("reports:html", args=[org_id])),
    ]


@never_cache
@org_view()
def owner_report(request: HttpRequest) -> HttpResponse:
    """The report as a page: A4 sheets on screen, a Print button, the downloads above it."""
    org = request.org  # type: ignore[attr-defined]
    Milestone.reach(org, Milestone.REPORT)  # the last step of the first hour (templates/orgs/_first_hour.html)
    links = [(_("Back to the dashboard"), reverse("orgs:dashboard", args=[org.id])), *download_links(org.id)]
    rendered = render_owner_report(org, "html", language=_language(), links=links, standalone=False)
    return HttpResponse(rendered.content, content_type=rendered.content_type)


def _download(request: HttpRequest, fmt: str) -> HttpResponse:
    Milestone.reach(request.org, Milestone.REPORT)  # type: ignore[attr-defined]
    rendered = render_owner_report(request.org, fmt, language=_language())  # type: ignore[attr-defined]
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = content_disposition(rendered.filename)
    return response


@never_cache
@org_view()
def download_pdf(request: HttpRequest) -> HttpResponse:
    return _download(request, "pdf")


@never_cache
@org_view()
def download_xlsx(request: HttpRequest) -> HttpResponse:
    return _download(request, "xlsx")


@never_cache
@org_view()
def download_html(request: HttpRequest) -> HttpResponse:
    return _download(request, "html")
