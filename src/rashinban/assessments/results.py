"""What the result page and the dashboard show about a diagnosis, computed from stored answers."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from rashinban.assessments.actions import MANAGEMENT, catalog_for
from rashinban.assessments.anonymity import STAFF_MINIMUM
from rashinban.assessments.catalog import localized
from rashinban.assessments.models import Diagnosis
from rashinban.assessments.scoring import (
    Recommendation,
    Result,
    critical_gaps,
    level_for,
    overall_level,
    recommendations,
    score,
)
from rashinban.orgs.fastload import RowLoader
from rashinban.reports.charts import Series, radar_svg

# Below STAFF_MINIMUM staff answers, the staff view is hidden: with one or two answers the owner could tell
# who said what, and the survey promises anonymity. It also grows only in steps of that size (anonymity.py).
# A difference this large between management and staff is a finding in itself (patterns 2 and 3).
GAP_THRESHOLD = 20


@dataclass(frozen=True)
class SectionRow:
    id: str
    title: str
    management: int | None
    management_level: str | None
    staff: int | None
    staff_level: str | None
    gap: int | None
    gap_kind: str  # "", "management_optimistic", "staff_optimistic"


def management_result(diagnosis: Diagnosis, lang: str) -> Result:
    return score(catalog_for(diagnosis), diagnosis.management_answers, lang=lang, audience=MANAGEMENT)


@dataclass(frozen=True)
class Summary:
    """The headline of a completed diagnosis: the same names as a scoring.Result, for the templates."""

    overall_score: int
    overall_level: str
    recommendations: list[Recommendation]
    critical_gaps: list[str] = field(default_factory=list)


def management_summary(diagnosis: Diagnosis, lang: str) -> Summary | Result:
    """Overall score and where to start, from the scores cached when the answers were saved (no re-scoring)."""
    cached = diagnosis.management_scores
    if cached.get("overall") is None or not cached.get("sections"):
        return management_result(diagnosis, lang)  # saved before scores were cached
    catalog, overall = catalog_for(diagnosis), cached["overall"]
    # In bank order, which breaks ties: PostgreSQL's jsonb does not keep the order the keys were saved in.
    sections = {s.id: cached["sections"][s.id] for s in catalog.sections if s.id in cached["sections"]}
    # Only banks with critical questions read the answers (the dashboard loads the cached scores alone).
    has_critical = any(q.critical for _s, q in catalog.all_questions())
    gaps = critical_gaps(catalog, diagnosis.management_answers, MANAGEMENT) if has_critical else []
    return Summary(overall, overall_level(overall, gaps), recommendations(catalog, sections, lang), gaps)


def staff_visible(diagnosis: Diagnosis) -> bool:
    return diagnosis.staff_count >= STAFF_MINIMUM


def section_rows(diagnosis: Diagnosis, lang: str) -> list[SectionRow]:
    catalog = catalog_for(diagnosis)
    show_staff = staff_visible(diagnosis)
    management = diagnosis.management_scores.get("sections", {}) if diagnosis.completed_at else {}
    staff = diagnosis.staff_scores.get("sections", {}) if show_staff else {}
    rows = []
    for section in catalog.sections:
        m, s = management.get(section.id), staff.get(section.id)
        gap = m - s if m is not None and s is not None else None
        kind = ""
        if gap is not None and gap >= GAP_THRESHOLD:
            kind = "management_optimistic"
        elif gap is not None and -gap >= GAP_THRESHOLD:
            kind = "staff_optimistic"
        rows.append(
            SectionRow(
                section.id,
                localized(section.title, lang),
                m,
                level_for(m) if m is not None else None,
                s,
                level_for(s) if s is not None else None,
                gap,
                kind,
            )
        )
    return rows


def gap_findings(rows: list[SectionRow]) -> list[dict]:
    findings = []
    for row in rows:
        if row.gap_kind == "management_optimistic":
            text = _(
                "Management rates “%(title)s” %(gap)s points higher than staff do. The shop floor "
                "does not see what management sees: talk with them before the next step (patterns 2 and 3)."
            )
        elif row.gap_kind == "staff_optimistic":
            text = _(
                "Staff rate “%(title)s” %(gap)s points higher than management does. Ask them what "
                "already works: it may be more than management knows."
            )
        else:
            continue
        findings.append({"section": row.id, "text": text % {"title": row.title, "gap": abs(row.gap or 0)}})
    return findings


def radar_for(rows: list[SectionRow], lang: str, short_titles: dict[str, str] | None = None) -> str:
    if len(rows) < 3:
        return ""  # a radar needs three axes; the table shows a smaller bank on its own
    labels = [(short_titles or {}).get(r.id, r.title) for r in rows]
    series = [Series(_("Management"), [r.management for r in rows], "#1d4ed8")]
    if any(r.staff is not None for r in rows):
        series.append(Series(_("Staff"), [r.staff for r in rows], "#d97706", dashed=True))
    return radar_svg(labels, series, title=_("Score per failure pattern (100 is best)"))


# The newest completed rounds of a company and bank, newest first: on every result page, so read with SQL written
# once (orgs/fastload.py), the rows of `Diagnosis.objects.filter(organisation_id=..., catalog_id=...,
# completed_at__isnull=False).order_by("-completed_at", "-id").only(...)[:12]` (tests/orgs/test_fastload.py).
_HISTORY = RowLoader(
    Diagnosis,
    [("organisation", "="), ("catalog_id", "="), ("completed_at", "IS NOT NULL")],
    fields=("id", "completed_at", "management_scores"),
    order_by=("-completed_at", "-id"),
    limit=12,
)


def history(diagnosis: Diagnosis) -> list[dict]:
    """Earlier completed diagnoses of the same company and bank, newest first, with the change each time."""
    earlier = _HISTORY.rows(diagnosis.organisation_id, diagnosis.catalog_id)
    rows = []
    for i, entry in enumerate(earlier):
        overall = entry.management_scores.get("overall")
        previous = earlier[i + 1].management_scores.get("overall") if i + 1 < len(earlier) else None
        rows.append(
            {
                "id": entry.id,
                "completed_at": entry.completed_at,
                "overall": overall,
                "level": level_for(overall) if overall is not None else None,
                "change": overall - previous if overall is not None and previous is not None else None,
                "current": entry.id == diagnosis.id,
            }
        )
    return rows
