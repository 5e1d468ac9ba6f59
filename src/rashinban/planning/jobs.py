"""Alert mails to owners when a KPI goes off track or its measurement is overdue (through `mail.send`).

A KPI remembers the last state it was mailed about (`Target.alerted_status`): the same state is never mailed
twice, a new bad state (off track → overdue) is, and a KPI that recovers is forgotten so a relapse is mailed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rashinban.orgs.choices import Role
from rashinban.orgs.models import Membership, Organisation
from rashinban.planning.models import Target
from rashinban.planning.status import ALERTING
from rashinban.planning.summary import status_of, with_latest
from rashinban.tasks.api import periodic
from rashinban.tasks.mail import queue_mail


def local_today(organisation: Organisation, now: datetime | None = None) -> date:
    return (now or datetime.now(ZoneInfo("UTC"))).astimezone(ZoneInfo(organisation.timezone)).date()


def changed_alerts(targets: list[Target], today: date) -> tuple[list[tuple[Target, str]], list[int]]:
    """(targets newly in an alerting state with that state, ids of targets whose alert has cleared)."""
    new, cleared = [], []
    for target in targets:
        code = status_of(target, today).code
        if code in ALERTING and code != target.alerted_status:
            new.append((target, code))
        elif code not in ALERTING and target.alerted_status:
            cleared.append(target.pk)
    return new, cleared


def mail_owners(organisation: Organisation, alerts: list[tuple[Target, str]]) -> int:
    owners = Membership.objects.filter(organisation=organisation, role=Role.OWNER, active=True).select_related("user")
    sent = 0
    for membership in owners:
        user = membership.user
        with translation.override(user.language or "ja"):
            lines = [
                (
                    t.name,
                    _("off track") if code == "off_track" else _("measurement overdue"),
                    settings.BASE_URL + reverse("planning:target", args=[organisation.pk, t.pk]),
                )
                for t, code in alerts
            ]
            subject = _("[Rashinban] KPIs need attention: %(company)s") % {"company": organisation.name}
            body = render_to_string("planning/mail/alert.txt", {"organisation": organisation, "lines": lines})
        queue_mail(subject, body, [user.email], organisation=organisation)
        sent += 1
    return sent


@periodic(every=timedelta(hours=6), name="planning.kpi_alerts", title=gettext_lazy("KPI alerts"))
def send_kpi_alerts(now: str = "") -> int:
    """Mail each company's owners about KPIs that newly went off track or overdue; returns the mails queued."""
    moment = datetime.fromisoformat(now) if now else None
    targets = list(with_latest(Target.objects.select_related("organisation")).order_by("organisation_id", "id"))
    by_org: dict[int, list[Target]] = {}
    for target in targets:
        by_org.setdefault(target.organisation_id, []).append(target)
    mails = 0
    for org_targets in by_org.values():
        organisation = org_targets[0].organisation
        new, cleared = changed_alerts(org_targets, local_today(organisation, moment))
        with transaction.atomic():
            for target, code in new:
                Target.objects.filter(pk=target.pk).update(alerted_status=code)
            Target.objects.filter(pk__in=cleared).update(alerted_status="")
            if new:
                mails += mail_owners(organisation, new)
        for target, code in new:
            if code == "off_track":  # chat and webhooks; the owners' mail above already says it
                from rashinban.notify.hooks import announce

                announce(organisation, "kpi.off_track", {"kpi": target.pk, "title": target.name},
                         link=reverse("planning:target", args=[organisation.pk, target.pk]))  # fmt: skip
    return mails
