"""A company's plan is kept in the database under its data version, day and the product's files (nextsteps/kept.py):
the pages of a day compute it once, and any change to the company's rows (or a person's name), a new day, other
product files, a rolled-back transaction or a row not signed by this installation gives a plan made afresh."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from rashinban.nextsteps import actions, plan_for
from rashinban.nextsteps.gather import plans_for
from tests.nextsteps.test_queries import bench

pytestmark = pytest.mark.django_db(transaction=True)  # the plan is kept once its data is committed

# A week ahead of the machine's date: never the company's own day (at most a day ahead of the machine's, in Tokyo),
# for which the builder's commit_schedule() has already kept a plan. The fixed 2026-12-07 this was became that day
# at 15:00 UTC on 2026-12-06, and the first plan of a test was then read from the builder's kept one.
TODAY = date.today() + timedelta(days=7)


def counted(function, *args):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        result = function(*args)
    return result, len(captured)


def test_the_second_page_of_a_visit_reads_the_kept_plan():
    company = bench().company("kept", 1)
    first, made = counted(plan_for, company, TODAY)
    again, read = counted(plan_for, company, TODAY)
    assert [(s.id, s.due, s.assignee) for s in again.steps] == [(s.id, s.due, s.assignee) for s in first.steps]
    assert read == 1 < made  # one query reads the kept plan: no gathering


def test_a_change_to_the_company_gives_a_new_plan():
    company = bench().company("changed", 1)
    before = plan_for(company, TODAY)
    step = before.steps[0]
    actions.complete(company, step.id, by=None)
    company.refresh_from_db()  # as the next request reads it
    after, made = counted(plan_for, company, TODAY)
    assert step.id not in [s.id for s in after.steps]
    assert made > 1


def test_a_moved_poc_decision_is_seen_at_once():
    """The gate's date is changed with an UPDATE, which sends no signal: the action raises the version itself."""
    company = bench().company("gate", 1)
    gate = next(s for s in plan_for(company, TODAY).steps if s.id.startswith(actions.GATE_PREFIX))
    moved = TODAY + timedelta(days=40)
    actions.move_due(company, gate.id, moved, by=None)
    company.refresh_from_db()
    assert next(s for s in plan_for(company, TODAY).steps if s.id == gate.id).due == moved


def test_another_day_gives_a_new_plan():
    company = bench().company("day", 1)
    plan_for(company, TODAY)
    tomorrow, made = counted(plan_for, company, TODAY + timedelta(days=1))
    assert tomorrow.today == TODAY + timedelta(days=1) and made > 1


def test_a_plan_made_in_a_rolled_back_transaction_is_not_kept():
    company = bench().company("rolled-back", 1)
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.replan(company, TODAY)  # raises the version and makes a plan inside the transaction
        raise RuntimeError
    company.refresh_from_db()
    step = plan_for(company, TODAY).steps[0]
    actions.complete(company, step.id, by=None)  # a real change now takes the version the rolled-back plan had
    company.refresh_from_db()
    after, made = counted(plan_for, company, TODAY)
    assert made > 0 and step.id not in [s.id for s in after.steps]


def test_many_companies_mix_kept_and_new_plans():
    builder = bench()
    one, two = builder.company("one", 0), builder.company("two", 1)
    plan_for(one, TODAY)
    both, made = counted(plans_for, [one, two], TODAY)
    _single, fresh = counted(plan_for, builder.company("three", 1), TODAY)
    assert set(both) == {one.pk, two.pk} and both[one.pk].steps and both[two.pk].steps
    assert made == fresh  # the kept one costs no gathering; the other is gathered alone


def test_the_plan_is_kept_in_the_database_for_every_process():
    """Not in one process's memory: another server process (here: an emptied cache) reads it too."""
    from django.core.cache import caches

    from rashinban.nextsteps.models import KeptPlan

    company = bench().company("stored", 1)
    made = plan_for(company, TODAY)
    for each in caches.all():
        each.clear()
    row = KeptPlan.objects.get(organisation=company)
    assert row.key.startswith(f"{company.data_version}:") and TODAY.isoformat() in row.key
    again, read = counted(plan_for, company, TODAY)
    assert read == 1 and [s.id for s in again.steps] == [s.id for s in made.steps]


