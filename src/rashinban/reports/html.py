"""Print-ready HTML of a `Document`: one A4 page layout for the browser and the printer.

The page links `css/report.css` (A4 margins, page breaks that never cut a chart or a table row)
and `js/print.js` (the Print button), so it keeps the strict CSP. A `standalone` page, the form
people download and open from disk, carries the same stylesheet inside it and no script.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

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
    is_owner_note,
    printable,
    words,
)

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "css" / "report.css"


def to_html(document: Document, *, standalone: bool = False, links: Sequence[tuple[str, str]] = ()) -> str:
    """The whole page. `links` are (label, url) pairs shown above the sheet on screen, never printed."""
    context = {
        "document": document,
        "issued": format_date(document.issued, document.language) if document.issued else "",
        "issued_label": words(document)["issued"],
        "body": render_blocks(document.blocks),  # notes to the owner left out: this is the printed form
        "standalone": standalone,
        "stylesheet": mark_safe(STYLESHEET.read_text(encoding="utf-8")) if standalone else "",  # our own file
        "links": links,
    }
    return render_to_string("reports/document.html", context)


def render_blocks(blocks: Sequence[Block], *, owner_notes: bool = False) -> SafeString:
    """The blocks as HTML; `owner_notes` shows the notes to the owner, marked, for the editing screen only."""
    shown = blocks if owner_notes else printable(blocks)
    return mark_safe("\n".join(RENDERERS[type(block)](block) for block in shown))  # each part is escaped


def _text(text: str) -> SafeString:
    """Escaped text (the standard library's escape, which Django's `escape` calls: & < > " and '); line breaks in
    it stay line breaks. Tables are built with plain strings from it: a report has a few thousand cells, and
    Django's lazy-aware `format_html` per cell was a tenth of the owner's report page (bench/README.md)."""
    return mark_safe("<br>".join(html.escape(line) for line in str(text).split("\n")))


def _heading(block: Heading) -> str:
    level = min(max(block.level, 1), 3) + 1  # h1 is the document's title
    classes = "new-page" if block.new_page else ""
    return format_html('<h{} class="{}">{}</h{}>', level, classes, _text(block.text), level)


def _paragraph(block: Paragraph) -> str:
    if is_owner_note(block):
        label = _("Note to you, never published or printed:")
        return format_html('<p class="owner-note"><strong>{}</strong> {}</p>', label, _text(block.text))
    return format_html('<p class="{}">{}</p>', block.style, _text(block.text))


def _bullets(block: BulletList) -> str:
    tag = "ol" if block.numbered else "ul"
    items = format_html_join("", "<li>{}</li>", ((_text(item),) for item in block.items))
    return format_html("<{}>{}</{}>", tag, items, tag)


def _key_values(block: KeyValues) -> str:
    rows = format_html_join(
        "", '<tr><th scope="row">{}</th><td>{}</td></tr>', ((_text(k), _text(v)) for k, v in block.rows)
    )
    return format_html('<table class="key-values"><tbody>{}</tbody></table>', rows)


def _colgroup(widths: Sequence[float] | None) -> SafeString:
    # Widths become classes (w5 … w100, percent rounded to 5): the strict CSP forbids style attributes.
    if not widths:
        return mark_safe("")
    total = sum(widths) or 1
    cols = format_html_join(
        "", '<col class="w{}">', ((max(5, min(100, round(100 * w / total / 5) * 5)),) for w in widths)
    )
    return format_html("<colgroup>{}</colgroup>", cols)


def _table(block: Table) -> str:
    header = "".join(f'<th scope="col">{_text(h)}</th>' for h in block.header)
    body = "".join("<tr>" + "".join(f"<td>{_text(cell)}</td>" for cell in row) + "</tr>" for row in block.rows)
    caption = f"<caption>{_text(block.caption)}</caption>" if block.caption else ""
    return (
        f'<table class="data">{caption}{_colgroup(block.widths)}<thead><tr>{header}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _chart(block: Chart) -> str:
    size = "chart-wide" if block.width_mm >= 150 else "chart-narrow" if block.width_mm < 100 else "chart-medium"
    caption = format_html("<figcaption>{}</figcaption>", _text(block.caption)) if block.caption else ""
    # The SVG comes from reports.charts, which escapes every text it draws.
    return format_html('<figure class="chart {}">{}{}</figure>', size, mark_safe(block.svg), caption)


def _page_break(block: PageBreak) -> str:
    return '<div class="page-break"></div>'


RENDERERS: dict[type, Callable[..., str]] = {
    Heading: _heading,
    Paragraph: _paragraph,
    BulletList: _bullets,
    KeyValues: _key_values,
    Table: _table,
    Chart: _chart,
    PageBreak: _page_break,
}
