"""Anonymised comparisons: where a company stands among companies of the same industry and size band.

Only companies that opted in count (`Organisation.share_anonymised`), only the latest completed diagnosis of
each with the standard question bank, never the company itself, and nothing is shown for a group of fewer
than `MINIMUM_GROUP` companies. Per metric: group size, quartiles by the nearest-rank method (the value at rank
ceil(n/4) and ceil(3n/4) of the sorted scores), the median (mean of the two middle values for an even count) and
how many peers score below and equal to the company. The percentile is (below + equal / 2) / size × 100.

The group's latest scores are kept in the cache per group, each company's under the data version it was read at
(orgs/versions.py): a page reads the group's companies and versions (one small query), reuses every company whose
version is unchanged, and reads the latest round of only the companies that changed, joined or are new to the
entry (a new round, a re-scored one, any other change to the company). So a change to one company costs one
company's query, not the whole group's (the query over every round of the group took about 7 ms of PostgreSQL's
time at 10,000 companies, and ran after any write to any company of the group; bench/README.md). With nothing
kept (a new server, an expired entry), one query reads the group's companies with each one's newest round.

The versions are checked again once the group's entry is `PEER_GROUP_FRESH_SECONDS` old (30 s by default): the
group's companies and versions were 1.3 ms of every result page and report at 10,000 companies, for the groups
that dozens of pages a minute share. So another company's change shows in a comparison at most that much later;
the company's own scores are always the page's own (it is never among its peers), and the per-session page copy
already lags more (orgs/versions.py).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import OuterRef, QuerySet, Subquery

MINIMUM_GROUP = 5
OVERALL = "overall"
# How long a group's scores stay in the cache when nothing of the group changes.
GROUP_CACHE_SECONDS = 600


@dataclass(frozen=True)
class Standing:
    metric: str  # "overall" or a section id
    score: int  # the company's own score
    size: int  # companies compared with
    percentile: int  # 0..100: share of peers below (ties count half)
    q1: float
    median: float
    q3: float


@dataclass(frozen=True)
class Comparison:
    industry: str
    employee_band: str
    size: int
    standings: list[Standing]  # empty when the group is too small

    @property
    def shown(self) -> bool:
        return self.size >= MINIMUM_GROUP


def group_scores(catalog_id: str, industry: str, employee_band: str) -> dict[int, dict]:
    """The stored scores of each opted-in company's latest completed round with the standard bank `catalog_id`,
    by company id, for one industry and size band (a company without such a round is left out)."""
    from rashinban.orgs.models import Organisation

    key = "peers:" + hashlib.sha256(repr((catalog_id, industry, employee_band)).encode()).hexdigest()[:32]
    entry = cache.get(key) or {}
    kept: dict[int, tuple[tuple, dict | None]] = entry.get("kept", {})
    # A time ahead of this clock (another server's, sharing Redis) counts as old: read again.
    if not 0 <= time.time() - entry.get("checked", -1e12) < settings.PEER_GROUP_FRESH_SECONDS:
        group = Organisation.objects.filter(share_anonymised=True, industry=industry, employee_band=employee_band)
        # A company's version with its creation time, as the kept plans' (nextsteps/kept.py): a number alone could
        # meet an entry of another database whose ids and versions run alike (a test database, a restored one).
        if not kept:  # nothing kept: the companies with their newest scores in one query
            kept = {
                pk: ((version, created.timestamp() if created else None), scores)
                for pk, version, created, scores in _with_newest(group, catalog_id).values_list(
                    "id", "data_version", "created_at", "newest_scores"
                )
            }
        else:
            members = {
                pk: (version, created.timestamp() if created else None)
                for pk, version, created in group.order_by().values_list("id", "data_version", "created_at")
            }
            changed = {pk for pk, version in members.items() if pk not in kept or kept[pk][0] != version}
            read = _latest_scores(catalog_id, changed) if changed else {}
            kept = {pk: (version, read.get(pk)) if pk in changed else kept[pk] for pk, version in members.items()}
        cache.set(key, {"checked": time.time(), "kept": kept}, GROUP_CACHE_SECONDS)
    return {pk: scores for pk, (_version, scores) in kept.items() if scores is not None}


def _with_newest(organisations: QuerySet, catalog_id: str) -> QuerySet:
    """`organisations`, each with the stored scores of its newest completed round with the standard bank
    (`newest_scores`, None without one): per company one step down the index of its rounds by completion
    (`diagnosis_latest_round`), not a window over every round of the group (92-209 ms at 5,000 companies and
    100,000 rounds on PostgreSQL against 53-88 ms, bench/README.md)."""
    from rashinban.assessments.models import Diagnosis

    newest = Diagnosis.objects.filter(
        organisation=OuterRef("pk"), completed_at__isnull=False, catalog_id=catalog_id, custom_catalog_id__isnull=True
    ).order_by("-completed_at", "-id")
    return organisations.order_by().annotate(newest_scores=Subquery(newest.values("management_scores")[:1]))


def _latest_scores(catalog_id: str, organisation_ids: Collection[int]) -> dict[int, dict]:
    """The stored scores of the latest completed round with the standard bank of each of these companies (a
    company without one is left out)."""
    from rashinban.orgs.models import Organisation

    found = _with_newest(Organisation.objects.filter(pk__in=list(organisation_ids)), catalog_id)
    return {pk: scores for pk, scores in found.values_list("id", "newest_scores") if scores is not None}


def _score(stored: Mapping, metric: str) -> int | None:
    value = stored.get(OVERALL) if metric == OVERALL else (stored.get("sections") or {}).get(metric)
    return None if value is None else int(value)


def compare(
    organisation_id: int, industry: str, employee_band: str, catalog_id: str, own_scores: Mapping[str, int]
) -> Comparison:
    """The company's standing per metric among opted-in peers of the same industry and size band."""
    metrics: Sequence[str] = list(own_scores)
    peers = [
        stored for pk, stored in group_scores(catalog_id, industry, employee_band).items() if pk != organisation_id
    ]
    values = {metric: sorted(v for v in (_score(s, metric) for s in peers) if v is not None) for metric in metrics}
    size = max((len(v) for v in values.values()), default=0)
    standings = []
    if size >= MINIMUM_GROUP:
        for metric in metrics:
            scores, mine = values[metric], own_scores[metric]
            n = len(scores)
            if n < MINIMUM_GROUP:
                continue
            below = sum(1 for v in scores if v < mine)
            equal = sum(1 for v in scores if v == mine)
            median = (scores[(n + 1) // 2 - 1] + scores[(n + 2) // 2 - 1]) / 2
            standings.append(
                Standing(
                    metric,
                    mine,
                    n,
                    round((below + equal / 2) / n * 100),
                    float(scores[(n + 3) // 4 - 1]),
                    median,
                    float(scores[(3 * n + 3) // 4 - 1]),
                )
            )
    return Comparison(industry, employee_band, size, standings)