def test_keeping_a_plan_does_not_raise_the_version():
    company = bench().company("quiet", 1)
    company.refresh_from_db()
    version = company.data_version
    plan_for(company, TODAY)
    company.refresh_from_db()
    assert company.data_version == version


def test_a_row_this_installation_did_not_sign_is_computed_again(settings):
    """A forged or foreign row (another installation's key) is never unpickled: the plan is made afresh."""
    import pickle
    import zlib

    from rashinban.nextsteps import kept
    from rashinban.nextsteps.models import KeptPlan
    from rashinban.nextsteps.plan import Plan

    company = bench().company("forged", 1)
    real = plan_for(company, TODAY)
    row = KeptPlan.objects.get(organisation=company)
    forged = Plan(TODAY, [])
    body = zlib.compress(pickle.dumps(forged))
    row.plan = b"\0" * kept.SIGNATURE_BYTES + body
    row.save()
    first, made = counted(plan_for, company, TODAY)
    assert made > 1 and [s.id for s in first.steps] == [s.id for s in real.steps] and first.steps

    ours = settings.SECRET_KEY
    settings.SECRET_KEY = "another installation's key, long enough to be a key of its own"
    KeptPlan.objects.filter(organisation=company).update(plan=kept._pack(forged, row.key))
    settings.SECRET_KEY = ours
    second, made = counted(plan_for, company, TODAY)
    assert made > 1 and second.steps


def test_a_persons_new_name_gives_a_new_plan_and_a_sign_in_does_not():
    from django.utils import timezone

    from rashinban.orgs.models import Membership

    company = bench().company("renamed", 1)
    company.refresh_from_db()
    plan = plan_for(company, TODAY)
    user = Membership.objects.filter(organisation=company, user_id__in=list(plan.people)).first().user
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])  # what every sign-in writes
    company.refresh_from_db()
    _same, read = counted(plan_for, company, TODAY)
    assert read == 1
    user.display_name = "新しい名前"
    user.save()
    company.refresh_from_db()
    renamed, made = counted(plan_for, company, TODAY)
    assert made > 1 and renamed.people[user.pk].name == "新しい名前"


def test_a_stopped_drill_raises_the_version(org_a, alice):
    from rashinban.drills import actions as drill_actions
    from tests.drills.conftest import planned, verified

    verified(org_a)
    drill = planned(org_a, alice)
    org_a.refresh_from_db()
    version = org_a.data_version
    drill_actions.stop_drill(drill)  # an UPDATE, which sends no signal
    org_a.refresh_from_db()
    assert org_a.data_version > version


def test_other_product_files_give_a_new_key(tmp_path, monkeypatch):
    """An upgrade or a corrected text changes the fingerprint, so no plan made by the old files is read."""
    import os

    import rashinban
    from rashinban.nextsteps import kept

    product = tmp_path / "rashinban"
    (product / "nextsteps").mkdir(parents=True)
    (product / "__init__.py").write_text("")
    steps = product / "nextsteps" / "steps.yaml"
    steps.write_text("steps: []\n")
    monkeypatch.setattr(rashinban, "__file__", str(product / "__init__.py"))
    before = kept.product_fingerprint.__wrapped__()
    os.utime(steps, ns=(steps.stat().st_atime_ns, steps.stat().st_mtime_ns + 10**9))
    assert kept.product_fingerprint.__wrapped__() != before
    steps.write_text("steps: [changed]\n")
    (product / "notes.txt").write_text("not a product file")  # neither code, catalogue nor translation
    now = kept.product_fingerprint.__wrapped__()
    (product / "notes.txt").write_text("changed")
    assert kept.product_fingerprint.__wrapped__() == now


def test_a_plan_older_than_an_hour_is_made_afresh():
    """A check's result expires at the minute it was taken, days later: a kept plan shows that at most an hour late."""
    from django.utils import timezone

    from rashinban.nextsteps import kept
    from rashinban.nextsteps.models import KeptPlan

    company = bench().company("hour", 1)
    company.refresh_from_db()
    plan_for(company, TODAY)
    KeptPlan.objects.filter(organisation=company).update(made_at=timezone.now() - kept.KEPT_FOR + timedelta(minutes=1))
    _kept, read = counted(plan_for, company, TODAY)
    KeptPlan.objects.filter(organisation=company).update(made_at=timezone.now() - kept.KEPT_FOR - timedelta(minutes=1))
    _fresh, made = counted(plan_for, company, TODAY)
    assert read == 1 < made
