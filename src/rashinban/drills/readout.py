"""What the results page, the drills list, the exports, the owner's report and the API read: the stored verdicts
(drills/verdicts.py), in a few queries whatever the number of hits. Nothing here judges a hit.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import CharField, Count, IntegerField, Min, Q, Sum, TextField
from django.db.models.functions import Cast, Coalesce, Substr
from django.utils.translation import get_language

from rashinban.drills import eventstream, results, verdicts
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
    """Every mailed person's verdict as plain rows (one query, plus the departments): for `results.summarise`,
    the pure reference `figures` is tested against."""
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


def _counted(drill: Drill):  # type: ignore[no-untyped-def]
    """The drill's verdicts: there is one only for a mailed person with a hit (never the owner's test mail), so
    no join with the recipients is needed."""
    return Verdict.objects.filter(drill=drill)


def figures(drill: Drill) -> results.DrillResult:
    """The drill's figures counted by the database (five queries at any size): what `results.summarise` gives
    from every person's row, without loading them."""
    mailed = _sent(drill).aggregate(n=Count("id"), first=Min("sent_at"))
    flags = {name: Count("id", filter=Q(**{name: True})) for name in (*results.OUTCOMES, "forwarded")}
    counted = _counted(drill).aggregate(**flags, repeat=Count("id", filter=Q(clicks__gte=2)), set_aside=Sum("set_aside"),
                                        first_report=Min("first_report_at"))  # fmt: skip
    rates = results.Rates(mailed["n"], *(counted[name] for name in results.OUTCOMES))
    first = counted["first_report"] - mailed["first"] if counted["first_report"] and mailed["first"] else None
    return results.DrillResult(rates=rates, first_report_after=first, set_aside=counted["set_aside"] or 0,
                               forwarded=counted["forwarded"], repeat=counted["repeat"], timeline=_timeline(drill))  # fmt: skip


def _timeline(drill: Drill) -> list[tuple[datetime, dict[str, int]]]:
    """Per hour: mails sent, people's first counted click, people's first report. Grouped by the database on
    the stored UTC text's first 13 characters ("2026-04-01 08"), the same on SQLite and PostgreSQL, which
    saves a date function call per person (SQLite's TruncHour calls Python for every row)."""
    counts: dict[datetime, dict[str, int]] = {}
    sources = (("sent", _sent(drill), "sent_at"), ("clicked", _counted(drill), "first_click_at"),
               ("reported", _counted(drill), "first_report_at"))  # fmt: skip
    for what, rows, field in sources:
        hour = Substr(Cast(field, CharField()), 1, 13)
        grouped = rows.exclude(**{f"{field}__isnull": True}).annotate(hour=hour).order_by().values("hour")
        for text, n in grouped.annotate(n=Count("id")).values_list("hour", "n"):
            slot = datetime.strptime(text, "%Y-%m-%d %H").replace(tzinfo=UTC)
            counts.setdefault(slot, {})[what] = n
    return sorted(counts.items(), key=lambda item: item[0])


def departments(drill: Drill, rates: results.Rates | None = None) -> list[results.DepartmentFigures]:
    """Figures per department (never for fewer than five people); a company that records no departments has
    one group, the drill's own `rates` (counted if not given), without loading anyone's row."""
    known = departments_of(drill.organisation)
    if not known:
        rates = rates or rates_of([drill])[drill.pk]
        return [results.DepartmentFigures("", rates.sent, rates if rates.sent >= results.DEPARTMENT_MINIMUM else None)]
    return results.by_department(people(drill))


def progress(drill: Drill) -> tuple[int, int]:
    """(mails planned, mails sent), test mail left out."""
    counts = drill.recipients.filter(is_test=False).aggregate(planned=Count("id"), sent=Count("sent_at"))
    return counts["planned"], counts["sent"]


@dataclass(frozen=True)
class PersonRow:
    name: str
    verdict: Verdict | None
    reasons: list[str]


def words(verdict: Verdict | None, lang: str) -> list[str]:
    """The verdict's reasons as worded when it was judged, in the reader's language."""
    if verdict is None:
        return []
    text = verdict.words_en if lang == "en" else verdict.words_ja
    return text.splitlines() if text else []


