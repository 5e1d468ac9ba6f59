"""Read API of the systems map for other capabilities (documents, reports, the DX result page, the dashboard).

    systems(org)   -> list[SystemData]   every system: department, vendor, data kinds, MFA, backup, operators
    links(org)     -> list[LinkData]     every link: source and target names, method, frequency, hours a month
    vendors(org)   -> list[VendorData]   every vendor: what they run, data/documents returned, run inside or not
    analysis(org)  -> Analysis           silos, data spreads, re-keying hours, bus factor, no MFA/backup, findings
    holds_customer_data(org) -> list[str]  names of the systems that hold customer data
    dx_evidence(org, diagnosis, lang) -> list[DxEvidence]  verdicts on the DX answers of patterns 4 and 6

Data kinds and methods are the codes of `landscape.choices`; texts are in the current language.
Each function runs a fixed, small number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import CharField, Max, Value

from rashinban.evidence.verdicts import Verdict
from rashinban.landscape import dx_evidence as dx
from rashinban.landscape.analysis import Analysis, LinkData, SystemData, VendorData, analyse
from rashinban.landscape.choices import DataKind
from rashinban.landscape.models import SkillAssessment, System, SystemLink, Vendor
from rashinban.orgs.models import Organisation
from rashinban.orgs.tenancy import scoped


def systems(org: Organisation) -> list[SystemData]:
    rows = scoped(System.objects.select_related("vendor"), org)
    return [
        SystemData(
            name=s.name,
            department=s.department,
            kind=s.kind,
            vendor=s.vendor.name if s.vendor else "",
            hosting=s.hosting,
            data_kinds=tuple(s.data_kinds),
            has_mfa=s.has_mfa,
            has_backup=s.has_backup,
            operators=tuple(s.operator_names),
        )
        for s in rows
    ]


def links(org: Organisation) -> list[LinkData]:
    rows = scoped(SystemLink.objects.select_related("source", "target"), org)
    return [
        LinkData(link.source.name, link.target.name, link.method, link.frequency, link.hours_per_month) for link in rows
    ]


def vendors(org: Organisation) -> list[VendorData]:
    return [
        VendorData(v.name, v.services, v.returns_data, v.returns_docs, v.inside_can_operate)
        for v in scoped(Vendor.objects.all(), org)
    ]


def data_labels() -> dict[str, str]:
    return {code: str(label) for code, label in DataKind.choices}


def analysis(org: Organisation) -> Analysis:
    return analyse(systems(org), links(org), vendors(org), data_labels())


def holds_customer_data(org: Organisation) -> list[str]:
    return [s.name for s in systems(org) if DataKind.CUSTOMER in s.data_kinds]


def inventory_changed_at(org: Organisation) -> datetime | None:
    """When the map (systems, links, vendors) was last changed; the date its verdicts are "of"."""
    stamps = [
        scoped(model.objects.all(), org).aggregate(at=Max("updated_at"))["at"] for model in (System, SystemLink, Vendor)
    ]
    present = [stamp for stamp in stamps if stamp]
    return max(present) if present else None


@dataclass(frozen=True)
class DxEvidence:
    """One DX answer next to what the map shows: a `Verdict` plus the words to show it."""

    verdict: Verdict
    question: str
    answer: str
    reason: str


def _kind(model: type, kind: str, org: Organisation):  # type: ignore[no-untyped-def]
    """`kind` once per row of `model` of the company: a union of these says which kinds there are (UNION drops
    the repeats), without reading the company's row or any data."""
    there = Value(kind, output_field=CharField())
    return model.objects.filter(organisation=org).order_by().annotate(there=there).values_list("there", flat=True)


def dx_evidence(org: Organisation, diagnosis, lang: str) -> list[DxEvidence]:  # type: ignore[no-untyped-def]
    """Verdicts on the management answers of `diagnosis` that the map, vendors or skills speak to."""
    from rashinban.assessments.actions import catalog_for
    from rashinban.assessments.catalog import localized

    # Most companies have drawn no map, listed no vendor and rated no skills (each optional): one query says which
    # of the three there are, and only those are read (a company with all three pays one query more).
    present = set(
        _kind(System, "systems", org).union(_kind(Vendor, "vendors", org), _kind(SkillAssessment, "skills", org))
    )
    has_systems, has_vendors, has_skills = ("systems" in present, "vendors" in present, "skills" in present)
    if not (has_systems or has_vendors or has_skills):
        return []
    system_rows = systems(org) if has_systems else []
    link_rows = links(org) if system_rows else []  # a link joins two systems: none without them
    vendor_rows = vendors(org) if has_vendors else []
    skills = list(scoped(SkillAssessment.objects.all(), org).values_list("scores", "updated_at")) if has_skills else []
    result = analyse(system_rows, link_rows, vendor_rows, data_labels())
    stamps = {
        "skills": max((at for _s, at in skills), default=None),
        "systems-map": inventory_changed_at(org) if has_systems or has_vendors else None,
    }
    stamps["vendors"] = stamps["systems-map"]
    catalog = catalog_for(diagnosis)
    answers = diagnosis.management_answers or {}
    shown = []
    for observation in dx.observations(system_rows, link_rows, vendor_rows, result, [s for s, _at in skills]):
        question = catalog.question(observation.question_id)
        option = question.option(answers.get(observation.question_id, "")) if question else None
        checked_at = stamps[observation.check]
        if question is None or option is None or option.unknown or checked_at is None:
            continue
        verdict = dx.verdict(observation, dx.answer_level(option.points, question.max_points), checked_at)
        if verdict:
            shown.append(
                DxEvidence(verdict, localized(question.text, lang), localized(option.label, lang), observation.reason)
            )
    return shown


def drawn_map(org: Organisation, result: Analysis | None = None) -> str:
    """The company's systems map as one `<svg>` (for the page, the report and the PDF), labels in the current language."""
    from django.utils.translation import gettext as _

    from rashinban.landscape.analysis import _number
    from rashinban.landscape.choices import SystemKind
    from rashinban.landscape.map_svg import MapEdge, MapLegend, MapNode, map_svg

    system_rows, link_rows = systems(org), links(org)
    result = result or analyse(system_rows, link_rows)
    silo_names = set(result.silos)
    kinds = dict(SystemKind.choices)
    nodes = [MapNode(s.name, s.department, str(kinds.get(s.kind, s.kind)), s.name in silo_names) for s in system_rows]
    edges = [
        MapEdge(
            link.source,
            link.target,
            link.method,
            _("%(hours)s h/month") % {"hours": _number(link.hours_per_month)}
            if link.method == "manual" and link.hours_per_month
            else "",
        )
        for link in link_rows
    ]
    legend = MapLegend(
        title=_("Systems map of %(company)s") % {"company": org.name},
        api=_("Automatic (API)"),
        file=_("File export and import"),
        manual=_("Manual re-keying"),
        silo=_("Silo: no link"),
        empty=_("No systems on the map yet."),
    )
    return map_svg(nodes, edges, legend)
