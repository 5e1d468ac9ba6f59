"""Generation is a pure function of the company's facts: tailored rules, the contact tree, the deadlines."""

from __future__ import annotations

import pytest

from rashinban.documents.content import KINDS, conditions, contact_roles
from rashinban.documents.facts import CompanyFacts, SystemFact
from rashinban.documents.generate import generate
from rashinban.documents.markup import to_markup
from rashinban.reports.document import Table

BARE = CompanyFacts(name="テスト商事", prefecture="静岡県", employees="21-50")
MAPPED = CompanyFacts(
    name="テスト商事",
    prefecture="静岡県",
    systems=(
        SystemFact("販売管理", cloud=False, customer_data=True, mfa=False, backup=True, vendor="甲システム"),
        SystemFact("会計クラウド", cloud=True, customer_data=False, mfa=True, backup=False, vendor="乙ソフト"),
    ),
    has_backup=False,
    mfa_enforced=False,
    remote_work=True,
    private_devices=True,
)


def text(kind: str, facts: CompanyFacts, lang: str = "ja", contacts=None) -> str:  # type: ignore[no-untyped-def]
    return to_markup(generate(kind, facts, contacts or {}, lang).blocks)


@pytest.mark.parametrize("kind", KINDS)
def test_every_condition_names_a_known_fact(kind):
    assert conditions(kind) <= set(BARE.flags())


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_no_placeholder_is_left_unfilled(kind, lang):
    for facts in (BARE, MAPPED):
        assert "{" not in text(kind, facts, lang)


def test_same_facts_give_the_same_document():
    assert generate("policy", MAPPED, {}, "ja") == generate("policy", MAPPED, {}, "ja")


def test_no_backup_yet_says_what_to_set_up_first():
    assert "バックアップがまだありません" in text("policy", MAPPED)
    assert "バックアップがまだありません" not in text("policy", BARE)


def test_systems_without_mfa_or_backup_are_named():
    policy = text("policy", MAPPED)
    assert "まだ多要素認証を使っていないシステム：販売管理" in policy
    assert "バックアップがないシステム：会計クラウド" in policy
    assert "主な委託先：甲システム、乙ソフト" in policy


def test_private_devices_rule_depends_on_whether_they_are_allowed():
    assert "台帳に記録した機器だけ" in text("policy", MAPPED)
    assert "私物のパソコン、スマートフォン、USBメモリで会社の情報を扱いません" in text("policy", BARE)


def test_unknown_facts_tailor_nothing():
    policy = text("policy", BARE)
    assert "セキュリティ自社チェックの回答では" not in policy and "主な委託先" not in policy
    assert "テレワークを始めるときは" in policy  # remote work not known to happen: review before it starts


def test_english_version_is_english():
    policy = text("policy", MAPPED, "en")
    assert "Information security policy" in generate("policy", MAPPED, {}, "en").title
    assert "Systems without multi-factor authentication yet: 販売管理" in policy
    assert not any(
        "\u3040" <= ch <= "\u30ff"
        for ch in policy.replace("販売管理", "")
        .replace("会計クラウド", "")
        .replace("甲システム", "")
        .replace("乙ソフト", "")
        .replace("テスト商事", "")
        .replace("静岡県", "")
    )


def test_plan_names_every_contact_and_the_reporting_deadlines():
    plan = generate("plan", BARE, {"it_vendor": {"name": "甲システム", "phone": "000-1111"}}, "ja")
    tree = next(b for b in plan.blocks if isinstance(b, Table) and "連絡先" in b.header)
    assert [row[1] for row in tree.rows] == [role.label.ja for role in contact_roles()]
    vendor = next(row for row in tree.rows if row[1].startswith("ITベンダー"))
    assert vendor[2:4] == ["甲システム", "000-1111"]
    police = next(row for row in tree.rows if row[1].startswith("警察"))
    assert police[2] == "静岡県警察 サイバー犯罪相談窓口"
    body = to_markup(plan.blocks)
    for needle in ("個人情報保護委員会", "3〜5日", "30日以内", "60日以内", "IPA", "JPCERT/CC"):
        assert needle in body
    for playbook in ("ランサムウェア", "誤送信", "紛失", "乗っ取り"):
        assert playbook in body


def test_card_prints_the_lead_and_a_line_to_write_on_for_blanks():
    card = text("card", BARE, contacts={"lead": {"name": "港", "phone": "000-2222"}})
    assert "責任者 港 000-2222" in card
    assert "代理 ＿＿＿＿＿＿" in card


def test_customer_data_systems_are_checked_first_in_a_breach():
    assert "顧客データを持つシステム：販売管理" in text("plan", MAPPED)
