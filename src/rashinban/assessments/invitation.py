"""The staff survey invitation: who asks, why, until when, and how to tell it is genuine.

Staff are taught (training lessons, drill lures) to distrust mails that rush them, hide who sent them, ask them to
sign in through a link, or cannot be checked with anyone. This invitation is written to be the opposite: the
company and the person who sent it are named, the reason and a relaxed date are given, nothing asks for a
password, and it says how to check with the sender by another channel before opening the link. The same words
go on the printed sheet of links (one card per person) for staff without a company mail address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from rashinban.orgs.models import Organisation, User
from rashinban.reports.document import MONTHS
from rashinban.tasks.mail import company_sender

WEEKDAYS_JA = "月火水木金土日"
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Invitation:
    """What the person who hands out the survey says with it."""

    by: User
    answer_by: date
    message: str = ""


def long_date(value: date, language: str) -> str:
    """2026年5月20日(水) / Wednesday 20 May 2026: with the weekday, so nobody has to look at a calendar."""
    if language == "ja":
        return f"{value.year}年{value.month}月{value.day}日({WEEKDAYS_JA[value.weekday()]})"
    return f"{WEEKDAYS_EN[value.weekday()]} {value.day} {MONTHS[value.month - 1]} {value.year}"


def context(organisation: Organisation, invitation: Invitation, survey_title: str, language: str) -> dict:
    """The facts both the mail and the printed card state."""
    person = invitation.by.display_name or invitation.by.email
    sender = company_sender(organisation)
    return {
        "company": organisation.name,
        "person": person,
        "survey": survey_title,
        "answer_by": long_date(invitation.answer_by, language),
        "message": invitation.message.strip(),
        "reply_to": sender.reply_to[0] if sender.reply_to else "",
        "host": urlsplit(settings.BASE_URL).hostname or settings.BASE_URL,
    }


def invitation_mail(
    organisation: Organisation, invitation: Invitation, survey_title: str, link: str, language: str
) -> tuple[str, str]:
    """(subject, body) of one person's invitation, in `language`."""
    facts = context(organisation, invitation, survey_title, language)
    with translation.override(language):
        subject = _("%(company)s: staff survey, anonymous, about 10 minutes (please answer by %(date)s)") % {
            "company": organisation.name,
            "date": facts["answer_by"],
        }
        body = render_to_string("assessments/mail/survey.txt", {**facts, "link": link})
    return subject, body
