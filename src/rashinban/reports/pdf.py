"""PDF of a `Document` with ReportLab, A4, every glyph from a font embedded in the file.

The text is set in IPAex Gothic, installed from PyPI (`reports.fonts`); ReportLab embeds the subset of
it the document uses, so the file reads the same on a phone, a Linux viewer and in an archive, with no
Japanese font on the reader's machine. Charts are the SVG of `reports.charts`, drawn as vector graphics
through svglib (their text in the same font) and kept on one page with their caption. Every page's
footer carries the organisation's name and "page n of N".
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Sequence
from functools import cache
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import PageBreak as PDFPageBreak
from reportlab.platypus import Paragraph as PDFParagraph
from reportlab.platypus import Table as PDFTable
from svglib.svglib import svg2rlg

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
    format_date,
    printable,
    words,
)
from rashinban.reports.fonts import GOTHIC, register_fonts

INK = colors.HexColor("#1f2937")
MUTED = colors.HexColor("#6b7280")
LINE = colors.HexColor("#d5d9df")
BRAND = colors.HexColor("#1e3a8a")
SOFT = colors.HexColor("#eef2ff")
WARNING = colors.HexColor("#fffbeb")
MARGIN = {"left": 15 * mm, "right": 15 * mm, "top": 16 * mm, "bottom": 20 * mm}
FRAME_PADDING = 6  # ReportLab's frames keep 6 pt inside each edge
FRAME_WIDTH = A4[0] - MARGIN["left"] - MARGIN["right"] - 2 * FRAME_PADDING


class PdfError(ValueError):
    """A block that cannot be drawn (e.g. a chart whose SVG cannot be read)."""


# ReportLab keeps a TrueType font's subsetting state on the shared font object ("you cannot use the same
# TTFont object for different documents at the same time"): one PDF at a time per process.
_BUILDING = threading.Lock()


@cache
def styles(language: str) -> dict[str, ParagraphStyle]:
    # Japanese lines may break between any two characters; English ones break at spaces. One face
    # (gothic) reads best on screen; bullets name it too, or ReportLab would draw them in Helvetica.
    wrap = "CJK" if language == "ja" else None
    base = ParagraphStyle(
        "body",
        fontName=GOTHIC,
        bulletFontName=GOTHIC,
        fontSize=10,
        leading=15.5,
        textColor=INK,
        wordWrap=wrap,
        spaceAfter=5,
    )
    return {
        "body": base,
        "lead": ParagraphStyle("lead", parent=base, fontSize=11.5, leading=17.5),
        "note": ParagraphStyle("note", parent=base, fontSize=8.5, leading=12.5, textColor=MUTED),
        "warning": ParagraphStyle(
            "warning",
            parent=base,
            backColor=WARNING,
            borderColor=colors.HexColor("#b45309"),
            borderWidth=0.6,
            borderPadding=5,
            spaceBefore=5,
            spaceAfter=10,
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=13, spaceAfter=0),
        "cell_head": ParagraphStyle("cell_head", parent=base, fontSize=9, leading=13, spaceAfter=0, textColor=BRAND),
        "caption": ParagraphStyle("caption", parent=base, fontSize=8.5, leading=12, textColor=MUTED, alignment=1),
        "bullet": ParagraphStyle("bullet", parent=base, leftIndent=14, bulletIndent=3, spaceAfter=2),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontSize=15,
            leading=21,
            textColor=BRAND,
            spaceBefore=10,
            spaceAfter=7,
            keepWithNext=True,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontSize=12.5,
            leading=18,
            textColor=INK,
            spaceBefore=8,
            spaceAfter=5,
            keepWithNext=True,
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=base,
            fontSize=10.5,
            leading=15,
            textColor=INK,
            spaceBefore=6,
            spaceAfter=3,
            keepWithNext=True,
        ),
        "cover_org": ParagraphStyle("cover_org", parent=base, fontSize=12, leading=17, textColor=BRAND),
        "cover_title": ParagraphStyle("cover_title", parent=base, fontSize=20, leading=28, spaceBefore=2),
        "cover_subtitle": ParagraphStyle("cover_subtitle", parent=base, fontSize=12, leading=17),
        "cover_issued": ParagraphStyle("cover_issued", parent=base, fontSize=9.5, textColor=MUTED),
    }


def to_pdf(document: Document) -> bytes:
    """The document as PDF bytes (A4 portrait)."""
    register_fonts()
    with _BUILDING:
        return _build(document)


def _build(document: Document) -> bytes:
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN["left"],
        rightMargin=MARGIN["right"],
        topMargin=MARGIN["top"],
        bottomMargin=MARGIN["bottom"],
        title=document.title,
        author=document.organisation,
        subject=document.subtitle,
        creator="Rashinban",
        lang=document.language,
    )
    sheet = styles(document.language)
    story = _cover(document, sheet) + [
        flowable for block in printable(document.blocks) for flowable in _flowables(block, sheet)
    ]
    template.build(story, canvasmaker=_footer_canvas(document))
    return buffer.getvalue()


def _text(text: str) -> str:
    """ReportLab's paragraphs read a little markup: escape it, keep line breaks."""
    return "<br/>".join(escape(line) for line in str(text).split("\n"))


