"""Map, vendor, skills and import/export pages: leads edit, members read and rate themselves, outsiders get 404."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from rashinban.landscape.models import SkillAssessment, System, SystemLink, Vendor
from tests.conftest import login

pytestmark = pytest.mark.django_db


def add_system(client, org, name, department="営業", **extra):  # type: ignore[no-untyped-def]
    data = {"name": name, "kind": "crm", "department": department, "hosting": "cloud", **extra}
    return client.post(f"/o/{org.id}/landscape/systems/new/", data)


def test_owner_builds_a_map_and_sees_findings(as_alice, org_a):
    add_system(as_alice, org_a, "顧客台帳", data_kinds=["customer"], operators="山田")
    add_system(as_alice, org_a, "販売管理", "受注", data_kinds=["customer"], has_mfa="on", has_backup="on")
    add_system(as_alice, org_a, "ネットショップ", "EC", data_kinds=["customer"])
    crm, sales, _shop = System.objects.filter(organisation=org_a).order_by("id")
    response = as_alice.post(
        f"/o/{org_a.id}/landscape/links/new/",
        {"source": sales.id, "target": crm.id, "method": "manual", "frequency": "daily", "hours_per_month": "10"},
    )
    assert response.status_code == 302

    page = as_alice.get(f"/o/{org_a.id}/landscape/").content.decode()

    assert page.count('<g class="system') == 3 and '<g class="system silo">' in page
    for finding in ("silo", "data-spread-customer", "rekeying", "bus-factor-0", "no-mfa", "no-backup"):
        assert f'data-finding="{finding}"' in page
    assert 'id="rekey-year">120<' in page
    assert "style=" not in page.split('id="system-map"')[1].split("</svg>")[0]


def test_a_duplicate_name_and_a_link_to_itself_are_refused(as_alice, org_a):
    add_system(as_alice, org_a, "会計")
    response = add_system(as_alice, org_a, "会計")
    assert response.status_code == 200 and System.objects.filter(organisation=org_a).count() == 1
    system = System.objects.get(organisation=org_a)
    response = as_alice.post(
        f"/o/{org_a.id}/landscape/links/new/",
        {"source": system.id, "target": system.id, "method": "api", "frequency": "daily", "hours_per_month": "0"},
    )
    assert response.status_code == 200 and not SystemLink.objects.exists()


def test_a_member_reads_the_map_but_cannot_change_it(client, bob, org_a):
    login(client, bob)
    assert client.get(f"/o/{org_a.id}/landscape/").status_code == 200
    assert client.get(f"/o/{org_a.id}/landscape/systems/new/").status_code == 403
    assert client.get(f"/o/{org_a.id}/skills/").status_code == 403


def test_a_member_rates_their_own_skills_and_the_owner_sees_the_department_average(client, alice, bob, org_a):
    login(client, bob)
    scores = {
        "basic_it": "1",
        "cloud_tools": "2",
        "data_use": "0",
        "security": "3",
        "improvement": "4",
        "ownership": "2",
    }
    assert client.post(f"/o/{org_a.id}/skills/me/", {"department": "製造", **scores}).status_code == 302
    assert SkillAssessment.objects.get(user=bob).scores["improvement"] == 4

    login(client, alice)
    page = client.get(f"/o/{org_a.id}/skills/").content.decode()
    assert "製造" in page and 'class="heat heat-4">4.0<' in page and 'class="heat heat-0">0.0<' in page


def test_mallory_gets_404_on_company_a_map(client, mallory, org_a):
    login(client, mallory)
    assert client.get(f"/o/{org_a.id}/landscape/").status_code == 404


def test_export_neutralises_formulas_and_import_round_trips(as_alice, org_a, org_b):
    add_system(as_alice, org_a, '=HYPERLINK("x")', operators="@evil")
    add_system(as_alice, org_a, "会計", "経理", has_mfa="on")
    a, b = System.objects.filter(organisation=org_a).order_by("id")
    SystemLink.objects.create(organisation=org_a, source=a, target=b, method="file", hours_per_month=2)

    csv_text = as_alice.get(f"/o/{org_a.id}/landscape/export/?format=csv&table=systems").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "'@evil" in csv_text
    workbook = as_alice.get(f"/o/{org_a.id}/landscape/export/?format=xlsx").content
    assert load_workbook(io.BytesIO(workbook)).sheetnames == ["システム", "連携", "ベンダー"]

    System.objects.filter(organisation=org_a).delete()
    upload = io.BytesIO(workbook)
    upload.name = "map.xlsx"
    response = as_alice.post(f"/o/{org_a.id}/landscape/import/", {"file": upload})
    assert response.status_code == 302
    names = sorted(System.objects.filter(organisation=org_a).values_list("name", flat=True))
    assert names == ['=HYPERLINK("x")', "会計"]
    assert System.objects.get(organisation=org_a, name="会計").has_mfa
    assert SystemLink.objects.filter(organisation=org_a, method="file").count() == 1


def test_a_bad_row_names_file_row_and_column_and_nothing_is_saved(as_alice, org_a):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["システム名", "部署", "種類", "MFA"])
    sheet.append(["会計", "経理", "accounting", "はい"])
    sheet.append(["販売", "営業", "宇宙船", "はい"])
    links = workbook.create_sheet("links")
    links.append(["from", "to", "method"])
    links.append(["会計", "どこにもない", "api"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "inventory.xlsx"

    page = as_alice.post(f"/o/{org_a.id}/landscape/import/", {"file": buffer}).content.decode()

    assert "inventory.xlsx" in page and "3" in page and "種類" in page and "宇宙船" in page
    assert not System.objects.filter(organisation=org_a).exists() and not Vendor.objects.exists()


def test_a_link_to_an_unknown_system_rolls_the_whole_import_back(as_alice, org_a):
    csv_file = io.BytesIO("from,to,method\n会計,販売,api\n".encode("cp932"))
    csv_file.name = "links.csv"
    systems = io.BytesIO("name,department\n会計,経理\n".encode())
    systems.name = "systems.csv"
    as_alice.post(f"/o/{org_a.id}/landscape/import/", {"file": systems})
    assert System.objects.filter(organisation=org_a).count() == 1

    page = as_alice.post(f"/o/{org_a.id}/landscape/import/", {"file": csv_file}).content.decode()

    assert "links.csv" in page and "販売" in page
    assert not SystemLink.objects.exists()
