"""A written password policy (YAML) compared with the brief's guidance and current practice.

Current guidance (facts: password-min-length, password-no-periodic-change; NIST SP 800-63B-4) puts length
first (15+ characters for a password used alone, 8 at least with multi-factor authentication), asks for no
mix of character kinds, never reused, a password manager, and multi-factor authentication mandatory for
important systems and cloud services.
Current practice (NIST SP 800-63B, and Japan's government guidance since 2018) discourages forced periodic
changes: people then pick weaker, patterned passwords; change a password when there is a sign of a leak.
Keys may be written in English or Japanese (see POLICY_TEMPLATE and docs/evidence.md).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import click

from rashinban.evidence.checks import gettext_noop
from rashinban.evidence.checks.password_strength import CLASSES, MFA_MIN_LENGTH, MIN_LENGTH, class_list
from rashinban.evidence.checks.tabular import fold
from rashinban.evidence.checks.yamlfile import YamlDocument
from rashinban.evidence.findings import CheckResult, Finding
from rashinban.evidence.registry import Check, CheckInput, Field, InputError, Progress, Upload
from rashinban.evidence.text import _
from rashinban.i18n import _ as cli_

MFA_LEVELS = ("all", "important", "optional", "none")
MANAGER_LEVELS = ("required", "recommended", "none")
MAX_LOCKOUT_ATTEMPTS = 100  # NIST SP 800-63B: at most 100 consecutive failures before the account is limited

KEYS: dict[str, tuple[str, ...]] = {
    "min_length": ("最小文字数", "最低文字数", "文字数"),
    "required_classes": ("文字種", "必須の文字種", "classes"),
    "reuse_forbidden": ("使い回し禁止", "再利用禁止"),
    "history": ("履歴", "世代", "過去のパスワードの再利用禁止"),
    "max_age_days": ("有効期限", "有効期限日数", "変更間隔", "expiry_days"),
    "change_on_compromise": ("漏えい時の変更", "漏洩時の変更"),
    "mfa": ("多要素認証", "二要素認証", "2fa"),
    "lockout_attempts": ("ロックアウト", "ロックアウト回数", "lockout"),
    "lockout_minutes": ("ロックアウト時間", "ロックアウト分"),
    "password_manager": ("パスワード管理ツール", "パスワードマネージャー"),
}
CLASS_WORDS = {
    "upper": ("upper", "uppercase", "大文字", "英大文字"),
    "lower": ("lower", "lowercase", "小文字", "英小文字"),
    "digit": ("digit", "digits", "number", "numbers", "数字"),
    "symbol": ("symbol", "symbols", "special", "記号"),
}
LEVEL_WORDS = {
    "all": ("all", "required", "always", "true", "yes", "必須", "全員", "すべて", "全て"),
    "important": ("important", "重要", "重要なシステム", "重要なシステムのみ", "クラウドと重要なシステム"),
    "optional": ("optional", "任意", "推奨", "recommended"),
    "none": ("none", "no", "なし", "無し", "使わない", "false"),
}
MANAGER_WORDS = {
    "required": ("required", "必須", "mandatory", "true", "yes"),
    "recommended": ("recommended", "推奨", "任意", "optional"),
    "none": ("none", "no", "なし", "禁止", "false"),
}


@dataclass(frozen=True)
class Policy:
    min_length: int | None = None
    required_classes: tuple[str, ...] = ()
    reuse_forbidden: bool | None = None
    history: int = 0
    max_age_days: int = 0  # 0: no forced periodic change
    change_on_compromise: bool | None = None
    mfa: str | None = None
    lockout_attempts: int = 0  # 0: never locked
    lockout_minutes: int | None = None
    password_manager: str | None = None


def read_policy(upload: Upload) -> Policy:
    doc = YamlDocument(upload)
    data = doc.mapping((), doc.data if doc.data is not None else {})
    aliases = {fold(alias): key for key, names in KEYS.items() for alias in (key, *names)}
    values: dict[str, Any] = {}
    for raw_key, value in data.items():
        key = aliases.get(fold(str(raw_key)))
        if key is None:
            raise doc.error(
                (raw_key,),
                _("unknown setting “%(key)s”; known settings: %(known)s") % {"key": raw_key, "known": ", ".join(KEYS)},
            )
        values[key] = _convert(doc, (raw_key,), key, value)
    if not values:
        raise InputError(_("the policy is empty; see the template for the settings"), file=upload.name)
    return Policy(**values)


def _convert(doc: YamlDocument, path: tuple[Any, ...], key: str, value: Any) -> Any:
    if key in {"min_length", "history", "max_age_days", "lockout_attempts", "lockout_minutes"}:
        if value is None or value is False:
            return 0
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise doc.error(path, _("write a whole number (0 or more)"))
        return value
    if key in {"reuse_forbidden", "change_on_compromise"}:
        if not isinstance(value, bool):
            raise doc.error(path, _("write true or false"))
        return value
    if key == "required_classes":
        items = value if isinstance(value, list) else str(value or "").replace("、", ",").split(",")
        return tuple(
            _word(doc, (*path, i), str(item), CLASS_WORDS) for i, item in enumerate(items) if str(item).strip()
        )
    if key == "mfa":
        return _word(doc, path, _bool_word(value), LEVEL_WORDS)
    return _word(doc, path, _bool_word(value), MANAGER_WORDS)


def _bool_word(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _word(doc: YamlDocument, path: tuple[Any, ...], text: str, words: dict[str, tuple[str, ...]]) -> str:
    folded = fold(text)
    for name, synonyms in words.items():
        if folded in {fold(s) for s in synonyms}:
            return name
    raise doc.error(path, _("“%(value)s” is not one of: %(known)s") % {"value": text, "known": ", ".join(words)})


def check_policy(policy: Policy) -> CheckResult:
    findings = [
        f
        for f in (
            _length(policy),
            _classes(policy),
            _reuse(policy),
            _expiry(policy),
            _mfa(policy),
            _lockout(policy),
            _manager(policy),
        )
        if f is not None
    ]
    summary = {key: list(value) if isinstance(value, tuple) else value for key, value in asdict(policy).items()}
    return CheckResult("password-policy", findings, {"policy": summary})


def _length(policy: Policy) -> Finding | None:
    length = policy.min_length or 0
    if length >= MIN_LENGTH:
        return None
    values = {"length": length, "minimum": MIN_LENGTH, "mfa_minimum": MFA_MIN_LENGTH}
    return Finding(
        "policy-min-length",
        "high" if length < MFA_MIN_LENGTH else "medium",
        _("Minimum length is below %(minimum)s characters") % values,
        _(
            "The policy asks for %(length)s characters. Length comes first: require %(minimum)s or more for "
            "passwords used alone, and never fewer than %(mfa_minimum)s even with multi-factor authentication (a "
            "passphrase of several words is easy to remember)."
        )
        % values,
    )


def _classes(policy: Policy) -> Finding | None:
    """Composition rules are no longer advised (NIST SP 800-63B-4): a note when the policy forces them."""
    if len(policy.required_classes) < 2:
        return None
    return Finding(
        "policy-classes",
        "info",
        _("The policy forces a mix of kinds of characters"),
        _(
            "It asks for %(classes)s. Current guidance no longer asks for this: it pushes people to patterns such as "
            "Password1!. Ask for length instead and allow passphrases of plain words."
        )
        % {"classes": class_list(tuple(c for c in CLASSES if c in policy.required_classes))},
    )


def _reuse(policy: Policy) -> Finding | None:
    if policy.reuse_forbidden:
        return None
    return Finding(
        "policy-reuse",
        "medium",
        _("Reusing passwords is not forbidden"),
        _(
            "When one service leaks, attackers try the same password everywhere else. Write that a password is "
            "used for one service only, and offer a password manager so people can follow it."
        ),
    )


def _expiry(policy: Policy) -> Finding | None:
    if not policy.max_age_days:
        if policy.change_on_compromise is False:
            return Finding(
                "policy-no-change-on-leak",
                "medium",
                _("No change when a password may have leaked"),
                _(
                    "Write that a password is changed at once when it may have leaked (a breach notice, a phishing "
                    "click, a lost device)."
                ),
            )
        return None
    return Finding(
        "policy-forced-change",
        "low",
        _("Passwords must be changed every %(days)s days") % {"days": policy.max_age_days},
        _(
            "Forced periodic change without cause is discouraged today: people then choose weaker, patterned "
            "passwords (Password1, Password2, ...). Drop the expiry and change a password when there is a sign of a "
            "leak."
        ),
    )


def _mfa(policy: Policy) -> Finding | None:
    if policy.mfa in {"all", "important"}:
        return None
    return Finding(
        "policy-mfa",
        "high",
        _("Multi-factor authentication is not mandatory"),
        _(
            "A stolen password alone opens the account. Make multi-factor authentication mandatory at least for "
            "cloud services, e-mail, remote access and administrator accounts."
        ),
    )


def _lockout(policy: Policy) -> Finding | None:
    if 0 < policy.lockout_attempts <= MAX_LOCKOUT_ATTEMPTS:
        return None
    return Finding(
        "policy-lockout",
        "medium",
        _("Unlimited sign-in attempts"),
        _(
            "Without a limit, passwords can be guessed by trying. Lock or slow down an account after a number of "
            "failures (for example 10 attempts, then 15 minutes)."
        ),
    )


def _manager(policy: Policy) -> Finding | None:
    if policy.password_manager in {"required", "recommended"}:
        return None
    return Finding(
        "policy-password-manager",
        "low",
        _("No password manager"),
        _(
            "Long, different passwords for every service are only practical with a password manager. Choose one for "
            "the company and say so in the policy."
        ),
    )


YES_NO_CHOICES = (("yes", gettext_noop("Yes")), ("no", gettext_noop("No")))

POLICY_TEMPLATE = """\
# パスワード規程 / password policy (rashinban check password-policy)
min_length: 15            # 最小文字数 / minimum length (length first: 15+ for passwords used alone)
required_classes: []      # 必須の文字種(不要)/ kinds of characters required: none (upper, lower, digit, symbol)
reuse_forbidden: true     # 使い回し禁止 / one password per service
history: 5                # 過去の何個と同じパスワードを禁止 / previous passwords that may not come back
max_age_days: 0           # 有効期限(日)。0 = 定期変更なし / 0 = no forced periodic change
change_on_compromise: true  # 漏えいの疑いがあればすぐ変更 / change at once on a sign of a leak
mfa: important            # all / important / optional / none(全員 / 重要なシステム / 任意 / なし)
lockout_attempts: 10      # ロックアウトまでの失敗回数 / failures before the account is locked
lockout_minutes: 15
password_manager: recommended   # required / recommended / none
"""


# ---------------------------------------------------------------- the check: web form and `rashinban check password-policy`


FORM_NUMBERS = ("min_length", "history", "max_age_days", "lockout_attempts", "lockout_minutes")
FORM_FLAGS = ("reuse_forbidden", "change_on_compromise")


def policy_from_form(values: dict[str, str]) -> Upload:
    """The web form's answers as the policy file the command line reads, so both go through `read_policy`."""
    data: dict[str, Any] = {}
    for key in FORM_NUMBERS:
        if values.get(key, "").strip():
            data[key] = int(values[key])
    for key in FORM_FLAGS:
        if values.get(key) in {"yes", "no"}:
            data[key] = values[key] == "yes"
    data["required_classes"] = [c for c in values.get("required_classes", "").split(",") if c]
    for key in ("mfa", "password_manager"):
        if values.get(key):
            data[key] = values[key]
    return Upload(_("the form"), json.dumps(data).encode())  # JSON is YAML: one reader for both


