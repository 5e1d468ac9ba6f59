"""A document with one block of every kind, for the renderer tests."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from rashinban.reports.charts import Series, radar_svg
from rashinban.reports.document import (
    BulletList,
    Chart,
    Document,
    Heading,
    KeyValues,
    PageBreak,
    Paragraph,
    Table,
)

PATTERNS = ["戦略なき突進", "傍観する経営", "変われない組織", "外部任せのスキル", "効果の見えない投資"]


def radar() -> str:
    return radar_svg(PATTERNS, [Series("経営者", [40, 55, 30, 70, 20], "#1d4ed8")], title="失敗パターン別")


def every_block(language: str = "ja", table_rows: int = 3) -> Document:
    document = Document(
        title="経営者レポート",
        subtitle="DXとセキュリティの現在地",
        organisation="株式会社みなと精工",
        issued=date(2026, 5, 1),
        language=language,
    )
    return document.add(
        Heading("概要"),
        Paragraph("最初にやるべきことを三つに絞りました。", "lead"),
        KeyValues([("DX診断の総合点", "58 / 100"), ("前回からの変化", "+12")]),
        Chart(radar(), "図1 失敗パターン別の得点", 140),
        BulletList(["バックアップを取る", "パスワードを12文字以上にする"], numbered=True),
        Paragraph("<script>alert(1)</script> & <b>太字ではない</b>", "warning"),
        Heading("回答一覧", new_page=True),
        Table(["設問", "回答"], [[f"設問{i}", f"回答{i}"] for i in range(table_rows)], widths=[3, 1], caption="表1"),
        PageBreak(),
        Paragraph("おわり", "note"),
    )


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page of a PDF."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
