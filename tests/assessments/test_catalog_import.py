"""A company imports its own question bank: validated first, errors name file and line, nothing half-saved."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from rashinban.assessments.models import CustomCatalog, Diagnosis
from tests.conftest import login

BUILTIN = Path(__file__).resolve().parents[2] / "src/rashinban/assessments/catalog/dx-seven-sins.yaml"


def own_bank(version: int = 1) -> str:
    text = BUILTIN.read_text(encoding="utf-8")
    return text.replace("id: dx-seven-sins", "id: our-own-check", 1).replace("version: 1", f"version: {version}", 1)


def upload(client, org, name: str, text: str):
    return client.post(f"/o/{org.id}/catalogs/import/", {"file": SimpleUploadedFile(name, text.encode("utf-8"))})


def test_owner_imports_a_bank_and_runs_a_diagnosis_with_it(as_alice, org_a):
    response = upload(as_alice, org_a, "ours.yaml", own_bank())
    assert response.status_code == 302
    custom = CustomCatalog.objects.get(organisation=org_a)
    assert custom.catalog_id == "our-own-check"
    response = as_alice.post(f"/o/{org_a.id}/diagnoses/new/", {"catalog": custom.id})
    diagnosis = Diagnosis.objects.get(organisation=org_a)
    assert diagnosis.custom_catalog == custom and diagnosis.catalog_id == "our-own-check"
    assert as_alice.get(response["Location"]).status_code == 200


def test_duplicate_question_id_is_refused_with_file_and_line(as_alice, org_a):
    text = own_bank().replace("id: p1-q2", "id: p1-q1", 1)
    line = text.splitlines().index("      - id: p1-q1", text.splitlines().index("      - id: p1-q1") + 1) + 1
    response = upload(as_alice, org_a, "broken.yaml", text)
    assert response.status_code == 200
    error = response.context["errors"][0]
    assert error.startswith(f"broken.yaml:{line}:"), error
    assert "p1-q1" in error
    assert not CustomCatalog.objects.exists()


def test_yaml_syntax_error_names_the_line(as_alice, org_a):
    text = "id: x\nversion: 1\ntitle: {ja: a, en: b\nsections: []\n"
    response = upload(as_alice, org_a, "syntax.yaml", text)
    error = response.context["errors"][0]
    assert error.startswith("syntax.yaml:") and error.split(":")[1].isdigit()
    assert not CustomCatalog.objects.exists()


def test_not_utf8_is_refused_with_the_file_name(as_alice, org_a):
    response = as_alice.post(
        f"/o/{org_a.id}/catalogs/import/",
        {"file": SimpleUploadedFile("sjis.yaml", "設問".encode("shift_jis"))},
    )
    assert "sjis.yaml" in str(response.context["form"].errors["file"])


def test_member_cannot_import_and_other_company_cannot_use_the_bank(client, org_a, org_b, bob, mallory, as_alice):
    upload(as_alice, org_a, "ours.yaml", own_bank())
    custom = CustomCatalog.objects.get()
    login(client, bob)
    assert upload(client, org_a, "ours.yaml", own_bank(2)).status_code == 403
    login(client, mallory)
    assert client.post(f"/o/{org_b.id}/diagnoses/new/", {"catalog": custom.id}).status_code == 404
    assert not Diagnosis.objects.filter(organisation=org_b).exists()
