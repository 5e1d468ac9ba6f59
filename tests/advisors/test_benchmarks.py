"""Anonymised comparisons, hand-computed: quartiles by nearest rank, ties count half, groups under five hidden."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from rashinban.advisors.benchmarks import MINIMUM_GROUP, compare
from rashinban.assessments.models import Diagnosis
from rashinban.orgs.models import Organisation

NOW = timezone.now()


def company(
    name: str,
    overall: int | None,
    p1: int = 50,
    *,
    share: bool = True,
    industry: str = "manufacturing",
    band: str = "21-50",
    days_ago: int = 1,
) -> Organisation:
    org = Organisation.objects.create(name=name, industry=industry, employee_band=band, share_anonymised=share)
    if overall is not None:
        add_round(org, overall, p1, days_ago)
    return org


def add_round(org: Organisation, overall: int, p1: int, days_ago: int) -> Diagnosis:
    when = NOW - timedelta(days=days_ago)
    return Diagnosis.objects.create(
        organisation=org,
        catalog_id="dx-seven-sins",
        catalog_version=1,
        created_at=when,
        completed_at=when,
        management_scores={"overall": overall, "sections": {"p1-strategy": p1}},
    )


def standing(result, metric):  # type: ignore[no-untyped-def]
    return next(s for s in result.standings if s.metric == metric)


def test_standing_among_peers_hand_computed(db):
    me = company("me", 60)
    for i, score in enumerate([20, 40, 60, 80, 90, 100]):
        company(f"peer{i}", score, p1=score // 2)
    old = company("peer-with-history", 10, p1=0, days_ago=400)  # its newer round below counts, not this one
    add_round(old, 70, 35, days_ago=3)
    company("not sharing", 0, share=False)
    company("other industry", 0, industry="retail")
    company("other size", 0, band="1-5")
    company("not answered", None)

    result = compare(me.id, "manufacturing", "21-50", "dx-seven-sins", {"overall": 60, "p1-strategy": 30})

    # Peers' overall scores, sorted: 20 40 60 70 80 90 100 (n = 7; the company itself is not a peer).
    overall = standing(result, "overall")
    assert result.size == 7 and overall.size == 7
    assert (overall.q1, overall.median, overall.q3) == (40, 70, 90)  # ranks 2, 4, 6
    assert overall.percentile == round((2 + 0.5) / 7 * 100)  # two below, one equal
    p1 = standing(result, "p1-strategy")  # 10 20 30 35 40 45 50
    assert (p1.q1, p1.median, p1.q3, p1.percentile) == (20, 35, 45, round((2 + 0.5) / 7 * 100))


def test_even_group_median_is_the_mean_of_the_middle_two(db):
    me = company("me", 50)
    for i, score in enumerate([10, 20, 30, 40, 50, 60]):
        company(f"peer{i}", score)

    overall = standing(compare(me.id, "manufacturing", "21-50", "dx-seven-sins", {"overall": 100}), "overall")

    assert overall.median == 35 and (overall.q1, overall.q3) == (20, 50) and overall.percentile == 100


def test_fewer_than_five_peers_show_nothing(db):
    me = company("me", 50)
    for i in range(MINIMUM_GROUP - 1):
        company(f"peer{i}", 40 + i)

    result = compare(me.id, "manufacturing", "21-50", "dx-seven-sins", {"overall": 50})

    assert result.size == MINIMUM_GROUP - 1 and not result.shown and result.standings == []


def test_the_comparison_starts_from_the_companies_of_the_group(db, settings):
    """With many companies, the database finds the group through its index (industry, size band), then each
    company's newest round one step down the index of its rounds (`diagnosis_latest_round`), instead of reading
    every diagnosis of the installation (120 ms a result page on SQLite at 10,000 companies) or every round of the
    group (a window over 100,000 rounds: 130-200 ms on PostgreSQL). Cold, one query; after a change, the group's
    companies and that company's newest round."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    me = company("me", 60)
    others = []
    for i in range(40):
        others.append(company(f"c{i}", 50 + i % 7, industry=["manufacturing", "retail", "construction", "it"][i % 4],
                              band=["1-5", "6-20", "21-50"][i % 3]))  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as `rashinban demo --scale` and autovacuum leave a big database
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        compare(me.id, "manufacturing", "21-50", "dx-seven-sins", {"overall": 60})
    peer = next(o for o in others if (o.industry, o.employee_band) == ("manufacturing", "21-50"))
    add_round(peer, 10, 50, days_ago=0)
    settings.PEER_GROUP_FRESH_SECONDS = 0  # the kept group is checked again at once
    with CaptureQueriesContext(connection) as warm:
        compare(me.id, "manufacturing", "21-50", "dx-seven-sins", {"overall": 60})
    assert len(cold) == 1 and len(warm) == 2
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    plans = []
    for query in (*cold.captured_queries, warm.captured_queries[1]):
        with connection.cursor() as cursor:
            cursor.execute(explain + query["sql"])
            plans.append(" ".join(str(row) for row in cursor.fetchall()))
    assert "organisation_peer_group" in plans[0] or "Seq Scan on orgs_organisation" in plans[0], plans[0]
    for plan in plans:  # PostgreSQL reads tables this small whole; the rounds through their index or not at all
        assert "diagnosis_latest_round" in plan or (connection.vendor != "sqlite" and "SubPlan" in plan), plan
    assert f"IN ({peer.id})" in warm.captured_queries[1]["sql"]  # that company's newest round only


