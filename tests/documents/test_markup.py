"""The editable text maps one-to-one to the document blocks, so an edit loses nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rashinban.documents.content import KINDS
from rashinban.documents.facts import CompanyFacts, SystemFact
from rashinban.documents.generate import generate
from rashinban.documents.markup import from_markup, to_markup
from rashinban.reports.document import BulletList, Heading, KeyValues, PageBreak, Paragraph, Table

FACTS = CompanyFacts(
    "テスト商事", "東京都", systems=(SystemFact("販売", mfa=False, customer_data=True),), has_backup=False
)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_generated_documents_survive_the_round_trip(kind, lang):
    blocks = generate(kind, FACTS, {"lead": {"name": "A | B", "phone": "1"}}, lang).blocks
    assert from_markup(to_markup(blocks)) == blocks


def test_hand_written_text():
    blocks = from_markup(
        "# 方針\n\n本文です。\n! 注意\n> 補足\n\n- 一つ目\n- 二つ目\n\n1. 手順\n2) 次\n\n"
        "| 名前 | 電話 |\n|--|---|\n| 港 | 000 |\n| 短い行 |\n\n* ラベル :: 値\n\n===\n## 次のページ\n===\n"
    )
    assert blocks == [
        Heading("方針", 1),
        Paragraph("本文です。"),
        Paragraph("注意", "warning"),
        Paragraph("補足", "note"),
        BulletList(["一つ目", "二つ目"]),
        BulletList(["手順", "次"], numbered=True),
        Table(["名前", "電話"], [["港", "000"], ["短い行", ""]], widths=[2.0, 3.0]),
        KeyValues([("ラベル", "値")]),
        Heading("次のページ", 2, new_page=True),
        PageBreak(),
    ]


def test_a_paragraph_that_looks_like_markup_is_escaped():
    blocks = [Paragraph("# not a heading"), Paragraph("- not a bullet"), Paragraph("\\ backslash")]
    assert from_markup(to_markup(blocks)) == blocks


def test_lists_separated_by_a_blank_line_stay_apart():
    assert from_markup("- a\n\n- b") == [BulletList(["a"]), BulletList(["b"])]


line = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85"
        ),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
blocks = st.one_of(
    st.builds(Heading, line, st.integers(1, 3), st.booleans()),
    st.builds(Paragraph, line, st.sampled_from(["body", "lead", "note", "warning", "owner"])),
    st.builds(BulletList, st.lists(line, min_size=1, max_size=4), st.booleans()),
    st.integers(1, 4).flatmap(
        lambda n: st.builds(
            Table, st.lists(line, min_size=n, max_size=n), st.lists(st.lists(line, min_size=n, max_size=n), max_size=3)
        )
    ),
    st.builds(KeyValues, st.lists(st.tuples(line.filter(lambda s: " :: " not in s), line), min_size=1, max_size=3)),
)


tricky = st.text(alphabet="|\\-: *#>!+%1.a", min_size=1, max_size=12).map(str.strip).filter(bool)


@given(st.lists(st.lists(tricky, min_size=2, max_size=2), min_size=1, max_size=3))
def test_table_cells_with_pipes_backslashes_and_dashes(rows):
    table = Table(rows[0], rows[1:])
    assert from_markup(to_markup([table])) == [Table(list(rows[0]), [list(r) for r in rows[1:]])]


@given(st.lists(blocks, max_size=8))
def test_any_document_survives_the_round_trip(document):
    parsed = from_markup(to_markup(document))
    assert parsed == [_as_parsed(b) for b in document]


def _as_parsed(block):  # type: ignore[no-untyped-def]
    """What a block reads back as: lists and tables come back as lists of str (the model allows any sequence)."""
    if isinstance(block, BulletList):
        return BulletList(list(block.items), block.numbered)
    if isinstance(block, Table):
        return Table(list(block.header), [list(r) for r in block.rows], block.widths)
    if isinstance(block, KeyValues):
        return KeyValues([tuple(r) for r in block.rows])
    return block
