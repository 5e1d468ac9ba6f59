"""Bench-only settings: the product's, plus two pages (bench/urls.py): the cost of being signed in, and the
realistic load's writes. RASHINBAN_BENCH_NO_PAGE_CACHE=1 serves every page uncached (a cache that keeps
nothing, and no kept plan of next steps: every page ranks again), for the uncached render figures of
bench/realistic.py: the first page after a change, the worst case."""

import os

from rashinban.config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
if os.environ.get("RASHINBAN_BENCH_NO_PAGE_CACHE") == "1":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    NEXTSTEPS_KEEP_PLANS = False
