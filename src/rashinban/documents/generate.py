"""Generate a security document from the company's facts: a pure function from data to a `Document`.

    generate("policy", facts, contacts, "ja") -> Document

The same facts always give the same document; the app stores the result as editable text (markup.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rashinban.documents.contacts import BLANK, card_rows, contact_rows
from rashinban.documents.content import BlockContent, Text, document_content
from rashinban.documents.facts import CompanyFacts
from rashinban.reports.document import Block, BulletList, Document, Heading, Paragraph, Table

SEPARATOR = {"ja": "、", "en": ", "}
TREE_HEADER = {
    "ja": ["順", "連絡先", "名前・窓口", "電話・連絡方法", "いつ"],
    "en": ["#", "Contact", "Name or desk", "Phone or channel", "When"],
}
CARD_HEADER = {"ja": ["連絡先", "名前・窓口", "電話"], "en": ["Contact", "Name or desk", "Phone"]}
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def generate(
    kind: str, facts: CompanyFacts, contacts: Mapping[str, Mapping[str, str]], language: str = "ja"
) -> Document:
    lang = "en" if language == "en" else "ja"
    content = document_content(kind)
    flags = facts.flags()
    values = {**facts.values(SEPARATOR[lang]), **_contact_values(contacts, lang)}

    def fill(text: Text) -> str:
        return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text.pick(lang))

    blocks: list[Block] = []
    for section in content.sections:
        if not _applies(section.when, section.unless, flags):
            continue
        blocks.append(Heading(fill(section.title), level=section.level, new_page=section.new_page))
        for block in section.blocks:
            if _applies(block.when, block.unless, flags):
                blocks.extend(_render_block(block, fill, flags, contacts, facts, lang))
    subtitle = fill(content.subtitle) if content.subtitle else ""
    return Document(title=fill(content.title), subtitle=subtitle, organisation=facts.name, language=lang, blocks=blocks)


def _applies(when: str | None, unless: str | None, flags: Mapping[str, bool]) -> bool:
    if when and not flags.get(when, False):
        return False
    return not (unless and flags.get(unless, False))


def _kept(items: list[Text], flags: Mapping[str, bool]) -> list[Text]:
    return [item for item in items if _applies(item.when, item.unless, flags)]


def _render_block(block: BlockContent, fill, flags, contacts, facts: CompanyFacts, lang: str) -> list[Block]:  # type: ignore[no-untyped-def]
    if block.p is not None:
        return [Paragraph(fill(block.p), style=block.style)] if _applies(block.p.when, block.p.unless, flags) else []
    if block.bullets is not None or block.steps is not None:
        items = [fill(item) for item in _kept(block.bullets or block.steps or [], flags)]
        return [BulletList(items, numbered=block.steps is not None)] if items else []
    if block.table is not None:
        return [Table([fill(h) for h in block.table.header], [[fill(c) for c in row] for row in block.table.rows])]
    return [_contact_table(block.contacts or "tree", contacts, facts.prefecture, lang)]


def _contact_table(which: str, contacts: Mapping[str, Mapping[str, str]], prefecture: str, lang: str) -> Table:
    if which == "card":
        rows = card_rows(contacts, lang, prefecture)
        return Table(CARD_HEADER[lang], [[r.label, r.name, r.phone] for r in rows], widths=[3, 4, 3])
    rows = contact_rows(contacts, lang, prefecture)
    body = [[str(n), r.label, r.name, r.phone, r.when] for n, r in enumerate(rows, start=1)]
    return Table(TREE_HEADER[lang], body, widths=[1, 4, 4, 4, 5])


def _contact_values(contacts: Mapping[str, Mapping[str, str]], lang: str) -> dict[str, str]:
    """{lead_name}, {lead_phone}, ... for the card's steps; blanks stay visible as "(to fill in)"."""
    blank = BLANK[lang]
    values = {}
    for role in ("lead", "deputy", "owner", "it_vendor"):
        entry = contacts.get(role, {})
        values[f"{role}_name"] = entry.get("name") or blank
        values[f"{role}_phone"] = entry.get("phone") or blank
    return values
