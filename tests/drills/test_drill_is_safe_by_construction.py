"""A drill to an unverified domain, to a non-member, or without the owner's confirmation is refused clearly."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from rashinban.drills import actions
from rashinban.drills.models import Drill, DrillStatus, Recipient
from rashinban.orgs.choices import Role
from tests.conftest import add_member, login, make_user
from tests.drills.conftest import planned, server_settings, verified

pytestmark = pytest.mark.django_db


def form(template_id: int, **extra) -> dict:  # type: ignore[no-untyped-def]
    now = timezone.localtime()
    return {"name": "訓練", "template": template_id, "from_address": "it@a.example",
            "window_start": now.strftime("%Y-%m-%dT%H:%M"),
            "window_end": (now + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"), "rate_per_hour": "60", **extra}  # fmt: skip


def test_unverified_domain_is_refused_with_the_address(as_alice, org_a, alice, bob):
    template = actions.template_from_lure(org_a, "invoice-change", "ja")
    response = as_alice.post(f"/o/{org_a.id}/drills/new/", form(template.pk))
    assert response.status_code == 400
    page = response.content.decode()
    assert "bob@a.example" in page and 'id="refusals"' in page
    assert not Drill.objects.exists()


def test_non_member_is_refused(as_alice, org_a, alice, bob):
    verified(org_a)
    template = actions.template_from_lure(org_a, "invoice-change", "ja")
    response = as_alice.post(
        f"/o/{org_a.id}/drills/new/", form(template.pk, addresses="stranger@a.example\nbob@a.example")
    )
    assert response.status_code == 400
    assert "stranger@a.example" in response.content.decode()
    assert not Drill.objects.exists()


def test_members_on_other_domains_are_refused_unless_left_out(as_alice, org_a, alice, bob):
    verified(org_a)
    dan = make_user("dan@private.example", "Dan")
    add_member(dan, org_a, Role.MEMBER)
    template = actions.template_from_lure(org_a, "invoice-change", "ja")
    assert as_alice.post(f"/o/{org_a.id}/drills/new/", form(template.pk)).status_code == 400
    response = as_alice.post(f"/o/{org_a.id}/drills/new/", form(template.pk, excluded=[str(dan.pk)]))
    assert response.status_code == 302
    assert set(Recipient.objects.values_list("email", flat=True)) == {"alice@a.example", "bob@a.example"}


def test_advisors_are_never_recipients(org_a, alice, bob, carol):
    verified(org_a)
    verified(org_a, "advisor.example")
    drill = planned(org_a, alice)
    assert "carol@advisor.example" not in set(drill.recipients.values_list("email", flat=True))


def test_without_confirmation_or_test_mail_nothing_is_sent(as_alice, org_a, alice, bob, smtp):
    inbox, port = smtp
    verified(org_a)
    server_settings(org_a, port)
    drill = planned(org_a, alice)
    page = as_alice.post(f"/o/{org_a.id}/drills/{drill.pk}/confirm/", {"confirm": "yes"}, follow=True).content.decode()
    assert "test mail" in page.lower() or "テスト" in page
    as_alice.post(f"/o/{org_a.id}/drills/{drill.pk}/test/")
    assert [m["To"] for m in inbox.messages] == ["alice@a.example"]
    as_alice.post(f"/o/{org_a.id}/drills/{drill.pk}/confirm/", {})  # box not ticked
    drill.refresh_from_db()
    assert drill.status == DrillStatus.DRAFT and len(inbox.messages) == 1


def test_member_cannot_start_or_plan(client, org_a, alice, bob):
    verified(org_a)
    drill = planned(org_a, alice)
    login(client, bob)
    assert client.post(f"/o/{org_a.id}/drills/{drill.pk}/confirm/", {"confirm": "yes"}).status_code == 403
    assert client.get(f"/o/{org_a.id}/drills/new/").status_code == 403


def test_stop_halts_mails_not_yet_sent(org_a, alice, bob, smtp, settings):
    settings.TASKS_EAGER = False  # mails wait in the queue, as with a real worker
    inbox, port = smtp
    verified(org_a)
    server_settings(org_a, port)
    drill = planned(org_a, alice)
    actions.send_test(drill, alice)
    drill.refresh_from_db()
    assert actions.confirm_drill(drill, alice, True) == 2
    actions.stop_drill(drill)
    from rashinban.drills.jobs import send_drill_mail

    assert {send_drill_mail(r.pk) for r in drill.recipients.filter(is_test=False)} == {"stopped"}
    assert inbox.messages == []
