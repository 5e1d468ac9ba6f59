"""Drill work for the worker: one mail per job (spread by each job's run time), judging new hits, retention."""

from __future__ import annotations

import smtplib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rashinban.drills import actions, plan, verdicts
from rashinban.drills.lures import render
from rashinban.drills.mailer import build_message, connection_for
from rashinban.drills.models import Drill, DrillStatus, EventKind, MailSettings, Recipient
from rashinban.orgs.versions import bump
from rashinban.tasks.api import PermanentError, periodic, task


def _link(name: str, token: str) -> str:
    return settings.BASE_URL + reverse(name, kwargs={"token": token})


@task(name="drills.send", max_attempts=4, title=gettext_lazy("Practice drill mail"))
def send_drill_mail(recipient_id: int) -> str:
    """Send one drill mail unless the drill was stopped (the stop button) or the mail already left.

    Each attempt sends the same mail: the same links (actions.link_token_for) and the same Message-ID, so that a
    job run again after its worker was killed mid-way cannot give a person a second, different mail."""
    recipient = Recipient.objects.select_related("drill", "drill__organisation", "user").filter(pk=recipient_id).first()
    if recipient is None or recipient.sent_at is not None:
        return "gone"
    drill = recipient.drill
    if not recipient.is_test and drill.status != DrillStatus.RUNNING:
        return "stopped"
    mail_settings = MailSettings.objects.filter(organisation=drill.organisation).first()
    if mail_settings is None:
        raise PermanentError("no mail server")
    raw, token_hash = actions.link_token_for(recipient.pk)
    Recipient.objects.filter(pk=recipient.pk).update(token_hash=token_hash)
    with translation.override(drill.template.language if drill.template else "ja"):
        report_line = _("Think this mail is suspicious? Report it here: %(link)s") % {
            "link": _link("drills:report", raw)
        }
    mail = render(drill.subject, drill.body, name=str(recipient.user or recipient.email),
                  company=drill.organisation.name, link=_link("drills:landing", raw), report_line=report_line)  # fmt: skip
    sender = f"{drill.sender_name} <{drill.from_address}>"
    pixel = _link("drills:pixel", raw) if drill.open_pixel else ""
    message = build_message(mail, sender=sender, to=recipient.email, drill_id=drill.pk, pixel_url=pixel)
    message.extra_headers["Message-ID"] = f"<drill-{drill.pk}-{recipient.pk}@{plan.domain_of(drill.from_address)}>"
    message.connection = connection_for(mail_settings)
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as error:
        raise PermanentError("recipient refused") from error
    with transaction.atomic():
        now = timezone.now()
        Recipient.objects.filter(pk=recipient.pk).update(sent_at=now)
        recipient.token_hash = token_hash
        actions.record(recipient, EventKind.SENT)
        if not recipient.is_test and not drill.recipients.filter(is_test=False, sent_at__isnull=True).exists():
            if Drill.objects.filter(pk=drill.pk, status=DrillStatus.RUNNING).update(status=DrillStatus.FINISHED):
                bump(drill.organisation_id)  # a finished drill counts for the frameworks and the plan of next steps
                from rashinban.notify.hooks import drill_finished

                drill_finished(drill)
    return "sent"


@periodic(every=timedelta(days=1), name="drills.retention", title=gettext_lazy("Drill data retention"))
def delete_expired_drills() -> int:
    return actions.delete_expired()


@periodic(every=timedelta(minutes=1), name="drills.classify", title=gettext_lazy("Judging drill hits"))
def classify_new_hits() -> int:
    """Judge the people with new image loads or link fetches (presses are judged as they arrive)."""
    return sum(verdicts.catch_up(drill) for drill in verdicts.recent_drills())


@task(name="drills.judge_again", title=gettext_lazy("Judging a drill again"))
def judge_drill_again(drill_id: int) -> int:
    """After the company changed its known scanners: every person of the drill judged once more."""
    drill = Drill.objects.select_related("organisation").filter(pk=drill_id).first()
    return verdicts.judge_again(drill) if drill else 0
