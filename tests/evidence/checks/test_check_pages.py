"""The web side of the four checks: uploads through the evidence pages, samples, and the live password meter."""

from __future__ import annotations

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rashinban.evidence.checks.samples import STATIC_DIR
from rashinban.evidence.models import CheckRun
from rashinban.evidence.verdicts import verdicts_for
from tests.conftest import login

from .conftest import FILES

SECRET = "Sakura!2026tanaka"


def check_url(org, name: str) -> str:  # type: ignore[no-untyped-def]
    return reverse("evidence:check", kwargs={"org_id": org.id, "check_name": name})


def upload(name: str, folder=FILES) -> SimpleUploadedFile:  # type: ignore[no-untyped-def]
    return SimpleUploadedFile(name, (folder / name).read_bytes())


def test_uploading_the_devices_inventory_records_a_run_and_lists_devices(as_alice, org_a):
    response = as_alice.post(check_url(org_a, "devices"), {"inventory": upload("devices_ja.csv")})
    run = CheckRun.objects.get(organisation=org_a, check_name="devices")
    assert response.status_code == 302 and run.failed and run.worst == "high"
    page = as_alice.get(response["Location"]).content.decode()
    assert 'id="finding-os-eol"' in page and "SRV-01: Windows Server 2012 R2" in page
    verdicts = verdicts_for(org_a)
    assert verdicts["basic-updates"].status == "contradicted"
    assert verdicts["basic-antimalware"].finding_ids == ("no-antimalware",)


def test_uploading_the_backup_register_template_backs_the_backup_answer(as_alice, org_a):
    response = as_alice.post(check_url(org_a, "backups"), {"register": upload("backup-register.xlsx", STATIC_DIR)})
    assert response.status_code == 302
    verdicts = verdicts_for(org_a)
    assert verdicts["org-backups"].status == "contradicted"  # the sample's customer data has two copies only
    assert verdicts["org-restore-test"].status == "contradicted"  # ... and was never restored


def test_a_bad_register_shows_file_row_and_column_and_stores_nothing(as_alice, org_a):
    response = as_alice.post(check_url(org_a, "backups"), {"register": upload("backups_bad_date.yaml")})
    assert response.status_code == 200
    page = response.content.decode()  # Japanese, the product's first language
    assert (
        "backups_bad_date.yaml, 5行目, 列「datasets[1].copies[1].last_backup」: 「先週」は日付として読めません" in page
    )
    assert not CheckRun.objects.exists()


def test_policy_form_and_sample_links(as_alice, org_a):
    page = as_alice.get(check_url(org_a, "password-policy")).content.decode()
    assert ".yaml" not in page and "YAML" not in page  # no user-facing YAML: a form
    assert "/static/evidence/backup-register.xlsx" in as_alice.get(check_url(org_a, "backups")).content.decode()
    assert "/static/evidence/devices-inventory.xlsx" in as_alice.get(check_url(org_a, "devices")).content.decode()
    # The same policy as tests' policy_old.yaml (8 characters, small letters and digits, 90 days, MFA optional).
    as_alice.post(
        check_url(org_a, "password-policy"),
        {"min_length": "8", "required_classes": ["lower", "digit"], "reuse_forbidden": "no", "history": "0",
         "max_age_days": "90", "change_on_compromise": "no", "mfa": "optional", "lockout_attempts": "0",
         "password_manager": "none"},
    )  # fmt: skip
    assert verdicts_for(org_a)["basic-mfa"].finding_ids == ("policy-mfa",)


def _finding_ids(org, check: str) -> set[str]:  # type: ignore[no-untyped-def]
    run = CheckRun.objects.filter(organisation=org, check_name=check).latest("id")
    return {f["id"] for f in run.findings}


