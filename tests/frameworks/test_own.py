"""A company's or advisor's own framework: checked on import (file and line), kept for that company only."""

from __future__ import annotations

from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile

from rashinban.frameworks.models import OwnFramework
from tests.conftest import login
from tests.frameworks.test_library import GOOD


def test_import_on_the_page_and_readiness(as_alice, org_a):
    response = as_alice.post(
        f"/o/{org_a.id}/frameworks/import/", {"file": SimpleUploadedFile("a社.yaml", GOOD.encode())}
    )
    assert response.status_code == 302 and response["Location"].endswith("/frameworks/own/")
    page = as_alice.get(f"/o/{org_a.id}/frameworks/own/").content.decode()
    assert 'id="req-A-1"' in page and "A社 取引先セキュリティ基準" in page
    assert 'id="fw-own"' in as_alice.get(f"/o/{org_a.id}/frameworks/").content.decode()


def test_a_bad_file_is_refused_with_its_line(as_alice, org_a):
    bad = GOOD.replace('item: "check:backups"', 'item: "check:nothing"')
    response = as_alice.post(
        f"/o/{org_a.id}/frameworks/import/", {"file": SimpleUploadedFile("a社.yaml", bad.encode())}, follow=True
    )
    assert "a社.yaml:10" in response.content.decode()
    shipped = GOOD.replace("id: own", "id: security-action")
    as_alice.post(f"/o/{org_a.id}/frameworks/import/", {"file": SimpleUploadedFile("x.yaml", shipped.encode())})
    assert not OwnFramework.objects.exists()


def test_only_that_company_sees_it(as_alice, client, org_a, org_b, mallory):
    as_alice.post(f"/o/{org_a.id}/frameworks/import/", {"file": SimpleUploadedFile("a.yaml", GOOD.encode())})
    login(client, mallory)
    assert client.get(f"/o/{org_b.id}/frameworks/own/").status_code == 404
    assert 'id="fw-own"' not in client.get(f"/o/{org_b.id}/frameworks/").content.decode()


def test_cli_import_and_readiness(org_a, tmp_path):
    import json

    from rashinban.cli import main

    path = tmp_path / "own.yaml"
    path.write_text(GOOD, encoding="utf-8")
    runner = CliRunner(env={"RASHINBAN_LANG": "en"})
    assert runner.invoke(main, ["frameworks", "import", "--org", org_a.slug, str(path)]).exit_code == 0
    out = runner.invoke(main, ["frameworks", "readiness", "--org", org_a.slug, "--framework", "own", "--json"])
    assert json.loads(out.output)["requirements"] == [{"id": "A-1", "status": "missing", "by": []}]
