"""Titles and reasons of steps in both languages at once, from the same gettext catalogue as the web.

A step is shown in the reader's language on a page and in the company's language in a report, so the ranking
keeps both. msgids are English (marked with `gettext_noop`, so `make messages` finds them); Japanese is in
locale/ja/LC_MESSAGES/django.po like every other text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from rashinban.i18n import gettext_in, gettext_noop
from rashinban.nextsteps.model import Text, pick

LANGUAGES = ("ja", "en")

Param = str | int | date | Mapping[str, str] | Sequence[Mapping[str, str]]


def _value(value: Param, lang: str) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return pick(dict(value), lang)
    if isinstance(value, list | tuple):
        return ("、" if lang == "ja" else ", ").join(pick(dict(item), lang) for item in value)
    return str(value)


def both(message: str, **params: Param) -> Text:
    """`message` (an English msgid) in every language, with `params` filled in that language."""
    texts = {}
    for lang in LANGUAGES:
        translated = gettext_in(lang, message)
        texts[lang] = translated % {k: _value(v, lang) for k, v in params.items()} if params else translated
    return texts


def level(name: str) -> Text:
    """A risk level of the diagnoses ("critical", ...) in plain words."""
    return both(LEVELS.get(name, LEVELS["medium"]))


LEVELS = {
    "low": gettext_noop("Low risk"),
    "medium": gettext_noop("Medium risk"),
    "high": gettext_noop("High risk"),
    "critical": gettext_noop("Critical"),
}

# ---------------------------------------------------------------- titles of steps that no question bank words

START_SELFCHECK = gettext_noop("Answer the security self-check (about five minutes) to find your weak points.")
START_DX = gettext_noop(
    "Answer the DX diagnosis (about 15 minutes), then ask your staff the same through the anonymous survey."
)
PUBLISH_POLICY = gettext_noop("Publish the security policy, so that everyone can read it and confirm it.")
PUBLISH_PLAN = gettext_noop("Publish the incident first-response plan, with the people to call filled in.")
FILL_BLANKS = gettext_noop("Fill in the blanks in “%(document)s” (names and phone numbers) and publish it again.")
DECIDE_GATE = gettext_noop("Decide on the trial “%(initiative)s”: expand it, adjust it or stop it.")
SET_GATE = gettext_noop(
    "Set a decision date for the trial “%(initiative)s” and the KPI values that will count as success."
)
SET_KPI = gettext_noop("Choose a KPI that shows whether “%(initiative)s” works, with today's value as the baseline.")
KPI_OFF_TRACK = gettext_noop("Find out why “%(kpi)s” is off track and decide what to change.")
KPI_OVERDUE = gettext_noop("Enter the latest value of “%(kpi)s”.")

# ---------------------------------------------------------------- reasons, in plain words

NO_SELFCHECK = gettext_noop(
    "There is no security self-check yet: until there is one, nobody knows where the company is open to attack."
)
NO_DX = gettext_noop(
    "There is no DX diagnosis yet: it shows which of the seven ways DX usually fails threaten your company."
)
ANSWERED = gettext_noop("The security self-check of %(date)s answered “%(answer)s”.")
DONT_KNOW = gettext_noop("Nobody knew the answer, and not knowing is itself a weak point.")
GUARDS = gettext_noop("It protects against: %(threats)s.")
STAFF_WORSE = gettext_noop("Staff answered this worse than management did in the anonymous survey.")
RECHECK = gettext_noop("Check again: %(check)s")
EVIDENCE_EXPIRED = gettext_noop(
    "The evidence of %(date)s has expired, so it no longer backs the self-check answers it spoke to."
)
CONTRADICTED = gettext_noop("The check “%(check)s” of %(date)s found otherwise than the answer says.")
REOPENED = gettext_noop("It was marked done on %(date)s, but newer results show it is still open.")
DX_ANSWERED = gettext_noop("The DX diagnosis of %(date)s answered “%(answer)s”.")
DX_SAYS_SO_TOO = gettext_noop("The DX diagnosis of %(date)s points the same way (“%(pattern)s”).")
DX_PATTERN = gettext_noop("“%(pattern)s” scored %(score)s of 100 in the DX diagnosis of %(date)s (%(level)s).")
STAFF_SEE_IT_DIFFERENTLY = gettext_noop(
    "Your staff see this differently: talk to them first. They rate it %(staff)s of 100, management %(management)s."
)
POLICY_UNPUBLISHED = gettext_noop(
    "No security policy is published yet: staff can only follow rules they have been given."
)
PLAN_UNPUBLISHED = gettext_noop(
    "No incident plan is published yet: in the first hour of an attack nobody has time to find out whom to call."
)
HAS_BLANKS = gettext_noop("The published version still has blanks where names and phone numbers belong.")
GATE_DUE = gettext_noop("The decision is due on %(date)s.")
GATE_OVERDUE = gettext_noop("The decision was due on %(date)s.")
NO_GATE = gettext_noop("The trial has no decision date: trials without one tend to run on without a result.")
NO_KPI = gettext_noop("Without a KPI nobody can tell whether the money and time are well spent.")
OFF_TRACK = gettext_noop("The latest value %(value)s (%(date)s) is behind the planned %(expected)s.")
MEASUREMENT_OVERDUE = gettext_noop("No value since %(date)s; the next one was due on %(due)s.")
