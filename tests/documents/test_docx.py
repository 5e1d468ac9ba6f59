"""The Word export: real headings, lists and tables, A4, and a Japanese font for East Asian text."""

from __future__ import annotations

import io
from datetime import date

from docx import Document as open_word
from docx.oxml.ns import qn
from docx.shared import Mm

from rashinban.reports.document import BulletList, Chart, Document, Heading, KeyValues, PageBreak, Paragraph, Table
from rashinban.reports.docx import EAST_ASIAN_FONT, to_docx

SAMPLE = Document(
    title="情報セキュリティ基本方針",
    subtitle="第2版",
    organisation="テスト商事",
    issued=date(2026, 4, 1),
    blocks=[
        Heading("1. 基本方針"),
        Paragraph("本文の段落です。"),
        Paragraph("注意してください。", style="warning"),
        BulletList(["一つ目", "二つ目"]),
        BulletList(["手順A", "手順B"], numbered=True),
        BulletList(["別の手順"], numbered=True),
        Table(["連絡先", "電話"], [["責任者", "000-1111"], ["代理", "000-2222"]], widths=[2, 1]),
        KeyValues([("作成者", "港")]),
        Chart("<svg></svg>", caption="図1"),
        PageBreak(),
        Heading("2. 社内ルール", level=2, new_page=True),
    ],
)


def read(document: Document):  # type: ignore[no-untyped-def]
    return open_word(io.BytesIO(to_docx(document)))


def test_headings_paragraphs_and_lists_use_word_styles():
    word = read(SAMPLE)
    styled = [(p.style.name, p.text) for p in word.paragraphs if p.text]
    assert ("Title", "情報セキュリティ基本方針") in styled
    assert ("Heading 1", "1. 基本方針") in styled
    assert ("Heading 2", "2. 社内ルール") in styled
    assert ("List Bullet", "一つ目") in styled
    texts = [text for _style, text in styled]
    assert "本文の段落です。" in texts and "2026-04-01" in texts
    # each numbered list starts again at 1
    assert "1. 手順A" in texts and "2. 手順B" in texts and "1. 別の手順" in texts
    assert any("図1" in text for text in texts)


def test_tables_keep_header_and_cells():
    word = read(SAMPLE)
    contacts, key_values = word.tables
    assert [c.text for c in contacts.rows[0].cells] == ["連絡先", "電話"]
    assert [c.text for c in contacts.rows[2].cells] == ["代理", "000-2222"]
    assert contacts.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in key_values.rows[0].cells] == ["作成者", "港"]


def test_page_is_a4_and_japanese_text_has_an_east_asian_font():
    word = read(SAMPLE)
    section = word.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    for name in ("Normal", "Heading 1", "Title"):
        fonts = word.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == EAST_ASIAN_FONT
        assert fonts.get(qn("w:eastAsiaTheme")) is None  # a theme font would override it
    assert word.core_properties.title == "情報セキュリティ基本方針"
