"""The password, backups and devices checks in a real browser: download a sample, upload a backup register
(Excel) and a devices inventory (Shift_JIS CSV), read the findings; the password meter reacts while typing.
Selectors are ids, names and hrefs only: the wording is translated."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import expect

from rashinban.evidence.checks.samples import STATIC_DIR
from rashinban.evidence.models import CheckRun
from tests.conftest import login
from tests.evidence.checks.conftest import FILES

pytestmark = pytest.mark.browser
SECRET = "sakura1234"


def signed_in_page(new_context, live_url, user):  # type: ignore[no-untyped-def]
    client = login(Client(), user)
    context = new_context(accept_downloads=True)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_url}])
    return context.new_page()


def test_owner_uploads_registers_and_tries_the_password_meter(
    live_url, new_context, console, shoot, alice, org_a, tmp_path
):  # type: ignore[no-untyped-def]
    page = signed_in_page(new_context, live_url, alice)
    evidence = f"{live_url}/o/{org_a.id}/evidence/"

    # Backups: the sample register downloads, then a filled-in register (the sample itself) is uploaded.
    page.goto(f"{evidence}backups/")
    with page.expect_download() as info:
        page.locator('a[href$="evidence/backup-register.xlsx"]').click()
    info.value.save_as(str(tmp_path / "register.xlsx"))
    assert (tmp_path / "register.xlsx").read_bytes().startswith(b"PK")
    page.set_input_files("#id_register", str(STATIC_DIR / "backup-register.xlsx"))
    page.locator("#check-form button[type=submit]").click()
    page.wait_for_url(f"{evidence}runs/*/")
    assert page.locator(".finding").first.get_attribute("id") == "finding-backup-321"
    assert "顧客データ" in page.locator("#finding-backup-321").inner_text()
    shoot(page, "evidence-checks-01-backups-run", full_page=True)

    # Devices: a Shift_JIS CSV as an old Excel saves it; findings worst first, with the devices named.
    page.goto(f"{evidence}devices/")
    page.set_input_files("#id_inventory", str(FILES / "devices_sjis.csv"))
    page.locator("#check-form button[type=submit]").click()
    page.wait_for_url(f"{evidence}runs/*/")
    assert "SRV-01" in page.locator("#finding-os-eol").inner_text()
    severities = [
        page.locator(".finding").nth(i).get_attribute("class") for i in range(page.locator(".finding").count())
    ]
    assert "severity-high" in severities[0] and "severity-info" in severities[-1]
    shoot(page, "evidence-checks-02-devices-run", full_page=True)

    # A broken inventory: the page names file, row and column, and nothing is recorded.
    page.goto(f"{evidence}devices/")
    page.set_input_files("#id_inventory", str(FILES / "devices_bad_flag.csv"))
    page.locator("#check-form button[type=submit]").click()
    assert "devices_bad_flag.csv" in page.locator(".errors").inner_text()
    shoot(page, "evidence-checks-03-devices-error")
    assert CheckRun.objects.filter(check_name="devices").count() == 1

    # The password meter computes in the browser: it follows the typing and no request carries the password.
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url + " " + (request.post_data or "")))
    page.goto(f"{evidence}password/")
    meter = page.locator("#password-meter")
    meter.wait_for(state="visible")
    after_load = len(requests)
    page.locator("#meter-input").press_sequentially(SECRET, delay=20)
    expect(page.locator("#meter-label")).not_to_have_text("–")
    assert page.locator("#meter-findings li").count() >= 1
    shoot(page, "evidence-checks-04-password-meter", full_page=True)
    strong = "Kuma-Tsuri!7 seaweed Lantern 42"
    page.locator("#meter-input").fill(strong)
    expect(page.locator("#meter-bar")).to_have_js_property("value", 4)
    passphrase = "umbrella lantern seaweed orbit"
    page.locator("#meter-input").fill(passphrase)
    expect(page.locator("#meter-findings li")).to_have_count(0)  # a long lower-case passphrase follows the rule
    page.wait_for_timeout(500)
    assert requests[after_load:] == []  # typing sent nothing at all
    assert all(s not in r for r in requests for s in (SECRET, strong, passphrase))
    assert page.locator('input[name="password"]').count() == 0  # no form could post it either
    assert not CheckRun.objects.filter(check_name="password").exists()
    assert console.take() == []
