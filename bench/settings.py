"""Bench-only settings: the product's, plus two pages (bench/urls.py): the cost of being signed in, and the
realistic load's writes. RASHINBAN_BENCH_NO_PAGE_CACHE=1 serves every page uncached (a cache that keeps
nothing, and no kept plan of next steps: every page ranks again), for the uncached render figures of
bench/realistic.py: the first page after a change, the worst case."""

import os

from rashinban.config.settings import *  # noqa: F403
from rashinban.config.settings import CACHE_PAGES

ROOT_URLCONF = "bench.urls"
if os.environ.get("RASHINBAN_BENCH_NO_PAGE_CACHE") == "1":
    CACHES = {name: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"} for name in ("default", CACHE_PAGES)}
    NEXTSTEPS_KEEP_PLANS = False
