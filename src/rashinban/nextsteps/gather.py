"""Collect what the ranking needs from every capability, for one company or many, in a fixed number of queries
(about a dozen, however many companies, rounds, answers, checks, KPIs or documents there are)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone, translation

from rashinban.assessments.actions import catalog_for
from rashinban.assessments.models import Diagnosis, StaffResponse
from rashinban.assessments.results import STAFF_MINIMUM
from rashinban.frameworks.targets import gaps_for
from rashinban.nextsteps import kept, sources, texts
from rashinban.nextsteps.compute import compute_plan
from rashinban.nextsteps.model import Person, State
from rashinban.nextsteps.models import PlanSettings, StepState, TeamMember
from rashinban.nextsteps.plan import Plan
from rashinban.orgs.choices import Role
from rashinban.orgs.models import Membership, Organisation
from rashinban.security.plan import SELFCHECK

# Until an owner chooses who shares the work, owners, advisors and this many staff accounts (the earliest) do.
DEFAULT_STAFF_IN_TEAM = 3


@dataclass
class Inputs:
    """Everything the pure ranking takes for one company."""

    data: sources.CompanyData = field(default_factory=sources.CompanyData)
    states: dict[str, State] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)
    steps_per_week: int = 2
    security_items: dict[str, int] = field(default_factory=dict)


def company_today(organisation: Organisation) -> date:
    """Today in the company's time zone."""
    return timezone.localtime(timezone.now(), ZoneInfo(organisation.timezone)).date()


def plan_for(organisation: Organisation, today: date | None = None) -> Plan:
    return plans_for([organisation], today)[organisation.pk]


def plans_for(organisations: Sequence[Organisation], today: date | None = None) -> dict[int, Plan]:
    """The plan of each company (by id); `today` defaults to each company's own today.

    A company's plan depends on its own rows, its day (in a few places the time of day) and the product's files,
    so the last one computed is kept (kept.py) under the company's data version (orgs/versions.py, raised by every
    change to its rows), creation time, day and the product's fingerprint: every page, report and mail reads it
    until the company's data changes, for at most an hour (`kept.KEPT_FOR`). The version is the caller's copy of
    the company, as each request reads it at its start; code that changes a company's rows and then plans in the
    same process refreshes that copy first (`actions.commit_schedule`)."""
    days = {org.pk: today or company_today(org) for org in organisations}
    keys = {org.pk: key for org in organisations if (key := kept.key_of(org, days[org.pk])) is not None}
    plans = kept.read(keys)
    missing = [org for org in organisations if org.pk not in plans]
    if missing:
        read_at = timezone.now()
        inputs = gather(missing, today)
        computed = {
            org.pk: replace(
                compute_plan(
                    inputs[org.pk].data,
                    inputs[org.pk].states,
                    inputs[org.pk].people,
                    days[org.pk],
                    inputs[org.pk].steps_per_week,
                    org.language,
                ),
                security_items=inputs[org.pk].security_items,
            )
            for org in missing
        }
        kept.keep({pk: (keys[pk], plan) for pk, plan in computed.items() if pk in keys}, read_at)
        plans.update(computed)
    return {org.pk: plans[org.pk] for org in organisations}


def gather(organisations: Sequence[Organisation], today: date | None = None) -> dict[int, Inputs]:
    ids = [org.pk for org in organisations]
    found: dict[int, dict] = {pk: {} for pk in ids}
    days = {org.pk: today or company_today(org) for org in organisations}
    # Reasons name the day of a diagnosis or a check: the company's own day, as its pages show it, not UTC's.
    zones = {org.pk: ZoneInfo(org.timezone) for org in organisations}
    for pk, dx in _latest_dx(ids).items():
        found[pk]["dx"] = replace(dx, completed_at=timezone.localtime(dx.completed_at, zones[pk]))
    for pk, round_ in _latest_selfchecks(ids).items():
        found[pk]["selfcheck"] = replace(round_, completed_at=timezone.localtime(round_.completed_at, zones[pk]))
    for pk, verdicts in _verdicts(ids).items():
        found[pk]["verdicts"] = {
            question: replace(verdict, checked_at=timezone.localtime(verdict.checked_at, zones[pk]))
            for question, verdict in verdicts.items()
        }
    instructions, items = _action_items(ids)
    for pk, found_instructions in instructions.items():
        found[pk]["instructions"] = found_instructions
    _plan_data(ids, days, found)
    for pk, documents in _documents(ids).items():
        found[pk]["documents"] = documents
    for pk, gaps in gaps_for(organisations).items():
        found[pk]["framework_gaps"] = gaps
    states = _states(ids)
    people, capacity = _people(ids)
    return {
        pk: Inputs(
            sources.CompanyData(**found[pk]), states.get(pk, {}), people.get(pk, []), capacity.get(pk, 2), items[pk]
        )
        for pk in ids
    }


