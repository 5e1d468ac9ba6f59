"""An advisor's clients at a glance: a fixed number of queries however many clients there are.

One row per company that granted the advisor access: the latest DX diagnosis and security self-check scores
and their change since the round before, the next step and the overdue steps of the one ranking of next steps, KPIs off track or overdue, lesson
completion, practice drills run, and the last activity.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Max, Q, Window
from django.db.models.functions import RowNumber
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rashinban.assessments.models import Diagnosis
from rashinban.assessments.scoring import level_for
from rashinban.orgs.choices import Role
from rashinban.orgs.models import Membership, Organisation, User
from rashinban.reports.xlsx import Percent

DX = "dx-seven-sins"
SECURITY = "security-selfcheck"
SORTS = ("name", "dx", "dx_change", "security", "security_change", "overdue", "kpis", "activity")
# Clients per page: an advisor of 500 companies sees them 50 at a time (and the owner's audit log records the
# companies whose figures were shown, not every client); the Excel export keeps every client.
PAGE_SIZE = 50


@dataclass
class Scores:
    latest: int | None = None
    previous: int | None = None
    latest_on: datetime | None = None

    @property
    def change(self) -> int | None:
        return None if self.latest is None or self.previous is None else self.latest - self.previous

    @property
    def level(self) -> str | None:
        return None if self.latest is None else level_for(self.latest)


@dataclass
class ClientRow:
    organisation: Organisation
    dx: Scores = field(default_factory=Scores)
    security: Scores = field(default_factory=Scores)
    overdue_actions: int = 0
    """Overdue steps of the one ranking (nextsteps)."""
    open_steps: int = 0
    next_step: str = ""
    next_due: date | None = None
    next_who: str = ""
    next_overdue: bool = False
    kpis_alerting: int = 0
    lessons_assigned: int = 0
    lessons_done: int = 0
    drills: int = 0
    last_activity: datetime | None = None

    @property
    def lesson_completion(self) -> int | None:
        return None if not self.lessons_assigned else round(self.lessons_done / self.lessons_assigned * 100)


def client_memberships(advisor: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=advisor, role=Role.ADVISOR, active=True)
        .select_related("organisation")
        .order_by("organisation__name", "organisation_id")
    )


def _scores(rows: dict[int, ClientRow], today: date) -> None:
    ranked = (
        Diagnosis.objects.filter(
            organisation_id__in=rows,
            completed_at__isnull=False,
            custom_catalog__isnull=True,
            catalog_id__in=[DX, SECURITY],
        )
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("organisation_id"), F("catalog_id")], order_by=F("completed_at").desc()
            )
        )
        .filter(rank__lte=2)
        .values_list("organisation_id", "catalog_id", "rank", "management_scores", "completed_at")
    )
    for org_id, catalog_id, rank, scores, completed_at in ranked:
        target = rows[org_id].dx if catalog_id == DX else rows[org_id].security
        overall = (scores or {}).get("overall")
        if rank == 1:
            target.latest, target.latest_on = overall, completed_at
        else:
            target.previous = overall
        rows[org_id].last_activity = max(filter(None, [rows[org_id].last_activity, completed_at]), default=None)


def _next_steps(rows: dict[int, ClientRow], today: date) -> None:
    """Each client's next step and overdue steps from the one ranking (one gathering for all clients)."""
    from rashinban.nextsteps.gather import plans_for

    lang = get_language() or "ja"
    for org_id, plan in plans_for([row.organisation for row in rows.values()]).items():
        row = rows[org_id]
        row.overdue_actions = len(plan.overdue())
        row.open_steps = len(plan.steps)
        if plan.steps:
            step = plan.steps[0]
            row.next_step = step.title_in(lang)
            row.next_due = step.due
            row.next_who = plan.name_of(step)
            row.next_overdue = step.is_overdue(plan.today)


def _security_actions(rows: dict[int, ClientRow], today: date) -> None:
    from rashinban.security.models import ActionItem

    touched = (
        ActionItem.objects.filter(organisation_id__in=rows).values("organisation_id").annotate(at=Max("updated_at"))
    )
    for entry in touched:
        row = rows[entry["organisation_id"]]
        row.last_activity = max(filter(None, [row.last_activity, entry["at"]]), default=None)


def _kpis(rows: dict[int, ClientRow], today: date) -> None:
    from rashinban.planning.models import Target
    from rashinban.planning.status import ALERTING
    from rashinban.planning.summary import status_of, with_latest

    for target in with_latest(Target.objects.filter(organisation_id__in=rows)):
        if status_of(target, today).code in ALERTING:
            rows[target.organisation_id].kpis_alerting += 1


def _training_and_drills(rows: dict[int, ClientRow], today: date) -> None:
    from rashinban.drills.models import Drill
    from rashinban.training.models import Assignment

    lessons = (
        Assignment.objects.filter(organisation_id__in=rows)
        .values("organisation_id")
        .annotate(total=Count("id"), done=Count("id", filter=Q(completed_at__isnull=False)))
    )
    for entry in lessons:
        rows[entry["organisation_id"]].lessons_assigned = entry["total"]
        rows[entry["organisation_id"]].lessons_done = entry["done"]
    for entry in Drill.objects.filter(organisation_id__in=rows).values("organisation_id").annotate(n=Count("id")):
        rows[entry["organisation_id"]].drills = entry["n"]


