"""A password posted to the landing form is in neither the database nor the logs."""

from __future__ import annotations

import logging

import pytest
from django.core import serializers
from django.db import connection

from rashinban.drills import actions
from rashinban.drills.models import Event, Recipient
from tests.drills.conftest import planned, verified

pytestmark = pytest.mark.django_db

SECRET = "Hunter2-very-secret-Pa55word!"


def every_row_as_text() -> str:
    from django.apps import apps

    chunks = []
    for model in apps.get_models():
        chunks.append(serializers.serialize("json", model.objects.all()))
    return "\n".join(chunks)


def test_posted_password_is_not_stored_or_logged(client, org_a, alice, bob, caplog, capfd):
    verified(org_a)
    drill = planned(org_a, alice)
    recipient = drill.recipients.get(email="bob@a.example")
    raw, token_hash = actions.new_link_token()
    Recipient.objects.filter(pk=recipient.pk).update(token_hash=token_hash)
    caplog.set_level(logging.DEBUG)
    with connection.execute_wrapper(lambda execute, sql, params, many, context: execute(sql, params, many, context)):
        response = client.post(f"/d/s/{raw}/", {"email": "bob@a.example", "password": SECRET, "": SECRET})
    assert response.status_code == 302
    assert Event.objects.filter(recipient=recipient, kind="submitted").count() == 1
    assert SECRET not in every_row_as_text()
    assert SECRET not in caplog.text
    out, err = capfd.readouterr()
    assert SECRET not in out and SECRET not in err


def test_landing_form_inputs_have_no_names(client, org_a, alice, bob):
    verified(org_a)
    drill = planned(org_a, alice)
    raw, token_hash = actions.new_link_token()
    drill.recipients.filter(email="bob@a.example").update(token_hash=token_hash)
    page = client.post(f"/d/c/{raw}/").content.decode()
    form = page.split('id="lure-form"')[1].split("</form>")[0]
    assert "<input" in form and "name=" not in form