def _newest(queryset):  # type: ignore[no-untyped-def]
    """The newest completed round per company of `queryset`, in one query."""
    newest = Window(
        RowNumber(), partition_by=[F("organisation_id")], order_by=[F("completed_at").desc(), F("id").desc()]
    )
    return queryset.filter(completed_at__isnull=False).annotate(newest=newest).filter(newest=1)


def _latest_dx(ids: list[int]) -> dict[int, sources.DxRound]:
    rounds = _newest(
        Diagnosis.objects.filter(organisation_id__in=ids).exclude(catalog_id=SELFCHECK).select_related("custom_catalog")
    )
    found = {}
    for diagnosis in rounds:
        staff = diagnosis.staff_scores.get("sections") if diagnosis.staff_count >= STAFF_MINIMUM else None
        found[diagnosis.organisation_id] = sources.DxRound(
            catalog_for(diagnosis),
            diagnosis.completed_at,
            diagnosis.management_answers,
            diagnosis.management_scores.get("sections", {}),
            staff or None,
        )
    return found


def _latest_selfchecks(ids: list[int]) -> dict[int, sources.SelfCheckRound]:
    rounds = list(
        _newest(Diagnosis.objects.filter(organisation_id__in=ids, catalog_id=SELFCHECK, custom_catalog__isnull=True))
    )
    visible = [d.pk for d in rounds if d.staff_count >= STAFF_MINIMUM]
    staff: dict[int, list[dict]] = defaultdict(list)
    if visible:
        for diagnosis_id, answers in StaffResponse.objects.filter(diagnosis_id__in=visible).values_list(
            "diagnosis_id", "answers"
        ):
            staff[diagnosis_id].append(answers)
    return {
        d.organisation_id: sources.SelfCheckRound(d.completed_at, d.management_answers, staff.get(d.pk, []))
        for d in rounds
    }


def _verdicts(ids: list[int]) -> dict[int, dict[str, sources.Verdict]]:
    from rashinban.evidence.registry import get_check
    from rashinban.evidence.verdicts import verdicts_for_many

    found: dict[int, dict[str, sources.Verdict]] = {}
    for pk, verdicts in verdicts_for_many(ids).items():
        found[pk] = {}
        for question, verdict in verdicts.items():
            check = get_check(verdict.check)
            title = texts.both(check.title) if check else {"ja": verdict.check, "en": verdict.check}
            found[pk][question] = sources.Verdict(verdict.status, verdict.checked_at, title, verdict.check)
    return found


def _action_items(ids: list[int]) -> tuple[dict[int, dict[str, str]], dict[int, dict[str, int]]]:
    """Per company: the instruction written on each self-check item (a source of steps), and the security plan
    item of each question (where a security step links to), from one query."""
    from rashinban.security.models import ActionItem

    instructions: dict[int, dict[str, str]] = defaultdict(dict)
    items: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        ActionItem.objects.filter(organisation_id__in=ids)
        .order_by("id")
        .values_list("organisation_id", "id", "source_catalog", "source_question", "instruction")
    )
    for pk, item_id, catalog, question, instruction in rows:
        if question:
            items[pk][question] = item_id
        if catalog == SELFCHECK and instruction:
            instructions[pk][question] = instruction
    return instructions, items


