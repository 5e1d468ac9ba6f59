"""The roadmap as Excel (through reports.xlsx, which neutralises every cell) and as iCalendar."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from rashinban.planning.models import Gate, Initiative, RoadmapItem, Subsidy
from rashinban.reports.xlsx import BookInfo, Sheet, to_xlsx

PRODID = "-//Rashinban//Roadmap//JA"


def _step_rows(plan, lang: str) -> list[list]:  # type: ignore[no-untyped-def]
    """The ranking's steps as roadmap rows: stage by due date, the same order and dates as every page."""
    from rashinban.nextsteps.display import SOURCE_LABELS, STAGE_LABELS

    if plan is None:
        return []
    return [
        [
            str(STAGE_LABELS[plan.stage(step)]),
            f"{step.rank}. {step.title_in(lang)}",
            " ".join(step.reasons_in(lang)),
            ", ".join(str(SOURCE_LABELS.get(source, source)) for source in step.sources),
            None,
            step.due,
            step.effort,
            step.risk,
            "",
        ]
        for step in plan.steps
    ]


def roadmap_xlsx(
    items: Sequence[RoadmapItem],
    initiatives: Sequence[Initiative],
    gates: Sequence[Gate],
    info: BookInfo,
    plan=None,  # type: ignore[no-untyped-def]
    lang: str = "ja",
) -> bytes:
    roadmap = Sheet(
        _("Roadmap"),
        [
            _("Phase"),
            _("Title"),
            _("Detail"),
            _("Source"),
            _("Start"),
            _("Due"),
            _("Effort (1–5)"),
            _("Risk reduction"),
            _("Done"),
        ],
        _step_rows(plan, lang)
        + [
            [
                i.get_phase_display(),
                i.title,
                i.detail,
                i.get_source_display(),
                i.starts_on,
                i.due_on,
                i.effort,
                i.risk_reduction,
                _("yes") if i.done else "",
            ]
            for i in items
        ],
    )
    plan = Sheet(
        _("Initiatives"),
        [_("Initiative"), _("Stage"), _("Start"), _("PoC gate"), _("Decision")],
        [
            [
                g.initiative.title,
                g.initiative.get_stage_display(),
                g.initiative.starts_on,
                g.decide_by,
                g.get_decision_display(),
            ]
            for g in gates
        ]
        + [[i.title, i.get_stage_display(), i.starts_on, None, ""] for i in initiatives if not i.gates.all()],
    )
    return to_xlsx([roadmap, plan], info)


def _event(uid: str, summary: str, day: date, description: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("description", description)
    return event


def event_uid(kind: str, row: RoadmapItem | Gate | Subsidy) -> str:
    """An event's UID from the row's own UUID (planning.models.calendar_uid), never its database id: the same
    event after export-org and import-org into another installation, so a subscribed calendar updates it."""
    return f"{kind}-{row.uid}@rashinban"


def step_uid(organisation_name: str, step_id: str, title: str = "") -> str:
    """A step's event UID: the company (by a digest of its name, which export-org and import-org keep) and the
    step's stable id, so a subscribed calendar moves the event when the step's date moves. A step about a row
    of the plan (an initiative, a KPI) is named by the row's title instead of its database id; a PoC decision
    is its gate's event (the gate's own UUID)."""
    company = hashlib.sha256(organisation_name.encode()).hexdigest()[:12]
    if re.search(r":\d+(:|$)", step_id):
        shape = re.sub(r":\d+(?=:|$)", "", step_id)
        step_id = f"{shape}:{hashlib.sha256(title.encode()).hexdigest()[:12]}"
    return f"step-{company}-{step_id.replace(':', '-')}@rashinban"


def roadmap_ics(
    organisation_name: str,
    items: Sequence[RoadmapItem],
    gates: Sequence[Gate],
    subsidies: Sequence[Subsidy],
    plan=None,  # type: ignore[no-untyped-def]
    lang: str = "ja",
) -> bytes:
    """All-day events on the due dates of the ranking's steps (the dates every page shows), of lines added by
    hand, of PoC gates not already a step, and of the expected subsidies."""
    stamp = datetime.now(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("%(name)s roadmap") % {"name": organisation_name})
    gate_uids = {f"plan:gate:{gate.pk}": event_uid("gate", gate) for gate in gates}
    stepped = set()
    for step in plan.steps if plan is not None else []:
        if step.id in gate_uids:
            stepped.add(step.id.removeprefix("plan:gate:"))
        calendar.add_component(
            _event(
                gate_uids.get(step.id) or step_uid(organisation_name, step.id, step.title.get("ja", "")),
                _("Due: %(title)s") % {"title": step.title_in(lang)},
                step.due,
                " ".join(step.reasons_in(lang)),
                stamp,
            )
        )
    for item in items:
        if item.done:
            continue
        calendar.add_component(
            _event(
                event_uid("roadmap", item),
                _("Due: %(title)s") % {"title": item.title},
                item.due_on,
                item.detail,
                stamp,
            )
        )
    for gate in gates:
        if gate.decision or str(gate.pk) in stepped:
            continue
        calendar.add_component(
            _event(
                event_uid("gate", gate),
                _("PoC decision: %(title)s") % {"title": gate.initiative.title},
                gate.decide_by,
                _("Decide: expand, adjust or stop."),
                stamp,
            )
        )
    for subsidy in subsidies:
        calendar.add_component(
            _event(
                event_uid("subsidy", subsidy),
                _("Subsidy expected: %(name)s") % {"name": subsidy.name},
                subsidy.expected_on,
                subsidy.initiative.title,
                stamp,
            )
        )
    return calendar.to_ical()
