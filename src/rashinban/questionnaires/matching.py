"""Match a customer's question to one of our topics (the self-check questions), in a way a reviewer can follow.

What is used and why:
- Texts are normalised (NFKC, lower case, no spaces or punctuation) so full-width and half-width forms meet.
- The glossary (glossary.yaml) lists, for each term of ours, the words customers use for it ("二段階認証", "MFA",
  "2FA" -> 多要素認証). Every variant found in a question (longest first, so "ワンタイムパスワード" is not read as
  "パスワード") counts for its term. Customers word the same control in many ways; a short table kept with the
  product is reviewable and runs offline, where an embedding model would be neither installable here nor
  explainable to the owner who confirms the answer.
- Each topic names its own terms (TOPIC_TERMS: main terms count fully, secondary ones half). A topic scores the
  share of the question's terms it explains. A reviewer sees the terms that made the match.
- Ties and questions without any term fall back to character bigrams with TF-IDF weights (cosine): Japanese has
  no spaces to split words at, and a tokenizer with a dictionary is a heavy dependency; bigrams are the plain
  standard for Japanese text retrieval.
- A question with an "outside" phrase (certificates, company facts: glossary `_outside`) or a weak score gets no
  match: an owner answers it by hand rather than get a wrong draft.

Measured on tests/questionnaires/labelled.yaml by bench/questionnaire_matching.py (precision and recall).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

GLOSSARY = Path(__file__).resolve().parent / "glossary.yaml"
TERM_THRESHOLD = 0.5  # share of the question's terms the topic explains
BIGRAM_THRESHOLD = 0.3  # cosine of bigrams when no term decides
SECONDARY = 0.5
OUTSIDE = "_outside"
NOISE = re.compile(r"[\s、。,.・:：;；!！?？()（）「」『』【】\[\]\"'“”‘’/／\-–—~〜※*＊#＃]+")
# Words every questionnaire uses: they say nothing about the topic.
STOP = ("していますか", "しているか", "ありますか", "されていますか", "いますか", "ですか", "ください", "について",
        "貴社", "御社", "当社", "弊社", "実施", "対策", "有無", "状況", "記載", "はい", "いいえ", "回答", "ご回答",
        "行って", "おこなって", "定めて", "どのよう", "しています", "されて", "管理", "情報セキュリティ",
        "セキュリティ")  # fmt: skip


@cache
def glossary() -> dict[str, tuple[str, ...]]:
    data = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    return {str(term): tuple(normalise_plain(str(v)) for v in variants) for term, variants in data.items()}


def outside(question: str) -> bool:
    plain = normalise_plain(question)
    return any(phrase in plain for phrase in glossary().get(OUTSIDE, ()))


@cache
def _variants() -> list[tuple[str, str]]:
    pairs = [(v, term) for term, variants in glossary().items() if term != OUTSIDE for v in variants if v]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def normalise_plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return NOISE.sub("", text)


def terms_and_rest(text: str) -> tuple[Counter[str], str]:
    """The glossary terms found in `text` (with how often) and the text with each variant replaced by a marker."""
    plain = normalise_plain(text)
    found: Counter[str] = Counter()
    for variant, term in _variants():
        if variant in plain:
            found[term] += plain.count(variant)
            plain = plain.replace(variant, "|")
    for stop in STOP:
        plain = plain.replace(normalise_plain(stop), "|")
    return found, plain


def bigrams(text: str) -> Counter[str]:
    grams: Counter[str] = Counter()
    for part in text.split("|"):
        grams.update(part[i : i + 2] for i in range(len(part) - 1))
    return grams


@dataclass(frozen=True)
class Topic:
    id: str
    """The item, e.g. "question:basic-mfa"."""
    text: str
    terms: tuple[str, ...] = ()
    secondary: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    topic: str | None
    score: float
    terms: tuple[str, ...] = ()
    """Glossary terms of the question that the topic explains: the reason a reviewer reads."""
    runner_up: str | None = None


class Matcher:
    def __init__(self, topics: list[Topic]) -> None:
        self.topics = topics
        grams = [bigrams(terms_and_rest(topic.text)[1]) for topic in topics]
        df: Counter[str] = Counter()
        for g in grams:
            df.update(set(g))
        n = len(topics)
        self._idf = {gram: math.log((n + 1) / (count + 0.5)) for gram, count in df.items()}
        self._vectors = [self._vector(g) for g in grams]

    def _vector(self, grams: Counter[str]) -> dict[str, float]:
        return {g: c * self._idf[g] for g, c in grams.items() if g in self._idf}

    def _cosine(self, a: dict[str, float], b: dict[str, float]) -> float:
        dot = sum(v * b.get(k, 0.0) for k, v in a.items())
        norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
        return dot / norm if norm else 0.0

    def match(self, question: str) -> Match:
        if outside(question):
            return Match(None, 0.0)
        terms, rest = terms_and_rest(question)
        vector = self._vector(bigrams(rest))
        total = sum(terms.values())
        scored = []
        for topic, other in zip(self.topics, self._vectors, strict=True):
            explained = sum(n for t, n in terms.items() if t in topic.terms)
            explained += SECONDARY * sum(n for t, n in terms.items() if t in topic.secondary)
            share = explained / total if total else 0.0
            scored.append((share, self._cosine(vector, other), topic))
        scored.sort(key=lambda row: (row[0], row[1]), reverse=True)
        share, cosine, best = scored[0]
        runner = scored[1][2].id if len(scored) > 1 else None
        reasons = tuple(sorted(t for t in terms if t in best.terms or t in best.secondary))
        if total:
            if share >= TERM_THRESHOLD:
                return Match(best.id, round(min(1.0, 0.6 + 0.4 * share * (0.5 + cosine)), 3), reasons, runner)
            return Match(None, round(share, 3), reasons, best.id)
        by_bigram = max(scored, key=lambda row: row[1])
        if by_bigram[1] >= BIGRAM_THRESHOLD:
            return Match(by_bigram[2].id, round(by_bigram[1], 3), (), runner)
        return Match(None, round(by_bigram[1], 3), (), by_bigram[2].id)


@cache
def default_matcher() -> Matcher:
    """Topics: the questions of our security self-check, with their action and the glossary terms of each."""
    from rashinban.assessments.catalog import get_catalog

    catalog = get_catalog("security-selfcheck")
    topics = []
    for _section, question in catalog.all_questions():
        text = " ".join(filter(None, [question.text.get("ja", ""), (question.action or {}).get("ja", "")]))
        main, *secondary = TOPIC_TERMS.get(question.id, "").split("+")
        topics.append(Topic(f"question:{question.id}", text, tuple(main.split()), tuple(" ".join(secondary).split())))
    return Matcher(topics)


# The glossary terms of each topic: main terms, then after "+" secondary ones (they count half).
TOPIC_TERMS = {
    "basic-updates": "更新",
    "basic-antimalware": "ウイルス対策",
    "basic-passwords": "パスワード",
    "basic-mfa": "多要素認証",
    "basic-sharing": "共有設定",
    "basic-firewall": "ファイアウォール",
    "basic-threats": "脅威情報",
    "staff-mail": "不審メール",
    "staff-web": "ウェブ利用",
    "staff-devices": "端末保護 + 画面ロック",
    "staff-clear-desk": "クリアデスク + 画面ロック",
    "staff-take-out": "持ち出し",
    "staff-remote": "テレワーク",
    "staff-report": "報告 + 不審メール",
    "org-policy": "基本方針",
    "org-backups": "バックアップ",
    "org-restore-test": "復元 + バックアップ",
    "org-access-rights": "アクセス権",
    "org-vendors": "委託先 + 事故対応 報告",
    "org-incident": "事故対応 + 報告",
    "org-training": "教育 + 不審メール",
    "org-assets": "資産管理",
    "org-mail-spoofing": "なりすまし対策",
    "org-monitoring": "監視",
    "org-outside-help": "外部相談",
}
