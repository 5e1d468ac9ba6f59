"""Matching questionnaire questions to our topics: explainable, and measured on the labelled set (the figures
themselves are reported by bench/questionnaire_matching.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from rashinban.questionnaires.matching import default_matcher, glossary, outside

ROOT = Path(__file__).resolve().parents[2]
LABELLED = yaml.safe_load((ROOT / "tests" / "questionnaires" / "labelled.yaml").read_text(encoding="utf-8"))


def test_the_labelled_set_is_large_and_varied():
    rows = LABELLED["dev"] + LABELLED["heldout"]
    assert len(rows) >= 150
    assert len({r["q"] for r in rows}) == len(rows)
    topics = {r["item"] for r in rows}
    assert len(topics - {None}) == 25 and None in topics  # every topic, and questions none of ours answers


def test_synonyms_meet_and_the_reason_is_given():
    matcher = default_matcher()
    for question in ("二段階認証を導入していますか", "MFAを必須にしていますか", "ワンタイムパスワードを使っていますか"):
        found = matcher.match(question)
        assert found.topic == "question:basic-mfa" and "多要素認証" in found.terms, (question, found)
    assert matcher.match("ｂａｃｋｕｐ").topic is None  # nothing to go on: no match rather than a guess
    assert outside("ISMS認証を取得していますか") and matcher.match("資本金を記入してください").topic is None
    assert all(variant == variant.lower() for variants in glossary().values() for variant in variants)


def test_figures_hold_their_floors():
    sys.path.insert(0, str(ROOT / "bench"))
    from questionnaire_matching import FLOORS, measure

    precision, recall, _count, _misses = measure(LABELLED["heldout"], default_matcher())
    assert precision >= FLOORS["precision"] and recall >= FLOORS["recall"]
