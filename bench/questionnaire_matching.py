"""Precision and recall of matching customers' questionnaire questions to our topics.

    .venv/bin/python bench/questionnaire_matching.py [--show-misses]

Reads tests/questionnaires/labelled.yaml (190 questions in varied wording, each labelled with the self-check
question that answers it or null) and matches each with rashinban.questionnaires.matching. Per set ("dev": used
while the glossary and threshold were chosen; "heldout": not looked at while tuning):

    precision = right matches / questions given a match
    recall    = right matches / questions that have a right answer (label not null)

Exits 1 when a held-out figure is under its floor.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
LABELLED = ROOT / "tests" / "questionnaires" / "labelled.yaml"
FLOORS = {"precision": 0.8, "recall": 0.75}


def measure(rows, matcher):  # type: ignore[no-untyped-def]
    right = given = answerable = 0
    misses = []
    for row in rows:
        want = f"question:{row['item']}" if row["item"] else None
        got = matcher.match(row["q"])
        answerable += want is not None
        if got.topic is not None:
            given += 1
            right += got.topic == want
        if got.topic != want:
            misses.append((row["q"], want, got.topic, got.score))
    return right / max(1, given), right / max(1, answerable), len(rows), misses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    from rashinban.questionnaires.matching import default_matcher

    matcher = default_matcher()
    data = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    failed = False
    for name in ("dev", "heldout"):
        start = time.perf_counter()
        precision, recall, count, misses = measure(data[name], matcher)
        took = (time.perf_counter() - start) / count * 1000
        print(
            f"{name:8s} {count:4d} questions  precision {precision:.3f}  recall {recall:.3f}  ({took:.2f} ms/question)"
        )
        if args.show_misses:
            for q, want, got, score in misses:
                print(f"    {score:.3f} want {want} got {got}: {q}")
        if name == "heldout":
            failed = precision < FLOORS["precision"] or recall < FLOORS["recall"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
