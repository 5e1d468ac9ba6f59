"""Calendar event ids survive export, import and installations: they come from each row's UUID, not its id."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from icalendar import Calendar

from rashinban.backups.organisation import dumps, export_organisation, import_organisation
from rashinban.planning.models import Gate, Initiative, RoadmapItem, Subsidy

TODAY = date(2026, 5, 1)


def plan(org) -> None:  # type: ignore[no-untyped-def]
    RoadmapItem.objects.create(organisation=org, title="バックアップ", starts_on=TODAY, due_on=TODAY + timedelta(30))
    initiative = Initiative.objects.create(organisation=org, title="ペーパーレス")
    Gate.objects.create(organisation=org, initiative=initiative, decide_by=TODAY + timedelta(60))
    Subsidy.objects.create(organisation=org, initiative=initiative, name="IT導入補助金", amount=1, expected_on=TODAY)


def event_ids(client, org) -> set[str]:  # type: ignore[no-untyped-def]
    calendar = Calendar.from_ical(client.get(f"/o/{org.id}/plan/roadmap.ics").content)
    return {str(event["uid"]) for event in calendar.walk("VEVENT")}


def test_event_ids_are_the_rows_uuids_not_database_ids(as_alice, org_a):
    plan(org_a)

    ids = event_ids(as_alice, org_a)

    rows = [*RoadmapItem.objects.all(), *Gate.objects.all(), *Subsidy.objects.all()]
    rows_ids = {f"{kind}-{row.uid}@rashinban" for kind, row in zip(("roadmap", "gate", "subsidy"), rows, strict=True)}
    # The rest are the steps of the one ranking (take the diagnoses first), by their stable step ids; the PoC
    # decision is one of the steps and keeps its gate's event id.
    assert rows_ids <= ids and all(uid.startswith("step-") for uid in ids - rows_ids)
    assert not any(f"-{row.pk}@" in uid or f"org-{org_a.pk}" in uid for uid in ids for row in rows)


def test_a_moved_company_keeps_its_event_ids(client, as_alice, org_a, alice):
    from rashinban.orgs.choices import Role
    from rashinban.orgs.models import Membership

    plan(org_a)
    before = event_ids(as_alice, org_a)

    copy = import_organisation(json.loads(dumps(export_organisation(org_a))))

    assert copy.pk != org_a.pk and Membership.objects.get(organisation=copy, user=alice).role == Role.OWNER
    assert RoadmapItem.objects.get(organisation=copy).pk != RoadmapItem.objects.get(organisation=org_a).pk
    after = event_ids(as_alice, copy)
    assert after == before, (sorted(after - before), sorted(before - after))


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_every_existing_row_its_own_id(org_a):
    """Run planning 0002 for real on rows made before it: each row gets a UUID of its own."""
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    before, after = [("planning", "0001_initial")], [("planning", "0002_stable_calendar_ids")]
    executor.migrate(before)
    try:
        old = MigrationExecutor(connection).loader.project_state(before).apps
        item, initiative = old.get_model("planning", "RoadmapItem"), old.get_model("planning", "Initiative")
        for n in range(3):
            item.objects.create(organisation_id=org_a.pk, title=f"行{n}", starts_on=TODAY, due_on=TODAY)
        first = initiative.objects.create(organisation_id=org_a.pk, title="施策")
        gate = old.get_model("planning", "Gate")
        gate.objects.create(organisation_id=org_a.pk, initiative_id=first.pk, decide_by=TODAY)

        MigrationExecutor(connection).migrate(after)

        uids = [*RoadmapItem.objects.values_list("uid", flat=True), *Gate.objects.values_list("uid", flat=True)]
        assert len(uids) == 4 and None not in uids and len(set(uids)) == 4
    finally:
        MigrationExecutor(connection).migrate(latest)  # later migrations of other apps too
