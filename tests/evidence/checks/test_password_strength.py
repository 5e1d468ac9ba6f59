"""Password strength: zxcvbn score, the length-first rule, common passwords, keyboard walks, Japanese words."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from rashinban.evidence.checks.password_patterns import japanese_words, jis_keyboard_walks
from rashinban.evidence.checks.password_strength import (
    assess,
    character_classes,
    check_password,
    crack_time_text,
)


def ids(password: str) -> set[str]:
    return {f.id for f in check_password(password).findings}


def test_top_common_password_is_critical_and_weak() -> None:
    result = check_password("password")
    found = {f.id: f.severity for f in result.findings}
    assert found["password-common"] == "critical"
    assert found["password-weak"] == "high"
    assert result.summary["score"] == 0
    assert result.failed


def test_long_passphrase_with_all_kinds_has_no_findings() -> None:
    result = check_password("Kuma-Tsuri!7 seaweed Lantern 42")
    assert result.findings == []
    assert result.summary["score"] == 4
    assert result.summary["meets_rule"] is True
    assert not result.failed


def test_strong_but_short_fails_only_the_rule() -> None:
    assert ids("xK9#mQ2$vL") == {"password-rule"}
    detail = check_password("xK9#mQ2$vL").findings[0].detail
    assert "10 characters" in detail


def test_long_lower_case_passphrase_is_not_flagged() -> None:
    """The product recommends passphrases of plain words: one must not break the rule (before: password-rule)."""
    for phrase in ("correct horse battery staple", "umbrella lantern seaweed orbit", "correcthorsebatterystaple"):
        assessment = assess(phrase)
        assert assessment.missing_classes  # no upper case, digits or symbols ...
        assert assessment.meets_rule and "password-rule" not in ids(phrase)  # ... and that is fine
    assert ids("correct horse battery staple") == set()


def test_rule_is_length_first_and_cites_its_source() -> None:
    from rashinban.facts import fact

    lengths = fact("password-min-length").value
    assert lengths == {"alone": 15, "with_mfa": 8}
    short = next(f for f in check_password("Xk9#mQ2$vL7!").findings if f.id == "password-rule")
    assert short.severity == "low" and "15" in short.title and "NIST SP 800-63B-4" in short.detail
    assert next(f for f in check_password("Xk9#mQ").findings if f.id == "password-rule").severity == "medium"


def test_us_keyboard_walk_is_found() -> None:
    assert "password-keyboard" in ids("Zaq1@wsxCde3")


def test_jis_shifted_digit_row_walk_is_found() -> None:
    # shift+1..6 on a Japanese keyboard: zxcvbn's US layout does not see this as a walk
    assert jis_keyboard_walks('!"#$%&') == ['!"#$%&']
    assert "password-keyboard" in ids('Kaisha!"#$%&2026')


def test_jis_walk_either_direction_and_mixed_shift() -> None:
    assert jis_keyboard_walks("xxPOIUzz") == ["POIU"]
    assert jis_keyboard_walks("asDF") == ["asDF"]
    assert jis_keyboard_walks("aqsw") == []


def test_japanese_romaji_words() -> None:
    assert japanese_words("Sakura2026!Tanaka") == ["sakura", "tanaka"]
    assert "password-japanese-word" in ids("Sakura2026!Tanaka")
    assert japanese_words("Xq7!vB2#mK9$") == []


def test_japanese_word_alone_is_a_common_password() -> None:
    assert assess("himawari").common


def test_character_classes() -> None:
    assert character_classes("aB3!") == {"upper", "lower", "digit", "symbol"}
    assert character_classes("Tokyo 2026") == {"upper", "lower", "digit", "symbol"}  # a space counts as a symbol
    assert character_classes("１２３") == {"digit"}


def test_crack_time_text_boundaries() -> None:
    assert crack_time_text(0.5) == "less than a second"
    assert crack_time_text(1) == "1 second"
    assert crack_time_text(59) == "59 seconds"
    assert crack_time_text(60) == "1 minute"
    assert crack_time_text(7200) == "2 hours"
    assert crack_time_text(86400 * 3) == "3 days"
    assert crack_time_text(86400 * 365 * 5) == "5 years"
    assert crack_time_text(1e20) == "centuries"


def test_feedback_is_translated_to_japanese() -> None:
    from django.utils import translation

    with translation.override("ja"):
        result = check_password("qwerty")
    warning = result.summary["feedback"]["warning"]
    assert warning and warning != "This is a top-10 common password."


def test_overlong_input_is_scored_on_its_start() -> None:
    assessment = assess("Aa1!" + "x" * 200)
    assert assessment.length == 204


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=6, max_size=40).filter(lambda s: s.strip() and len(set(s)) > 3))
def test_the_password_never_appears_in_the_result(password: str) -> None:
    # A private-use character no message contains: a short password could otherwise match a word of the
    # feedback ("upper-") by chance, which is no leak.
    password = password[:3] + "\ue000" + password[3:]
    output = json.dumps(check_password(password).as_json(), ensure_ascii=False)
    assert password not in output and "\ue000" not in output


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii", min_codepoint=33, max_codepoint=126), min_size=1, max_size=30))
def test_rule_follows_length_only(password: str) -> None:
    assessment = assess(password)
    expected = len(password) >= 15
    assert assessment.meets_rule == expected
    assert ("password-rule" in ids(password)) == (not expected)
    assert 0 <= assessment.score <= 4
