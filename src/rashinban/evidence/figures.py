"""The check-specific figures of a run, in words an owner reads: labels in the current language, yes/no
instead of True/False, a percentage for coverage, and one line per backed-up data set.

Keys a check adds later without a label here still show, under their JSON name.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

LABELS = {
    "total": gettext_noop("Accounts"),
    "enabled": gettext_noop("Enabled accounts"),
    "mfa_enabled": gettext_noop("Enabled accounts with MFA"),
    "mfa_coverage": gettext_noop("MFA coverage"),
    "formats": gettext_noop("File formats"),
    "devices_total": gettext_noop("Devices"),
    "kinds": gettext_noop("Devices by kind"),
    "eol_table_updated": gettext_noop("End-of-life table dated"),
    "today": gettext_noop("Checked as of"),
    "datasets_total": gettext_noop("Data sets"),
    "rule_321": gettext_noop("Following 3-2-1"),
    "rule_32110": gettext_noop("Following 3-2-1-1-0"),
    "verify": gettext_noop("Backup folder"),
    "domain": gettext_noop("Domain"),
    "spf": gettext_noop("SPF"),
    "dmarc": gettext_noop("DMARC"),
    "record": gettext_noop("record"),
    "valid": gettext_noop("valid"),
    "all": gettext_noop("ends with"),
    "lookups": gettext_noop("DNS lookups"),
    "policy": gettext_noop("policy"),
    "min_length": gettext_noop("Minimum length"),
    "required_classes": gettext_noop("Required kinds of characters"),
    "reuse_forbidden": gettext_noop("Reuse forbidden"),
    "history": gettext_noop("Passwords remembered"),
    "max_age_days": gettext_noop("Forced change every (days)"),
    "change_on_compromise": gettext_noop("Changed when it may have leaked"),
    "mfa": gettext_noop("MFA"),
    "lockout_attempts": gettext_noop("Locked after failed attempts"),
    "lockout_minutes": gettext_noop("Locked for (minutes)"),
    "password_manager": gettext_noop("Password manager"),
    "copies": gettext_noop("copies"),
    "media": gettext_noop("kinds of media"),
    "offsite": gettext_noop("off site"),
    "offline_or_immutable": gettext_noop("offline or immutable"),
    "last_backup": gettext_noop("last backup"),
    "last_restore_test": gettext_noop("last restore test"),
}
PERCENT = {"mfa_coverage"}


def label(key: str) -> str:
    return _(LABELS[key]) if key in LABELS else key


def value_text(key: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if key in PERCENT and isinstance(value, int | float):
        return f"{value:.0%}"
    if isinstance(value, list):
        return ", ".join(value_text("", v) for v in value)
    if isinstance(value, dict):
        return " · ".join(f"{label(k)} {value_text(k, v)}" for k, v in value.items())
    return str(value)


def figure_rows(result: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, text) for everything in a run's JSON except the findings."""
    rows: list[tuple[str, str]] = []
    for key, value in result.items():
        if key in ("check", "findings", "ignored_columns"):  # the columns not read have a notice of their own
            continue
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            # One line per item, named by the item (a data set of the backup register).
            for item in value:
                name = str(item.get("name", label(key)))
                rows.append((name, value_text("", {k: v for k, v in item.items() if k != "name"})))
        elif isinstance(value, dict) and key in ("spf", "dmarc"):
            rows += [(f"{label(key)} {label(k)}", value_text(k, v)) for k, v in value.items()]
        else:
            rows.append((label(key), value_text(key, value)))
    return rows
