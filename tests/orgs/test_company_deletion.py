"""An owner deletes the company: a grace period, then every row of it is erased (nothing remains in the
database, walked table by table), its jobs too; another company is untouched."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from rashinban.backups.organisation import export_organisation
from rashinban.orgs import deletion
from rashinban.orgs.demo import seed_demo
from rashinban.orgs.models import Organisation, User
from rashinban.tasks.models import Job
from tests.conftest import login


@pytest.fixture
def demo(db) -> Organisation:
    seed_demo()
    return Organisation.objects.get(slug="minato-seiko")


def rows_of(organisation_id: int) -> dict[str, int]:
    """Rows of every table that reference the organisation directly (any column pointing at it)."""
    found = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model is Organisation:
                count = model._default_manager.filter(**{field.attname: organisation_id}).count()
                if count:
                    found[f"{model._meta.label_lower}.{field.name}"] = count
    return found


def test_every_reference_to_a_company_erases_with_it():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model is Organisation:
                assert field.remote_field.on_delete is models.CASCADE, f"{model._meta.label}.{field.name}"


def test_nothing_of_the_company_remains_after_the_purge(demo, org_b, mallory, django_capture_on_commit_callbacks):
    exported = export_organisation(demo)
    ids = {label: [row["id"] for row in rows] for label, rows in exported["rows"].items()}
    assert sum(map(len, ids.values())) > 20 and rows_of(demo.pk)
    Job.objects.create(name="mail.send", organisation=demo)
    files = deletion.company_files(demo.pk)
    files.mkdir(parents=True)
    (files / "upload.csv").write_text("x")
    theirs = rows_of(org_b.pk)

    owner = User.objects.get(email="demo@example.com")
    deletion.request_deletion(demo, owner)
    assert deletion.purge_due(timezone.now() + deletion.GRACE - timedelta(hours=1)) == 0  # still in grace
    with django_capture_on_commit_callbacks(execute=True):  # files go once the rows are gone for good
        assert deletion.purge_due(timezone.now() + deletion.GRACE + timedelta(hours=1)) == 1

    assert not Organisation.objects.filter(pk=demo.pk).exists()
    assert rows_of(demo.pk) == {}
    for label, pks in ids.items():
        assert not apps.get_model(label)._default_manager.filter(pk__in=pks).exists(), label
    assert not Job.objects.filter(organisation_id=demo.pk).exists()
    assert not files.exists()
    assert rows_of(org_b.pk) == theirs  # the other company is untouched
    assert User.objects.filter(email="demo@example.com").exists()  # people keep their accounts


def test_the_owner_confirms_with_the_name_and_can_take_it_back(client, org_a, alice, bob):
    login(client, alice)
    wrong = client.post(f"/o/{org_a.pk}/delete/", {"name": "not it"})
    assert wrong.status_code == 400
    client.post(f"/o/{org_a.pk}/delete/", {"name": org_a.name})
    org_a.refresh_from_db()
    assert org_a.deletion_requested_at is not None
    assert 'id="deletion-scheduled"' in client.get(f"/o/{org_a.pk}/delete/").content.decode()
    client.post(f"/o/{org_a.pk}/delete/", {"action": "cancel"})
    org_a.refresh_from_db()
    assert org_a.deletion_requested_at is None
    login(client, bob)
    assert client.post(f"/o/{org_a.pk}/delete/", {"name": org_a.name}).status_code == 403
