"""Weekly reminder: each person gets one mail listing their steps of the one ranking that are due this week or
overdue, with the ranking's dates (the same as the dashboard, the action plan and the calendar).

Runs on the worker (`@periodic`); mails go out through the `mail.send` task, one job per person. Without a
worker nothing is mailed, and the dashboard panel and the plan page still show what is due.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rashinban.nextsteps.jobs import BATCH
from rashinban.nextsteps.model import Step
from rashinban.nextsteps.plan import Plan
from rashinban.orgs.models import Organisation, User
from rashinban.tasks.api import periodic
from rashinban.tasks.mail import queue_mail

WITHIN_LIMIT = 10  # a person's steps due within a week (the plan's capacity keeps this to a few)


@periodic(every=timedelta(days=7), name="security.weekly_due", title=gettext_lazy("Weekly security reminders"))
def mail_due_actions(today: str | None = None) -> int:
    """Queue one mail per (company, person) with the steps of the one ranking given to that person that are due
    within a week or overdue (what their "this week" page shows); returns the number queued."""
    from rashinban.nextsteps.gather import plans_for

    day = date.fromisoformat(today) if today else None
    ids = list(
        Organisation.objects.filter(memberships__active=True).distinct().order_by("id").values_list("id", flat=True)
    )
    queued = 0
    # A batch of companies at a time (as the daily plan job): memory and the lists of ids in each query stay
    # bounded however many companies the installation serves.
    for start in range(0, len(ids), BATCH):
        organisations = list(Organisation.objects.filter(pk__in=ids[start : start + BATCH]).order_by("id"))
        queued += _remind(organisations, plans_for(organisations, day))
    return queued


def _remind(organisations: list[Organisation], plans: dict[int, Plan]) -> int:
    wanted: dict[tuple[int, int], list[Step]] = {}
    for organisation in organisations:
        plan = plans[organisation.pk]
        for person_id in plan.people:
            steps = plan.this_week(person_id, limit=WITHIN_LIMIT)
            if steps:
                wanted[(organisation.pk, person_id)] = steps
    active = _active_pairs(set(wanted))
    users = {u.pk: u for u in User.objects.filter(pk__in={u for _o, u in active}, is_active=True)}
    by_id = {o.pk: o for o in organisations}
    queued = 0
    for (org_id, user_id), steps in wanted.items():
        if (org_id, user_id) not in active or user_id not in users:
            continue
        _queue_reminder(by_id[org_id], users[user_id], steps, plans[org_id])
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


def _queue_reminder(organisation: Organisation, person: User, steps: list[Step], plan: Plan) -> None:
    from rashinban.nextsteps.display import rows

    with translation.override(person.language or "ja"):
        lang = translation.get_language() or "ja"
        subject = _("%(name)s: %(n)s steps due this week") % {"name": organisation.name, "n": len(steps)}
        body = render_to_string(
            "security/mail/weekly.txt",
            {
                "organisation": organisation,
                "rows": rows(plan, organisation.pk, steps, lang),
                "base_url": settings.BASE_URL,
            },
        )
    queue_mail(subject, body, [person.email], organisation=organisation)
