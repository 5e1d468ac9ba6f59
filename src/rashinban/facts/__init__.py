"""The facts registry (事実の台帳): every dated fact the product states, with its source.

A deadline, date, amount, rate, limit or programme name that the product tells a user lives here, in
`data/*.yaml`, with an "as of" date, a date by which someone must check it again, and the official
page it comes from. Texts, documents and checks read it through `fact(id)` and never retype it.
How to update a fact: docs/facts.md.
"""

from __future__ import annotations

from rashinban.facts.registry import Fact, FactsError, all_facts, fact, stale_facts

__all__ = ["Fact", "FactsError", "all_facts", "fact", "stale_facts"]
