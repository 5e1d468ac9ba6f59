"""Collect the owner's report's facts for one company and date from the database.

"As of" a date: the latest rounds completed by the end of that day in the company's time zone,
compared with the round before each. Every read is of this company's rows: its id is the first condition of
each (the rounds' SQL written once below, and the helpers of the other capabilities, which use `scoped`).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rashinban.assessments import results
from rashinban.assessments.actions import MANAGEMENT, catalog_for
from rashinban.assessments.catalog import Catalog, localized
from rashinban.assessments.models import Diagnosis
from rashinban.i18n import gettext_noop
from rashinban.nextsteps import plan_for
from rashinban.nextsteps.model import pick
from rashinban.nextsteps.models import Status as StepStatus
from rashinban.nextsteps.plan import Plan
from rashinban.orgs.fastload import RowLoader
from rashinban.orgs.models import Organisation
from rashinban.reports.charts import Series, radar_svg
from rashinban.reports.owner_facts import ActionRow, AnswerRow, Assessment, DrillRow, OwnerFacts, ScoreRow
from rashinban.security import summary as security

SECURITY_CATALOG = security.SELFCHECK
# The newest completed round before a time, with its own bank when it has one: of every bank but the self-check's
# (the DX round), or of one bank (the self-check, and the round before the newest). Four reads of every report,
# so SQL written once (orgs/fastload.py): what `scoped(Diagnosis.objects.select_related("custom_catalog"), org)
# .filter(completed_at__lt=end).exclude(catalog_id=...) or .filter(catalog_id=...)` ordered by ("-completed_at",
# "-id") gives first (tests/orgs/test_fastload.py compares them).
_ORDER = ("-completed_at", "-id")
_NEWEST_OTHER = RowLoader(
    Diagnosis, [("organisation", "="), ("catalog_id", "<>"), ("completed_at", "<")], "custom_catalog",
    order_by=_ORDER, limit=1,
)  # fmt: skip
_NEWEST_OF = RowLoader(
    Diagnosis, [("organisation", "="), ("catalog_id", "="), ("completed_at", "<")], "custom_catalog",
    order_by=_ORDER, limit=1,
)  # fmt: skip


def report_date(organisation: Organisation, now: datetime | None = None) -> date:
    """Today in the company's time zone."""
    return timezone.localtime(now or timezone.now(), ZoneInfo(organisation.timezone)).date()


def gather_owner_facts(organisation: Organisation, as_of: date | None = None, language: str = "ja") -> OwnerFacts:
    zone = ZoneInfo(organisation.timezone)
    as_of = as_of or report_date(organisation)
    end = datetime.combine(as_of + timedelta(days=1), time.min, tzinfo=zone)
    with translation.override(language):
        # The newest DX round and the one before it, read once for its section and the anonymised comparison.
        latest_dx, previous_dx = _latest_two(organisation, end, security=False)
        dx = _dx(latest_dx, previous_dx, zone, language)
        plan = plan_for(organisation, as_of)
        peers_note, peers = _peers(organisation, latest_dx, language)
        return OwnerFacts(
            organisation=organisation.name,
            slug=organisation.slug,
            language=language,
            issued=as_of,
            dx=dx,
            security=_security(_latest_two(organisation, end, security=True), zone, language),
            actions=plan_rows(plan, language),
            actions_from_plan=True,
            open_actions=len(plan.steps),
            overdue_actions=len(plan.overdue()),
            staff_gaps=staff_gap_notes(plan, language),
            steps_per_week=plan.steps_per_week,
            peers_note=peers_note,
            peers=peers,
            evidence=evidence_rows(organisation, end, language),
            drills=_drills(organisation),
        )


def evidence_rows(organisation: Organisation, end: datetime, language: str) -> list[list[str]]:
    """How fresh each kind of evidence was at the report's date, in words (the dashboard shows the same); nothing
    when no evidence was ever checked."""
    from rashinban.evidence.freshness import freshness_for
    from rashinban.reports.document import format_date

    found = freshness_for(organisation, now=end)
    if all(row.state == "missing" for row in found):
        return []  # a company that never checked any evidence: the report says nothing of it
    rows = []
    for row in found:
        checked = format_date(row.checked_at.date(), language) if row.checked_at else "—"
        until = format_date(row.expires_at.date(), language) if row.expires_at else ""
        state = {
            "fresh": _("valid until %(date)s") % {"date": until},
            "expiring": _("expires %(date)s") % {"date": until},
            "expired": _("expired %(date)s: check again") % {"date": until},
            "missing": _("not checked yet"),
        }[row.state]
        days = ngettext("%(days)s day", "%(days)s days", row.days) % {"days": row.days}
        rows.append([_(row.title), checked, days, state])
    return rows


