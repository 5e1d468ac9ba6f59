"""Every change to a company's map, vendors, skills and training plan goes through these functions."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rashinban.landscape.inventory_io import InventoryFileError, ParsedInventory
from rashinban.landscape.models import MemberProfile, SkillAssessment, System, SystemLink, Vendor
from rashinban.orgs.models import Organisation, User
from rashinban.orgs.tenancy import scoped


def save_skills(org: Organisation, user: User, department: str, scores: dict[str, int]) -> SkillAssessment:
    """A person's own self-assessment and department; the newest answers replace the old ones."""
    with transaction.atomic():
        MemberProfile.objects.update_or_create(organisation=org, user=user, defaults={"department": department})
        assessment, _created = SkillAssessment.objects.update_or_create(
            organisation=org, user=user, defaults={"scores": scores, "updated_at": timezone.now()}
        )
    return assessment


def export_tables(org: Organisation) -> dict[str, list[dict[str, Any]]]:
    """The inventory as plain rows of codes, as `inventory_io` writes them."""
    systems = scoped(System.objects.select_related("vendor"), org)
    links = scoped(SystemLink.objects.select_related("source", "target"), org)
    return {
        "systems": [
            {
                "name": s.name,
                "department": s.department,
                "kind": s.kind,
                "vendor": s.vendor.name if s.vendor else "",
                "hosting": s.hosting,
                "data_kinds": s.data_kinds,
                "has_mfa": s.has_mfa,
                "has_backup": s.has_backup,
                "operators": s.operators,
            }
            for s in systems
        ],
        "links": [
            {
                "source": link.source.name,
                "target": link.target.name,
                "method": link.method,
                "frequency": link.frequency,
                "hours_per_month": link.hours_per_month,
                "data_kinds": link.data_kinds,
            }
            for link in links
        ],
        "vendors": [
            {
                "name": v.name,
                "services": v.services,
                "returns_data": v.returns_data,
                "returns_docs": v.returns_docs,
                "inside_can_operate": v.inside_can_operate,
                "note": v.note,
            }
            for v in scoped(Vendor.objects.all(), org)
        ],
    }


@transaction.atomic
def import_inventory(org: Organisation, parsed: ParsedInventory) -> dict[str, int]:
    """Add or update vendors, systems (by name) and links in one transaction; any problem leaves nothing written."""
    problems: list[str] = []
    vendors = {v.name: v for v in scoped(Vendor.objects.all(), org)}
    for record in parsed.vendors:
        fields = {k: v for k, v in record.items() if k != "name"}
        vendors[record["name"]], _created = Vendor.objects.update_or_create(
            organisation=org, name=record["name"], defaults=fields
        )
    systems = {s.name: s for s in scoped(System.objects.all(), org)}
    for record in parsed.systems:
        fields = {k: v for k, v in record.items() if k not in ("name", "vendor")}
        vendor_name = record.get("vendor") or ""
        if vendor_name and vendor_name not in vendors:
            vendors[vendor_name] = Vendor.objects.create(organisation=org, name=vendor_name)
        fields["vendor"] = vendors.get(vendor_name)
        systems[record["name"]], _created = System.objects.update_or_create(
            organisation=org, name=record["name"], defaults=fields
        )
    links = 0
    for number, record in enumerate(parsed.links):
        ends = [systems.get(record[end]) for end in ("source", "target")]
        where = parsed.rows[("links", number)]
        for end, found in zip(("source", "target"), ends, strict=True):
            if found is None:
                problems.append(
                    _("%(where)s: no system named “%(name)s” in the file or on the map")
                    % {"where": where, "name": record[end]}
                )
        if None in ends:
            continue
        if ends[0] == ends[1]:
            problems.append(_("%(where)s: a link goes to another system") % {"where": where})
            continue
        fields = {k: v for k, v in record.items() if k not in ("source", "target", "method")}
        SystemLink.objects.update_or_create(
            organisation=org, source=ends[0], target=ends[1], method=record["method"], defaults=fields
        )
        links += 1
    if problems:
        raise InventoryFileError(problems)  # the transaction rolls back: nothing half-written
    return {"systems": len(parsed.systems), "links": links, "vendors": len(parsed.vendors)}