def nearest_rank(values: list[int], share: float) -> int:
    """The textbook nearest-rank definition, by scanning: the smallest value with at least `share` of the values
    at or below it (an independent reference for the rank arithmetic in benchmarks.compare)."""
    return min(v for v in values if sum(1 for w in values if w <= v) >= share * len(values))


def test_random_groups_match_the_textbook_definitions(db):
    import random
    import statistics

    rng = random.Random(7)
    for band, n in (("1-5", 5), ("6-20", 8), ("21-50", 13), ("51-100", 30)):
        me = company(f"me-{band}", 50, band=band)
        scores = [rng.choice(range(0, 101, 5)) for _ in range(n)]  # ties on purpose
        for i, score in enumerate(scores):
            company(f"{band}-{i}", score, band=band)
        mine = rng.choice(scores)

        overall = standing(compare(me.id, "manufacturing", band, "dx-seven-sins", {"overall": mine}), "overall")

        assert overall.size == n
        assert overall.q1 == nearest_rank(scores, 0.25) and overall.q3 == nearest_rank(scores, 0.75)
        assert overall.median == statistics.median(scores)
        below, equal = sum(s < mine for s in scores), scores.count(mine)
        assert overall.percentile == round(100 * (below + equal / 2) / n)


def test_the_group_is_read_once_until_a_company_of_it_changes(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    me = company("me", 60)
    peers = [company(f"peer{i}", score) for i, score in enumerate([20, 40, 60, 80, 90])]
    first = compare(me.id, "manufacturing", "21-50", "dx-seven-sins", {"overall": 60})
    with CaptureQueriesContext(connection) as captured:
        again = compare(me.id, "manufacturing", "21-50", "dx-seven-sins", {"overall": 60})
    assert again == first and len(captured) == 1  # the group's companies and versions only

    add_round(peers[0], 100, 50, days_ago=0)  # its newer round replaces the 20
    changed = standing(compare(me.id, "manufacturing", "21-50", "dx-seven-sins", {"overall": 60}), "overall")
    assert (changed.q1, changed.median, changed.q3) == (60, 80, 90)  # 40 60 80 90 100

    peers[1].share_anonymised = False  # leaves the group
    peers[1].save()
    assert compare(me.id, "manufacturing", "21-50", "dx-seven-sins", {"overall": 60}).size == 4


def test_a_change_to_one_company_reads_that_company_again_only(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    me = company("me", 60)
    peers = [company(f"peer{i}", score) for i, score in enumerate([20, 40, 60, 80, 90])]
    compare(me.id, "manufacturing", "21-50", "dx-seven-sins", {"overall": 60})
    add_round(peers[2], 10, 50, days_ago=0)

    with CaptureQueriesContext(connection) as captured:
        changed = standing(compare(me.id, "manufacturing", "21-50", "dx-seven-sins", {"overall": 60}), "overall")

    assert (changed.q1, changed.median, changed.q3) == (20, 40, 80)  # 10 20 40 80 90
    assert len(captured) == 2
    assert f"IN ({peers[2].id})" in captured.captured_queries[1]["sql"]  # that company's rounds only


def test_kept_scores_always_match_a_fresh_reading(db):
    """Random changes to a group (new rounds, deleted rounds, companies leaving, joining, other changes), each
    followed by a comparison: the group as kept equals the group read afresh with an empty cache."""
    import random

    from django.core.cache import cache

    from rashinban.advisors.benchmarks import group_scores

    rng = random.Random(11)
    orgs = [company(f"c{i}", rng.randrange(0, 101)) for i in range(12)]
    for step in range(60):
        org = rng.choice(orgs)
        action = rng.choice(["round", "delete", "leave", "join", "other"])
        if action == "round":
            add_round(org, rng.randrange(0, 101), rng.randrange(0, 101), days_ago=-step)
        elif action == "delete" and (newest := org.diagnoses.order_by("-completed_at", "-id").first()):
            newest.delete()
        elif action in ("leave", "join"):
            org.share_anonymised = action == "join"
            org.save()
        else:
            org.name = f"{org.name}+"
            org.save()
        kept = group_scores("dx-seven-sins", "manufacturing", "21-50")
        cache.clear()
        assert kept == group_scores("dx-seven-sins", "manufacturing", "21-50"), (step, action)


def test_a_group_is_used_for_its_fresh_seconds_then_checked_again(db, settings, monkeypatch):
    """Within PEER_GROUP_FRESH_SECONDS no query at all, and another company's change waits; after them, it shows."""
    import time as clock

    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # no group kept by an earlier test
    settings.PEER_GROUP_FRESH_SECONDS = 30
    now = [clock.time()]
    monkeypatch.setattr(clock, "time", lambda: now[0])
    me = company("me", 60)
    peers = [company(f"peer{i}", score) for i, score in enumerate([20, 40, 60, 80, 90])]
    first = standing(compare(me.id, "manufacturing", "21-50", "dx-seven-sins", {"overall": 60}), "overall")
    add_round(peers[0], 100, 50, days_ago=0)  # its newer round replaces the 20

    now[0] += 29
    with CaptureQueriesContext(connection) as captured:
        within = standing(compare(me.id, "manufacturing", "21-50", "dx-seven-sins", {"overall": 60}), "overall")
    assert len(captured) == 0 and within == first

    now[0] += 2
    after = standing(compare(me.id, "manufacturing", "21-50", "dx-seven-sins", {"overall": 60}), "overall")
    assert (first.q1, first.median, first.q3) == (40, 60, 80)  # 20 40 60 80 90
    assert (after.q1, after.median, after.q3) == (60, 80, 90)  # 40 60 80 90 100

    now[0] -= 60  # a group checked by a server whose clock is ahead: read again, not trusted for longer
    add_round(peers[1], 0, 50, days_ago=0)
    behind = standing(compare(me.id, "manufacturing", "21-50", "dx-seven-sins", {"overall": 60}), "overall")
    assert (behind.q1, behind.median, behind.q3) == (60, 80, 90)  # 0 60 80 90 100
    cache.clear()  # checked at a made-up time: not for the next test


def test_each_company_counts_with_its_newest_completed_standard_round(db):
    """An independent reference: the newest round picked in Python from every round, by (completion time, id)
    with the standard bank only: ties in completion time, rounds never completed, a newer round with the company's
    own bank or with the security self-check, a company without any round."""
    import random

    from django.core.cache import cache

    from rashinban.advisors.benchmarks import group_scores
    from rashinban.assessments.models import CustomCatalog

    rng = random.Random(5)
    orgs = [company(f"r{i}", None) for i in range(15)]
    when = [NOW - timedelta(days=d) for d in (1, 2, 3)]  # few instants: ties on purpose
    for org in orgs[:-1]:  # the last one has no round at all
        own = (CustomCatalog.objects.create(organisation=org, catalog_id=f"own-{org.pk}", version=1, title="own",
                                            source="x") if rng.random() < 0.3 else None)  # fmt: skip
        for _ in range(rng.randrange(1, 6)):
            done = rng.choice([*when, None])
            catalog = rng.choice(["dx-seven-sins", "dx-seven-sins", "security-selfcheck"])
            Diagnosis.objects.create(
                organisation=org, catalog_id=catalog, catalog_version=1, completed_at=done,
                custom_catalog=own if own and rng.random() < 0.5 else None,
                management_scores={"overall": rng.randrange(0, 101), "sections": {}},
            )  # fmt: skip
    expected = {}
    for org in orgs:
        rounds = [d for d in Diagnosis.objects.filter(organisation=org)
                  if d.completed_at and d.catalog_id == "dx-seven-sins" and d.custom_catalog_id is None]  # fmt: skip
        if rounds:
            expected[org.pk] = max(rounds, key=lambda d: (d.completed_at, d.pk)).management_scores
    assert len(expected) >= 8  # the data does tell the ways apart

    cache.clear()
    assert group_scores("dx-seven-sins", "manufacturing", "21-50") == expected  # cold: one query
    add_round(orgs[-1], 77, 50, days_ago=0)  # the company without rounds gets one: read through the changed path
    expected[orgs[-1].pk] = {"overall": 77, "sections": {"p1-strategy": 50}}
    orgs[-1].refresh_from_db()
    from django.test import override_settings

    with override_settings(PEER_GROUP_FRESH_SECONDS=0):
        assert group_scores("dx-seven-sins", "manufacturing", "21-50") == expected
