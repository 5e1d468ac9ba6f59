"""Before publishing: what in a document is still blank, and which notes to the owner will be left out. Pure.

    check(blocks) -> PublicationCheck(blanks=[...], notes=[...])

A blank is a line to write on (contacts.BLANK, or any run of four or more underscores someone typed) or a
`{placeholder}` nothing filled. Each one is named the way the owner finds it: in a table by its row and column
("Police cyber crime desk: Phone"), elsewhere by the sentence around it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rashinban.reports.document import Block, BulletList, Heading, KeyValues, Paragraph, Table, is_owner_note

BLANK_RUN = re.compile(r"[_＿]{4,}|\{[a-z_]+\}")
SNIPPET = 60


@dataclass(frozen=True)
class Blank:
    where: str  # the section heading it is under ("" before the first)
    what: str  # the row and column, or the sentence


@dataclass
class PublicationCheck:
    blanks: list[Blank] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # notes to the owner that publishing leaves out

    @property
    def clean(self) -> bool:
        return not self.blanks


def check(blocks: Sequence[Block]) -> PublicationCheck:
    result = PublicationCheck()
    section = ""
    for block in blocks:
        if isinstance(block, Heading):
            section = block.text
        elif is_owner_note(block):
            result.notes.append(block.text)  # type: ignore[union-attr]
        elif isinstance(block, Paragraph):
            result.blanks += [Blank(section, _snippet(block.text))] if BLANK_RUN.search(block.text) else []
        elif isinstance(block, BulletList):
            result.blanks += [Blank(section, _snippet(item)) for item in block.items if BLANK_RUN.search(item)]
        elif isinstance(block, Table):
            result.blanks += _table_blanks(section, block.header, block.rows)
        elif isinstance(block, KeyValues):
            result.blanks += [Blank(section, key) for key, value in block.rows if BLANK_RUN.search(value)]
    return result


def _table_blanks(section: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[Blank]:
    blanks = []
    for row in rows:
        # The row is named by its first cell that is not a number ("1", "2": the calling order).
        label = next((cell for cell in row if cell and not cell.isdigit() and not BLANK_RUN.search(cell)), "")
        for column, cell in enumerate(row):
            if BLANK_RUN.search(cell):
                name = header[column] if column < len(header) else ""
                blanks.append(Blank(section, f"{label}: {name}" if label and name else label or name))
    return blanks


def _snippet(text: str) -> str:
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"
