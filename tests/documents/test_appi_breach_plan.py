"""The incident plan's personal-data section states the APPI duty right, from the facts registry, dated.

Before: "when personal data has leaked" (no おそれ), no reportable cases, "60 days when caused by a malicious
attack" (the rule is: may have been done for an unlawful purpose, insiders included), PPC only (no sector
ministry), numbers typed into the text, and no date on the document.
"""

from __future__ import annotations

from datetime import date

import pytest

from rashinban.documents.generate import generate
from rashinban.documents.markup import to_markup
from rashinban.facts import fact
from tests.documents.test_generate import BARE

AS_OF = date(2026, 12, 5)


def plan(lang: str) -> tuple[str, str]:
    document = generate("plan", BARE, {}, lang, as_of=AS_OF)
    body = to_markup(document.blocks)
    start = body.index("個人データ" if lang == "ja" else "personal data")
    return document.subtitle, body[start : body.index("4. ", start)]


def test_japanese_plan_states_the_duty_with_fact_values():
    subtitle, section = plan("ja")
    assert subtitle == "2026年12月5日時点の内容"
    assert "起きたおそれがあるとき" in section and "「おそれ」があれば報告の対象" in section
    # the four reportable cases
    assert "要配慮個人情報" in section and "お金の被害" in section
    assert "不正の目的によるおそれ" in section and "従業員による持ち出し" in section
    people = fact("appi-breach-reportable-cases").value["people"]  # type: ignore[index]
    assert f"{people:,}人を超える" in section
    # deadlines from the registry
    prelim = fact("appi-breach-preliminary-days").value
    assert f"おおむね{prelim['min']}〜{prelim['max']}日以内" in section  # type: ignore[index]
    assert f"知った日から{fact('appi-breach-final-days').value}日以内" in section
    assert f"{fact('appi-breach-final-days-unlawful').value}日以内" in section
    # where to report, and the people affected
    assert "個人情報保護委員会" in section and "事業所管大臣" in section and "本人への通知" in section
    # dated and sourced
    assert fact("appi-breach-reportable-cases").as_of_text("ja") + "時点" in section
    assert fact("appi-breach-reportable-cases").source_url in section


def test_english_plan_says_the_same():
    subtitle, section = plan("en")
    assert subtitle == "As of 5 December 2026"
    assert "or may have leaked" in section and "a possible breach counts" in section
    assert "More than 1,000 people" in section and "unlawful purpose" in section
    assert "Within 30 days" in section and "60 days" in section and "ministry" in section


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_plan_is_dated_on_the_day_it_is_generated(lang):
    document = generate("plan", BARE, {}, lang)
    assert str(date.today().year) in document.subtitle