def parse(inputs: CheckInput) -> Policy:
    uploads = inputs.uploads("policy")
    if uploads:  # the command line's file
        return read_policy(uploads[0])
    return read_policy(policy_from_form(inputs.values))


def run(policy: Policy, progress: Progress) -> CheckResult:
    return check_policy(policy)


CHECK = Check(
    name="password-policy",
    title=gettext_noop("Password policy"),
    description=gettext_noop(
        "Answer what your company's password rules say (or what people are told, if nothing is written): minimum "
        "length, kinds of characters, reuse, expiry, multi-factor authentication, lockout and password manager. "
        "They are compared with our guidance and current practice."
    ),
    fields=(
        Field("min_length", gettext_noop("Minimum number of characters"), kind="number", initial="8"),
        Field(
            "required_classes",
            gettext_noop("Kinds of characters every password must contain"),
            kind="multi",
            required=False,
            choices=(
                ("upper", gettext_noop("capital letters")),
                ("lower", gettext_noop("small letters")),
                ("digit", gettext_noop("digits")),
                ("symbol", gettext_noop("symbols")),
            ),
        ),
        Field(
            "reuse_forbidden",
            gettext_noop("Using one password for several services is forbidden"),
            kind="choice",
            choices=YES_NO_CHOICES,
        ),
        Field(
            "history",
            gettext_noop("How many previous passwords may not be used again (0: no rule)"),
            kind="number",
            initial="0",
        ),
        Field(
            "max_age_days",
            gettext_noop("Passwords must be changed every … days (0: no forced change)"),
            kind="number",
            initial="0",
        ),
        Field(
            "change_on_compromise",
            gettext_noop("A password is changed at once on a sign of a leak"),
            kind="choice",
            choices=YES_NO_CHOICES,
        ),
        Field(
            "mfa",
            gettext_noop("Multi-factor authentication (a code on the phone as well as the password)"),
            kind="choice",
            choices=(
                ("all", gettext_noop("required for everyone")),
                ("important", gettext_noop("required for cloud services and important systems")),
                ("optional", gettext_noop("left to each person")),
                ("none", gettext_noop("not used")),
            ),
        ),
        Field(
            "lockout_attempts",
            gettext_noop("Failed sign-ins before an account is locked (0: never locked)"),
            kind="number",
            initial="0",
        ),
        Field("lockout_minutes", gettext_noop("Minutes an account stays locked"), kind="number", required=False),
        Field(
            "password_manager",
            gettext_noop("Password manager"),
            kind="choice",
            choices=(
                ("required", gettext_noop("everyone must use one")),
                ("recommended", gettext_noop("recommended")),
                ("none", gettext_noop("not used")),
            ),
        ),
    ),
    parse=parse,
    run=run,
    questions={
        "basic-passwords": ("policy-min-length", "policy-reuse"),
        "basic-mfa": ("policy-mfa",),
    },
    order=35,
)


@click.command(
    "password-policy", help=cli_(gettext_noop("Compare a written password policy (YAML) with current guidance."))
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help=cli_(gettext_noop("Print JSON instead of text.")))
def COMMAND(file: Path, as_json: bool) -> None:
    from rashinban.evidence.runner import read_uploads, run_command

    run_command(CHECK, lambda: CheckInput(files={"policy": read_uploads([file])}), as_json)
