"""Bench-only settings: the product's, plus one page (bench/urls.py) that shows the cost of being signed in."""

from rashinban.config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