def _cover(document: Document, sheet: dict[str, ParagraphStyle]) -> list[Flowable]:
    parts: list[Flowable] = []
    if document.organisation:
        parts.append(PDFParagraph(_text(document.organisation), sheet["cover_org"]))
    parts.append(PDFParagraph(_text(document.title), sheet["cover_title"]))
    if document.subtitle:
        parts.append(PDFParagraph(_text(document.subtitle), sheet["cover_subtitle"]))
    if document.issued:
        issued = f"{words(document)['issued']}: {format_date(document.issued, document.language)}"
        parts.append(PDFParagraph(_text(issued), sheet["cover_issued"]))
    rule = PDFTable([[""]], colWidths=[FRAME_WIDTH], rowHeights=[2])
    rule.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), GOTHIC), ("LINEBELOW", (0, 0), (-1, -1), 2, BRAND)]))
    return [*parts, rule, Spacer(1, 6 * mm)]


def _flowables(block: Block, sheet: dict[str, ParagraphStyle]) -> list[Flowable]:
    return BUILDERS[type(block)](block, sheet)


def _heading(block: Heading, sheet: dict[str, ParagraphStyle]) -> list[Flowable]:
    level = min(max(block.level, 1), 3)
    paragraph = PDFParagraph(_text(block.text), sheet[f"h{level}"])
    return [PDFPageBreak(), paragraph] if block.new_page else [paragraph]


def _paragraph(block: Paragraph, sheet: dict[str, ParagraphStyle]) -> list[Flowable]:
    return [PDFParagraph(_text(block.text), sheet.get(block.style, sheet["body"]))]


def _bullets(block: BulletList, sheet: dict[str, ParagraphStyle]) -> list[Flowable]:
    return [
        PDFParagraph(_text(item), sheet["bullet"], bulletText=f"{number}." if block.numbered else "•")
        for number, item in enumerate(block.items, start=1)
    ]


def _cells(values: Sequence[object], style: ParagraphStyle) -> list[PDFParagraph]:
    return [PDFParagraph(_text(str(value)), style) for value in values]


def _grid(rows: list[list[PDFParagraph]], widths: list[float], header: bool) -> PDFTable:
    # repeatRows: the header comes back on every page; a row itself is never split across pages.
    table = PDFTable(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), GOTHIC),  # a table sets its cells' font even for paragraphs: not Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, LINE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), SOFT), ("LINEBELOW", (0, 0), (-1, 0), 1.2, BRAND)]
    table.setStyle(TableStyle(commands))
    return table


def _widths(relative: Sequence[float] | None, count: int) -> list[float]:
    relative = list(relative) if relative and len(relative) == count else [1.0] * count
    total = sum(relative) or 1
    return [FRAME_WIDTH * w / total for w in relative]