def _drills(organisation: Organisation) -> list[DrillRow]:
    """The last practice drills with their rates, from the stored verdicts (mail scanners' hits set aside)."""
    from rashinban.drills.readout import trend

    return [DrillRow(drill.name, drill.confirmed_at, rates.sent, rates.report_rate, rates.percent("clicked"))
            for drill, rates in trend(organisation) if rates.sent]  # fmt: skip


def _peers(organisation: Organisation, latest: Diagnosis | None, language: str) -> tuple[str, list[list]]:
    """The anonymised comparison of the latest DX round, as on the result page (advisors/peers.py)."""
    from rashinban.advisors.peers import companies_like_yours

    found = companies_like_yours(organisation, latest, language) if latest else None
    if found is None:
        return "", []
    if not found.comparison.shown:
        return _(
            "Not enough companies of your industry and size share their scores yet: figures are shown only for "
            "groups of at least %(n)s companies, so that no company can be recognised."
        ) % {"n": found.minimum}, []
    note = _(
        "Compared with %(n)s other companies in %(industry)s with %(band)s employees that share their scores "
        "anonymously (their latest diagnosis). The percentile is the share of them scoring below you."
    ) % {"n": found.comparison.size, "industry": organisation.get_industry_display(),
         "band": organisation.get_employee_band_display()}  # fmt: skip
    rows: list[list] = [
        [row.title or _("Overall"), row.standing.score, row.standing.percentile,
         float(row.standing.q1), float(row.standing.median), float(row.standing.q3)]
        for row in found.rows
    ]  # fmt: skip
    return note, rows


def _latest_two(organisation: Organisation, end: datetime, security: bool) -> tuple[Diagnosis | None, Diagnosis | None]:
    """The newest round completed before `end` (a self-check, or a DX round of any bank) and the round of its bank
    completed before it."""
    if security:
        latest = _NEWEST_OF.get(organisation.pk, SECURITY_CATALOG, end)
    else:
        latest = _NEWEST_OTHER.get(organisation.pk, SECURITY_CATALOG, end)
    if latest is None:
        return None, None
    return latest, _NEWEST_OF.get(organisation.pk, latest.catalog_id, latest.completed_at)


def _dx(latest: Diagnosis | None, previous: Diagnosis | None, zone: ZoneInfo, language: str) -> Assessment | None:
    if latest is None:
        return None
    catalog = catalog_for(latest)
    summary = results.management_summary(latest, language)
    section_rows = results.section_rows(latest, language)
    previous_score = previous.management_scores.get("overall") if previous else None
    assessment = Assessment(
        title=localized(catalog.title, language),
        completed_at=timezone.localtime(latest.completed_at, zone),
        score=summary.overall_score,
        level=summary.overall_level,
        rows_caption=_("Per failure pattern"),
        rows_header=_("Pattern"),
        change=summary.overall_score - previous_score if previous_score is not None else None,
        previous_at=timezone.localtime(previous.completed_at, zone) if previous and previous.completed_at else None,
        radar_svg=results.radar_for(section_rows, language),
        rows=[ScoreRow(r.title, r.management, r.management_level, r.staff) for r in section_rows],
        answers=management_answers(catalog, latest.management_answers, language),
        findings=[finding["text"] for finding in results.gap_findings(section_rows)],
        staff_count=latest.staff_count if results.staff_visible(latest) else 0,
    )
    return assessment


def management_answers(catalog: Catalog, answers: dict[str, str], language: str) -> list[AnswerRow]:
    """Every management question in bank order with the chosen option and its points."""
    rows = []
    for section, question in catalog.questions_for(MANAGEMENT):
        chosen = question.option(answers.get(question.id, "")) if answers.get(question.id) else None
        points = chosen.points if chosen else 0
        rows.append(
            AnswerRow(
                section=localized(section.title, language),
                question=localized(question.text, language),
                answer=localized(chosen.label, language) if chosen else _("Not answered"),
                points=f"{points} / {question.max_points}",
                score=points,
                max_points=question.max_points,
                unknown=chosen is None or chosen.unknown,
            )
        )
    return rows


