"""Company B's drill objects for tests/orgs/test_tenancy_walk.py."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from rashinban.drills import actions
from rashinban.drills.models import Drill, KnownScanner


def company_b_drill_objects(org_b, mallory) -> dict[str, object]:  # type: ignore[no-untyped-def]
    template = actions.template_from_lure(org_b, "invoice-change", "ja")
    now = timezone.now()
    drill = Drill.objects.create(
        organisation=org_b, name="B drill", template=template, sender_name="x", from_address="x@b.example",
        subject="s", body="{{link}}", lesson_id="targeted-mail", window_start=now, window_end=now + timedelta(hours=1),
    )  # fmt: skip
    scanner = KnownScanner.objects.create(organisation=org_b, name="B gateway", networks="198.18.0.0/15")
    return {"drill_domain": actions.add_domain(org_b, "b.example"), "drill_template": template, "drill": drill,
            "drill_scanner": scanner}  # fmt: skip
