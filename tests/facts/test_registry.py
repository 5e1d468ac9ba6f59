"""The facts registry: every fact has a dated, https source; bad data files name the file and line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from rashinban.facts import all_facts, fact
from rashinban.facts.registry import FactsError, load_facts_text

RASHINBAN = str(Path(sys.executable).with_name("rashinban"))
REQUIRED = {
    "appi-breach-preliminary-days",
    "appi-breach-final-days",
    "appi-breach-final-days-unlawful",
    "windows10-end",
    "windows10-esu-commercial-end",
    "spf-lookup-limit",
    "spf-void-lookup-limit",
    "it-subsidy-programme",
    "security-action-two-star",
}
GOOD = """\
- id: sample-days
  value: 30
  as_of: 2026-12-05
  review_by: 2027-06-30
  source_title: Sample
  source_url: https://example.org/rule
  statement:
    ja: 期限は{value}日です。
    en: The deadline is {value} days.
"""


def test_facts_list_json_prints_exactly_the_agreed_fields():
    out = subprocess.run([RASHINBAN, "facts", "list", "--json"], capture_output=True, text=True, check=True).stdout
    facts = json.loads(out)
    assert REQUIRED <= {f["id"] for f in facts}
    for item in facts:
        assert list(item) == ["id", "value", "as_of", "review_by", "source_title", "source_url", "statement"]
        assert set(item["statement"]) == {"ja", "en"}
        assert item["source_url"].startswith("https://")
        assert date.fromisoformat(item["as_of"]) < date.fromisoformat(item["review_by"])
    final = next(f for f in facts if f["id"] == "appi-breach-final-days")
    assert final["value"] == 30 and "30日以内" in final["statement"]["ja"]
    assert next(f for f in facts if f["id"] == "windows10-end")["value"] == "2025-10-14"


def test_statements_never_retype_their_own_numbers():
    """A number lives in `value` and reaches the sentence through {value}: edit it once, every text follows."""
    for item in all_facts():
        numbers = [item.value] if isinstance(item.value, int) else []
        if isinstance(item.value, dict):
            numbers = [v for v in item.value.values() if isinstance(v, int) and not isinstance(v, bool)]
        for lang, template in item.statement.items():
            literal = re.sub(r"\{[a-z_]+\}", "", template)
            for number in numbers:
                if number >= 10:  # single digits ("1年ずつ", "①") are words, not the fact
                    assert not re.search(
                        rf"(?<![\d,]){number:,}(?![\d,A-Za-z])|(?<!\d){number}(?![\dA-Za-z])", literal
                    ), (item.id, lang)


def test_values_are_filled_in_and_formatted_for_the_reader():
    assert fact("windows10-end").text("ja").count("2025年10月14日") == 1
    assert "14 October 2025" in fact("windows10-end").text("en")
    assert "50,000円から4,500,000円" in fact("it-subsidy-normal-amount").text("ja")
    assert "¥50,000" in fact("it-subsidy-normal-amount").text("en")
    assert "1,000人" in fact("appi-breach-reportable-cases").text("ja")
    assert fact("it-subsidy-programme").value_text("ja") == "デジタル化・AI導入補助金2026"
    citation = fact("appi-breach-final-days").citation("ja")
    assert (
        citation.startswith("2026年12月5日時点の情報。出典：個人情報保護委員会")
        and "https://www.ppc.go.jp/" in citation
    )


def test_unknown_fact_names_the_id():
    with pytest.raises(KeyError, match="no-such-fact"):
        fact("no-such-fact")


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (("https://example.org/rule", "http://example.org/rule"), 6, "https://"),
        (("review_by: 2027-06-30", "review_by: 2026-01-01"), 4, "review_by must come after as_of"),
        (("期限は{value}日です。", "期限は{days}日です。"), 8, "names ['days']"),
        (("  source_title: Sample\n", ""), 1, "source_title"),
        (("value: 30", "value: 30\n  value: 31"), 3, "appears twice"),
        (("    en: The deadline is {value} days.\n", ""), 7, "statement"),
    ],
)
def test_a_bad_fact_is_reported_with_file_and_line(change, line, message):
    text = GOOD.replace(*change)
    with pytest.raises(FactsError) as caught:
        load_facts_text(text, "law.yaml")
    assert str(caught.value).startswith(f"law.yaml:{line}: ")
    assert message in str(caught.value)


def test_a_good_file_loads():
    (item,) = load_facts_text(GOOD, "sample.yaml")
    assert item.text("ja") == "期限は30日です。" and item.file == "sample.yaml"
