"""Precision and recall of the drill classifier over a generated drill, beside the rule it replaced.

    .venv/bin/python bench/drill_classify.py [--people 10000] [--seed 1]

The people and scanners come from `rashinban.drills.simulate` (behaviours and their sources in its docstring
and in docs/drills.md), each with the truth: did this person click, did this person report. Prints precision
and recall for clicks and reports, what the misjudged cases were, the speed, and the same figures for the old
rule (a hit within 20 s of delivery, or one of five people active within 10 s, was a scan; reports always
counted; the page's first interaction was a click). Exits 1 when a figure is under its floor.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from bench_args import natural, positive

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

FLOORS = {("clicked", "precision"): 0.9, ("clicked", "recall"): 0.97,
          ("reported", "precision"): 0.98, ("reported", "recall"): 0.98}  # fmt: skip


def score(truth: list[bool], guess: list[bool]) -> tuple[float, float, int, int, int]:
    tp = sum(t and g for t, g in zip(truth, guess, strict=True))
    fp = sum(g and not t for t, g in zip(truth, guess, strict=True))
    fn = sum(t and not g for t, g in zip(truth, guess, strict=True))
    return tp / max(1, tp + fp), tp / max(1, tp + fn), tp, fp, fn


def old_rule(people):  # type: ignore[no-untyped-def]
    """The burst rule the classifier replaced (drills/results.py before issue 22), on the same hits."""
    hits = [(h.at, n, h.event) for n, p in enumerate(people) for h in p.hits if h.channel == "page"]
    scanned = {(n, event, at) for at, n, event in hits
               if (at - people[n].delivered_at).total_seconds() < 20 and event != "report"}  # fmt: skip
    hits.sort()
    start = 0
    for end in range(len(hits)):
        while hits[end][0] - hits[start][0] > timedelta(seconds=10):
            start += 1
        group = hits[start : end + 1]
        if len({n for _at, n, _e in group}) >= 5:
            scanned.update((n, e, at) for at, n, e in group if e != "report")
    clicked = [any(h.event in ("interaction", "submit") and (n, h.event, h.at) not in scanned for h in p.hits)
               for n, p in enumerate(people)]  # fmt: skip
    reported = [any(h.event == "report" for h in p.hits) for p in people]
    return clicked, reported


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=positive, default=10_000)
    parser.add_argument("--seed", type=natural, default=1)
    parser.add_argument("--spread", action="store_true", help="people read over the day, not in a 9 a.m. peak")
    args = parser.parse_args()
    from rashinban.drills import classify, simulate
    from rashinban.drills.scanners import builtin_scanners

    people = simulate.drill(args.people, seed=args.seed, peak=not args.spread)
    hits = sum(len(p.hits) for p in people)
    started = time.perf_counter()
    outcomes = classify.classify([p.stream() for p in people], builtin_scanners())
    seconds = time.perf_counter() - started
    print(f"{args.people:,} people, {hits:,} hits, judged in {seconds:.2f} s ({hits / seconds:,.0f} hits/s)")
    missed = []
    old_clicked, old_reported = old_rule(people)
    for what, old in (("clicked", old_clicked), ("reported", old_reported)):
        truth = [getattr(p, what) for p in people]
        precision, recall, tp, fp, fn = score(truth, [getattr(o, what) for o in outcomes])
        print(f"  {what:<9} precision {precision:.3f}  recall {recall:.3f}  ({tp} right, {fp} wrongly counted, "
              f"{fn} missed)")  # fmt: skip
        old_precision, old_recall, *_rest = score(truth, old)
        print(f"  {'':<9} the old rule: precision {old_precision:.3f}  recall {old_recall:.3f}")
        for kind, value in (("precision", precision), ("recall", recall)):
            if value < FLOORS[(what, kind)]:
                missed.append(f"{what} {kind} {value:.3f} < {FLOORS[(what, kind)]}")
    wrong = Counter()
    for p, o in zip(people, outcomes, strict=True):
        for what in ("clicked", "reported"):
            if getattr(p, what) != getattr(o, what):
                codes = sorted({j.reason.code for j in o.judgements if j.hit.event in classify.PRESSES})
                wrong[(what, "counted" if getattr(o, what) else "missed", ", ".join(codes))] += 1
    for (what, how, codes), n in wrong.most_common(8):
        print(f"  {n:>4} × {what} {how} (their presses judged: {codes})")
    if missed:
        print("under the floor:", "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
