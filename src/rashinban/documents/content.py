"""The texts of the generated documents: YAML files in `content/`, checked against a schema on load.

Each text carries Japanese and English; `when` / `unless` name a flag of `CompanyFacts.flags()`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

CONTENT_DIR = Path(__file__).parent / "content"
KINDS = ("policy", "plan", "card")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    ja: str
    en: str
    when: str | None = None
    unless: str | None = None

    def pick(self, language: str) -> str:
        return self.en if language == "en" else self.ja


class TableContent(Strict):
    header: list[Text]
    rows: list[list[Text]]


class BlockContent(Strict):
    """Exactly one of: a paragraph, bullets, numbered steps, a table, or the contact table."""

    p: Text | None = None
    bullets: list[Text] | None = None
    steps: list[Text] | None = None
    table: TableContent | None = None
    contacts: Literal["tree", "card"] | None = None
    # "owner": a note to the owner (never published), e.g. what the self-check says is still missing.
    style: Literal["body", "lead", "note", "warning", "owner"] = "body"
    when: str | None = None
    unless: str | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> BlockContent:
        present = [n for n in ("p", "bullets", "steps", "table", "contacts") if getattr(self, n) is not None]
        if len(present) != 1:
            raise ValueError(f"a block has exactly one of p, bullets, steps, table, contacts (found {present})")
        return self


class SectionContent(Strict):
    title: Text
    level: int = Field(default=1, ge=1, le=3)
    new_page: bool = False
    blocks: list[BlockContent]
    when: str | None = None
    unless: str | None = None


class DocumentContent(Strict):
    title: Text
    subtitle: Text | None = None
    sections: list[SectionContent]


class ContactRole(Strict):
    id: str
    group: Literal["inside", "outside", "public"]
    label: Text
    when: Text
    name: Text | None = None  # default name, for public bodies


CARD_ROLES = ("lead", "deputy", "owner", "it_vendor", "police")


@cache
def document_content(kind: str) -> DocumentContent:
    if kind not in KINDS:
        raise ValueError(f"unknown document kind {kind!r}")
    return DocumentContent.model_validate(_load(f"{kind}.yaml"))


@cache
def contact_roles() -> tuple[ContactRole, ...]:
    return tuple(ContactRole.model_validate(item) for item in _load("contacts.yaml"))


def _load(name: str) -> object:
    return yaml.safe_load((CONTENT_DIR / name).read_text(encoding="utf-8"))


def conditions(kind: str) -> set[str]:
    """Every flag name a document's content refers to (tests check each one exists)."""
    content = document_content(kind)
    names: set[str] = set()
    for section in content.sections:
        names |= {section.when, section.unless}
        for block in section.blocks:
            names |= {block.when, block.unless}
            for item in (block.bullets or []) + (block.steps or []) + ([block.p] if block.p else []):
                names |= {item.when, item.unless}
    return {n for n in names if n}
