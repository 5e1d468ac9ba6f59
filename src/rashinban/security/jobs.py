"""Weekly reminder: each owner of open plan items gets one mail listing what is due this week or overdue.

Runs on the worker (`@periodic`); mails go out through the `mail.send` task, one job per person. Without a
worker nothing is mailed, and the dashboard panel and the plan page still show what is due.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rashinban.orgs.models import Organisation, User
from rashinban.security.models import ActionItem, Status
from rashinban.security.summary import action_instruction
from rashinban.tasks.api import periodic
from rashinban.tasks.mail import queue_mail

WITHIN_DAYS = 7


@periodic(every=timedelta(days=7), name="security.weekly_due", title=gettext_lazy("Weekly security reminders"))
def mail_due_actions(today: str | None = None) -> int:
    """Queue one mail per (company, owner) with items due within a week or overdue; returns the number queued."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    due = (
        ActionItem.objects.exclude(status=Status.DONE)
        .filter(owner__isnull=False, owner__is_active=True, due__lte=day + timedelta(days=WITHIN_DAYS))
        .select_related("organisation", "owner")
        .order_by("organisation_id", "owner_id", "due", "-risk")
    )
    groups: dict[tuple[int, int], list[ActionItem]] = defaultdict(list)
    for item in due:
        # Only people still active in that company hear about its items.
        groups[(item.organisation_id, item.owner_id)].append(item)  # type: ignore[index]
    active = _active_pairs(set(groups))
    queued = 0
    for (org_id, user_id), items in groups.items():
        if (org_id, user_id) not in active:
            continue
        owner, organisation = items[0].owner, items[0].organisation
        assert owner is not None
        _queue_reminder(organisation, owner, items, day)
        queued += 1
    return queued


def _active_pairs(pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    from rashinban.orgs.models import Membership

    if not pairs:
        return set()
    rows = Membership.objects.filter(
        active=True, organisation_id__in={o for o, _u in pairs}, user_id__in={u for _o, u in pairs}
    ).values_list("organisation_id", "user_id")
    return set(rows) & pairs


def _queue_reminder(organisation: Organisation, owner: User, items: list[ActionItem], today: date) -> None:
    with translation.override(owner.language or "ja"):
        for item in items:
            item.instruction_text = action_instruction(item, translation.get_language() or "ja")  # type: ignore[attr-defined]
            item.overdue = item.is_overdue(today)  # type: ignore[attr-defined]
        subject = _("%(name)s: %(n)s security actions due") % {"name": organisation.name, "n": len(items)}
        body = render_to_string(
            "security/mail/weekly.txt", {"organisation": organisation, "items": items, "base_url": settings.BASE_URL}
        )
    queue_mail(subject, body, [owner.email], organisation=organisation)
