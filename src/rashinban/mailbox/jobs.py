from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy

from rashinban.mailbox.imap import MailboxError, collect
from rashinban.mailbox.models import Mailbox
from rashinban.tasks.api import periodic, task


@task(name="mailbox.collect", max_attempts=3, title=gettext_lazy("Reading the shared mailbox"))
def collect_one(mailbox_id: int) -> int:
    mailbox = Mailbox.objects.select_related("organisation").filter(pk=mailbox_id).first()
    if mailbox is None:
        return 0
    outcome = collect(mailbox)
    return outcome.reports + outcome.drill_reports


@periodic(every=timedelta(minutes=15), name="mailbox.collect_all", title=gettext_lazy("Reading shared mailboxes"))
def collect_all() -> int:
    """Every connected mailbox; one that fails says so on its page and does not stop the others."""
    read = 0
    for mailbox in Mailbox.objects.select_related("organisation"):
        try:
            outcome = collect(mailbox)
        except MailboxError:
            continue
        read += outcome.reports + outcome.drill_reports
    return read
