"""The glossary (用語集): one term per concept, ja/en, the variants we do not use, and one-sentence explanations.

Data: glossary.yaml beside this file; readable version: docs/glossary.md. `{% term "npv" %}` (template tag
library `glossary`, in rashinban.facts.templatetags) shows a term with its explanation as hover text.
Pure: no Django, so tests and the CLI read it alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

PATH = Path(__file__).resolve().parent / "glossary.yaml"


@dataclass(frozen=True)
class Term:
    id: str
    ja: str
    en: str
    rejected: tuple[str, ...] = ()
    allowed: tuple[str, ...] = ()
    explain: dict[str, str] = field(default_factory=dict)

    def name(self, lang: str) -> str:
        return self.ja if lang.startswith("ja") else self.en

    def explanation(self, lang: str) -> str:
        return self.explain.get("ja" if lang.startswith("ja") else "en", "")


@dataclass(frozen=True)
class Glossary:
    terms: dict[str, Term]
    punctuation_rule: dict[str, str]
    rejected_punctuation: tuple[str, ...]

    def violations(self, text: str) -> list[str]:
        """The rejected variants (terms and punctuation) a Japanese text uses, e.g. ["二要素認証 (use 多要素認証)"]."""
        found = []
        for term in self.terms.values():
            cleaned = text
            for phrase in term.allowed:
                cleaned = cleaned.replace(phrase, "")
            found += [f"{bad} (use {term.ja})" for bad in term.rejected if bad in cleaned]
        found += [f"{mark} (half-width)" for mark in self.rejected_punctuation if mark in text]
        return found


@cache
def glossary() -> Glossary:
    data = yaml.safe_load(PATH.read_text(encoding="utf-8"))
    terms = {
        t["id"]: Term(
            id=t["id"],
            ja=t["ja"],
            en=t["en"],
            rejected=tuple(t.get("rejected", ())),
            allowed=tuple(t.get("allowed", ())),
            explain=dict(t.get("explain", {})),
        )
        for t in data["terms"]
    }
    punctuation = data["punctuation"]
    return Glossary(terms, dict(punctuation["rule"]), tuple(punctuation["rejected"]))


def term(term_id: str) -> Term:
    return glossary().terms[term_id]
