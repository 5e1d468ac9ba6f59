"""What the results page, the drills list, the exports, the owner's report and the API read: the stored verdicts
(drills/verdicts.py), in a few queries whatever the number of hits. Nothing here judges a hit.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.utils.translation import get_language

from rashinban.drills import eventstream, results, verdicts, wording
from rashinban.drills.models import Drill, DrillStatus, Event, Recipient, Verdict
from rashinban.orgs.models import Organisation
from rashinban.orgs.tenancy import scoped
from rashinban.training.departments import departments_of

PEOPLE_PER_PAGE = 100
TREND_DRILLS = 8
FILTERS = {
    "clicked": Q(verdict__clicked=True),
    "reported": Q(verdict__reported=True),
    "set_aside": Q(verdict__set_aside__gt=0),
    "forwarded": Q(verdict__forwarded=True),
    "repeat": Q(verdict__clicks__gte=2),
}


def _sent(drill: Drill):  # type: ignore[no-untyped-def]
    return Recipient.objects.filter(drill=drill, is_test=False, sent_at__isnull=False)


def people(drill: Drill) -> list[results.PersonOutcome]:
    """Every mailed person's verdict as plain rows: one query, plus the departments."""
    departments = departments_of(drill.organisation)
    rows = _sent(drill).values_list(
        "id", "user_id", "email", "sent_at", "verdict__opened", "verdict__clicked", "verdict__submitted",
        "verdict__reported", "verdict__forwarded", "verdict__clicks", "verdict__set_aside",
        "verdict__first_click_at", "verdict__first_report_at",
    )  # fmt: skip
    return [
        results.PersonOutcome(
            person=user_id or -pk,
            name=email,
            department=departments.get(user_id or 0, ""),
            sent_at=sent_at,
            opened=bool(o),
            clicked=bool(c),
            submitted=bool(s),
            reported=bool(r),
            forwarded=bool(f),
            clicks=n or 0,
            set_aside=a or 0,
            first_click_at=fc,
            first_report_at=fr,
        )  # fmt: skip
        for pk, user_id, email, sent_at, o, c, s, r, f, n, a, fc, fr in rows
    ]


def progress(drill: Drill) -> tuple[int, int]:
    """(mails planned, mails sent), test mail left out."""
    counts = drill.recipients.filter(is_test=False).aggregate(planned=Count("id"), sent=Count("sent_at"))
    return counts["planned"], counts["sent"]


@dataclass(frozen=True)
class PersonRow:
    name: str
    verdict: Verdict | None
    reasons: list[str]


def person_page(drill: Drill, number: str | int | None, only: str = "") -> Page:
    """One page of the owner's per-person table, with each verdict's reasons in the reader's language."""
    recipients = _sent(drill).select_related("user", "verdict").order_by("email", "id")
    if only in FILTERS:
        recipients = recipients.filter(FILTERS[only])
    page = Paginator(recipients, PEOPLE_PER_PAGE).get_page(number)
    scanners, lang = verdicts.scanner_list(drill.organisation), get_language() or "ja"
    page.object_list = [
        PersonRow(
            str(r.user) if r.user else r.email,
            getattr(r, "verdict", None),
            wording.describe_all(verdicts.reasons_from_json(r.verdict.reasons), scanners, lang)
            if getattr(r, "verdict", None)
            else [],
        )  # fmt: skip
        for r in page.object_list
    ]
    return page


def trend(organisation: Organisation) -> list[tuple[Drill, results.Rates]]:
    """The last drills that went out, oldest first, with their rates: three queries."""
    drills = list(scoped(Drill.objects.exclude(status=DrillStatus.DRAFT), organisation)[:TREND_DRILLS])[::-1]
    counted = rates_of(drills)
    return [(drill, counted[drill.pk]) for drill in drills]


def rates_of(drills: Sequence[Drill]) -> dict[int, results.Rates]:
    """Each drill's rates per person from the stored verdicts: two queries for any number of drills."""
    sent = dict(
        Recipient.objects.filter(drill__in=drills, is_test=False, sent_at__isnull=False)
        .values("drill").annotate(n=Count("id")).values_list("drill", "n")
    )  # fmt: skip
    counted = {
        row["drill"]: row
        for row in Verdict.objects.filter(drill__in=drills, recipient__sent_at__isnull=False).values("drill").annotate(
            opened=Count("id", filter=Q(opened=True)), clicked=Count("id", filter=Q(clicked=True)),
            submitted=Count("id", filter=Q(submitted=True)), reported=Count("id", filter=Q(reported=True)),
        )
    }  # fmt: skip
    return {
        d.pk: results.Rates(sent.get(d.pk, 0), *(counted.get(d.pk, {}).get(k, 0) for k in results.OUTCOMES))
        for d in drills
    }


def repeat_clickers(drills: Sequence[Drill]) -> dict[str, int]:
    """Names of the people with a counted click in two or more of these drills (owner only): one query."""
    rows = Verdict.objects.filter(drill__in=drills, clicked=True).values_list(
        "drill_id", "recipient__user_id", "recipient__email"
    )
    per_drill: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for drill_id, user_id, email in rows:
        if user_id:
            per_drill.setdefault(drill_id, []).append(user_id)
            names[user_id] = email
    repeaters = results.repeat_clickers(per_drill.values())
    return {names[person]: n for person, n in sorted(repeaters.items(), key=lambda item: names[item[0]])}


STREAM_KIND = dict(verdicts.STREAM_EVENT)


def event_lines(drill: Drill) -> Iterator[str]:
    """The drill's event stream as JSON Lines (docs/drills.md), the owner's test mail left out: what
    `rashinban drills classify` reads, so a security lead can re-run and audit every verdict."""
    emails = {}
    for recipient_id, email, sent in drill.recipients.filter(is_test=False).values_list("id", "email", "sent_at"):
        emails[recipient_id] = email
        if sent is not None:
            yield eventstream.line(sent, email, "delivered")
    rows = (
        Event.objects.filter(drill=drill, recipient__is_test=False)
        .exclude(kind="sent")
        .order_by("id")
        .values_list("recipient_id", "kind", "at", "ip", "user_agent", "signals")
    )
    for recipient_id, kind, at, ip, agent, stored in rows.iterator(chunk_size=5000):
        signals, channel = verdicts.signals_of(stored)
        yield eventstream.line(at, emails[recipient_id], STREAM_KIND[kind], ip or "", agent,
                               eventstream.signals_dict(signals), channel)  # fmt: skip


def verdict_rows(drill: Drill) -> Iterator[list[Any]]:
    """The owner's results export: one row per person with the verdict and its reasons in words."""
    page_size, number = 1000, 1
    while True:
        page = Paginator(_sent(drill).select_related("user", "verdict").order_by("email", "id"), page_size)
        if number > page.num_pages:
            return
        scanners, lang = verdicts.scanner_list(drill.organisation), get_language() or "ja"
        for r in page.page(number).object_list:
            v = getattr(r, "verdict", None)
            reasons = wording.describe_all(verdicts.reasons_from_json(v.reasons), scanners, lang) if v else []
            flags = [bool(v and getattr(v, k)) for k in ("opened", "clicked", "submitted", "reported", "forwarded")]
            yield [str(r.user) if r.user else r.email, r.email, *flags, v.clicks if v else 0,
                   v.set_aside if v else 0, " / ".join(reasons)]  # fmt: skip
        number += 1
