"""Security documents pages: overview, contacts, generate, a version (read, edit, publish, confirm), exports."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rashinban.documents import actions
from rashinban.documents.forms import ContactsForm, EditForm, GenerateForm
from rashinban.documents.markup import from_markup
from rashinban.documents.models import DocumentKind, DocumentVersion
from rashinban.documents.summary import panel_context
from rashinban.downloads import attachment
from rashinban.orgs.choices import Role
from rashinban.orgs.tenancy import get_scoped_or_404, org_view, scoped
from rashinban.reports.html import render_blocks

LEADS = [Role.OWNER, Role.ADVISOR]


def _is_lead(request: HttpRequest) -> bool:
    return request.membership.role in LEADS  # type: ignore[attr-defined]


def _version(request: HttpRequest, pk: int) -> DocumentVersion:
    """A version of the caller's company; members see published versions only (drafts answer 404)."""
    versions = DocumentVersion.objects.select_related("created_by", "published_by", "organisation")
    version = get_scoped_or_404(versions, request.org, pk=pk)  # type: ignore[attr-defined]
    if version.published_at is None and not _is_lead(request):
        raise Http404("draft")
    return version


@org_view()
def index(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    context = panel_context(org, request.membership)  # type: ignore[attr-defined]
    if _is_lead(request):
        versions = scoped(DocumentVersion.objects.select_related("created_by"), org).order_by("kind", "-number")
        by_kind: dict[str, list[DocumentVersion]] = {}
        for version in versions[:300]:
            by_kind.setdefault(version.kind, []).append(version)
        context["history"] = [(kind, label, by_kind.get(kind, [])) for kind, label in DocumentKind.choices]
        context["generate_form"] = GenerateForm(initial={"language": get_language() or "ja"})
    return render(request, "documents/index.html", context)


@org_view(roles=LEADS)
def contacts(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    language = get_language() or "ja"
    initial = ContactsForm.initial_from(actions.contacts_of(org))
    form = ContactsForm(request.POST or None, initial=initial, language=language)
    if request.method == "POST" and form.is_valid():
        actions.save_contacts(org, form.contacts(), request.user)  # type: ignore[arg-type]
        messages.success(request, _("Contacts saved. Generate a new version of the plan and the card to print them."))
        return redirect("documents:index", org_id=org.id)
    return render(request, "documents/contacts.html", {"form": form})


@org_view(roles=LEADS)
@require_POST
def generate(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a document and a language."))
        return redirect("documents:index", org_id=org.id)
    version = actions.generate_version(org, form.cleaned_data["kind"], form.cleaned_data["language"], request.user)  # type: ignore[arg-type]
    messages.success(
        request,
        _("Version %(n)s was generated. Read it, edit what does not fit, then publish it.") % {"n": version.number},
    )
    return redirect("documents:version", org_id=org.id, pk=version.pk)


@org_view()
def version_page(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    version = _version(request, pk)
    current = actions.published_version(org, version.kind)
    is_current = current is not None and current.pk == version.pk
    readers = actions.reader_status(version) if is_current else []
    me = next((r for r in readers if r.user.pk == request.user.pk), None)
    siblings = scoped(DocumentVersion.objects.filter(kind=version.kind).select_related("created_by"), org)
    if not _is_lead(request):
        siblings = siblings.filter(published_at__isnull=False)
    context = {
        "version": version,
        "body": render_blocks(from_markup(version.body), owner_notes=_is_lead(request)),
        "is_current": is_current,
        "current": current,
        "readers": readers,
        "not_confirmed": sum(1 for r in readers if r.confirmed_at is None),
        "can_confirm": is_current and me is not None and me.confirmed_at is None,
        "my_confirmation": me.confirmed_at if me else None,
        "siblings": siblings.order_by("-number")[:50],
        "is_lead": _is_lead(request),
        "is_owner": request.membership.role == Role.OWNER,  # type: ignore[attr-defined]
    }
    return render(request, "documents/version.html", context)


@org_view(roles=LEADS)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    version = _version(request, pk)
    initial = {"title": version.title, "subtitle": version.subtitle, "body": version.body}
    form = EditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = actions.save_edit(version, data["title"], data["subtitle"], data["body"], data["note"], request.user)  # type: ignore[arg-type]
        messages.success(request, _("Saved as version %(n)s.") % {"n": saved.number})
        return redirect("documents:version", org_id=org.id, pk=saved.pk)
    return render(request, "documents/edit.html", {"version": version, "form": form})


@org_view(roles=[Role.OWNER])
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publishing asks first: it lists what is still blank and which notes to the owner stay out."""
    version = _version(request, pk)
    if version.published_at is not None:
        return redirect("documents:version", org_id=version.organisation_id, pk=version.pk)
    if request.method == "POST" and request.POST.get("confirmed") == "yes":
        actions.publish(version, request.user)  # type: ignore[arg-type]
        messages.success(
            request, _("Version %(n)s is published. Everyone is asked to read and confirm it.") % {"n": version.number}
        )
        return redirect("documents:version", org_id=version.organisation_id, pk=version.pk)
    context = {
        "version": version,
        "check": actions.publication_check(version),
        "contacts_newer": actions.contacts_changed_since(version),
        "document": actions.as_document(version),
    }
    return render(request, "documents/publish.html", context)


@org_view(roles=[Role.OWNER, Role.MEMBER])
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    try:
        actions.confirm(version, request.user)  # type: ignore[arg-type]
    except actions.DocumentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you. Your confirmation is recorded."))
    return redirect("documents:version", org_id=version.organisation_id, pk=version.pk)


@org_view(roles=[Role.OWNER])
@require_POST
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    try:
        sent = actions.send_reminders(version, request.user)  # type: ignore[arg-type]
    except actions.DocumentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Reminders are on their way to %(n)s people.") % {"n": sent})
    return redirect("documents:version", org_id=version.organisation_id, pk=version.pk)


def _download(content: bytes | str, content_type: str, version: DocumentVersion, extension: str) -> HttpResponse:
    """'株式会社みなと精工_情報セキュリティ基本方針_第2版.pdf': named in the document's own language."""
    label = f"第{version.number}版" if version.language == "ja" else f"version {version.number}"
    return attachment(
        content, content_type, company=version.organisation.name, title=version.title, extension=extension, label=label
    )


@org_view()
def export_html(request: HttpRequest, pk: int) -> HttpResponse:
    from rashinban.reports.html import to_html

    version = _version(request, pk)
    document = actions.as_document(version)
    if request.GET.get("download"):
        return _download(to_html(document, standalone=True), "text/html; charset=utf-8", version, "html")
    org_id = version.organisation_id
    links = [
        (_("Back"), reverse("documents:version", kwargs={"org_id": org_id, "pk": version.pk})),
        (_("PDF"), reverse("documents:export_pdf", kwargs={"org_id": org_id, "pk": version.pk})),
        (_("Word"), reverse("documents:export_docx", kwargs={"org_id": org_id, "pk": version.pk})),
        (_("Download HTML"), request.path + "?download=1"),
    ]
    return HttpResponse(to_html(document, links=links))


@org_view()
def export_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from rashinban.reports.pdf import to_pdf

    version = _version(request, pk)
    return _download(to_pdf(actions.as_document(version)), "application/pdf", version, "pdf")


@org_view()
def export_docx(request: HttpRequest, pk: int) -> HttpResponse:
    from rashinban.reports.docx import to_docx

    version = _version(request, pk)
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return _download(to_docx(actions.as_document(version)), content_type, version, "docx")
