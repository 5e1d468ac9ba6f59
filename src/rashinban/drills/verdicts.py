"""Stored verdicts: the classifier (drills/classify.py) run on a recipient's stored hits, its result kept in
`Verdict` and the lesson assigned or withdrawn to match. Pages, exports, reports and the API read `Verdict`
rows and never judge hits themselves.

When hits are judged:
- a press (「続行」, the form, the report button) is judged at once, in its request, so that the lesson and the
  teaching page follow the verdict;
- image loads and bare link fetches (the hot path, mostly scanners) are only stored; `catch_up` judges the
  recipients with new hits, from the worker every minute (`drills.classify`) and, when few are waiting, when a
  results page is opened.
A recipient's row is locked while it is judged, so two requests judging the same person see each other's hits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from rashinban.drills import classify, wording
from rashinban.drills.classify import Hit, Outcome, Reason, Signals, Stream
from rashinban.drills.models import Drill, Event, EventKind, KnownScanner, Recipient, Verdict
from rashinban.drills.scanners import ScannerList, builtin_scanners, company_entry
from rashinban.orgs.models import Organisation
from rashinban.orgs.tenancy import scoped
from rashinban.training.actions import assign_lesson
from rashinban.training.models import Assignment
from rashinban.training.models import Reason as LessonReason

LESSON_DAYS = 14  # a clicker's lesson is due two weeks later
ON_VIEW = 300  # people judged while a page or API call waits; beyond that the worker does it within a minute
CHUNK = 500
# Stored kinds as the event stream names them (docs/drills.md).
STREAM_EVENT = {
    EventKind.OPENED: "open",
    EventKind.LINK: "landing",
    EventKind.CLICKED: "interaction",
    EventKind.SUBMITTED: "submit",
    EventKind.REPORTED: "report",
}
FIELDS = ["opened", "clicked", "submitted", "reported", "forwarded", "clicks", "set_aside", "first_open_at",
          "first_click_at", "first_report_at", "reasons", "words_ja", "words_en", "upto_event", "classified_at"]  # fmt: skip


def scanner_list(organisation: Organisation) -> ScannerList:
    """The built-in known scanners plus the company's own entries."""
    own = tuple(
        company_entry(s.pk, s.name, s.networks.split(), s.user_agents.splitlines(), s.created_at.date())
        for s in scoped(KnownScanner.objects.all(), organisation)
    )
    return builtin_scanners().extended(own)


def signals_of(stored: dict[str, Any] | None) -> tuple[Signals | None, str]:
    """The page signals and the report channel kept with a stored hit."""
    if not stored:
        return None, "page"
    if stored.get("channel") == "mailbox":
        return None, "mailbox"
    names = Signals.__dataclass_fields__
    return Signals(**{k: v for k, v in stored.items() if k in names}), "page"


def hit_of(event_id: int, kind: str, at: datetime, ip: str | None, user_agent: str, stored: Any) -> Hit:
    signals, channel = signals_of(stored)
    return Hit(at=at, event=STREAM_EVENT[kind], ip=ip or "", user_agent=user_agent, signals=signals,  # type: ignore[arg-type]
               channel=channel, ref=event_id)  # fmt: skip


def reason_json(reason: Reason, count: int) -> dict[str, Any]:
    data: dict[str, Any] = {"code": reason.code, "event": reason.event, "status": reason.status}
    if reason.seconds is not None:
        data["seconds"] = reason.seconds
    if reason.scanner:
        data["scanner"] = reason.scanner
    if reason.details:
        data["details"] = list(reason.details)
    if count > 1:
        data["count"] = count
    return data


def reasons_from_json(rows: Iterable[dict[str, Any]]) -> list[tuple[Reason, int]]:
    return [
        (Reason(r["code"], r["event"], r["status"], r.get("seconds"), r.get("scanner", ""),
                tuple(r.get("details", ()))), int(r.get("count", 1)))
        for r in rows
    ]  # fmt: skip


def _values(outcome: Outcome, upto: int, now: datetime, scanners: ScannerList) -> dict[str, Any]:
    reasons = outcome.reasons()
    return {
        "opened": outcome.opened, "clicked": outcome.clicked, "submitted": outcome.submitted,
        "reported": outcome.reported, "forwarded": outcome.forwarded, "clicks": outcome.clicks,
        "set_aside": outcome.set_aside, "first_open_at": outcome.first_open_at,
        "first_click_at": outcome.first_click_at, "first_report_at": outcome.first_report_at,
        "reasons": [reason_json(r, n) for r, n in reasons], "upto_event": upto, "classified_at": now,
        "words_ja": "\n".join(wording.describe_all(reasons, scanners, "ja")),
        "words_en": "\n".join(wording.describe_all(reasons, scanners, "en")),
    }  # fmt: skip


