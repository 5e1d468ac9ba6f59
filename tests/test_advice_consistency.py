"""One piece of advice, said the same everywhere (issue 15): 3-2-1, the restore-test frequency, public Wi-Fi,
and "two administrators". Each test reads the shipped texts (question banks, lessons, document content, the
catalogue) and fails when one of them says something else.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

from rashinban.evidence.checks.backups import RESTORE_TEST_DAYS
from rashinban.facts import fact

SRC = Path(__file__).resolve().parents[1] / "src" / "rashinban"
TEXT_FILES = [
    *SRC.glob("assessments/catalog/*.yaml"),
    *SRC.glob("training/lessons/*.yaml"),
    *SRC.glob("documents/content/*.yaml"),
    *SRC.glob("facts/data/*.yaml"),
]


def lines() -> list[tuple[str, str]]:
    found = []
    for path in TEXT_FILES:
        found += [(f"{path.name}:{n}", line) for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)]
    po = polib.pofile(str(SRC / "locale/ja/LC_MESSAGES/django.po"))
    found += [(f"django.po: {e.msgid[:40]}", f"{e.msgid} {e.msgstr}".replace("\n", " ")) for e in po if not e.obsolete]
    return found


OFFLINE = re.compile(r"切り離|書き換えでき|offline|disconnected|immutable", re.IGNORECASE)


def test_the_one_of_3_2_1_is_off_site_and_offline_is_the_extra_one_of_3_2_1_1_0():
    """A line about 3-2-1 that mentions offline copies must name 3-2-1-1-0 as where they belong."""
    wrong = [
        where
        for where, line in lines()
        if "3-2-1" in line and OFFLINE.search(line) and "3-2-1-1-0" not in line and "32110" not in line
    ]
    assert not wrong, wrong
    statement = fact("backup-3-2-1").text("ja")
    assert "社外" in statement and not OFFLINE.search(statement)


def test_one_restore_test_frequency():
    months = int(fact("backup-restore-test-months").value)  # type: ignore[arg-type]
    assert RESTORE_TEST_DAYS == round(months * 365 / 12)
    said = {"年1回": 12, "once a year": 12, "年に数回": None, "a few times a year": None, "か月に1回": None}
    for where, line in lines():
        if not re.search(r"復元|restore", line, re.IGNORECASE):
            continue
        for words, value in said.items():
            if words in line and "{value}" not in line:
                assert value == months, f"{where}: “{words}” but the fact says every {months} months"


def test_policy_and_lessons_agree_on_public_wifi():
    texts = [line for _where, line in lines() if "Wi-Fi" in line and ("無料" in line or "free" in line)]
    rules = [t for t in texts if "つなが" in t or "つなぎ" in t or "reach" in t]
    assert len(rules) >= 2  # the policy and the lesson
    for text in rules:
        assert "テザリング" in text and "VPN" in text, text


def test_two_administrators_never_means_sharing_one_password():
    for where, line in lines():
        if re.search(r"管理者.*2人以上|two people .*administrator|at least two people have administrator", line, re.I):
            assert "自分専用" in line or "own administrator account" in line, where
            assert "共有しません" in line or "never shared" in line, where