DEVICE_ROWS = [  # tests' devices_ja.csv, typed into the form
    ("PC-001", "pc", "Windows 11 Pro", "24H2", "はい", "はい", "はい", "田中 太郎", "会社"),
    ("PC-002", "pc", "Windows 10 Pro", "22H2", "はい", "はい", "いいえ", "鈴木 花子", "会社"),
    ("PC-003", "pc", "Windows 11 Pro", "23H2", "いいえ", "いいえ", "いいえ", "佐藤 一郎", "会社"),
    ("MAC-01", "pc", "macOS", "Ventura 13.6", "はい", "いいえ", "はい", "山田 次郎", "私物"),
    ("SRV-01", "server", "Windows Server 2012 R2 Standard", "", "はい", "はい", "いいえ", "", "会社"),
    ("SP-01", "phone", "iOS", "18.1", "はい", "", "", "田中 太郎", "会社"),
    ("SP-02", "phone", "Android", "12", "いいえ", "", "", "高橋 さくら", "私物"),
    ("PC-004", "pc", "Windows 11 Pro", "25H2", "", "", "", "伊藤, 健", "会社"),
    ("NAS-01", "server", "Synology DSM", "7.2", "はい", "いいえ", "いいえ", "", "会社"),
]
DEVICE_COLUMNS = ("name", "kind", "os", "os_version", "auto_update", "antimalware", "encryption", "owner", "ownership")


def test_devices_through_the_form_alone_find_what_the_file_finds(as_alice, org_a):
    as_alice.post(check_url(org_a, "devices"), {"inventory": upload("devices_ja.csv")})
    from_file = _finding_ids(org_a, "devices")
    form = {
        f"rows-{n}-{c}": v for n, row in enumerate(DEVICE_ROWS, 1) for c, v in zip(DEVICE_COLUMNS, row, strict=True)
    }
    response = as_alice.post(check_url(org_a, "devices"), form)
    assert response.status_code == 302
    assert _finding_ids(org_a, "devices") == from_file and "os-eol" in from_file
    assert CheckRun.objects.filter(check_name="devices").latest("id").input_name == "入力フォーム"


def test_backups_through_the_form_alone(as_alice, org_a):
    form = {
        "rows-1-name": "会計データ", "rows-1-frequency": "daily", "rows-1-medium": "nas", "rows-1-location": "社内",
        "rows-1-last_backup": "2026-12-01",
        "rows-2-name": "顧客ファイル",  # no backup at all
    }  # fmt: skip
    response = as_alice.post(check_url(org_a, "backups"), form)
    assert response.status_code == 302
    assert {"backup-321", "restore-untested"} <= _finding_ids(org_a, "backups")
    assert verdicts_for(org_a)["org-backups"].status == "contradicted"


def test_a_bad_row_in_the_form_names_the_row_and_column(as_alice, org_a):
    response = as_alice.post(check_url(org_a, "backups"), {"rows-2-medium": "nas"})  # a copy without its data's name
    page = response.content.decode()
    assert response.status_code == 200 and "入力フォーム, 2行目" in page
    assert not CheckRun.objects.exists()


def test_an_empty_form_says_what_to_do(as_alice, org_a):
    response = as_alice.post(check_url(org_a, "devices"), {})
    assert response.status_code == 200 and "devices" not in CheckRun.objects.values_list("check_name", flat=True)


def test_password_form_without_javascript_shows_findings_and_stores_nothing(as_alice, org_a, caplog):
    caplog.set_level(logging.DEBUG)
    response = as_alice.post(check_url(org_a, "password"), {"password": SECRET})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="finding-password-japanese-word"' in page
    assert SECRET not in page and SECRET not in caplog.text
    assert not CheckRun.objects.exists()


def test_the_meter_on_the_page_computes_in_the_browser(as_alice, org_a):
    """No form and no endpoint take the typed password: the input has no name, the script fetches nothing."""
    page = as_alice.get(check_url(org_a, "password")).content.decode()
    assert "js/password-meter.js" in page and 'id="meter-input"' in page
    assert 'name="password"' not in page and 'id="check-form"' not in page
    assert (
        'data-min-length="15"' in page and 'data-mfa-length="8"' in page and 'data-fact="password-min-length"' in page
    )
    script = (STATIC_DIR.parent / "js" / "password-meter.js").read_text(encoding="utf-8")
    assert "fetch(" not in script and "XMLHttpRequest" not in script and "sendBeacon" not in script


@pytest.mark.parametrize("persona", ["bob", "mallory"])
def test_trespassers(client, request, org_a, persona):
    login(client, request.getfixturevalue(persona))
    expected = 403 if persona == "bob" else 404  # a member is not a lead; another company does not exist
    assert client.get(check_url(org_a, "devices")).status_code == expected


def test_the_meter_speaks_japanese(as_alice, org_a):
    as_alice.cookies["django_language"] = "ja"
    page = as_alice.get(check_url(org_a, "password"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert 'data-text-score-0="とても弱い"' in page
