"""Drill pages for the company: setup (domains, mail server), templates, plan, confirm, stop, results."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rashinban.downloads import content_disposition, download_name
from rashinban.drills import actions, readout, results, verdicts
from rashinban.drills.charts import trend_svg
from rashinban.drills.dnsverify import expected_record
from rashinban.drills.exports import csv_pieces
from rashinban.drills.forms import DomainForm, DrillForm, KnownScannerForm, MailSettingsForm, TemplateForm
from rashinban.drills.lures import builtin_lures
from rashinban.drills.lures import render as render_mail
from rashinban.drills.models import Domain, Drill, DrillTemplate, KnownScanner, MailSettings, Recipient
from rashinban.drills.scanners import builtin_scanners
from rashinban.orgs.choices import Role
from rashinban.orgs.fastload import RowLoader
from rashinban.orgs.tenancy import get_scoped_or_404, org_view, scoped

OWNER = [Role.OWNER]


def _lang() -> str:
    return get_language() or "ja"


def _refused(request: HttpRequest, error: actions.DrillRefused) -> None:
    for reason in error.reasons:
        messages.error(request, reason)


# The drills page's own reads on every view (the newest drills; whether a verified domain, a mail server and a
# template are set up): SQL written once (orgs/fastload.py), the rows of `scoped(Drill.objects.all(), org)[:50]` and
# what the `.exists()` of each gives (tests/orgs/test_fastload.py compares them).
_DRILLS = RowLoader(Drill, [("organisation", "=")], order_by=("-created_at", "-id"), limit=50)
_VERIFIED_DOMAIN = RowLoader(Domain, [("organisation", "="), ("verified_at", "IS NOT NULL")], fields=["id"], limit=1)
_MAIL_SERVER = RowLoader(MailSettings, [("organisation", "=")], fields=["id"], limit=1)
_TEMPLATE = RowLoader(DrillTemplate, [("organisation", "=")], fields=["id"], limit=1)


@org_view()
def drill_list(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    is_owner = request.membership.role == Role.OWNER  # type: ignore[attr-defined]
    drills = _DRILLS.rows(org.pk)
    trend = readout.trend(org)  # stored verdicts: the same few queries at any number of hits
    # Members and advisors see figures of groups of DEPARTMENT_MINIMUM people or more only (pen-test finding).
    trend = [(d, r) for d, r in trend if is_owner or results.figures_shown(r)]
    chart = trend_svg(
        [d.name for d, _r in trend],
        [r.report_rate for _d, r in trend],
        [r.percent("clicked") for _d, r in trend],
        _("Report rate and click rate per drill"),
    )
    repeaters = readout.repeat_clickers([d for d, _r in trend]) if is_owner else {}
    context = {
        "drills": drills, "is_owner": is_owner, "chart": chart, "repeaters": repeaters,
        "domains_ok": _VERIFIED_DOMAIN.get(org.pk) is not None,
        "server_ok": _MAIL_SERVER.get(org.pk) is not None,
        "templates_ok": _TEMPLATE.get(org.pk) is not None,
    }  # fmt: skip
    return render(request, "drills/list.html", context)


@org_view(roles=OWNER)
def domains(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    form = DomainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            domain = actions.add_domain(org, form.cleaned_data["domain"])
        except actions.DrillRefused as error:
            _refused(request, error)
        else:
            messages.success(
                request, _("Add the TXT record below to %(domain)s, then press “Check now”.") % {"domain": domain}
            )
            return redirect("drills:domains", org_id=org.id)
    rows = [(d, expected_record(d.token)) for d in scoped(Domain.objects.all(), org)]
    context = {"form": form, "rows": rows, "mailboxes": actions.ROLE_MAILBOXES, "code_minutes": actions.CODE_MINUTES}
    return render(request, "drills/domains.html", context)


@org_view(roles=OWNER)
@require_POST
def domain_verify(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    domain = get_scoped_or_404(Domain.objects.all(), org, pk=pk)
    outcome = actions.verify_domain(domain)
    if outcome.verified:
        messages.success(request, _("%(domain)s is verified.") % {"domain": domain})
    else:
        messages.error(
            request, _("%(domain)s is not verified yet: %(problem)s") % {"domain": domain, "problem": outcome.problem}
        )
    return redirect("drills:domains", org_id=org.id)


@org_view(roles=OWNER)
@require_POST
def domain_code_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Mail a one-time code to a role mailbox of the domain (admin@, postmaster@, ...): proof without DNS."""
    org = request.org  # type: ignore[attr-defined]
    domain = get_scoped_or_404(Domain.objects.select_related("organisation"), org, pk=pk)
    try:
        address = actions.send_domain_code(domain, request.POST.get("mailbox", ""), _lang())
    except actions.DrillRefused as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("A code is on its way to %(address)s. Whoever reads that mailbox gives it to you.")
            % {"address": address},
        )
    return redirect("drills:domains", org_id=org.id)


