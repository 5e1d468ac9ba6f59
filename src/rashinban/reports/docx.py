"""Word (.docx) renderer of the shared document model, for documents a company edits further in Word.

    to_docx(document) -> bytes

Headings, paragraphs, lists and tables become real Word styles (not drawn text), so the document stays
editable; the East Asian font is set explicitly so Japanese does not fall back to a Chinese face.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document as new_word_document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from rashinban.reports.document import (
    Block,
    BulletList,
    Chart,
    Document,
    Heading,
    KeyValues,
    PageBreak,
    Paragraph,
    Table,
    printable,
)

EAST_ASIAN_FONT = "游ゴシック"  # Yu Gothic: on every Windows since 8.1 and every Mac with Office
LATIN_FONT = "Yu Gothic"
STYLED = (
    "Normal",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "List Bullet",
    "List Number",
    "Table Grid",
)
NOTE_GREY = RGBColor(0x55, 0x5F, 0x6D)
WARNING_RED = RGBColor(0xA1, 0x26, 0x1B)


def to_docx(document: Document) -> bytes:
    word = new_word_document()
    _set_up(word, document)
    _cover(word, document)
    for block in printable(document.blocks):
        _add_block(word, block, document.language)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _set_up(word, document: Document) -> None:  # type: ignore[no-untyped-def]
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4, not the template's US Letter
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(18)
    for name in STYLED:
        _set_fonts(word.styles[name])
    word.styles["Normal"].font.size = Pt(10.5)
    language = "ja-JP" if document.language == "ja" else "en-US"
    properties = word.styles["Normal"].element.get_or_add_rPr()
    properties.append(properties.makeelement(qn("w:lang"), {qn("w:val"): language, qn("w:eastAsia"): "ja-JP"}))
    word.core_properties.title = document.title
    word.core_properties.subject = document.subtitle
    word.core_properties.language = language


def _set_fonts(style) -> None:  # type: ignore[no-untyped-def]
    """Name the fonts outright; theme font attributes would win over w:eastAsia, so they are removed."""
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)


def _cover(word, document: Document) -> None:  # type: ignore[no-untyped-def]
    word.add_paragraph(document.title, style="Title")
    details = [document.subtitle]
    if document.organisation and document.organisation != document.subtitle:
        details.append(document.organisation)
    if document.issued:
        details.append(document.issued.isoformat())
    for line in filter(None, details):
        word.add_paragraph(line, style="Subtitle")


def _add_block(word, block: Block, language: str) -> None:  # type: ignore[no-untyped-def]
    if isinstance(block, Heading):
        if block.new_page:
            word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        word.add_heading(block.text, level=block.level)
    elif isinstance(block, Paragraph):
        _paragraph(word, block)
    elif isinstance(block, BulletList):
        _list(word, block)
    elif isinstance(block, Table):
        _table(word, block.header, block.rows, block.widths)
        if block.caption:
            _paragraph(word, Paragraph(block.caption, style="note"))
    elif isinstance(block, KeyValues):
        _table(word, None, [list(row) for row in block.rows], [1, 2])
    elif isinstance(block, Chart):
        # Word cannot show our SVG without a raster copy; the caption says where to see the chart.
        where = "図はPDF版をご覧ください。" if language == "ja" else "See the PDF version for the chart."
        _paragraph(word, Paragraph(f"{block.caption} ({where})".strip(), style="note"))
    elif isinstance(block, PageBreak):
        word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _paragraph(word, block: Paragraph) -> None:  # type: ignore[no-untyped-def]
    paragraph = word.add_paragraph()
    run = paragraph.add_run(block.text)
    if block.style == "lead":
        run.font.size = Pt(12)
    elif block.style == "note":
        run.font.size = Pt(9)
        run.font.color.rgb = NOTE_GREY
    elif block.style == "warning":
        run.bold = True
        run.font.color.rgb = WARNING_RED


def _list(word, block: BulletList) -> None:  # type: ignore[no-untyped-def]
    # Word's "List Number" style continues one numbering through the whole file; numbers are written out
    # instead, so each list starts at 1 and stays right when edited.
    for number, item in enumerate(block.items, start=1):
        if block.numbered:
            paragraph = word.add_paragraph(f"{number}. {item}")
            paragraph.paragraph_format.left_indent = Mm(7)
            paragraph.paragraph_format.first_line_indent = Mm(-5)
        else:
            word.add_paragraph(item, style="List Bullet")


def _table(word, header: Sequence[str] | None, rows: Sequence[Sequence[str]], widths) -> None:  # type: ignore[no-untyped-def]
    columns = len(header) if header else max((len(r) for r in rows), default=1)
    table = word.add_table(rows=0, cols=columns, style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if header:
        cells = table.add_row().cells
        for cell, text in zip(cells, header, strict=False):
            cell.text = ""
            cell.paragraphs[0].add_run(str(text)).bold = True
            _shade(cell, "E8EEF4")
        _repeat_header(table.rows[0])
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=False):
            cell.text = str(text)
    if widths and len(widths) == columns:
        total = sum(widths) or 1
        for column, width in zip(table.columns, widths, strict=True):
            for cell in column.cells:
                cell.width = Mm(170 * width / total)
    word.add_paragraph()


def _shade(cell, colour: str) -> None:  # type: ignore[no-untyped-def]
    properties = cell._tc.get_or_add_tcPr()
    shading = properties.makeelement(qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): colour})
    properties.append(shading)


def _repeat_header(row) -> None:  # type: ignore[no-untyped-def]
    properties = row._tr.get_or_add_trPr()
    properties.append(properties.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))
