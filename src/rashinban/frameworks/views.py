"""Pages of the framework library and a company's readiness for each framework."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rashinban.frameworks.gather import company_state
from rashinban.frameworks.items import item_title
from rashinban.frameworks.library import Framework, builtin_frameworks, localized
from rashinban.frameworks.models import NotApplicable, OwnFramework, Target
from rashinban.frameworks.readiness import meets, readiness
from rashinban.orgs.choices import Role
from rashinban.orgs.tenancy import org_view

LEADS = [Role.OWNER, Role.ADVISOR]
MAX_REASON = 500


def _lang() -> str:
    return get_language() or "ja"


def _framework(framework_id: str, organisation=None) -> Framework:  # type: ignore[no-untyped-def]
    from rashinban.frameworks.own import frameworks_for

    library = frameworks_for(organisation) if organisation is not None else builtin_frameworks()
    framework = library.get(framework_id)
    if framework is None:
        raise Http404
    return framework


@org_view()
def library(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    lang = _lang()
    state = company_state(org)
    targets = set(Target.objects.filter(organisation=org).values_list("framework_id", flat=True))
    rows = []
    from rashinban.frameworks.own import frameworks_for

    for framework in frameworks_for(org).values():
        result = readiness(framework, state)
        rows.append(
            {
                "framework": framework,
                "title": localized(framework.title, lang),
                "counts": result.counts(),
                "ready": result.ready,
                "missing": len(result.missing),
                "target": framework.id in targets,
            }
        )
    rows.sort(key=lambda row: (not row["target"], row["framework"].id))
    own = set(OwnFramework.objects.filter(organisation=org).values_list("framework_id", flat=True))
    for row in rows:
        row["own"] = row["framework"].id in own
    return render(request, "frameworks/library.html", {"rows": rows})


@org_view(roles=LEADS)
@require_POST
def import_own(request: HttpRequest) -> HttpResponse:
    """A customer's own standard as YAML (the format of docs/frameworks.md), checked before it is kept."""
    from rashinban import limits
    from rashinban.frameworks.library import FrameworkError
    from rashinban.frameworks.own import import_framework

    org = request.org  # type: ignore[attr-defined]
    file = request.FILES.get("file")
    if file is None:
        messages.error(request, _("Choose a framework file (.yaml)."))
    elif file.size > limits.CATALOG.max_bytes:
        messages.error(request, _("%(file)s: the file is too large") % {"file": file.name})
    else:
        try:
            text = file.read().decode("utf-8")
            framework = import_framework(org, text, file.name, request.user)
        except UnicodeDecodeError:
            messages.error(request, _("%(file)s: the file is not UTF-8 text") % {"file": file.name})
        except FrameworkError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Framework “%(title)s” imported.") % {"title": localized(framework.title, _lang())}
            )
            return redirect("frameworks:detail", org.id, framework.id)
    return redirect("frameworks:library", org.id)


@org_view()
def detail(request: HttpRequest, framework_id: str) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    framework = _framework(framework_id, org)
    lang = _lang()
    result = readiness(framework, company_state(org))
    rows = []
    for r in result.requirements:
        rows.append(
            {
                "id": r.requirement.id,
                "level": r.requirement.level or "",
                "summary": localized(r.requirement.summary, lang),
                "status": r.status,
                "met": meets(r.status, framework.proof),
                "reason": r.reason,
                "items": [
                    {
                        "item": i.item,
                        "title": item_title(i.item, lang),
                        "status": i.status,
                        "at": i.at,
                        "coverage": i.coverage,
                    }
                    for i in r.items
                ],
            }
        )
    missing = [row for row in rows if not row["met"]]
    context = {
        "framework": framework,
        "title": localized(framework.title, lang),
        "note": localized(framework.note, lang),
        "result": result,
        "rows": rows,
        "missing": missing,
        "levels": [{"level": lv.level, "ready": lv.ready, "missing": lv.missing} for lv in result.levels],
        "target": Target.objects.filter(organisation=org, framework_id=framework.id).exists(),
        "is_lead": request.membership.role in LEADS,  # type: ignore[attr-defined]
    }
    return render(request, "frameworks/detail.html", context)


@org_view(roles=LEADS)
@require_POST
def target(request: HttpRequest, framework_id: str) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    framework = _framework(framework_id, org)
    if request.POST.get("aim") == "1":
        Target.objects.get_or_create(organisation=org, framework_id=framework.id)
        messages.success(request, _("The missing requirements are now steps in your plan."))
    else:
        Target.objects.filter(organisation=org, framework_id=framework.id).delete()
        messages.success(request, _("This framework is no longer a goal; its steps leave the plan."))
    return redirect("frameworks:detail", org.id, framework.id)


