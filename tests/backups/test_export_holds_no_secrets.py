"""Pen-test finding: the company export held everyone's password hash, the drill mail server's settings and
each staff survey response. A company export moves the company's data, not its people's credentials, and
staff answers only as the aggregate the pages show (assessments.anonymity)."""

from __future__ import annotations

import json

import pytest
from django.apps import apps

from rashinban.backups.organisation import EXCLUDED, dumps, export_organisation, import_organisation
from rashinban.drills.models import MailSettings
from rashinban.orgs.demo import seed_demo
from rashinban.orgs.models import Organisation, User
from tests.conftest import login


@pytest.fixture
def demo(db) -> Organisation:
    seed_demo()
    org = Organisation.objects.get(slug="minato-seiko")
    MailSettings.objects.create(
        organisation=org, host="smtp.example.jp", username="drill", password_encrypted="gAAAA-sealed"
    )
    return org


def test_every_excluded_name_is_a_model_that_exists():
    for label in EXCLUDED:
        apps.get_model(label)  # LookupError for a name that excludes nothing (once "drills.smtpsettings")


def test_the_export_holds_no_password_hash_and_no_mail_server_secret(demo):
    text = dumps(export_organisation(demo))
    data = json.loads(text)
    assert all("password" not in person for person in data["people"])
    for user in User.objects.all():
        assert user.password.split("$")[-1] not in text
    assert "drills.mailsettings" not in data["rows"]
    assert "gAAAA-sealed" not in text and "smtp.example.jp" not in text


def test_single_staff_responses_and_drill_recipients_are_not_exported(demo):
    data = export_organisation(demo)
    assert "assessments.staffresponse" not in data["rows"]
    assert not {"drills.recipient", "drills.event"} & set(data["rows"])
    staff = [d for d in data["rows"]["assessments.diagnosis"] if d["staff_count"]]
    assert staff and all(d["staff_scores"] for d in staff)  # the aggregate the result page shows is kept


def test_imported_people_set_their_password_again(demo):
    data = json.loads(dumps(export_organisation(demo)))
    for person in data["people"]:
        person["email"] = "moved-" + person["email"]
    import_organisation(data)
    moved = User.objects.filter(email__startswith="moved-")
    assert moved.exists() and not any(user.has_usable_password() for user in moved)


def test_a_crafted_password_hash_in_the_file_is_not_taken(demo):
    data = json.loads(dumps(export_organisation(demo)))
    data["people"][0]["email"] = "crafted@example.com"
    data["people"][0]["password"] = User.objects.get(email="demo@example.com").password
    import_organisation(data)
    assert not User.objects.get(email="crafted@example.com").has_usable_password()


def test_the_web_export_follows_the_same_rules(demo, client):
    owner = User.objects.get(email="demo@example.com")
    login(client, owner)
    response = client.get(f"/o/{demo.pk}/export.json")
    assert response.status_code == 200
    body = response.content.decode()
    assert owner.password.split("$")[-1] not in body and "gAAAA-sealed" not in body
    assert "assessments.staffresponse" not in body
