"""The shared mailbox page (owners): connect, test, read now; what the DMARC reports say."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rashinban import crypto
from rashinban.mailbox.forms import MailboxForm
from rashinban.mailbox.imap import MailboxError, check, collect
from rashinban.mailbox.models import Mailbox
from rashinban.mailbox.summary import picture
from rashinban.orgs.choices import Role
from rashinban.orgs.tenancy import org_view

OWNER = [Role.OWNER]


def _page(request: HttpRequest, form: MailboxForm | None = None, status: int = 200) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    found = picture(org)
    initial = {"port": 993, "folder": "INBOX"}
    if found.mailbox:
        initial = {k: getattr(found.mailbox, k) for k in ("host", "port", "username", "folder")}
    context = {"picture": found, "form": form or MailboxForm(initial=initial)}
    return render(request, "mailbox/page.html", context, status=status)


@org_view(roles=OWNER)
def page(request: HttpRequest) -> HttpResponse:
    return _page(request)


@org_view(roles=OWNER)
@require_POST
def connect(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    form = MailboxForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    values = dict(form.cleaned_data)
    password = values.pop("password")
    trial = Mailbox(organisation=org, password=crypto.encrypt(password, crypto.MAILBOX_SECRET), **values)
    try:
        check(trial)
    except MailboxError as error:
        form.add_error(None, _("Could not open the mailbox: %(problem)s") % {"problem": error})
        return _page(request, form, status=400)
    Mailbox.objects.update_or_create(
        organisation=org, defaults={**values, "password": trial.password, "last_error": ""}
    )
    messages.success(request, _("Connected. Reports are read every 15 minutes."))
    return redirect("mailbox:page", org.pk)


@org_view(roles=OWNER)
@require_POST
def read_now(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    mailbox = Mailbox.objects.select_related("organisation").filter(organisation=org).first()
    if mailbox is not None:
        try:
            outcome = collect(mailbox)
        except MailboxError as error:
            messages.error(request, _("Could not read the mailbox: %(problem)s") % {"problem": error})
        else:
            messages.success(
                request,
                _("Read: %(reports)s DMARC reports, %(drills)s drill mails reported.")
                % {"reports": outcome.reports, "drills": outcome.drill_reports},
            )
    return redirect("mailbox:page", org.pk)


@org_view(roles=OWNER)
@require_POST
def disconnect(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    Mailbox.objects.filter(organisation=org).delete()
    messages.success(request, _("Disconnected."))
    return redirect("mailbox:page", org.pk)