@org_view(roles=OWNER)
@require_POST
def domain_code_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    domain = get_scoped_or_404(Domain.objects.all(), org, pk=pk)
    try:
        confirmed = actions.confirm_domain_code(domain, request.POST.get("code", "")[:40])
    except actions.DrillRefused as error:
        _refused(request, error)
    else:
        if confirmed:
            messages.success(request, _("%(domain)s is verified.") % {"domain": domain})
            return redirect("drills:first" if request.POST.get("next") == "first" else "drills:domains", org_id=org.id)
        messages.error(request, _("That is not the code we sent. Check it and try again."))
    return redirect("drills:domains", org_id=org.id)


@org_view(roles=OWNER)
def mail_settings(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    current = MailSettings.objects.filter(organisation=org).first()
    form = MailSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "password"}
        actions.save_mail_settings(org, values, form.cleaned_data["password"])
        messages.success(request, _("The mail server settings were saved."))
        return redirect("drills:list", org_id=org.id)
    has_password = bool(current and current.password_encrypted)
    return render(request, "drills/settings.html", {"form": form, "has_password": has_password})


@org_view(roles=OWNER)
def first_drill(request: HttpRequest) -> HttpResponse:
    """The first drill in 15 minutes: each step's state from the company's data, the first open one next."""
    org = request.org  # type: ignore[attr-defined]
    domains = list(scoped(Domain.objects.all(), org))
    drill = scoped(Drill.objects.all(), org).order_by("-created_at").first()
    test = drill and Recipient.objects.filter(drill=drill, is_test=True).order_by("-id").first()
    done = {
        "domain": any(d.verified_at for d in domains),
        "server": MailSettings.objects.filter(organisation=org).exists(),
        "template": scoped(DrillTemplate.objects.all(), org).exists(),
        "test": bool(test and test.sent_at),
        "start": bool(drill and drill.confirmed_at),
    }
    order = ["domain", "server", "template", "test", "start"]  # step 5 (mail filters) only when the test needs it
    following = next((step for step in order if not done[step]), None)
    context = {
        "done": done,
        "next": following,
        "domains": domains,
        "drill": drill,
        "test": test,
        "mailboxes": actions.ROLE_MAILBOXES,
        "code_minutes": actions.CODE_MINUTES,
    }
    return render(request, "drills/first.html", context)


