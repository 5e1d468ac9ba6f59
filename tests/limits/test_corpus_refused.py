"""Every file of the malformed corpus is refused by the bounded readers with a message naming it, quickly."""

from __future__ import annotations

import time
from typing import Any

import pytest

from rashinban import limits
from rashinban.limits import LimitError
from tests.limits.corpus import CORPUS


def read_any(name: str, data: bytes, profile: limits.Limits) -> Any:
    """Read a file the way an upload of its kind is read."""
    if name.endswith(".xlsx"):
        with limits.read_workbook(data, name, profile) as book:
            return [list(limits.sheet_rows(sheet, name, profile)) for sheet in book.worksheets]
    if name.endswith(".zip"):
        with limits.open_zip(data, name, profile) as archive:
            return [limits.read_member(archive, info, name, profile) for info in archive.infolist()]
    if name.endswith(".gz"):
        return limits.read_gzip(data, name, profile)
    if name.endswith(".json"):
        return limits.load_json(data, name, profile)
    if name.endswith(".yaml"):
        return limits.load_yaml(data.decode("utf-8"), name, profile)
    if name.endswith(".csv"):
        return list(limits.csv_rows(limits.decode_text(data, name, profile), name, profile))
    if name.endswith(".xml"):
        return limits.parse_xml(data, name, profile)
    raise AssertionError(name)


@pytest.mark.parametrize(("name", "builder", "words"), CORPUS, ids=[entry[0] for entry in CORPUS])
def test_corpus_file_is_refused_with_its_name(name, builder, words):
    data = builder(1)
    started = time.perf_counter()
    with pytest.raises(LimitError) as caught:
        read_any(name, data, limits.DEFAULT)
    assert time.perf_counter() - started < 5  # bench/limits.py records the real figure (under 2 s)
    assert str(caught.value).startswith(name)
    assert words in str(caught.value)


def test_the_limits_refuse_in_japanese(settings):
    from django.utils import translation

    with translation.override("ja"), pytest.raises(LimitError) as caught:
        read_any("deep.json", b"[" * 5000 + b"]" * 5000, limits.DEFAULT)
    assert "deep.json" in str(caught.value)
    assert "階層" in str(caught.value)
