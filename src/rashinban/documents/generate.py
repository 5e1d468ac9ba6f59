"""Generate a security document from the company's facts: a pure function from data to a `Document`.

    generate("policy", facts, contacts, "ja", as_of=date(2026, 12, 5)) -> Document

The same facts and date always give the same document; the app stores the result as editable text (markup.py).

Besides the company's `{placeholders}`, content texts name registry facts (rashinban.facts) instead of
repeating them: `{value:ID}` or `{value:ID.key}` is the fact's value (or one key of a mapping value),
`{fact:ID}` its statement, `{source:ID}` its source title and address, `{fact_as_of:ID}` its "as of" date.
`{as_of}` is the date the document was generated, which every document states.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from rashinban.documents.contacts import BLANK, card_rows, contact_rows
from rashinban.documents.content import BlockContent, Text, document_content
from rashinban.documents.facts import CompanyFacts
from rashinban.facts import fact
from rashinban.facts.registry import _format
from rashinban.formats import long_date
from rashinban.reports.document import Block, BulletList, Document, Heading, Paragraph, Table

SEPARATOR = {"ja": "、", "en": ", "}
TREE_HEADER = {
    "ja": ["順", "連絡先", "名前・窓口", "電話・連絡方法", "いつ"],
    "en": ["#", "Contact", "Name or desk", "Phone or channel", "When"],
}
CARD_HEADER = {"ja": ["連絡先", "名前・窓口", "電話"], "en": ["Contact", "Name or desk", "Phone"]}
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
FACT_PLACEHOLDER = re.compile(r"\{(value|fact|source|fact_as_of):([a-z0-9-]+)(?:\.([a-z_]+))?\}")


def fact_text(kind: str, fact_id: str, key: str | None, lang: str) -> str:
    """The text of one `{kind:fact-id.key}` placeholder (see the module's docstring)."""
    item = fact(fact_id)
    if kind == "fact":
        return item.text(lang)
    if kind == "source":
        return f"{item.source_title} {item.source_url}"
    if kind == "fact_as_of":
        return item.as_of_text(lang)
    if key is not None:
        return _format(item.value[key], lang, key)  # type: ignore[index]
    return item.value_text(lang)


def generate(
    kind: str,
    facts: CompanyFacts,
    contacts: Mapping[str, Mapping[str, str]],
    language: str = "ja",
    as_of: date | None = None,
) -> Document:
    lang = "en" if language == "en" else "ja"
    content = document_content(kind)
    flags = facts.flags()
    values = {**facts.values(SEPARATOR[lang]), **_contact_values(contacts, lang)}
    values["as_of"] = long_date(as_of or date.today(), lang)

    def fill(text: Text) -> str:
        with_facts = FACT_PLACEHOLDER.sub(lambda m: fact_text(m[1], m[2], m[3], lang), text.pick(lang))
        return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), with_facts)

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