def judge(drill: Drill, recipient_ids: Sequence[int]) -> int:
    """Classify these recipients of the drill from their stored hits and store the verdicts; returns how many."""
    scanners = scanner_list(drill.organisation)
    done = 0
    for start in range(0, len(recipient_ids), CHUNK):
        done += _judge_chunk(drill, list(recipient_ids[start : start + CHUNK]), scanners)
    return done


@transaction.atomic
def _judge_chunk(drill: Drill, ids: list[int], scanners: ScannerList) -> int:
    recipients = list(
        Recipient.objects.select_for_update(of=("self",))
        .filter(drill=drill, pk__in=ids, is_test=False)
        .select_related("user")
        .order_by("pk")
    )
    hits: dict[int, list[Hit]] = {r.pk: [] for r in recipients}
    upto: dict[int, int] = dict.fromkeys(hits, 0)
    rows = (
        Event.objects.filter(recipient_id__in=list(hits))
        .values_list("id", "recipient_id", "kind", "at", "ip", "user_agent", "signals")
        .order_by("id")
    )
    for event_id, recipient_id, kind, at, ip, user_agent, stored in rows:
        upto[recipient_id] = event_id
        if kind != EventKind.SENT:
            hits[recipient_id].append(hit_of(event_id, kind, at, ip, user_agent, stored))
    existing = {v.recipient_id: v for v in Verdict.objects.filter(recipient_id__in=list(hits))}
    now, new, changed, lessons = timezone.now(), [], [], []
    for recipient in recipients:
        outcome = classify.classify_one(Stream(recipient.email, recipient.sent_at, tuple(hits[recipient.pk])), scanners)
        values = _values(outcome, upto[recipient.pk], now, scanners)
        verdict = existing.get(recipient.pk)
        if verdict is None:
            verdict = Verdict(organisation_id=recipient.organisation_id, drill=drill, recipient=recipient, **values)
            new.append(verdict)
        else:
            for name, value in values.items():
                setattr(verdict, name, value)
            changed.append(verdict)
        if recipient.user_id and verdict.clicked != (verdict.assignment_id is not None):
            lessons.append((verdict, recipient))
    Verdict.objects.bulk_create(new)
    Verdict.objects.bulk_update(changed, FIELDS)
    for verdict, recipient in lessons:
        _follow_lesson(drill, verdict, recipient)
    return len(recipients)


def _follow_lesson(drill: Drill, verdict: Verdict, recipient: Recipient) -> None:
    """A counted click assigns the drill's lesson; a click set aside later withdraws it if still open and no
    other drill's counted click relies on it."""
    if verdict.clicked:
        due = timezone.localdate() + timedelta(days=LESSON_DAYS)
        assignment, _created = assign_lesson(drill.organisation, recipient.user, drill.lesson_id, due,  # type: ignore[arg-type]
                                             reason=LessonReason.DRILL)  # fmt: skip
        Verdict.objects.filter(pk=verdict.pk).update(assignment=assignment)
        verdict.assignment = assignment
        return
    assignment_id = verdict.assignment_id
    Verdict.objects.filter(pk=verdict.pk).update(assignment=None)
    verdict.assignment = None
    still_needed = Verdict.objects.filter(assignment_id=assignment_id, clicked=True).exclude(pk=verdict.pk).exists()
    if not still_needed:
        Assignment.objects.filter(pk=assignment_id, completed_at__isnull=True, reason=LessonReason.DRILL).delete()


def judge_recipient(recipient: Recipient) -> None:
    """Judge one person now (after a press), unless it is the owner's test mail."""
    if not recipient.is_test:
        judge(recipient.drill, [recipient.pk])


def waiting(drill: Drill) -> bool:
    """Hits stored since the drill's verdicts were last caught up."""
    return Event.objects.filter(drill=drill, id__gt=drill.classified_upto).exists()


def catch_up(drill: Drill, limit: int | None = None) -> int:
    """Judge every recipient with hits newer than the drill's mark, then move the mark. With `limit`, do nothing
    when more recipients than that are waiting (the worker will) and return minus their number."""
    top = Event.objects.filter(drill=drill).aggregate(top=Max("id"))["top"] or 0
    if top <= drill.classified_upto:
        return 0
    ids = list(
        Event.objects.filter(drill=drill, id__gt=drill.classified_upto, id__lte=top)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    if limit is not None and len(ids) > limit:
        return -len(ids)
    done = judge(drill, ids)
    Drill.objects.filter(pk=drill.pk, classified_upto__lt=top).update(classified_upto=top)
    drill.classified_upto = max(drill.classified_upto, top)
    return done


def judge_again(drill: Drill) -> int:
    """Every recipient of the drill once more (the company changed its list of known scanners)."""
    ids = list(drill.recipients.filter(is_test=False, sent_at__isnull=False).values_list("pk", flat=True))
    return judge(drill, ids)


def recent_drills(days: int = 30) -> Iterable[Drill]:
    """Drills whose hits may still be arriving: the worker catches them up every minute."""
    since = timezone.now() - timedelta(days=days)
    return Drill.objects.filter(confirmed_at__gte=since).select_related("organisation")