# ---------------------------------------------------------------- security self-check and its plan


def _security(rounds: tuple[Diagnosis | None, Diagnosis | None], zone: ZoneInfo, language: str) -> Assessment | None:
    latest, previous = rounds
    if latest is None or latest.completed_at is None:
        return None
    result = security.selfcheck_result(latest, language)
    previous_score = security.selfcheck_result(previous, language).overall_score if previous else None
    threats = [ScoreRow(t.title, t.score, t.level) for t in result.threats]
    # What the band means and which critical gaps hold it back, without the band's own "start with ..." advice:
    # what to do first is the ranking's alone (the "first five" table and the summary sentence).
    space = "" if language == "ja" else " "  # Japanese sentences follow each other without a space
    note = f"{space}{result.critical_note}" if result.critical_note else ""
    band = f"{result.band_title}: {result.band_meaning}{note}"
    return Assessment(
        title=_("Security self-check"),
        completed_at=timezone.localtime(latest.completed_at, zone),
        score=result.overall_score,
        level=result.overall_level,
        change=result.overall_score - previous_score if previous_score is not None else None,
        previous_at=timezone.localtime(previous.completed_at, zone) if previous and previous.completed_at else None,
        radar_svg=_threat_radar(threats),
        rows_caption=_("Per group"),
        rows_header=_("Group"),
        rows=[ScoreRow(g.title, g.score, g.level) for g in result.groups],
        answers=management_answers(security.selfcheck_catalog(), latest.management_answers, language),
        extra_tables=[
            (
                _("Per drill step"),
                _("Step"),
                [ScoreRow(f"{s.step}. {s.title}", s.score, s.level) for s in result.steps],
            ),
            (_("Protection per threat"), _("Threat"), threats),
        ],
        findings=[
            _("Weak across the staff: %(practice)s (%(score)s of 100)") % {"practice": p.text, "score": p.score}
            for p in (result.weakest_staff_practices if result.staff_visible else [])
        ],
        band=band if result.band_title else "",
        staff_count=result.staff_count if result.staff_visible else 0,
    )


def _threat_radar(threats: list[ScoreRow]) -> str:
    if len(threats) < 3:
        return ""
    series = [Series(_("Management"), [t.score for t in threats], "#1d4ed8")]
    return radar_svg([t.title for t in threats], series, title=_("Protection per threat (100 is best)"))


PRIORITY = {"high": gettext_noop("High"), "medium": gettext_noop("Medium"), "low": gettext_noop("Low")}
ROLE = {"owner": gettext_noop("Owner"), "member": gettext_noop("Member (staff)"), "advisor": gettext_noop("Advisor")}


def plan_rows(plan: Plan, language: str) -> list[ActionRow]:
    """Every open step of the one ranking (rashinban.nextsteps), in its order, with its date and person: the
    report's "first five" table, its summary sentence and its plan all read these rows."""
    statuses = dict(StepStatus.choices)
    rows = []
    for step in plan.steps:
        role = _(ROLE.get(step.assignee_role, step.assignee_role))
        name = plan.name_of(step)
        reasons = step.reasons_in(language)
        rows.append(
            ActionRow(
                title=step.title_in(language),
                detail=reasons[0] if reasons else "",
                step=pick(step.area, language),
                priority=_(PRIORITY[step.priority]),
                owner=name or role,  # the person; the role only while nobody holds it
                due=step.due,
                status=str(statuses.get(step.status, step.status)),
                overdue=step.is_overdue(plan.today),
                step_id=step.id,
                stage=plan.stage(step),
            )
        )
    return rows


def staff_gap_notes(plan: Plan, language: str) -> list[str]:
    """One line per DX pattern where staff see a critical risk that management does not ("talk to them first")."""
    notes = []
    for step in plan.staff_gaps():
        reason = next((r for r in step.reasons_in(language) if r), "")
        area = pick(step.area, language)
        notes.append(f"{area}: {reason}" if area else reason)
    return notes
