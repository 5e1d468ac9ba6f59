"""Reminders for lessons that are due soon or overdue, sent by the worker through the `mail.send` task."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rashinban.tasks.api import periodic
from rashinban.tasks.mail import queue_mail
from rashinban.training.bank import lesson_title
from rashinban.training.models import Assignment

REMIND_DAYS_BEFORE = 2
REMIND_EVERY = timedelta(days=3)


def due_for_reminder(now=None):  # type: ignore[no-untyped-def]
    """Open assignments due within two days (or overdue) whose person was not reminded in the last three days."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return (
        Assignment.objects.filter(completed_at__isnull=True, due_date__lte=today + timedelta(days=REMIND_DAYS_BEFORE))
        .exclude(reminded_at__gt=now - REMIND_EVERY)
        .select_related("user", "organisation")
    )


@periodic(every=timedelta(hours=6), name="training.remind", title=gettext_lazy("Lesson reminders"))
def send_reminders() -> int:
    """One mail per person and company listing their lessons that are due; returns the number of mails."""
    now = timezone.now()
    by_person: dict[tuple[int, int], list[Assignment]] = {}
    for assignment in due_for_reminder(now):
        by_person.setdefault((assignment.organisation_id, assignment.user_id), []).append(assignment)
    for assignments in by_person.values():
        first = assignments[0]
        with translation.override(first.user.language or "ja"):
            lessons = [(lesson_title(a.lesson_id, first.user.language), a.due_date) for a in assignments]
            context = {
                "organisation": first.organisation,
                "lessons": lessons,
                "link": f"{settings.BASE_URL}/o/{first.organisation_id}/training/",
            }
            subject = _("[Rashinban] Lessons due: %(company)s") % {"company": first.organisation.name}
            body = render_to_string("training/mail/reminder.txt", context)
        queue_mail(subject, body, [first.user.email], organisation=first.organisation)
        Assignment.objects.filter(pk__in=[a.pk for a in assignments]).update(reminded_at=now)
    return len(by_person)
