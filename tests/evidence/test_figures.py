"""A run's figures in words an owner reads, in Japanese by default."""

from __future__ import annotations

from django.utils import translation

from rashinban.evidence.figures import figure_rows


def test_figures_are_labelled_and_readable():
    result = {
        "check": "backups",
        "datasets_total": 2,
        "mfa_coverage": 0.8333,
        "register": [{"name": "会計データ", "copies": 3, "offsite": True, "last_restore_test": None}],
        "spf": {"record": "v=spf1 -all", "lookups": 0},
        "brand_new_key": 7,
        "findings": [{"id": "x"}],
    }
    with translation.override("en"):
        rows = dict(figure_rows(result))

    assert rows["Data sets"] == "2" and rows["MFA coverage"] == "83%"
    assert rows["会計データ"] == "copies 3 · off site yes · last restore test —"
    assert rows["SPF DNS lookups"] == "0" and rows["brand_new_key"] == "7"
    assert "findings" not in rows and "check" not in rows


def test_japanese_labels():
    with translation.override("ja"):
        rows = dict(figure_rows({"datasets_total": 1, "register": [{"name": "顧客", "offsite": False}]}))

    assert "datasets_total" not in rows and all(not key.isascii() for key in rows)
    assert "いいえ" in rows["顧客"]
