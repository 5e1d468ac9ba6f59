"""Moving one organisation: export it as JSON, import it elsewhere, all or nothing, nothing of others."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest
from click.testing import CliRunner

from rashinban.assessments.models import Diagnosis
from rashinban.backups.organisation import MoveError, dumps, export_organisation, import_organisation, owned_models
from rashinban.cli import main
from rashinban.orgs.demo import DEMO_EMAIL, seed_demo
from rashinban.orgs.models import Membership, Organisation, User


def without_ids(data: dict) -> dict:
    """Row contents with their own and referenced ids left out: what must survive a move."""
    return {
        label: sorted(
            json.dumps({k: v for k, v in row.items() if k != "id" and not k.endswith("_id")}, sort_keys=True)
            for row in rows
        )
        for label, rows in data["rows"].items()
    }


@pytest.fixture
def demo(db) -> Organisation:
    seed_demo()
    return Organisation.objects.get(slug="minato-seiko")


def test_export_then_import_gives_the_same_company_back(demo):
    exported = json.loads(dumps(export_organisation(demo)))
    assert exported["format"] == "rashinban.organisation" and exported["version"] == 1
    assert {p["email"] for p in exported["people"]} >= {DEMO_EMAIL}
    assert sum(len(r) for r in exported["rows"].values()) > 20

    copy = import_organisation(exported)

    assert copy.pk != demo.pk and copy.name == demo.name and copy.slug != demo.slug  # the short name was taken
    again = json.loads(dumps(export_organisation(copy)))
    assert without_ids(again) == without_ids(exported)
    assert Counter(m.role for m in Membership.objects.filter(organisation=copy)) == Counter(
        m.role for m in Membership.objects.filter(organisation=demo)
    )
    assert User.objects.filter(email=DEMO_EMAIL).count() == 1  # the same person, now in both companies


def test_nothing_of_another_company_is_exported(demo, org_b, mallory):
    from rashinban.assessments import actions

    theirs = actions.start_diagnosis(org_b, mallory)

    exported = export_organisation(demo)

    assert theirs.pk not in {row["id"] for row in exported["rows"]["assessments.diagnosis"]}
    assert "mallory@b.example" not in dumps(exported)


def test_a_file_cannot_link_rows_to_another_companys_data(demo, org_b, mallory):
    from datetime import date

    from rashinban.planning.models import Measurement, Target

    theirs = Target.objects.create(
        organisation=org_b,
        name="B's KPI",
        unit="件",
        baseline=0,
        target=10,
        baseline_on=date(2026, 1, 1),
        target_on=date(2026, 12, 31),
    )
    exported = json.loads(dumps(export_organisation(demo)))
    assert exported["rows"]["planning.measurement"]
    for row in exported["rows"]["planning.measurement"]:
        row["target_id"] = theirs.pk  # crafted: points at B's KPI
        row["organisation_id"] = org_b.pk

    with pytest.raises(MoveError, match="planning.measurement"):
        import_organisation(exported)

    assert not Measurement.objects.filter(target=theirs).exists()


def test_a_broken_row_leaves_nothing_behind(demo):
    exported = json.loads(dumps(export_organisation(demo)))
    # The last table in the file that has a creation time: every earlier table is written before it fails.
    label = [name for name, rows in exported["rows"].items() if "created_at" in rows[-1]][-1]
    exported["rows"][label][-1]["created_at"] = "not a date"
    before = (Organisation.objects.count(), Diagnosis.objects.count())

    with pytest.raises(MoveError) as error:
        import_organisation(exported)

    assert label in str(error.value)
    assert (Organisation.objects.count(), Diagnosis.objects.count()) == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("format"), "format"),
        (lambda d: d.update(version=99), "99"),
        (lambda d: d["rows"].update({"nothing.here": []}), "nothing.here"),
        (lambda d: d["migrations"].update({"orgs": ["9999_future"]}), "newer version"),
    ],
)
def test_files_that_do_not_fit_are_refused_by_name(demo, change, message):
    exported = json.loads(dumps(export_organisation(demo)))
    change(exported)

    with pytest.raises(MoveError, match=message):
        import_organisation(exported)


def test_every_company_owned_table_is_covered_or_deliberately_left_out():
    labels = {m._meta.label_lower for m in owned_models()}
    assert {"assessments.diagnosis", "security.actionitem", "planning.measurement", "landscape.systemlink"} <= labels
    assert not labels & {"api.apitoken", "orgs.invitation", "tasks.job", "assessments.surveylink"}


def test_cli_export_refuses_to_overwrite_and_unknown_slugs(demo, tmp_path):
    target = tmp_path / "org.json"
    target.write_text("keep")
    runner = CliRunner()

    taken = runner.invoke(main, ["export-org", "--org", "minato-seiko", "-o", str(target)])
    unknown = runner.invoke(main, ["export-org", "--org", "nobody", "-o", str(tmp_path / "x.json")])

    assert taken.exit_code == 2 and target.read_text() == "keep"
    assert unknown.exit_code == 2 and "nobody" in unknown.output and not (tmp_path / "x.json").exists()


def test_cli_import_names_a_broken_file(db, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": ')

    result = subprocess.run(
        [sys.executable, "-m", "rashinban.cli", "import-org", str(broken)], capture_output=True, text=True
    )

    assert result.returncode == 2 and "broken.json" in result.stderr and result.stdout == ""


def test_owner_downloads_the_export_and_others_cannot(client, demo):
    from tests.conftest import login

    owner = User.objects.get(email=DEMO_EMAIL)
    member = Membership.objects.filter(organisation=demo, role="member").first().user
    login(client, owner)
    response = client.get(f"/o/{demo.id}/export.json")
    assert response.status_code == 200 and json.loads(response.content)["organisation"]["name"] == demo.name
    login(client, member)
    assert client.get(f"/o/{demo.id}/export.json").status_code == 403


def test_times_move_to_the_microsecond(demo):
    from datetime import UTC, datetime

    # Under a millisecond: Django's JSON encoder used to write ".000" here, and ".000" read back wrote nothing.
    when = datetime(2026, 1, 2, 3, 4, 5, 123, tzinfo=UTC)
    Diagnosis.objects.filter(organisation=demo).update(created_at=when)

    copy = import_organisation(json.loads(dumps(export_organisation(demo))))

    assert set(Diagnosis.objects.filter(organisation=copy).values_list("created_at", flat=True)) == {when}
