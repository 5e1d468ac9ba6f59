"""The editable text of a document version: a small line-based markup that maps one-to-one to blocks.

    # Heading            ## Section        ### Sub-section     (a line "===" before it: starts a new page)
    Text                 one paragraph per line;  "+ " lead,  "> " note,  "! " warning
    %% Text              a note to the owner: shown while editing, never published, printed or exported
    - item               a bullet list;  "1. item" a numbered list;  a blank line ends a list
    | a | b |            a table: first row the header, an optional "|---|-----|" row gives relative widths
    * label :: value     a two-column list of labels and values
    ===                  a page break

Anything else is a paragraph, so no input is an error. Charts cannot be written here; they are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rashinban.reports.document import (
    OWNER_NOTE,
    Block,
    BulletList,
    Heading,
    KeyValues,
    PageBreak,
    Paragraph,
    Table,
)

STYLE_PREFIX = {"lead": "+ ", "note": "> ", "warning": "! ", OWNER_NOTE: "%% "}
PREFIX_STYLE = {prefix.strip(): style for style, prefix in STYLE_PREFIX.items()}
PAGE_BREAK = "==="
HEADING = re.compile(r"^(#{1,3})\s+(.*)$")
NUMBERED = re.compile(r"^\d+[.)]\s+(.*)$")
BULLET = re.compile(r"^[-・]\s+(.*)$")
KEY_VALUE = re.compile(r"^\*\s+(.*?)\s+::\s?(.*)$")
WIDTHS = re.compile(r"^\|(\s*-+\s*\|)+$")
# A paragraph that would read as markup is written with a leading backslash.
LOOKS_LIKE_MARKUP = re.compile(r"^(#{1,3}\s|[-・]\s|\d+[.)]\s|\||\*\s|[+>!]\s|%%\s|===|\\)")


def _one_line(text: str) -> str:
    return " ".join(str(text).split("\n")).strip()


def _cell(text: str) -> str:
    cell = _one_line(text).replace("\\", "\\\\").replace("|", "\\|")
    return "\\" + cell if cell and set(cell) <= {"-"} else cell  # else it would read as the widths row


def to_markup(blocks: Iterable[Block]) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, Heading):
            heading = "#" * block.level + " " + _one_line(block.text)
            parts.append(f"{PAGE_BREAK}\n{heading}" if block.new_page else heading)
        elif isinstance(block, Paragraph):
            text = _one_line(block.text)
            prefix = STYLE_PREFIX.get(block.style, "")
            if not prefix and LOOKS_LIKE_MARKUP.match(text):
                prefix = "\\"
            parts.append(prefix + text)
        elif isinstance(block, BulletList):
            marks = [f"{n}. " if block.numbered else "- " for n in range(1, len(block.items) + 1)]
            parts.append("\n".join(mark + _one_line(item) for mark, item in zip(marks, block.items, strict=True)))
        elif isinstance(block, Table):
            parts.append(_table_markup(block))
        elif isinstance(block, KeyValues):
            parts.append("\n".join(f"* {_one_line(k)} :: {_one_line(v)}" for k, v in block.rows))
        elif isinstance(block, PageBreak):
            parts.append(PAGE_BREAK)
    return "\n\n".join(parts) + "\n"


def _table_markup(table: Table) -> str:
    lines = ["| " + " | ".join(_cell(c) for c in table.header) + " |"]
    if table.widths:
        lines.append("|" + "|".join("-" * max(1, round(w)) for w in table.widths) + "|")
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    return "\n".join(lines)


def from_markup(text: str) -> list[Block]:
    blocks: list[Block] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        index += 1
        if not line:
            continue
        if line == PAGE_BREAK:
            blocks.append(PageBreak())
        elif match := HEADING.match(line):
            new_page = bool(blocks) and isinstance(blocks[-1], PageBreak)
            if new_page:
                blocks.pop()
            blocks.append(Heading(match.group(2).strip(), level=len(match.group(1)), new_page=new_page))
        elif line.startswith("|"):
            rows, index = _take(lines, index - 1, lambda s: s.startswith("|"))
            blocks.append(_parse_table(rows))
        elif KEY_VALUE.match(line):
            rows, index = _take(lines, index - 1, KEY_VALUE.match)
            blocks.append(KeyValues([KEY_VALUE.match(r).groups() for r in rows]))  # type: ignore[union-attr]
        elif BULLET.match(line) or NUMBERED.match(line):
            pattern = BULLET if BULLET.match(line) else NUMBERED
            items, index = _take(lines, index - 1, pattern.match)
            blocks.append(BulletList([pattern.match(i).group(1).strip() for i in items], numbered=pattern is NUMBERED))  # type: ignore[union-attr]
        else:
            blocks.append(_paragraph(line))
    return blocks


def _take(lines: list[str], start: int, accepts) -> tuple[list[str], int]:  # type: ignore[no-untyped-def]
    """Consecutive stripped lines from `start` that `accepts`; and the index after them."""
    taken = []
    index = start
    while index < len(lines) and lines[index].strip() and accepts(lines[index].strip()):
        taken.append(lines[index].strip())
        index += 1
    return taken, index


def _paragraph(line: str) -> Paragraph:
    if line.startswith("\\"):
        return Paragraph(line[1:].strip())
    for marker, style in PREFIX_STYLE.items():
        if line.startswith(marker + " "):
            return Paragraph(line[len(marker) + 1 :].strip(), style=style)
    return Paragraph(line)


def _split_cells(row: str) -> list[str]:
    """Cells between unescaped "|"; "\\|" is a pipe and "\\\\" a backslash inside a cell."""
    cells, current, escaped = [], [], False
    for char in row.strip()[1:]:  # the row starts with "|"
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    tail = "".join(current).strip()
    if tail or not cells:  # a row without its closing "|"
        cells.append(tail)
    return cells


def _parse_table(rows: list[str]) -> Table:
    header = _split_cells(rows[0])
    widths = None
    body_rows = rows[1:]
    if body_rows and WIDTHS.match(body_rows[0].replace(" ", "")):
        widths = [float(len(cell.strip())) for cell in body_rows[0].strip().strip("|").split("|")]
        body_rows = body_rows[1:]
    columns = len(header)
    body = []
    for row in body_rows:
        cells = _split_cells(row)
        body.append((cells + [""] * columns)[:columns])  # a short row is padded, a long one cut to the header
    if widths is not None and len(widths) != columns:
        widths = None
    return Table(header, body, widths=widths)
