"""Two diagnoses side by side: two clients, or one client at two dates. Only companies the person belongs to."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from rashinban.assessments.actions import catalog_for
from rashinban.assessments.catalog import localized
from rashinban.assessments.models import Diagnosis
from rashinban.orgs.models import User
from rashinban.orgs.tenancy import active_memberships
from rashinban.reports.charts import Series, radar_svg

COLOURS = ("#2563eb", "#ea580c")


@dataclass(frozen=True)
class Row:
    title: str
    a: int | None
    b: int | None

    @property
    def difference(self) -> int | None:
        return None if self.a is None or self.b is None else self.b - self.a


@dataclass(frozen=True)
class SideBySide:
    a: Diagnosis
    b: Diagnosis
    rows: list[Row]
    radar: str
    same_bank: bool


def _visible(user: User):  # type: ignore[no-untyped-def]
    org_ids = active_memberships(user).values("organisation_id")
    return Diagnosis.objects.filter(organisation_id__in=org_ids, completed_at__isnull=False).select_related(
        "organisation"
    )


def choices(user: User, lang: str) -> list[tuple[int, str]]:
    def label(d: Diagnosis) -> str:
        when = timezone.localtime(d.completed_at).strftime("%Y-%m-%d")  # type: ignore[arg-type]
        return f"{d.organisation.name} — {localized(catalog_for(d).title, lang)} — {when} ({d.overall}/100)"

    rows = _visible(user).select_related("custom_catalog").order_by("organisation__name", "-completed_at")
    return [(d.pk, label(d)) for d in rows]


def label_of(diagnosis: Diagnosis) -> str:
    return f"{diagnosis.organisation.name} {timezone.localtime(diagnosis.completed_at).strftime('%Y-%m-%d')}"  # type: ignore[arg-type]


def side_by_side(user: User, a_id: int, b_id: int, lang: str) -> SideBySide:
    found = {d.pk: d for d in _visible(user).filter(pk__in=[a_id, b_id])}
    if a_id not in found or b_id not in found:
        raise Http404("no such diagnosis")
    a, b = found[a_id], found[b_id]
    catalog = catalog_for(a)
    same = a.catalog_id == b.catalog_id and a.custom_catalog_id == b.custom_catalog_id
    sections_a = a.management_scores.get("sections", {})
    sections_b = b.management_scores.get("sections", {}) if same else {}
    rows = [Row(_("Overall"), a.overall, b.overall)]
    rows += [Row(localized(s.title, lang), sections_a.get(s.id), sections_b.get(s.id)) for s in catalog.sections]
    radar = ""
    if same and len(catalog.sections) >= 3:
        labels = [localized(s.title, lang) for s in catalog.sections]
        radar = radar_svg(
            labels,
            [
                Series(label_of(a), [sections_a.get(s.id) for s in catalog.sections], COLOURS[0]),
                Series(label_of(b), [sections_b.get(s.id) for s in catalog.sections], COLOURS[1], dashed=True),
            ],
        )
    return SideBySide(a, b, rows, radar, same)