@org_view(roles=LEADS)
@require_POST
def not_applicable(request: HttpRequest, framework_id: str) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    framework = _framework(framework_id, org)
    requirement_id = request.POST.get("requirement", "")
    reason = request.POST.get("reason", "").strip()
    if framework.requirement(requirement_id) is None:
        raise Http404
    if len(reason) > MAX_REASON:
        messages.error(request, _("The reason is longer than %(n)s characters.") % {"n": MAX_REASON})
    elif reason:
        NotApplicable.objects.update_or_create(
            organisation=org,
            framework_id=framework.id,
            requirement_id=requirement_id,
            defaults={"reason": reason, "created_by": request.user},
        )
        messages.success(request, _("Marked as not applicable, with the reason."))
    else:
        NotApplicable.objects.filter(
            organisation=org, framework_id=framework.id, requirement_id=requirement_id
        ).delete()
        messages.success(request, _("The requirement applies again."))
    return redirect("frameworks:detail", org.id, framework.id)


@org_view(roles=LEADS)
def package(request: HttpRequest, framework_id: str) -> HttpResponse:
    """The evidence package as a zip: a PDF index, the published documents and the check results, with dates."""
    from rashinban.downloads import attachment
    from rashinban.frameworks.package import PackageTooLarge, build_package

    org = request.org  # type: ignore[attr-defined]
    framework = _framework(framework_id, org)
    lang = _lang()
    try:
        built = build_package(org, framework, lang)
    except PackageTooLarge:
        messages.error(request, _("The evidence package is too large to download at once."))
        return redirect("frameworks:detail", org.id, framework.id)
    return attachment(
        built.content,
        "application/zip",
        company=org.name,
        title=_("Evidence package") + " " + localized(framework.title, lang),
        extension="zip",
        day=timezone.localdate(),
    )


# ---------------------------------------------------------------- the public page


@org_view(roles=LEADS)
def public_settings(request: HttpRequest) -> HttpResponse:
    """Turn the page for customers on or off, make a new secret link, set the contact address."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    from rashinban.frameworks.models import PublicPage
    from rashinban.frameworks.public import new_token, public_facts

    org = request.org  # type: ignore[attr-defined]
    page, _created = PublicPage.objects.get_or_create(organisation=org)
    link = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "secret":
            raw, page.token_hash = new_token()
            page.token_created_at = timezone.now()
            link = request.build_absolute_uri(reverse("public_page:secret", kwargs={"token": raw}))
            messages.success(request, _("A new secret link is made; any older one no longer works."))
        elif action == "public-on":
            page.public = True
        elif action == "public-off":
            page.public = False
        elif action == "off":
            page.token_hash, page.token_created_at, page.public = "", None, False
            messages.success(request, _("The page for customers is turned off; its links no longer work."))
        elif action == "contact":
            contact = request.POST.get("contact", "").strip()
            try:
                if contact:
                    validate_email(contact)
            except ValidationError:
                messages.error(request, _("Enter a valid e-mail address for security questions."))
            else:
                page.contact = contact
        page.updated_at = timezone.now()
        page.save()
        if not link:
            return redirect("frameworks:public_settings", org.id)
    context = {
        "page": page,
        "link": link,
        "public_link": request.build_absolute_uri(reverse("public_page:public", kwargs={"slug": org.slug})),
        "facts": public_facts(org, page.contact, _lang()),
    }
    return render(request, "frameworks/public_settings.html", context)


def _public_response(request: HttpRequest, page) -> HttpResponse:  # type: ignore[no-untyped-def]
    from rashinban.frameworks.public import public_facts

    response = render(
        request, "frameworks/public.html", {"facts": public_facts(page.organisation, page.contact, _lang())}
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response


def public_secret(request: HttpRequest, token: str) -> HttpResponse:
    from rashinban.frameworks.models import PublicPage
    from rashinban.frameworks.public import token_hash

    if not token or len(token) > 64:
        raise Http404
    page = (
        PublicPage.objects.filter(token_hash=token_hash(token))
        .exclude(token_hash="")
        .select_related("organisation")
        .first()
    )
    if page is None:
        raise Http404
    return _public_response(request, page)


def public_by_name(request: HttpRequest, slug: str) -> HttpResponse:
    from rashinban.frameworks.models import PublicPage

    page = PublicPage.objects.filter(organisation__slug=slug, public=True).select_related("organisation").first()
    if page is None:
        raise Http404
    return _public_response(request, page)
