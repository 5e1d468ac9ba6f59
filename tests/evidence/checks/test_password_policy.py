"""The written password policy against the brief's guidance: each gap a finding; a good policy none."""

from __future__ import annotations

import pytest

from rashinban.evidence.checks.password_policy import POLICY_TEMPLATE, Policy, check_policy, read_policy
from rashinban.evidence.registry import InputError, Upload

from .conftest import upload


def findings(policy: Policy) -> dict[str, str]:
    return {f.id: f.severity for f in check_policy(policy).findings}


def test_old_style_japanese_policy_has_every_gap() -> None:
    policy = read_policy(upload("policy_old.yaml"))
    assert policy == Policy(min_length=8, required_classes=("lower", "digit"), max_age_days=90, mfa="optional")
    assert findings(policy) == {
        "policy-min-length": "medium",
        "policy-classes": "info",
        "policy-reuse": "medium",
        "policy-forced-change": "low",
        "policy-mfa": "high",
        "policy-lockout": "medium",
        "policy-password-manager": "low",
    }


def test_forced_change_is_called_discouraged() -> None:
    result = check_policy(read_policy(upload("policy_old.yaml")))
    forced = next(f for f in result.findings if f.id == "policy-forced-change")
    assert "every 90 days" in forced.title
    assert "discouraged today" in forced.detail


def test_good_policy_and_the_template_have_no_findings() -> None:
    assert findings(read_policy(upload("policy_good.yaml"))) == {}
    assert findings(read_policy(Upload("template.yaml", POLICY_TEMPLATE.encode()))) == {}


@pytest.mark.parametrize(
    ("length", "severity"),
    [(0, "high"), (6, "high"), (8, "medium"), (12, "medium"), (14, "medium"), (15, None), (20, None)],
)
def test_min_length_thresholds(length: int, severity: str | None) -> None:
    assert findings(Policy(min_length=length)).get("policy-min-length") == severity


def test_composition_rules_are_not_asked_for_and_forcing_them_is_a_note() -> None:
    """Length first (facts: password-min-length): a policy of 15+ characters with no composition rule is good."""
    assert "policy-classes" not in findings(Policy(min_length=15, required_classes=()))
    assert (
        findings(Policy(min_length=15, required_classes=("upper", "lower", "digit", "symbol")))["policy-classes"]
        == "info"
    )


@pytest.mark.parametrize(("attempts", "flagged"), [(0, True), (5, False), (100, False), (101, True)])
def test_lockout(attempts: int, flagged: bool) -> None:
    assert ("policy-lockout" in findings(Policy(lockout_attempts=attempts))) == flagged


@pytest.mark.parametrize(("mfa", "flagged"), [("all", False), ("important", False), ("optional", True), (None, True)])
def test_mfa_levels(mfa: str | None, flagged: bool) -> None:
    assert ("policy-mfa" in findings(Policy(mfa=mfa))) == flagged


def test_no_change_on_leak_is_a_finding_only_when_written_as_false() -> None:
    assert "policy-no-change-on-leak" in findings(Policy(change_on_compromise=False))
    assert "policy-no-change-on-leak" not in findings(Policy())


def test_japanese_values() -> None:
    text = "最小文字数: 14\n文字種: 大文字、小文字、数字、記号\n多要素認証: 必須\nパスワード管理ツール: 推奨\n"
    policy = read_policy(Upload("規程.yaml", text.encode()))
    assert policy.required_classes == ("upper", "lower", "digit", "symbol")
    assert policy.mfa == "all" and policy.password_manager == "recommended"


@pytest.mark.parametrize(
    ("name", "needles"),
    [
        ("policy_bad_type.yaml", ["policy_bad_type.yaml", "row 1", "min_length", "whole number"]),
        ("policy_syntax.yaml", ["policy_syntax.yaml", "row 2", "YAML syntax error"]),
    ],
)
def test_bad_files_name_file_row_and_key(name: str, needles: list[str]) -> None:
    with pytest.raises(InputError) as error:
        read_policy(upload(name))
    for needle in needles:
        assert needle in str(error.value)


def test_unknown_key_and_value_are_located() -> None:
    with pytest.raises(InputError, match=r"p.yaml, row 2, column “colour”: unknown setting"):
        read_policy(Upload("p.yaml", b"min_length: 12\ncolour: blue\n"))
    with pytest.raises(InputError, match=r"row 1, column “mfa”: “sometimes” is not one of"):
        read_policy(Upload("p.yaml", b"mfa: sometimes\n"))


def test_empty_policy_is_bad_input() -> None:
    with pytest.raises(InputError, match="empty"):
        read_policy(Upload("p.yaml", b"# nothing\n"))
