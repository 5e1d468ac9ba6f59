"""The framework library: shipped files load, every requirement is sourced and dated, mappings point to items
that exist, and a bad file names the file and line of its first problem."""

from __future__ import annotations

import pytest

from rashinban.frameworks.items import PENDING, existing_items, known_items
from rashinban.frameworks.library import FrameworkError, builtin_frameworks, load_framework_text

SHIPPED = {
    "security-action",
    "ipa-sme-guideline",
    "meti-supply-chain-3",
    "meti-supply-chain-4",
    "iso27001-2022",
    "nist-csf-2.0",
    "cis-v8-ig1",
}


def test_the_shipped_frameworks_load_with_their_official_counts():
    library = builtin_frameworks()
    assert SHIPPED <= set(library)
    assert len(library["iso27001-2022"].requirements) == 93  # Annex A of ISO/IEC 27001:2022
    assert len(library["cis-v8-ig1"].requirements) == 56  # the IG1 safeguards of CIS Controls v8
    assert len(library["nist-csf-2.0"].requirements) == 22  # the categories of CSF 2.0
    iso = [r.id for r in library["iso27001-2022"].requirements]
    assert iso[:1] == ["5.1"] and iso[-1] == "8.34" and sum(i.startswith("5.") for i in iso) == 37
    assert [lv.id for lv in library["security-action"].levels] == ["★", "★★"]


def test_drafts_say_so_with_their_date():
    for fid in ("meti-supply-chain-3", "meti-supply-chain-4"):
        framework = builtin_frameworks()[fid]
        assert framework.status == "draft" and framework.draft_date is not None
        assert framework.numbering == "provisional"  # our numbers until the final text (documented in the file)
    assert builtin_frameworks()["meti-supply-chain-4"].proof == "proven"  # a third party evaluates ★4


def test_every_requirement_has_a_source_and_a_date():
    for framework in builtin_frameworks().values():
        for req in framework.requirements:
            assert framework.source_of(req).url.startswith("https://"), (framework.id, req.id)
            assert framework.source_of(req).title
            assert framework.as_of_of(req) is not None
            assert req.summary["ja"].strip() and req.summary["en"].strip()


def test_every_mapping_points_to_an_item_that_exists():
    existing = existing_items()
    assert PENDING == set()
    dangling = {
        (f.id, r.id, m.item)
        for f in builtin_frameworks().values()
        for r in f.requirements
        for m in r.by
        if m.item not in existing
    }
    assert dangling == set()
    assert any(
        m.item == "record:ipa-self-diagnosis"
        for r in builtin_frameworks()["security-action"].requirements
        for m in r.by
    )


def test_the_item_list_reads_the_real_registries():
    items = known_items()
    assert {"question:basic-updates", "check:accounts", "document:policy", "training:targeted-mail"} <= items
    assert "question:no-such-question" not in items


GOOD = """\
id: own
title: {ja: 取引先A社の要求, en: Requirements of customer A}
version: "1"
as_of: 2026-11-01
source: {title: A社 取引先セキュリティ基準, url: "https://example.com/a"}
reviewed: 2026-11-02
requirements:
  - id: A-1
    summary: {ja: バックアップ, en: Backups}
    by: [{item: "check:backups"}]
"""


def test_an_own_framework_loads():
    framework = load_framework_text(GOOD, "own.yaml", known_items())
    assert framework.requirement("A-1").by[0].item == "check:backups"


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (('    by: [{item: "check:backups"}]', '    by: [{item: "check:nothing"}]'), 10, "unknown item"),
        (("  - id: A-1", "  - id: A 1"), 8, "letters, digits"),
        (("reviewed: 2026-11-02\n", ""), 1, "reviewed"),
        (('url: "https://example.com/a"', 'url: "http://example.com/a"'), 5, "https://"),
        (("en: Backups}", "fr: Backups}"), 9, "text is missing"),
        (('version: "1"\n', 'version: "1"\nversion: "2"\n'), 4, "twice"),
        (("as_of: 2026-11-01", "as_of: [1"), 5, "YAML"),
    ],
)
def test_a_bad_file_names_the_file_and_line(change, line, words):
    text = GOOD.replace(*change)
    assert text != GOOD
    with pytest.raises(FrameworkError) as caught:
        load_framework_text(text, "own.yaml", known_items())
    assert caught.value.source == "own.yaml"
    assert caught.value.line == line, str(caught.value)
    assert words in str(caught.value)
