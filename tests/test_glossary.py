"""One vocabulary (glossary.yaml): no catalogue string, YAML content or document template uses a variant the
glossary rejects, and jargon is explained where it appears.

Before: 二要素認証 beside 多要素認証, 社員/スタッフ beside 従業員, 行動計画 beside 対策計画, three names for the
security self-check, full-width brackets beside half-width ones.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.html import escape

from rashinban.glossary import glossary

SRC = Path(__file__).resolve().parents[1] / "src" / "rashinban"
JA_VALUE = re.compile(r"\bja:\s*(.+)$")


def catalogue() -> list[tuple[str, str]]:
    po = polib.pofile(str(SRC / "locale/ja/LC_MESSAGES/django.po"))
    return [
        (f"django.po msgid “{e.msgid[:50]}”", text)
        for e in po
        if not e.obsolete
        for text in (e.msgstr, *e.msgstr_plural.values())
        if text
    ]


def yaml_content() -> list[tuple[str, str]]:
    found = []
    for path in sorted(SRC.rglob("*.yaml")):
        if "locale-drafts" in path.parts or path.name == "glossary.yaml":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith("#"):
                continue
            match = JA_VALUE.search(line)
            if match:
                found.append((f"{path.relative_to(SRC)}:{n}", match[1]))
    return found


def templates() -> list[tuple[str, str]]:
    """Japanese literal text in templates (outside {% %} tags and {{ }})."""
    found = []
    for path in sorted((SRC / "templates").rglob("*.*")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            literal = re.sub(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", "", line)
            if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", literal):
                found.append((f"templates/{path.relative_to(SRC / 'templates')}:{n}", literal))
    return found


@pytest.mark.parametrize("source", [catalogue, yaml_content, templates], ids=["po", "yaml", "templates"])
def test_no_rejected_variant(source):
    problems = [f"{where}: {', '.join(bad)}" for where, text in source() if (bad := glossary().violations(text))]
    assert not problems, "\n".join(problems[:40])


def test_the_glossary_rejects_what_it_should():
    words = glossary()
    assert words.violations("二要素認証を設定します") == ["二要素認証 (use 多要素認証)"]
    assert words.violations("Googleの2段階認証プロセス") == []  # another vendor's own name
    assert words.violations("社員名簿（CSV）") == ["社員 (use 従業員)", "（ (half-width)", "） (half-width)"]
    assert words.violations("従業員名簿(CSV)") == []
    ids = list(words.terms)
    assert len(ids) == len(set(ids))
    for term in words.terms.values():  # a preferred term is never also rejected
        assert all(term.ja not in other.rejected for other in words.terms.values())


def test_the_docs_list_every_term():
    docs = (SRC.parents[1] / "docs" / "glossary.md").read_text(encoding="utf-8")
    for term in glossary().terms.values():
        assert term.ja in docs and term.en in docs, term.id


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_term_tag_explains_jargon_in_one_sentence(lang):
    with translation.override(lang):
        html = Template('{% load facts %}{% term "npv" %}').render(Context())
    explanation = glossary().terms["npv"].explanation(lang)
    assert 'data-term="npv"' in html and f'title="{escape(explanation)}"' in html
    assert explanation.count("。") <= 1 and explanation.count(". ") == 0
