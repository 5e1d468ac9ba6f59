"""The typed shapes of evidence check runs: findings, and each check's own figures (`result`, told by `check`).

They mirror `CheckResult.as_json()` of each check (what `rashinban check NAME --json` prints); a test runs
every check through the API and validates its answer against these, so a check that adds a figure must
add it here too.
"""

from __future__ import annotations

import warnings
from datetime import date
from typing import Annotated, Literal

from ninja import Field, Schema

from rashinban.api.enums import Severity


class FindingOut(Schema):
    """One finding; the lists name what it is about, when the check knows."""

    id: str = Field(description='Stable id, e.g. "no-mfa" or "spf-missing".')
    severity: Severity  # type: ignore[valid-type]
    title: str
    detail: str = Field(description="What it means and what to do.")
    count: int
    accounts: list[str] = Field(default_factory=list, description="accounts: the addresses concerned.")
    datasets: list[str] = Field(default_factory=list, description="backups: the data sets concerned.")
    devices: list[str] = Field(default_factory=list, description="devices: the device names concerned.")
    items: list[str] = Field(default_factory=list, description="One line per thing concerned, in plain words.")


class AccountsResult(Schema):
    check: Literal["accounts"]
    total: int
    enabled: int
    mfa_enabled: int
    mfa_coverage: float | None = Field(description="Share of enabled accounts with MFA (0–1), when the files say.")
    formats: list[str] = Field(description='The export formats recognised, e.g. "m365-active-users".')


class SpfOut(Schema):
    record: str | None
    valid: bool
    all: str | None = Field(description='The final "all" term, e.g. "-all", or null.')
    lookups: int
    void_lookups: int


class DmarcOut(Schema):
    record: str | None
    policy: Literal["none", "quarantine", "reject"] | None
    sp: str | None
    pct: int | None
    rua: str | None


class DkimOut(Schema):
    selectors_checked: list[str]
    found: list[str]


class MailDomainResult(Schema):
    """Only `domain` when the domain does not exist."""

    check: Literal["mail-domain"]
    domain: str
    mx: list[str] | None = None
    spf: SpfOut | None = None
    dmarc: DmarcOut | None = None
    dkim: DkimOut | None = None


class BackupDataSetOut(Schema):
    name: str
    copies: int
    media: int
    offsite: bool
    offline_or_immutable: bool
    last_backup: date | None
    last_restore_test: date | None
    rule_321: bool
    rule_32110: bool


with warnings.catch_warnings():
    # "register" is also pydantic's (ABC's) classmethod name; the field is what `check backups --json` prints.
    warnings.filterwarnings("ignore", message='Field name "register"', category=UserWarning)

    class BackupsResult(Schema):
        check: Literal["backups"]
        datasets_total: int
        rule_321: int = Field(description="Data sets that follow the 3-2-1 rule.")
        rule_32110: int = Field(description="Data sets that follow the 3-2-1-1-0 rule.")
        today: date
        register: list[BackupDataSetOut] = Field(description="One row per data set.")


class DevicesResult(Schema):
    check: Literal["devices"]
    devices_total: int
    kinds: dict[str, int] = Field(description='Devices per kind, e.g. {"pc": 12, "mobile": 3}.')
    eol_table_updated: date
    today: date


class PasswordPolicyOut(Schema):
    min_length: int | None
    required_classes: list[str]
    reuse_forbidden: bool | None
    history: int
    max_age_days: int = Field(description="0: no forced periodic change.")
    change_on_compromise: bool | None
    mfa: str | None
    lockout_attempts: int = Field(description="0: never locked.")
    lockout_minutes: int | None
    password_manager: str | None


class PasswordPolicyResult(Schema):
    check: Literal["password-policy"]
    policy: PasswordPolicyOut


CheckResultOut = Annotated[
    AccountsResult | MailDomainResult | BackupsResult | DevicesResult | PasswordPolicyResult,
    Field(discriminator="check"),
]
RESULT_MODELS = (AccountsResult, MailDomainResult, BackupsResult, DevicesResult, PasswordPolicyResult)
