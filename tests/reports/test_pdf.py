"""The PDF renderer: Japanese text is real text, charts stay with their captions, every page has its footer."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from rashinban.reports.document import Chart, Document, Paragraph
from rashinban.reports.pdf import PdfError, to_pdf
from tests.reports.samples import PATTERNS, every_block, pdf_pages, radar


def test_every_block_comes_out_as_japanese_text():
    text = "\n".join(pdf_pages(to_pdf(every_block())))

    for expected in (
        "株式会社みなと精工",
        "経営者レポート",
        "発行日: 2026年5月1日",
        "最初にやるべきこと",
        "DX診断の総合点",
        "図1 失敗パターン別の得点",
        "バックアップを取る",
        "設問2",
        "回答2",
        "おわり",
    ):
        assert expected in text
    assert all(label in text for label in PATTERNS)  # the chart's labels, drawn with the Japanese font


def test_text_that_looks_like_markup_is_printed_as_written():
    text = "\n".join(pdf_pages(to_pdf(every_block())))

    assert "<script>alert(1)</script> & <b>太字ではない</b>" in text


def test_a_new_page_heading_and_a_page_break_start_new_pages():
    pages = pdf_pages(to_pdf(every_block()))

    assert len(pages) == 3
    assert "回答一覧" in pages[1] and "回答一覧" not in pages[0]
    assert "おわり" in pages[2]


def test_every_page_carries_the_organisation_and_page_n_of_n():
    pages = pdf_pages(to_pdf(every_block()))

    for number, text in enumerate(pages, start=1):
        assert "株式会社みなと精工" in text.splitlines()[-2:][0]
        assert f"{number} / {len(pages)} ページ" in text


def test_english_document_has_english_footer_and_date():
    pages = pdf_pages(to_pdf(every_block(language="en")))

    assert "Issued: 1 May 2026" in pages[0]
    assert f"page 1 of {len(pages)}" in pages[0]


def test_a_chart_that_does_not_fit_moves_to_the_next_page_with_its_caption():
    filler = [Paragraph("段落" * 40) for _ in range(11)]  # most of page one
    document = Document(title="t", organisation="o").add(*filler, Chart(radar(), "図の説明", 150))

    pages = pdf_pages(to_pdf(document))

    assert len(pages) == 2
    assert PATTERNS[0] not in pages[0] and "図の説明" not in pages[0]
    assert PATTERNS[0] in pages[1] and "図の説明" in pages[1]


def test_a_long_table_repeats_its_header_and_never_splits_a_row():
    pages = pdf_pages(to_pdf(every_block(table_rows=120)))
    table_pages = [p for p in pages if "回答60" in p or "設問119" in p or "設問0\n" in p]

    assert len(table_pages) >= 3
    assert all(page.startswith("設問\n回答\n") for page in table_pages[1:])  # the header again, first
    rows = [line for page in pages for line in page.splitlines() if line.startswith("設問") and line[2:3].isdigit()]
    assert rows == [f"設問{i}" for i in range(120)]  # each row exactly once, in order: none cut in two


def test_pdf_metadata_names_the_document():
    info = PdfReader(io.BytesIO(to_pdf(every_block()))).metadata

    assert info.title == "経営者レポート"
    assert info.author == "株式会社みなと精工"


def test_an_unreadable_chart_is_a_clear_error():
    with pytest.raises(PdfError):
        to_pdf(Document(title="t").add(Chart("<svg", "broken")))