def _table(block: Table, sheet: dict[str, ParagraphStyle]) -> list[Flowable]:
    rows = [_cells(block.header, sheet["cell_head"])] + [_cells(row, sheet["cell"]) for row in block.rows]
    table = _grid(rows, _widths(block.widths, len(block.header)), header=True)
    if not block.caption:
        return [table, Spacer(1, 4 * mm)]
    caption = PDFParagraph(_text(block.caption), sheet["h3"])  # keepWithNext: never alone at a page's foot
    return [caption, table, Spacer(1, 4 * mm)]


def _key_values(block: KeyValues, sheet: dict[str, ParagraphStyle]) -> list[Flowable]:
    rows = [[PDFParagraph(_text(k), sheet["cell_head"]), PDFParagraph(_text(v), sheet["cell"])] for k, v in block.rows]
    table = _grid(rows, _widths((38, 62), 2), header=False)
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (0, -1), SOFT)]))
    return [KeepTogether([table]), Spacer(1, 4 * mm)]


def _chart(block: Chart, sheet: dict[str, ParagraphStyle]) -> list[Flowable]:
    drawing = chart_drawing(block.svg, min(block.width_mm * mm, FRAME_WIDTH))
    parts: list[Flowable] = [drawing]
    if block.caption:
        parts.append(PDFParagraph(_text(block.caption), sheet["caption"]))
    return [KeepTogether(parts), Spacer(1, 4 * mm)]


def chart_drawing(svg: str, width: float) -> Drawing:
    """The SVG as a ReportLab drawing `width` points wide, its text in the Japanese gothic font."""
    drawing = svg2rlg(io.BytesIO(svg.encode("utf-8")))
    if drawing is None or not drawing.width:
        raise PdfError("a chart's SVG could not be read")
    _use_font(drawing, GOTHIC)
    drawing.initialFontName = GOTHIC  # the renderer's starting state, else Helvetica is named in the file
    scale = width / drawing.width
    drawing.scale(scale, scale)
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    drawing.hAlign = "CENTER"
    return drawing


def _use_font(node: Drawing | Group, font: str) -> None:
    # svglib falls back to Helvetica, which has no Japanese glyphs.
    for child in node.getContents():
        if isinstance(child, String):
            child.fontName = font
        elif isinstance(child, Group):
            _use_font(child, font)


def _page_break(block: PageBreak, sheet: dict[str, ParagraphStyle]) -> list[Flowable]:
    return [PDFPageBreak()]


BUILDERS: dict[type, Callable[..., list[Flowable]]] = {
    Heading: _heading,
    Paragraph: _paragraph,
    BulletList: _bullets,
    KeyValues: _key_values,
    Table: _table,
    Chart: _chart,
    PageBreak: _page_break,
}


def _footer_canvas(document: Document) -> type[Canvas]:
    """A canvas that holds its pages back until the end, so each footer can say "page n of N"."""
    left = document.organisation
    page_words = words(document)["page"]

    class FooterCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            # Not Helvetica, ReportLab's default: a font named but not embedded, even where it draws nothing.
            kwargs["initialFontName"] = GOTHIC
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for page in self._pages:
                self.__dict__.update(page)
                self._draw_footer(len(self._pages))
                super().showPage()
            super().save()

        def _draw_footer(self, pages: int) -> None:
            self.saveState()
            self.setFont(GOTHIC, 8)
            self.setFillColor(MUTED)
            self.setStrokeColor(LINE)
            y = MARGIN["bottom"] - 9 * mm
            self.line(MARGIN["left"], y + 4 * mm, A4[0] - MARGIN["right"], y + 4 * mm)
            if left:
                self.drawString(MARGIN["left"], y, left)
            self.drawRightString(A4[0] - MARGIN["right"], y, page_words % {"page": self._pageNumber, "pages": pages})
            self.restoreState()

    return FooterCanvas
