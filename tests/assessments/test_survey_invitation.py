"""The survey invitation comes from the company, names who asks, why and until when, and shows none of the signs of
a phishing mail that the product's own drill lessons teach staff to spot (drills/lures.yaml, `signs`)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from email.header import decode_header, make_header
from email.utils import parseaddr
from pathlib import Path

import pytest
import yaml
from django.core import mail
from django.utils import timezone

from rashinban.assessments import actions
from rashinban.assessments.invitation import Invitation, long_date
from rashinban.assessments.models import SurveyLink
from tests.assessments.test_survey import asking
from tests.conftest import login

LURES = Path(__file__).resolve().parents[2] / "src" / "rashinban" / "drills" / "lures.yaml"
# Words of pressure and of "click here" mails in general, beyond those the lessons quote.
PRESSURE = [
    "至急",
    "緊急",
    "今すぐ",
    "ただちに",
    "本日中",
    "【重要】",
    "クリック",
    "停止",
    "urgent",
    "immediately",
    "click",
]


def quoted_signs(language: str) -> set[str]:
    """The phrases the drill lessons quote as tell-tale signs: 「本日中」, "within 24 hours", …"""
    lures = yaml.safe_load(LURES.read_text(encoding="utf-8"))["lures"]
    signs = " ".join(sign for lure in lures for sign in lure[language]["signs"])
    return set(re.findall(r"「([^」]+)」", signs)) | set(re.findall(r'"([^"]+)"', signs))


@pytest.fixture
def diagnosis(org_a, alice):  # type: ignore[no-untyped-def]
    alice.display_name = "港 一郎"
    alice.save()
    return actions.start_diagnosis(org_a, alice)


def invite(client, alice, diagnosis, **fields):  # type: ignore[no-untyped-def]
    response = login(client, alice).post(
        f"/o/{diagnosis.organisation_id}/diagnoses/{diagnosis.id}/survey/", asking(emails="staff@a.example", **fields)
    )
    assert response.status_code == 302, response.content[:500]
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def from_header(message) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """(display name, address) of the From header as it goes over the wire."""
    return parseaddr(str(make_header(decode_header(message.message()["From"]))))


def test_it_comes_from_the_company_s_sender_at_the_installation_s_address(client, org_a, alice, diagnosis, settings):
    settings.DEFAULT_FROM_EMAIL = "Rashinban <rashinban@tool.example>"
    org_a.mail_sender_name = "A商事 総務部"
    org_a.mail_reply_to = "soumu@a-shoji.example"
    org_a.save()

    message = invite(client, alice, diagnosis)

    assert from_header(message) == ("A商事 総務部", "rashinban@tool.example")  # its SPF/DKIM vouch for it
    assert message.reply_to == ["soumu@a-shoji.example"] and "soumu@a-shoji.example" in message.body


def test_a_domain_the_installation_may_send_for_is_used_as_from(client, org_a, alice, diagnosis, settings):
    settings.MAIL_VERIFIED_DOMAINS = {"a-shoji.example"}
    org_a.mail_reply_to = "soumu@a-shoji.example"
    org_a.save()

    assert from_header(invite(client, alice, diagnosis)) == ("A商事", "soumu@a-shoji.example")


def test_without_settings_the_company_name_is_the_sender_and_there_is_no_reply_to(client, alice, diagnosis, settings):
    settings.DEFAULT_FROM_EMAIL = "rashinban@tool.example"

    message = invite(client, alice, diagnosis)

    assert from_header(message) == ("A商事", "rashinban@tool.example") and message.reply_to == []


def test_it_greets_names_the_sender_and_says_why_and_until_when(client, alice, diagnosis):
    answer_by = timezone.localdate() + timedelta(days=10)
    message = invite(client, alice, diagnosis, answer_by=answer_by.isoformat(), message="現場の声を聞きたいです。")
    deadline = long_date(answer_by, "ja")

    assert message.subject == f"A商事より: 従業員アンケートのお願い(匿名・約10分、{deadline}まで)"
    body = message.body
    assert body.startswith("A商事のみなさんへ") and "A商事の港 一郎です" in body
    assert "何から取り組むかを決める" in body and "DXつまずき診断" in body  # why, and which survey
    assert f"回答の期限: {deadline}" in body and "現場の声を聞きたいです。" in body
    assert "私(港 一郎)に直接か電話で確かめてください" in body  # a way to check it is genuine
    assert re.search(r"^https?://[^/\s]+/s/[\w-]+/$", body, re.M)  # the personal link, alone on its line
    assert SurveyLink.objects.get().answer_by == answer_by


@pytest.mark.parametrize("language", ["ja", "en"])
def test_it_shows_none_of_the_signs_the_drill_lessons_teach(client, org_a, alice, diagnosis, language):
    org_a.language = language
    org_a.save()

    message = invite(client, alice, diagnosis)
    text = f"{message.subject}\n{message.body}".lower()

    signs = quoted_signs(language)
    assert signs  # the lessons do quote such phrases: otherwise this test would check nothing
    assert not [phrase for phrase in signs | set(PRESSURE) if phrase.lower() in text]


def test_an_english_company_invites_in_english(client, org_a, alice, diagnosis):
    org_a.language = "en"
    org_a.save()
    answer_by = timezone.localdate() + timedelta(days=14)

    message = invite(client, alice, diagnosis, answer_by=answer_by.isoformat())

    assert message.subject.startswith("A商事: staff survey, anonymous, about 10 minutes")
    assert message.body.startswith("To everyone at A商事,") and "This is 港 一郎 of A商事" in message.body
    assert f"Please answer by: {long_date(answer_by, 'en')}" in message.body


@pytest.mark.parametrize("days", [0, 91])
def test_a_deadline_of_today_or_months_away_is_refused(client, alice, diagnosis, days):
    answer_by = (timezone.localdate() + timedelta(days=days)).isoformat()
    response = login(client, alice).post(
        f"/o/{diagnosis.organisation_id}/diagnoses/{diagnosis.id}/survey/", asking(count="1", answer_by=answer_by)
    )

    assert response.status_code == 200 and response.context["form"].errors["answer_by"]
    assert not SurveyLink.objects.exists()


def test_the_form_suggests_two_weeks(client, alice, diagnosis):
    page = login(client, alice).get(f"/o/{diagnosis.organisation_id}/diagnoses/{diagnosis.id}/survey/")

    assert page.context["form"]["answer_by"].value() == timezone.localdate() + timedelta(days=14)


def test_the_owner_sets_the_sender_and_another_company_cannot(client, org_a, alice, mallory):
    data = {"name": org_a.name, "industry": org_a.industry, "employee_band": org_a.employee_band,
            "prefecture": org_a.prefecture, "language": "ja", "slug": org_a.slug,
            "mail_sender_name": " A商事\n総務部 ", "mail_reply_to": "soumu@a-shoji.example"}  # fmt: skip

    assert login(client, mallory).post(f"/o/{org_a.id}/settings/", data).status_code == 404
    login(client, alice).post(f"/o/{org_a.id}/settings/", data)
    org_a.refresh_from_db()

    assert (org_a.mail_sender_name, org_a.mail_reply_to) == ("A商事 総務部", "soumu@a-shoji.example")


def test_long_dates_name_the_weekday():
    assert long_date(date(2026, 5, 20), "ja") == "2026年5月20日(水)"
    assert long_date(date(2026, 5, 20), "en") == "Wednesday 20 May 2026"


def test_mailing_links_without_saying_who_asks_is_refused(diagnosis):
    with pytest.raises(ValueError):
        actions.issue_survey_links(diagnosis, 0, ["staff@a.example"], "ja")
    assert not SurveyLink.objects.exists() and not mail.outbox


def test_the_action_mails_an_invitation_it_is_given(diagnosis, alice):
    invitation = Invitation(by=alice, answer_by=timezone.localdate() + timedelta(days=7))

    assert actions.issue_survey_links(diagnosis, 2, ["staff@a.example"], "ja", invitation) and len(mail.outbox) == 1
