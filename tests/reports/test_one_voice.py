"""One voice: `rashinban next-steps --json`, the owner's report as HTML, as PDF (read back with pdftotext) and as
an Excel workbook name the same first five steps in the same order with the same dates, on the demo company and
on generated companies; the report's summary sentence names exactly the top steps of its own "first five" table.
"""

from __future__ import annotations

import io
import json
import random
import re
import subprocess
from datetime import date, datetime
from html import unescape

import pytest
from click.testing import CliRunner
from django.utils import translation
from openpyxl import load_workbook

from rashinban.assessments.catalog import get_catalog
from rashinban.cli import main
from rashinban.nextsteps import plan_for
from rashinban.orgs.demo import seed_demo
from rashinban.orgs.demo_scale import generate
from rashinban.orgs.models import Membership, Organisation
from rashinban.reports.document import format_date
from rashinban.reports.export import render_owner_report
from rashinban.reports.gather import gather_owner_facts
from rashinban.reports.owner import SUMMARY_NAMED, summary_sentence
from rashinban.security import actions as security_actions
from rashinban.security.plan import SELFCHECK
from tests.reports.poppler import require

TODAY = date(2026, 6, 3)
FIRST = 5
HEADING = {"ja": "最初にやる5つのこと", "en": "Top five actions"}
PLAN_SHEET = {"ja": "対策計画", "en": "Action plan"}


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def next_steps(org: Organisation) -> list[tuple[str, date]]:
    result = CliRunner().invoke(main, ["next-steps", "--org", org.slug, "--today", str(TODAY), "--json"])
    assert result.exit_code == 0, result.output
    return [(s["title"], date.fromisoformat(s["due"])) for s in json.loads(result.stdout)["steps"]][:FIRST]


def html_table(org: Organisation, lang: str) -> list[list[str]]:
    """The rows (cells as text) of the report's "first five" table."""
    page = render_owner_report(org, "html", TODAY, language=lang).content.decode()
    after = page.split(HEADING[lang], 1)[1]
    table = after.split("<table", 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody", 1)[1]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [[unescape(re.sub(r"<[^>]+>", " ", cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in rows]  # fmt: skip


def pdf_text(org: Organisation, lang: str, tmp_path) -> str:  # type: ignore[no-untyped-def]
    require("pdftotext")
    path = tmp_path / f"{org.slug}.pdf"
    path.write_bytes(render_owner_report(org, "pdf", TODAY, language=lang).content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def find_spread(text: str, word: str, start: int, gap: int = 12) -> int:
    """Where `word` ends in `text` from `start`, its characters in order with at most `gap` others between two."""
    pattern = f".{{0,{gap}}}?".join(map(re.escape, word))
    found = re.compile(pattern).search(text, start)
    assert found is not None, (word, text[start : start + 400])
    return found.end()


def assert_one_voice(org: Organisation, tmp_path) -> None:  # type: ignore[no-untyped-def]
    lang = org.language
    expected = next_steps(org)
    assert expected, "the ranking has steps"
    plan = plan_for(org, TODAY)
    assert [(s.title_in(lang), s.due) for s in plan.first(FIRST)] == expected

    # HTML: the "first five" table, row by row
    rows = html_table(org, lang)
    assert len(rows) == len(expected)
    for number, (row, (title, due)) in enumerate(zip(rows, expected, strict=True), start=1):
        assert row[0] == str(number) and squeeze(row[1]).startswith(squeeze(title)), (row, title)
        assert row[5].startswith(format_date(due, lang)), (row, due)

    # PDF (pdftotext): within the "first five" table the titles come in the same order, and so do the dates.
    # pdftotext reads a row cell by cell and a narrow cell's wrapped lines may interleave with its neighbour's
    # ("2026年6月12営者(オーナー日)"), so a date is found as its characters in order within a short stretch.
    text = squeeze(pdf_text(org, lang, tmp_path))
    table = text[text.index(squeeze(HEADING[lang])) :]
    position = 0
    for title, _due in expected:
        position = table.index(squeeze(title)[:8], position) + 1
    position = 0
    for _title, due in expected:
        position = find_spread(table, squeeze(format_date(due, lang)), position)

    # Excel: the plan sheet's first rows, dates as dates
    workbook = load_workbook(io.BytesIO(render_owner_report(org, "xlsx", TODAY, language=lang).content))
    sheet = list(workbook[PLAN_SHEET[lang]].iter_rows(min_row=2, values_only=True))
    for number, (row, (title, due)) in enumerate(zip(sheet, expected, strict=False), start=1):
        assert (
            row[0] == number and str(row[1]).startswith(title) and row[5] == datetime.combine(due, datetime.min.time())
        )

    # The summary sentence names exactly the first steps of its own table, in order (and no other step)
    facts = gather_owner_facts(org, TODAY, lang)
    with translation.override(lang):
        sentence = summary_sentence(facts)
    named = [title.rstrip("。. ") for title, _due in expected[:SUMMARY_NAMED]]
    positions = [sentence.index(title) for title in named]
    assert positions == sorted(positions)
    for step in plan.steps[SUMMARY_NAMED:]:
        assert step.title_in(lang).rstrip("。. ") not in sentence
    summary = {row[0]: row[1] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert sentence in summary.values()
    assert squeeze(sentence) in squeeze(pdf_text(org, lang, tmp_path))


def test_the_demo_company_says_the_same_everywhere(db, tmp_path):
    seed_demo(force=True)
    demo = Organisation.objects.get(slug="minato-seiko")
    assert_one_voice(demo, tmp_path)
    demo.language = "en"
    demo.save()
    assert_one_voice(demo, tmp_path)


def answer_selfcheck(org: Organisation, rng: random.Random) -> None:
    """A self-check with random answers by the company's owner."""
    owner = Membership.objects.filter(organisation=org, role="owner").select_related("user").first()
    assert owner is not None
    catalog = get_catalog(SELFCHECK)
    answers = {q.id: rng.choice(q.options).id for _s, q in catalog.questions_for("management")}
    security_actions.submit_selfcheck(security_actions.start_selfcheck(org, owner.user), answers, owner.user)


@pytest.mark.parametrize("seed", [3, 8])
def test_generated_companies_say_the_same_everywhere(db, tmp_path, seed):
    generate(2, seed=seed)
    rng = random.Random(seed)
    companies = list(Organisation.objects.order_by("id"))
    answer_selfcheck(companies[0], rng)
    companies[1].language = "en" if seed % 2 else "ja"
    companies[1].save()
    for org in companies:
        assert_one_voice(org, tmp_path)
