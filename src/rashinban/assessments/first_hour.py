"""The first hour of a new company (最初の1時間): sign-up → DX diagnosis → staff survey → security check → first
evidence → owner's report, each step done or not read from the company's own data, the first open one "next".

An ordered checklist of the product's own set-up steps, not a recommendation: what to improve first stays with
the one ranking (rashinban.nextsteps). Shown by templates/orgs/_first_hour.html until every step is done; the first
time it is found complete, that is recorded (`Milestone.FIRST_HOUR`) and the checklist is not read again, even if
a round is deleted later: a company past its first hour does not pay for the checklist's query on every dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rashinban.assessments.actions import SECURITY_CATALOG
from rashinban.assessments.models import Diagnosis, Milestone, SurveyLink
from rashinban.orgs.fastload import RowLoader

# Whether the checklist was found complete: on every dashboard, so read with SQL written once (orgs/fastload.py)
# rather than `Milestone.objects.filter(organisation_id=..., name=FIRST_HOUR).exists()` compiled anew.
_REACHED = RowLoader(Milestone, [("organisation", "="), ("name", "=")], fields=("id",), limit=1)


@dataclass
class Step:
    id: str
    title: str
    minutes: int
    done: bool
    url: str = ""  # where to do it (a GET link)
    start: str = ""  # or a POST form that starts it (a new diagnosis or self-check)
    note: str = ""
    next: bool = False


def steps(organisation) -> list[Step]:  # type: ignore[no-untyped-def]
    """The checklist, each step done or not; empty once it has been found complete."""
    from rashinban.orgs.models import Organisation

    if _REACHED.get(organisation.id, Milestone.FIRST_HOUR) is not None:
        return []
    # One query, whatever the number of rounds: the dashboard's query count does not grow (test_query_counts).
    state = _states(Organisation.objects.filter(pk=organisation.id)).get()
    result = _checklist(organisation.id, state)
    if all(s.done for s in result):
        Milestone.reach(organisation, Milestone.FIRST_HOUR)
    return result


def record_finished(organisation_ids: list[int]) -> int:
    """Record `Milestone.FIRST_HOUR` for each of these companies whose checklist is complete, in one query and one
    insert (for `demo --scale`: companies with years of data finished their first hour long ago). Returns how many."""
    from rashinban.orgs.models import Organisation

    finished = [
        Milestone(organisation_id=state["pk"], name=Milestone.FIRST_HOUR)
        for state in _states(Organisation.objects.filter(pk__in=organisation_ids)).order_by("pk")
        if all(s.done for s in _checklist(state["pk"], state))
    ]
    Milestone.objects.bulk_create(finished, ignore_conflicts=True)
    return len(finished)


def _states(organisations):  # type: ignore[no-untyped-def]
    """Per company, what the checklist reads, as a dict (pk and the step's data)."""
    from rashinban.evidence.models import CheckRun

    rounds = Diagnosis.objects.filter(organisation=OuterRef("pk"))
    dx, security = rounds.exclude(catalog_id=SECURITY_CATALOG), rounds.filter(catalog_id=SECURITY_CATALOG)
    latest = ("-created_at", "-id")
    return organisations.annotate(
        dx_done=Subquery(dx.filter(completed_at__isnull=False).order_by("-completed_at", "-id").values("id")[:1]),
        dx_open=Subquery(dx.filter(completed_at__isnull=True).order_by(*latest).values("id")[:1]),
        security_done=Exists(security.filter(completed_at__isnull=False)),
        security_open=Subquery(security.filter(completed_at__isnull=True).order_by(*latest).values("id")[:1]),
        asked=Exists(SurveyLink.objects.filter(organisation=OuterRef("pk")).exclude(
            diagnosis__catalog_id=SECURITY_CATALOG)),
        answers=Coalesce(Subquery(dx.values("organisation").annotate(n=Sum("staff_count")).values("n")[:1]), 0),
        evidence=Exists(CheckRun.objects.filter(organisation=OuterRef("pk"))),
        report=Exists(Milestone.objects.filter(organisation=OuterRef("pk"), name=Milestone.REPORT)),
    ).values("pk", "dx_done", "dx_open", "security_done", "security_open", "asked", "answers", "evidence", "report")  # fmt: skip


def _checklist(org_id: int, state: dict) -> list[Step]:
    dx_done, dx_open, security_open = state["dx_done"], state["dx_open"], state["security_open"]
    # Staff were asked when a link was handed out, or when their answers are there (typed in from paper sheets, or
    # the demo company's): the dashboard shows "5 staff answers" and the checklist must not say "ask your staff".
    answers = state["answers"]
    asked = bool(state["asked"] or answers)
    result = [
        Step("signup", _("Sign up"), 3, True),
        Step(
            "diagnosis", _("DX diagnosis"), 15, dx_done is not None,
            url=reverse("assessments:answer", args=[org_id, dx_open]) if dx_open else "",
            start="" if dx_open else reverse("assessments:start", args=[org_id]),
            note=_("Your draft is kept: you can stop and continue later.") if dx_open else "",
        ),
        Step(
            "survey", _("Ask your staff (anonymous survey)"), 5, asked,
            url=reverse("assessments:survey_links", args=[org_id, dx_done]) if dx_done else "",
            note=(_("%(n)s answers so far") % {"n": answers}) if asked else "",
        ),
        Step(
            "security", _("Security check"), 5, state["security_done"],
            url=reverse("security:answer", args=[org_id, security_open]) if security_open else "",
            start="" if security_open else reverse("security:start", args=[org_id]),
        ),
        Step(
            "evidence", _("First evidence (e.g. your mail domain or your PCs)"), 10,
            state["evidence"],
            url=reverse("evidence:overview", args=[org_id]),
        ),
        Step(
            "report", _("Owner's report"), 2,
            state["report"],
            url=reverse("reports:owner", args=[org_id]),
        ),
    ]  # fmt: skip
    following = next((s for s in result if not s.done), None)
    if following is not None:
        following.next = True
    return result