def _plan_data(ids: list[int], days: dict[int, date], found: dict[int, dict]) -> None:
    from rashinban.planning.models import Gate, Initiative, Stage, Target
    from rashinban.planning.summary import status_of, with_latest

    kpis: dict[int, list[sources.Kpi]] = defaultdict(list)
    for target in with_latest(Target.objects.filter(organisation_id__in=ids)).order_by("id"):
        status = status_of(target, days[target.organisation_id])
        latest = status.latest
        kpis[target.organisation_id].append(
            sources.Kpi(
                target.pk,
                target.name,
                status.code,
                latest.value if latest else None,
                status.expected,
                latest.on if latest else None,
                status.next_due,
            )  # fmt: skip
        )
    gates: dict[int, list[sources.Gate]] = defaultdict(list)
    open_gates = (
        Gate.objects.filter(organisation_id__in=ids, decision="")
        .exclude(initiative__stage=Stage.STOPPED)
        .values_list("organisation_id", "id", "initiative__title", "decide_by")
    )
    for pk, gate_id, title, decide_by in open_gates:
        gates[pk].append(sources.Gate(gate_id, title, decide_by))
    initiatives: dict[int, list[sources.Initiative]] = defaultdict(list)
    rows = (
        Initiative.objects.filter(organisation_id__in=ids)
        .annotate(kpi_count=Count("kpis", distinct=True), gate_count=Count("gates", distinct=True))
        .values_list("organisation_id", "id", "title", "stage", "kpi_count", "gate_count")
    )
    for pk, initiative_id, title, stage, kpi_count, gate_count in rows:
        initiatives[pk].append(sources.Initiative(initiative_id, title, stage, kpi_count, gate_count))
    for pk in ids:
        found[pk].update(kpis=kpis.get(pk, []), gates=gates.get(pk, []), initiatives=initiatives.get(pk, []))


def _documents(ids: list[int]) -> dict[int, dict[str, sources.Document]]:
    """Per company and kind: published or not, and whether the published text still has blanks."""
    from rashinban.documents.contacts import BLANK
    from rashinban.documents.models import DocumentKind, DocumentVersion

    newest = Window(
        RowNumber(),
        partition_by=[F("organisation_id"), F("kind")],
        order_by=[F("published_at").desc(), F("number").desc()],
    )
    published = (
        DocumentVersion.objects.filter(organisation_id__in=ids, published_at__isnull=False)
        .annotate(newest=newest)
        .filter(newest=1)
        .values_list("organisation_id", "kind", "body")
    )
    bodies = {(pk, kind): body for pk, kind, body in published}
    with translation.override("en"):  # the English label is the msgid
        titles = {kind: texts.both(str(label)) for kind, label in DocumentKind.choices}
    found = {}
    for pk in ids:
        found[pk] = {
            kind: sources.Document(
                kind,
                titles[kind],
                (pk, kind) in bodies,
                any(blank in bodies.get((pk, kind), "") for blank in BLANK.values()),
            )
            for kind in titles
        }
    return found


def _states(ids: list[int]) -> dict[int, dict[str, State]]:
    found: dict[int, dict[str, State]] = defaultdict(dict)
    for row in StepState.objects.filter(organisation_id__in=ids):
        found[row.organisation_id][row.step_id] = State(
            row.status, row.due, row.due_moved, row.assignee_id, row.done_at, row.assignee_chosen
        )
    return found


def _people(ids: list[int]) -> tuple[dict[int, list[Person]], dict[int, int]]:
    """Who shares the work in each company, and how many steps each can take on a week."""
    settings = {s.organisation_id: s for s in PlanSettings.objects.filter(organisation_id__in=ids)}
    chosen: dict[int, set[int]] = defaultdict(set)
    for pk, user_id in TeamMember.objects.filter(organisation_id__in=ids).values_list("organisation_id", "user_id"):
        chosen[pk].add(user_id)
    memberships = (
        Membership.objects.filter(organisation_id__in=ids, active=True, user__is_active=True)
        .filter(Q(role__in=[Role.OWNER, Role.ADVISOR, Role.MEMBER]))
        .select_related("user")
        .order_by("created_at", "id")
    )
    people: dict[int, list[Person]] = defaultdict(list)
    staff_seen: dict[int, int] = defaultdict(int)
    for membership in memberships:
        pk = membership.organisation_id
        if membership.role == Role.MEMBER:
            picked = settings[pk].team_chosen if pk in settings else False
            if picked and membership.user_id not in chosen[pk]:
                continue
            if not picked:
                staff_seen[pk] += 1
                if staff_seen[pk] > DEFAULT_STAFF_IN_TEAM:
                    continue
        people[pk].append(Person(membership.user_id, membership.role, str(membership.user)))
    return people, {pk: s.steps_per_week for pk, s in settings.items()}
