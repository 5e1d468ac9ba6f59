"""The built-in lure library and how a drill mail is rendered. Pure: no Django model."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from rashinban.assessments.catalog import Id

LURES_FILE = Path(__file__).resolve().parent / "lures.yaml"
PLACEHOLDERS = ("{{name}}", "{{company}}", "{{link}}")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LureText(_Model):
    name: str
    sender_name: str
    subject: str
    body: str
    signs: list[str] = Field(min_length=1)


class Lure(_Model):
    id: Id
    lesson: Id
    form: bool
    ja: LureText
    en: LureText

    def text(self, lang: str) -> LureText:
        return self.en if lang == "en" else self.ja


class LureLibrary(_Model):
    lures: list[Lure] = Field(min_length=1)

    def get(self, lure_id: str) -> Lure | None:
        return next((lure for lure in self.lures if lure.id == lure_id), None)


@cache
def builtin_lures() -> LureLibrary:
    library = LureLibrary.model_validate(yaml.safe_load(LURES_FILE.read_text(encoding="utf-8")))
    for lure in library.lures:
        for text in (lure.ja, lure.en):
            assert "{{link}}" in text.body, f"{LURES_FILE.name}: lure {lure.id} has no {{{{link}}}}"
    return library


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    body: str


def render(subject: str, body: str, *, name: str, company: str, link: str, report_line: str) -> RenderedMail:
    """Fill the placeholders and add the report line (every drill mail says how to report it)."""
    values = {"{{name}}": name, "{{company}}": company, "{{link}}": link}
    for placeholder, value in values.items():
        body = body.replace(placeholder, value)
        subject = subject.replace(placeholder, value)
    return RenderedMail(subject=subject, body=f"{body.rstrip()}\n\n--\n{report_line}\n")