@dataclass(frozen=True)
class Filters:
    industry: str = ""
    employee_band: str = ""
    prefecture: str = ""
    level: str = ""  # level of the latest DX diagnosis
    sort: str = "name"
    descending: bool = False


def apply(rows: list[ClientRow], filters: Filters) -> list[ClientRow]:
    kept = [
        r
        for r in rows
        if (not filters.industry or r.organisation.industry == filters.industry)
        and (not filters.employee_band or r.organisation.employee_band == filters.employee_band)
        and (not filters.prefecture or r.organisation.prefecture == filters.prefecture)
        and (not filters.level or r.dx.level == filters.level)
    ]
    key = {
        "name": lambda r: (0, r.organisation.name),
        "dx": lambda r: _missing_last(r.dx.latest),
        "dx_change": lambda r: _missing_last(r.dx.change),
        "security": lambda r: _missing_last(r.security.latest),
        "security_change": lambda r: _missing_last(r.security.change),
        "overdue": lambda r: (0, r.overdue_actions),
        "kpis": lambda r: (0, r.kpis_alerting),
        "activity": lambda r: _missing_last(r.last_activity.timestamp() if r.last_activity else None),
    }[filters.sort if filters.sort in SORTS else "name"]
    ordered = sorted(kept, key=key, reverse=filters.descending)
    # Companies without a value stay at the end whichever way the column is sorted.
    return [r for r in ordered if key(r)[0] == 0] + [r for r in ordered if key(r)[0] == 1]


def _missing_last(value: float | None) -> tuple[int, float]:
    return (1, 0) if value is None else (0, value)


# Each filler adds its columns to the rows given, in a fixed number of queries whatever their number.
FILLERS: dict[str, Callable[[dict[int, ClientRow], date], None]] = {
    "scores": _scores,
    "activity": _security_actions,
    "next_steps": _next_steps,
    "kpis": _kpis,
    "training": _training_and_drills,
}
# What the filters and every sort need for all clients; the rest is filled for the page shown only.
FOR_FILTERS = ("scores", "activity")
FOR_SORT = {"overdue": "next_steps", "kpis": "kpis"}


def _fill(rows: dict[int, ClientRow], today: date, parts: list[str]) -> None:
    if rows:
        for part in parts:
            FILLERS[part](rows, today)


def _client_rows(advisor: User) -> dict[int, ClientRow]:
    return {m.organisation_id: ClientRow(m.organisation) for m in client_memberships(advisor)}


def portfolio(advisor: User, today: date) -> list[ClientRow]:
    """Every client with every column (the Excel export)."""
    rows = _client_rows(advisor)
    _fill(rows, today, list(FILLERS))
    return list(rows.values())


def page_of(
    advisor: User, today: date, filters: Filters, number: object, per_page: int = PAGE_SIZE
) -> tuple[Page, int]:
    """One page of the filtered, sorted clients, and how many clients the advisor has in all.

    The columns the filters and the chosen sort read are computed for every client; the ranking of next steps,
    KPIs and lessons (the costly part) only for the clients on the page, unless the list is sorted by them."""
    rows = _client_rows(advisor)
    early = [*FOR_FILTERS, *([FOR_SORT[filters.sort]] if filters.sort in FOR_SORT else [])]
    _fill(rows, today, early)
    page = Paginator(apply(list(rows.values()), filters), per_page).get_page(number)
    shown = {row.organisation.pk: row for row in page.object_list}
    _fill(shown, today, [part for part in FILLERS if part not in early])
    return page, len(rows)


def headers() -> list[str]:
    return [
        _("Company"),
        _("Industry"),
        _("Employees"),
        _("Prefecture"),
        _("DX score"),
        _("DX change"),
        _("Security score"),
        _("Security change"),
        _("Next step"),
        _("Next step due"),
        _("Overdue steps"),
        _("KPIs off track or overdue"),
        _("Lessons completed"),
        _("Practice drills"),
        _("Last activity"),
    ]


def export_rows(rows: list[ClientRow], tz) -> list[list[object]]:  # type: ignore[no-untyped-def]
    """Typed cells: scores and counts as numbers, completion as a percentage, the last activity as a time."""
    return [
        [
            r.organisation.name,
            r.organisation.get_industry_display(),
            r.organisation.get_employee_band_display(),
            r.organisation.prefecture,
            r.dx.latest,
            r.dx.change,
            r.security.latest,
            r.security.change,
            r.next_step,
            r.next_due,
            r.overdue_actions,
            r.kpis_alerting,
            Percent(r.lesson_completion),
            r.drills,
            r.last_activity.astimezone(tz).replace(second=0, microsecond=0) if r.last_activity else None,
        ]
        for r in rows
    ]
