"""`rashinban next-steps` and the one `--org` resolver every command uses (slug, id or exact name; exit 2 with the
candidates otherwise), and `rashinban report` writing in the company's language."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from rashinban.cli import main
from rashinban.nextsteps import plan_for
from rashinban.orgs.demo import seed_demo
from rashinban.orgs.lookup import OrganisationNotFound, organisation_for
from rashinban.orgs.models import Organisation

TODAY = date(2026, 6, 3)  # a Wednesday
KEYS = ["rank", "id", "title", "sources", "due", "assignee_role", "reasons"]


def run(*args: str, lang: str = "en") -> Result:
    return CliRunner(env={"RASHINBAN_LANG": lang}).invoke(main, list(args))


@pytest.fixture
def demo(db) -> Organisation:
    seed_demo(force=True)
    return Organisation.objects.get(slug="minato-seiko")


def steps_json(*args: str, lang: str = "en") -> dict:
    result = run("next-steps", *args, "--today", TODAY.isoformat(), "--json", lang=lang)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_is_the_ranking_in_the_companys_language(demo):
    printed = steps_json("--org", "minato-seiko")  # the terminal speaks English, the company Japanese
    plan = plan_for(demo, TODAY)

    assert list(printed) == ["organisation", "steps"] and printed["organisation"] == "minato-seiko"
    assert len(printed["steps"]) == len(plan.steps) >= 5
    assert [s["rank"] for s in printed["steps"]] == list(range(1, len(plan.steps) + 1))
    for shown, step in zip(printed["steps"], plan.steps, strict=True):
        assert list(shown) == KEYS
        assert shown["id"] == step.id and shown["due"] == step.due.isoformat()
        assert shown["title"] == step.title["ja"] and shown["reasons"] == [r["ja"] for r in step.reasons]
        assert shown["assignee_role"] in {"owner", "member", "advisor"} and shown["sources"]
        if not step.id.startswith("plan:gate:"):  # a trial's decision keeps its own date
            assert date.fromisoformat(shown["due"]).weekday() == 4  # due on a Friday
    assert len({s["id"] for s in printed["steps"]}) == len(printed["steps"])


def test_limit_lang_and_today(demo):
    first = steps_json("--org", "minato-seiko", "--limit", "3", "--lang", "en")
    plan = plan_for(demo, TODAY)

    assert [s["id"] for s in first["steps"]] == [s.id for s in plan.first(3)]
    assert [s["title"] for s in first["steps"]] == [s.title["en"] for s in plan.first(3)]
    later = json.loads(
        run("next-steps", "--org", "minato-seiko", "--today", "2026-09-01", "--json", "--limit", "1").stdout
    )
    assert later["steps"][0]["due"] >= "2026-09-01"


def test_the_table_shows_rank_date_and_title(demo):
    result = run("next-steps", "--org", "minato-seiko", "--today", TODAY.isoformat(), "--limit", "2")
    plan = plan_for(demo, TODAY)

    assert result.exit_code == 0, result.output
    assert "株式会社みなと精工" in result.stdout
    for step in plan.first(2):
        assert f"{step.rank}  {step.due.isoformat()}" in result.stdout and step.title["ja"] in result.stdout
    assert plan.steps[2].title["ja"] not in result.stdout


@pytest.mark.parametrize("value", ["minato-seiko", "ID", "株式会社みなと精工", " 株式会社みなと精工 "])
def test_org_by_slug_id_or_exact_name(demo, value):
    value = str(demo.pk) if value == "ID" else value
    assert steps_json("--org", value)["organisation"] == "minato-seiko"
    assert organisation_for(value) == demo


def test_full_width_letters_in_a_name_are_the_same_name(db):
    org = Organisation.objects.create(name="ABC商事", slug="abc")
    assert organisation_for("ＡＢＣ商事") == org


def test_unknown_org_exits_2_naming_the_candidates(demo):
    near = run("next-steps", "--org", "みなと精工")  # part of the name: a suggestion, not a guess
    unknown = run("next-steps", "--org", "nobody")

    for result in (near, unknown):
        assert result.exit_code == 2 and result.stdout == ""
        assert "minato-seiko" in result.stderr and "株式会社みなと精工" in result.stderr
    assert "'nobody'" in unknown.stderr


def test_an_ambiguous_org_exits_2_naming_every_candidate(db):
    first = Organisation.objects.create(name="山田商店", slug="yamada-tokyo")
    second = Organisation.objects.create(name="山田商店", slug="yamada-osaka")
    numbered = Organisation.objects.create(name=str(first.pk), slug="numbered")

    by_name = run("next-steps", "--org", "山田商店", lang="ja")
    by_number = run("next-steps", "--org", str(first.pk))

    assert by_name.exit_code == 2 and "yamada-tokyo" in by_name.stderr and "yamada-osaka" in by_name.stderr
    assert by_number.exit_code == 2 and "numbered" in by_number.stderr and "yamada-tokyo" in by_number.stderr
    with pytest.raises(OrganisationNotFound) as problem:
        organisation_for("山田商店")
    assert set(problem.value.candidates) == {first, second}
    assert organisation_for("numbered") == numbered  # the slug always wins


def test_no_company_at_all(db):
    result = run("next-steps", "--org", "x")
    assert result.exit_code == 2 and "'x'" in result.stderr


@pytest.mark.parametrize("command", [["report", "--format", "xlsx", "-o", "{out}"], ["export-org", "-o", "{out}"]])
def test_every_command_with_org_takes_the_name(demo, tmp_path, command):
    target, other = tmp_path / "out", tmp_path / "other"

    ok = run(command[0], "--org", "株式会社みなと精工", *[part.format(out=target) for part in command[1:]])
    unknown = run(command[0], "--org", "みなと", *[part.format(out=other) for part in command[1:]])

    assert ok.exit_code == 0, ok.output
    assert target.exists()
    assert unknown.exit_code == 2 and "minato-seiko" in unknown.stderr and not other.exists()


def test_report_is_in_the_companys_language_unless_lang_says_otherwise(demo, tmp_path):
    def summary_values(*extra: str, lang: str) -> list:
        target = tmp_path / f"report-{lang}-{len(extra)}.xlsx"
        result = run("report", "--org", "minato-seiko", "--format", "xlsx", "-o", str(target), *extra, lang=lang)
        assert result.exit_code == 0, result.output
        sheet = load_workbook(io.BytesIO(target.read_bytes())).worksheets[0]
        return [v for row in sheet.iter_rows(values_only=True) for v in row if v is not None]

    assert "レポート作成日" in summary_values(lang="en")  # the terminal's locale does not matter
    assert "Report date" in summary_values("--lang", "en", lang="ja")
    demo.language = "en"
    demo.save()
    assert "Report date" in summary_values(lang="ja")