@org_view(roles=OWNER)
def template_list(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    lang = _lang()
    lures = [(lure, lure.text(lang)) for lure in builtin_lures().lures]
    own = scoped(DrillTemplate.objects.all(), org)
    return render(request, "drills/templates.html", {"lures": lures, "own": own})


@org_view(roles=OWNER)
@require_POST
def template_new(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    lang = request.POST.get("language") or _lang()
    try:
        template = actions.template_from_lure(org, request.POST.get("lure", ""), lang)
    except actions.DrillRefused as error:
        _refused(request, error)
        return redirect("drills:templates", org_id=org.id)
    return redirect("drills:template_edit", org_id=org.id, pk=template.pk)


def _preview(template: DrillTemplate, org, user) -> object:  # type: ignore[no-untyped-def]
    return render_mail(template.subject, template.body, name=str(user), company=org.name,
                       link="https://…/d/c/(token)/", report_line=_("(the report link goes here)"))  # fmt: skip


@org_view(roles=OWNER)
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    template = get_scoped_or_404(DrillTemplate.objects.all(), org, pk=pk)
    form = TemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The template was saved."))
        return redirect("drills:template_edit", org_id=org.id, pk=template.pk)
    context = {"form": form, "template": template, "preview": _preview(template, org, request.user)}
    return render(request, "drills/template_edit.html", context)


@org_view(roles=OWNER)
def drill_new(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    templates = scoped(DrillTemplate.objects.all(), org)
    form = DrillForm(templates, actions.members(org), request.POST or None,
                     initial={"template": request.GET.get("template")})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            drill = actions.plan_drill(
                org, data["template"], by=request.user, name=data["name"], from_address=data["from_address"],  # type: ignore[arg-type]
                window_start=data["window_start"], window_end=data["window_end"], rate_per_hour=data["rate_per_hour"],
                quiet_start=data["quiet_start"], quiet_end=data["quiet_end"], open_pixel=data["open_pixel"],
                excluded=[int(pk) for pk in data["excluded"]], addresses=data["addresses"].splitlines(),
            )  # fmt: skip
        except actions.DrillRefused as error:
            return render(request, "drills/new.html", {"form": form, "refusals": error.reasons}, status=400)
        messages.success(request, _("The drill is planned. Send yourself the test mail, then confirm it."))
        return redirect("drills:detail", org_id=org.id, pk=drill.pk)
    return render(request, "drills/new.html", {"form": form, "refusals": []})


@org_view()
def drill_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    drill = get_scoped_or_404(Drill.objects.all(), org, pk=pk)
    is_owner = request.membership.role == Role.OWNER  # type: ignore[attr-defined]
    # A few people with new image loads or link fetches are judged now; more wait for the worker's minute.
    waiting = verdicts.catch_up(drill, limit=verdicts.ON_VIEW)
    result = readout.figures(drill)
    planned, sent = readout.progress(drill)
    only = request.GET.get("only", "")
    context = {
        "drill": drill, "is_owner": is_owner, "result": result, "planned": planned, "sent": sent,
        "departments": readout.departments(drill, result.rates), "minimum": results.DEPARTMENT_MINIMUM,
        "waiting": -waiting if waiting < 0 else 0, "only": only, "filters": readout.FILTERS,
        "people": readout.person_page(drill, request.GET.get("page"), only) if is_owner else None,
        "show_figures": is_owner or results.figures_shown(result.rates),
        "first_report_minutes": round(result.first_report_after.total_seconds() / 60) if result.first_report_after else None,
        "test_mail": Recipient.objects.filter(drill=drill, is_test=True).order_by("-id").first() if is_owner else None,
    }  # fmt: skip
    return render(request, "drills/detail.html", context)


def _download_name(drill: Drill, what: str, extension: str) -> str:
    """株式会社みなと精工_訓練の結果_4月の訓練_2026-04-01.csv (the shared rule for every download's name)."""
    day = timezone.localdate(drill.confirmed_at) if drill.confirmed_at else None
    name = download_name(drill.organisation.name, what, extension, day, label=drill.name)
    return content_disposition(name)


@org_view(roles=OWNER)
def drill_events(request: HttpRequest, pk: int) -> HttpResponse:
    """The drill's event stream as JSON Lines, for `rashinban drills classify` (docs/drills.md)."""
    drill = get_scoped_or_404(Drill.objects.all(), request.org, pk=pk)  # type: ignore[attr-defined]
    response = StreamingHttpResponse(readout.event_lines(drill), content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = _download_name(drill, _("drill hits"), "jsonl")
    return response


@org_view(roles=OWNER)
def drill_results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Each person's verdict with its reasons (owner only), as CSV that Excel opens (UTF-8 with BOM)."""
    drill = get_scoped_or_404(Drill.objects.all(), request.org, pk=pk)  # type: ignore[attr-defined]
    header = [_("Name"), _("E-mail address"), _("Opened"), _("Clicked"), _("Typed into the form"), _("Reported"),
              _("Forwarded"), _("Counted clicks"), _("Hits set aside"), _("Reasons")]  # fmt: skip
    pieces = csv_pieces(header, readout.verdict_rows(drill))
    response = StreamingHttpResponse(pieces, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _download_name(drill, _("drill results"), "csv")
    return response


@org_view(roles=OWNER)
@require_POST
def drill_test(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    drill = get_scoped_or_404(Drill.objects.all(), org, pk=pk)
    try:
        actions.send_test(drill, request.user)  # type: ignore[arg-type]
    except actions.DrillRefused as error:
        _refused(request, error)
    else:
        messages.success(request, _("The test mail is on its way to %(email)s.") % {"email": request.user.email})  # type: ignore[union-attr]
    return redirect("drills:detail", org_id=org.id, pk=drill.pk)


@org_view(roles=OWNER)
@require_POST
def drill_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    drill = get_scoped_or_404(Drill.objects.all(), org, pk=pk)
    try:
        count = actions.confirm_drill(drill, request.user, request.POST.get("confirm") == "yes")  # type: ignore[arg-type]
    except actions.DrillRefused as error:
        _refused(request, error)
    else:
        messages.success(request, _("The drill started: %(n)s mails will be sent over the window.") % {"n": count})
    return redirect("drills:detail", org_id=org.id, pk=drill.pk)


@org_view(roles=OWNER)
@require_POST
def drill_stop(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    drill = get_scoped_or_404(Drill.objects.all(), org, pk=pk)
    actions.stop_drill(drill)
    messages.success(request, _("The drill was stopped; no further mail will be sent."))
    return redirect("drills:detail", org_id=org.id, pk=drill.pk)


@org_view(roles=OWNER)
def scanners(request: HttpRequest) -> HttpResponse:
    """The known scanners: the built-in list with its sources, and the company's own entries."""
    org = request.org  # type: ignore[attr-defined]
    form = KnownScannerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.add_known_scanner(org, form.cleaned_data)
        messages.success(request, _("Added. Recent drills are being judged again with it."))
        return redirect("drills:scanners", org_id=org.id)
    builtin = [(s, s.label(_lang())) for s in builtin_scanners().scanners]
    context = {"builtin": builtin, "own": scoped(KnownScanner.objects.all(), org), "form": form}
    return render(request, "drills/scanners.html", context)


@org_view(roles=OWNER)
@require_POST
def scanner_delete(request: HttpRequest, pk: int) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    actions.remove_known_scanner(get_scoped_or_404(KnownScanner.objects.all(), org, pk=pk))
    messages.success(request, _("Removed. Recent drills are being judged again without it."))
    return redirect("drills:scanners", org_id=org.id)
