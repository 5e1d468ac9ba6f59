"""How the map backs or contradicts DX answers of patterns 4 and 6: hand-built maps, each rule once."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from rashinban.landscape.analysis import LinkData, SystemData, VendorData, analyse
from rashinban.landscape.dx_evidence import Observation, answer_level, observations, verdict

NOW = datetime(2026, 5, 1, tzinfo=UTC)


def by_question(systems, links, vendors=(), skills=()):  # type: ignore[no-untyped-def]
    result = analyse(systems, links, vendors)
    return {o.question_id: o for o in observations(systems, links, vendors, result, skills)}


def test_a_map_with_daily_rekeying_and_spread_customers_says_no_to_p6():
    systems = [
        SystemData("POS", data_kinds=("customer",), operators=("a",)),
        SystemData("CRM", data_kinds=("customer",)),
        SystemData("Shop", data_kinds=("customer",)),
    ]
    links = [LinkData("POS", "CRM", "manual", "daily", Decimal(5))]

    seen = by_question(systems, links)

    assert seen["p6-q1"].level == 0  # re-keyed every day
    assert seen["p6-q2"].level == 1 and seen["p6-q2"].finding_ids == ("data-spread-customer",)
    assert seen["p6-q3"].level == 0  # no automatic link at all
    assert seen["p4-q1"].level == 1  # one of three systems run inside


def test_fully_automatic_links_and_one_customer_record_say_yes():
    systems = [
        SystemData("A", data_kinds=("customer",), operators=("x",)),
        SystemData("B", data_kinds=("customer",), operators=("y",)),
    ]
    seen = by_question(systems, [LinkData("A", "B", "api")], [VendorData("V", returns_docs=True)], [{"basic_it": 3}])
    assert {q: o.level for q, o in seen.items()} == {
        "p4-q1": 2,
        "p4-q2": 2,
        "p4-q4": 2,
        "p6-q1": 2,
        "p6-q2": 2,
        "p6-q3": 2,
    }


def test_answer_levels():
    assert [answer_level(p, 3) for p in (0, 1, 3)] == [0, 1, 2]


def test_agreeing_answer_is_backed_an_overclaim_is_contradicted_a_cautious_one_step_is_neither():
    observed = Observation("p6-q2", 1, "reason", "systems-map", ("data-spread-customer",))

    assert verdict(observed, 1, NOW).status == "backed"  # type: ignore[union-attr]
    contradicted = verdict(observed, 2, NOW)
    assert contradicted and contradicted.status == "contradicted"
    assert contradicted.finding_ids == ("data-spread-customer",) and contradicted.checked_at == NOW
    assert verdict(observed, 0, NOW) is None
    assert verdict(Observation("p6-q1", 2, "r", "systems-map"), 0, NOW).status == "contradicted"  # type: ignore[union-attr]


def test_an_empty_map_says_nothing():
    assert by_question([], []) == {}