def person_page(drill: Drill, number: str | int | None, only: str = "") -> Page:
    """One page of the owner's per-person table, with each verdict's reasons in the reader's language."""
    recipients = _sent(drill).select_related("user", "verdict").order_by("email", "id")
    if only in FILTERS:
        recipients = recipients.filter(FILTERS[only])
    page = Paginator(recipients, PEOPLE_PER_PAGE).get_page(number)
    lang = get_language() or "ja"
    page.object_list = [
        PersonRow(str(r.user) if r.user else r.email, getattr(r, "verdict", None), words(getattr(r, "verdict", None), lang))
        for r in page.object_list
    ]  # fmt: skip
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
        for row in Verdict.objects.filter(drill__in=drills).values("drill").annotate(
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
EXPORT_CHUNK = 1000  # lines per piece of the streamed export


def event_lines(drill: Drill) -> Iterator[str]:
    """The drill's event stream as JSON Lines (docs/drills.md), the owner's test mail left out: what
    `rashinban drills classify` reads, so a security lead can re-run and audit every verdict. Yielded in pieces
    of a thousand lines: the export streams at any size with little memory."""
    emails = {}
    lines = []
    for recipient_id, email, sent in drill.recipients.filter(is_test=False).values_list("id", "email", "sent_at"):
        emails[recipient_id] = email
        if sent is not None:
            lines.append(eventstream.line(sent, email, "delivered"))
        if len(lines) >= EXPORT_CHUNK:
            yield "".join(lines)
            lines = []
    yield "".join(lines)
    rows = (
        Event.objects.filter(drill=drill, recipient__is_test=False)
        .exclude(kind="sent")
        .order_by("id")
        # Time and signals passed through as the database holds them, not parsed and written again.
        .annotate(raw=Cast("signals", TextField()), when=Cast("at", CharField()))
        .values_list("recipient_id", "kind", "when", "ip", "user_agent", "raw")
    )
    lines = []
    for recipient_id, kind, when, ip, agent, raw in rows.iterator(chunk_size=5000):
        at = utc_text(when)
        mailbox = bool(raw) and '"channel"' in raw and json.loads(raw).get("channel") == "mailbox"
        signals = None if mailbox or raw in (None, "null") else raw
        lines.append(eventstream.line(at, emails[recipient_id], STREAM_KIND[kind], ip or "", agent, signals,
                                      "mailbox" if mailbox else "page"))  # fmt: skip
        if len(lines) >= EXPORT_CHUNK:
            yield "".join(lines)
            lines = []
    yield "".join(lines)


def utc_text(stored: str) -> str:
    """A stored UTC time as ISO 8601 with its offset: SQLite holds "2026-04-01 08:00:00.12" (UTC, no offset),
    PostgreSQL answers "2026-04-01 08:00:00.12+00" (the connection is in UTC)."""
    text = stored.replace(" ", "T", 1)
    if text.endswith("+00"):
        return text + ":00"
    return text if text[-6:-5] in ("+", "-") and text[-3:-2] == ":" else text + "+00:00"


def verdict_rows(drill: Drill) -> Iterator[list[Any]]:
    """The owner's results export: one row per person with the verdict (yes/no as 1/0, so a spreadsheet can sum
    them) and its reasons in words."""
    lang = get_language() or "ja"
    flags = {f"f_{name}": Coalesce(Cast(f"verdict__{name}", IntegerField()), 0)
             for name in ("opened", "clicked", "submitted", "reported", "forwarded")}  # fmt: skip
    rows = _sent(drill).order_by("email", "id").annotate(**flags).values_list(
        "user__display_name", "email", *flags, "verdict__clicks", "verdict__set_aside",
        "verdict__words_en" if lang == "en" else "verdict__words_ja",
    )  # fmt: skip
    for name, email, *numbers, clicks, set_aside, text in rows.iterator(chunk_size=2000):
        yield [name or email, email, *numbers, clicks or 0, set_aside or 0, (text or "").replace("\n", " / ")]
