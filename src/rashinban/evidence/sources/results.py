"""Collected rows -> the results of `check accounts` and `check devices`, decided by those checks' own code.

The JSON is exactly what `rashinban check accounts` prints for an export of the same users (same keys, finding ids,
exit codes), plus `"source"`. What the licence did not let us see adds an info finding (`sign-in-unknown`,
`mfa-unknown` comes from the accounts check itself), never a "never signed in".
"""

from __future__ import annotations

from datetime import date

from rashinban.evidence.accounts import DEFAULT_STALE_DAYS, AccountsInput, Roster, evaluate
from rashinban.evidence.checks.devices import check_devices
from rashinban.evidence.checks.eol import builtin_table
from rashinban.evidence.findings import CheckResult, Finding
from rashinban.evidence.sources.collected import Collected
from rashinban.evidence.text import _, gettext_noop

SERVICE_TITLES = {"microsoft365": gettext_noop("Microsoft 365"), "google-workspace": gettext_noop("Google Workspace")}


def accounts_result(
    collected: Collected, *, today: date, stale_days: int = DEFAULT_STALE_DAYS, roster: Roster | None = None
) -> CheckResult:
    data = AccountsInput(
        accounts=collected.accounts, roster=roster, stale_days=stale_days, today=today, formats=[collected.service]
    )
    result = evaluate(data)
    enabled = sum(1 for account in collected.accounts if account.enabled is not False)
    if "last_sign_in" in collected.unknown and enabled:
        result.findings.append(
            Finding(
                "sign-in-unknown",
                "info",
                _("The service does not say when people last signed in"),
                _(
                    "Your plan does not include sign-in activity (Microsoft 365 needs Entra ID P1 or P2 for it), so "
                    "unused accounts cannot be found this way. Nobody is reported as “never signed in” for it. Add "
                    "the active-users export, or look at each account's last sign-in in the admin center."
                ),
                count=enabled,
                extra={"reason": collected.reasons.get("last_sign_in", "")},
            )
        )
    result.summary["source"] = collected.source_json()
    return result


def devices_result(collected: Collected, *, today: date) -> CheckResult | None:
    """The devices check on the Intune devices; None when none were collected (no Intune, no permission)."""
    if collected.devices is None:
        return None
    result = check_devices(collected.devices, today, builtin_table())
    result.summary["source"] = collected.source_json()
    return result
