"""Evidence pages: upload or enter, findings worst first, history, run detail; the trespassers get 404/403."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rashinban.evidence.models import CheckRun, MailDomain
from tests.conftest import login
from tests.evidence.test_account_exports import FIXTURES


def fixture_file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (FIXTURES / name).read_bytes(), content_type="text/csv")


def check_url(org, name: str) -> str:
    return reverse("evidence:check", kwargs={"org_id": org.id, "check_name": name})


def test_overview_lists_every_check_with_its_last_run(as_alice, org_a):
    CheckRun.objects.create(organisation=org_a, check_name="accounts", result={"findings": []}, worst="")
    page = as_alice.get(reverse("evidence:overview", kwargs={"org_id": org_a.id})).content.decode()
    assert 'id="check-accounts"' in page and 'id="check-mail-domain"' in page
    assert reverse("evidence:run", kwargs={"org_id": org_a.id, "pk": CheckRun.objects.get().pk}) in page


def test_uploading_two_exports_and_a_roster_records_a_run_and_shows_findings_worst_first(as_alice, org_a, alice):
    response = as_alice.post(
        check_url(org_a, "accounts"),
        {
            "files": [fixture_file("m365_active_users.csv"), fixture_file("entra_registration_portal.csv")],
            "roster": fixture_file("roster.csv"),
            "stale_days": "90",
        },
    )
    run = CheckRun.objects.get(organisation=org_a)
    assert response.status_code == 302 and response["Location"] == reverse(
        "evidence:run", kwargs={"org_id": org_a.id, "pk": run.pk}
    )
    assert run.created_by == alice and run.worst == "critical" and run.failed
    assert run.input_name == "m365_active_users.csv, entra_registration_portal.csv, roster.csv"
    page = as_alice.get(response["Location"]).content.decode()
    assert (
        page.index('id="finding-admin-without-mfa"')
        < page.index('id="finding-no-mfa"')
        < page.index('id="finding-shared-account"')
    )
    assert "sato@example.co.jp" in page
    history = as_alice.get(check_url(org_a, "accounts")).content.decode()
    assert 'id="history"' in history and "m365_active_users.csv" in history


def test_a_bad_file_shows_file_row_and_column_and_stores_nothing(as_alice, org_a):
    response = as_alice.post(check_url(org_a, "accounts"), {"files": [fixture_file("bad_bool.csv")]})
    assert response.status_code == 200
    page = response.content.decode()
    assert "bad_bool.csv" in page and "maybe" in page and "mfa" in page
    assert not CheckRun.objects.exists()


def test_no_file_is_a_form_error(as_alice, org_a):
    response = as_alice.post(check_url(org_a, "accounts"), {})
    assert response.status_code == 200 and not CheckRun.objects.exists()
    assert response.context["form"].errors["files"]


def test_mail_domain_entered_on_the_page_is_checked_and_remembered(as_alice, org_a, settings, dns_server):
    settings.EVIDENCE_NAMESERVER = dns_server
    response = as_alice.post(check_url(org_a, "mail-domain"), {"domain": "weak.test", "selectors": "s2024"})
    run = CheckRun.objects.get(organisation=org_a)
    assert response.status_code == 302 and run.subject == "weak.test" and run.worst == "medium"
    assert run.result["spf"]["all"] == "~all"
    domain = MailDomain.objects.get(organisation=org_a)
    assert (domain.domain, domain.dkim_selectors) == ("weak.test", "s2024")
    page = as_alice.get(check_url(org_a, "mail-domain")).content.decode()
    assert (
        "weak.test" in page and reverse("evidence:domain_forget", kwargs={"org_id": org_a.id, "pk": domain.pk}) in page
    )


def test_dns_that_does_not_answer_is_a_finding_not_a_server_error(as_alice, org_a, settings, silent_nameserver):
    settings.EVIDENCE_NAMESERVER = silent_nameserver
    settings.EVIDENCE_DNS_TIMEOUT = 0.5
    response = as_alice.post(check_url(org_a, "mail-domain"), {"domain": "good.test"}, follow=True)
    assert response.status_code == 200
    assert 'id="finding-dns-error"' in response.content.decode()


def test_forgetting_a_domain_keeps_its_history(as_alice, org_a):
    domain = MailDomain.objects.create(organisation=org_a, domain="a.example")
    CheckRun.objects.create(organisation=org_a, check_name="mail-domain", subject="a.example")
    response = as_alice.post(reverse("evidence:domain_forget", kwargs={"org_id": org_a.id, "pk": domain.pk}))
    assert response.status_code == 302 and not MailDomain.objects.exists() and CheckRun.objects.count() == 1


def test_unknown_check_is_404(as_alice, org_a):
    assert as_alice.get(check_url(org_a, "no-such-check")).status_code == 404


def test_member_may_not_see_evidence(client, bob, org_a):
    login(client, bob)
    assert client.get(reverse("evidence:overview", kwargs={"org_id": org_a.id})).status_code == 403
    assert client.post(check_url(org_a, "accounts"), {"files": [fixture_file("generic.csv")]}).status_code == 403
    assert not CheckRun.objects.exists()


@pytest.mark.parametrize("persona", ["alice", "carol"])
def test_leads_see_the_nav_link(client, request, org_a, persona):
    login(client, request.getfixturevalue(persona))
    page = client.get(reverse("evidence:overview", kwargs={"org_id": org_a.id})).content.decode()
    assert f'href="{reverse("evidence:overview", kwargs={"org_id": org_a.id})}"' in page


def test_another_company_run_is_404(as_alice, org_a, org_b):
    run = CheckRun.objects.create(organisation=org_b, check_name="accounts", result={"findings": []})
    assert as_alice.get(reverse("evidence:run", kwargs={"org_id": org_a.id, "pk": run.pk})).status_code == 404
    assert as_alice.get(reverse("evidence:run", kwargs={"org_id": org_b.id, "pk": run.pk})).status_code == 404


def test_findings_without_item_lists_show_no_stray_dict_items(as_alice, org_a):
    finding = {"id": "no-mfa", "severity": "high", "title": "t", "detail": "d", "count": 1}
    run = CheckRun.objects.create(organisation=org_a, check_name="accounts", result={"findings": [finding]})
    page = as_alice.get(reverse("evidence:run", kwargs={"org_id": org_a.id, "pk": run.pk})).content.decode()
    assert "(&#x27;severity&#x27;" not in page and "('severity'" not in page


def test_accounts_page_walks_to_the_file_per_provider_and_offers_a_request(as_alice, org_a):
    page = as_alice.get(check_url(org_a, "accounts")).content.decode()
    for provider in ("guide-google", "guide-m365", "guide-entra", "guide-no-admin"):
        assert f'id="{provider}"' in page
    assert "ユーザーをダウンロード" in page and "アクティブなユーザー" in page and "ユーザー登録の詳細" in page
    assert 'id="admin-request"' in page and org_a.name in page  # the ready-to-send request names the company


def test_google_export_with_extra_columns_is_read_and_the_page_lists_them(as_alice, org_a):
    lines = (FIXTURES / "google_workspace_users.csv").read_text(encoding="utf-8").splitlines()
    text = "\n".join(
        [lines[0] + ",Admin role"] + [line + (",Super Admin" if i == 0 else ",") for i, line in enumerate(lines[1:])]
    )
    upload = SimpleUploadedFile("User_Download_05122026.csv", text.encode())
    response = as_alice.post(check_url(org_a, "accounts"), {"files": [upload]})
    assert response.status_code == 302
    page = as_alice.get(response["Location"]).content.decode()
    assert (
        'id="ignored-columns"' in page
        and "Recovery Email" in page
        and "Admin role" not in page.split('id="ignored-columns"')[1].split("</div>")[0]
    )
