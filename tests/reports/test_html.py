"""The HTML renderer: escaped text, the strict CSP kept, print rules for page breaks."""

from __future__ import annotations

import re
from pathlib import Path

from rashinban.reports.html import STYLESHEET, to_html
from tests.reports.samples import PATTERNS, every_block

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I)


def test_every_block_is_on_the_page():
    page = to_html(every_block())

    for expected in (
        "株式会社みなと精工",
        "<h1>経営者レポート</h1>",
        "発行日: 2026年5月1日",
        "最初にやるべきこと",
        "DX診断の総合点",
        "<figcaption>図1 失敗パターン別の得点</figcaption>",
        "<ol><li>バックアップを取る",
        "<caption>表1</caption>",
        "<td>設問2</td>",
        "おわり",
        '<div class="page-break"></div>',
    ):
        assert expected in page
    assert all(label in page for label in PATTERNS)
    assert '<html lang="ja">' in page


def test_text_is_escaped():
    page = to_html(every_block())

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;太字ではない&lt;/b&gt;" in page


def test_served_page_keeps_the_strict_csp():
    page = to_html(every_block(), links=[("戻る", "/o/1/diagnoses/")])

    assert not INLINE_SCRIPT.search(page)
    assert "<style" not in page and " style=" not in page and not re.search(r"\son\w+=", page)
    assert 'href="/static/css/report.css"' in page and 'src="/static/js/print.js"' in page
    assert '<a class="button" href="/o/1/diagnoses/">戻る</a>' in page
    assert 'id="print-button" hidden' in page  # shown by print.js only, so no dead button without JavaScript


def test_standalone_page_carries_its_stylesheet_and_no_script():
    page = to_html(every_block(), standalone=True)

    assert "<script" not in page and "<nav" not in page
    assert "@page" in page and "break-inside:avoid" in page


def test_new_page_heading_and_column_widths_become_classes():
    page = to_html(every_block())

    assert '<h2 class="new-page">回答一覧</h2>' in page
    assert '<colgroup><col class="w75"><col class="w25"></colgroup>' in page


def test_print_rules_keep_charts_and_rows_whole():
    css = Path(STYLESHEET).read_text()

    assert "size: A4" in css
    assert re.search(r"figure\.chart, tr[^{]*\{ break-inside:avoid", css)
    assert "thead { display:table-header-group; }" in css
    assert re.search(r"\.new-page[^{]*\{ break-before:page", css)


def test_tables_match_djangos_own_escaping():
    """Tables are built from plain strings (a report has thousands of cells): the same markup, byte for byte, as
    Django's `format_html` builds from the same cells, hostile ones included (the reference)."""
    from django.utils.html import escape, format_html, format_html_join
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    from rashinban.reports.document import Table
    from rashinban.reports.html import render_blocks

    def text(value: object) -> str:
        return mark_safe("<br>".join(escape(line) for line in str(value).split("\n")))

    cells = ["<script>alert('x')</script>", 'a "quoted" & <b>', "二行\n目", 42, 3.5, gettext_lazy("Overall"), ""]
    table = Table(header=["<h>", "列'2"], rows=[cells[i : i + 2] for i in range(0, len(cells), 2)], caption="<表>")
    reference = format_html(
        '<table class="data">{}{}<thead><tr>{}</tr></thead><tbody>{}</tbody></table>',
        format_html("<caption>{}</caption>", text(table.caption)),
        "",
        format_html_join("", '<th scope="col">{}</th>', ((text(h),) for h in table.header)),
        format_html_join(
            "", "<tr>{}</tr>", ((format_html_join("", "<td>{}</td>", ((text(c),) for c in row)),) for row in table.rows)
        ),
    )

    assert render_blocks([table]) == reference
    assert "<script>" not in reference and "&lt;script&gt;alert(&#x27;x&#x27;)" in reference
