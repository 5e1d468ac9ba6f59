"""Accounts and MFA: who has no second factor, which accounts are stale, shared or of people who left.

`rashinban check accounts FILE... [--roster ROSTER.csv] [--stale-days 90] [--today YYYY-MM-DD]`
Pure: reads bytes, returns a CheckResult. The formats are in `account_exports.py`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import click

from rashinban.evidence.account_exports import Account, csv_rows, merge_accounts, normalise_header, read_export
from rashinban.evidence.findings import CheckResult, Finding
from rashinban.evidence.registry import Check, CheckInput, Field, InputError, Progress, Upload
from rashinban.evidence.runner import today_option
from rashinban.evidence.text import _, gettext_noop, ngettext
from rashinban.i18n import _ as gettext  # the CLI locale's language; named so that makemessages finds the help texts

DEFAULT_STALE_DAYS = 90
# Local parts of addresses that a team shares rather than a person (Japanese romanisations included).
SHARED_LOCAL_PARTS = frozenset(
    "info admin administrator sales support contact office webmaster postmaster hostmaster abuse hr recruit "
    "saiyo jinji soumu somu eigyo keiri kanri service noreply no-reply mail team staff help helpdesk billing "
    "accounting press pr marketing customer inquiry inquiries toiawase otoiawase uketsuke shop order orders "
    "reservation yoyaku general all everyone system test guest".split()
)
ROSTER_EMAIL_HEADERS = {"email", "emailaddress", "mail", "メール", "メールアドレス", "社用メール"}
ROSTER_NAME_HEADERS = {"name", "fullname", "displayname", "氏名", "名前", "社員名", "従業員名", "姓名"}


@dataclass
class Roster:
    addresses: set[str] = field(default_factory=set)
    names: set[tuple[str, ...]] = field(default_factory=set)

    def knows(self, account: Account) -> bool:
        return account.address in self.addresses or (bool(account.name) and name_key(account.name) in self.names)


@dataclass
class AccountsInput:
    accounts: list[Account]
    roster: Roster | None
    stale_days: int
    today: date
    formats: list[str]
    ignored: dict[str, list[str]] = field(default_factory=dict)  # file name -> columns not read


def name_key(name: str) -> tuple[str, ...]:
    """Names compared whatever the order and width: '山田　太郎' = '太郎 山田', 'Taro YAMADA' = 'yamada taro'."""
    return tuple(sorted(unicodedata.normalize("NFKC", name).lower().split()))


SUFFIX = re.compile(r"[\d._-]+$")


def is_shared(address: str) -> bool:
    local = address.split("@", 1)[0]
    return local in SHARED_LOCAL_PARTS or (
        local[-1:] in "0123456789._-" and SUFFIX.sub("", local) in SHARED_LOCAL_PARTS
    )


def read_roster(upload: Upload) -> Roster:
    """The current staff list: columns found by their header, else by their values (addresses contain '@')."""
    header, rows = csv_rows(upload)
    data = [row for _line, row in rows]
    keys = [normalise_header(cell) for cell in header]
    email_at = next((i for i, key in enumerate(keys) if key in ROSTER_EMAIL_HEADERS), None)
    name_at = next((i for i, key in enumerate(keys) if key in ROSTER_NAME_HEADERS), None)
    if email_at is None and name_at is None:
        data = [header, *data]  # no header row: the first row is a person too
        email_at = _column_of_addresses(data)
        name_at = 0 if email_at != 0 else (1 if len(header) > 1 else None)
    roster = Roster()
    for row in data:
        if email_at is not None and email_at < len(row) and "@" in row[email_at]:
            roster.addresses.add(row[email_at].strip().lower())
        if name_at is not None and name_at < len(row) and row[name_at].strip():
            roster.names.add(name_key(row[name_at]))
    if not roster.addresses and not roster.names:
        raise InputError(
            _("no names or e-mail addresses found; the roster needs a “name” or “email” column"),
            file=upload.name,
            row=1,
        )
    return roster


def _column_of_addresses(rows: list[list[str]]) -> int | None:
    width = max((len(row) for row in rows), default=0)
    for index in range(width):
        cells = [row[index] for row in rows if index < len(row) and row[index].strip()]
        if cells and sum("@" in cell for cell in cells) >= len(cells) / 2:
            return index
    return None


def parse(inputs: CheckInput) -> AccountsInput:
    uploads = inputs.uploads("files")
    if not uploads:
        raise InputError(_("give at least one user export file"))
    formats, lists, ignored = [], [], {}
    for upload in uploads:
        export = read_export(upload, inputs.progress)
        formats.append(export.format.id)
        lists.append(export.accounts)
        if export.ignored:
            ignored[upload.name] = export.ignored
    rosters = inputs.uploads("roster")
    stale_days = _stale_days(inputs.value("stale_days", str(DEFAULT_STALE_DAYS)))
    return AccountsInput(
        accounts=merge_accounts(lists),
        roster=read_roster(rosters[0]) if rosters else None,
        stale_days=stale_days,
        today=inputs.today or date.today(),
        formats=formats,
        ignored=ignored,
    )


def _stale_days(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 3650:
        raise InputError(_("the number of days must be a whole number from 1 to 3650"), column="stale-days")
    return int(value)


def evaluate(data: AccountsInput, progress: Progress | None = None) -> CheckResult:
    enabled = [a for a in data.accounts if a.enabled is not False]
    known_mfa = [a for a in enabled if a.mfa is not None]
    with_mfa = [a for a in known_mfa if a.mfa]
    without_mfa = [a for a in known_mfa if not a.mfa]
    cutoff = data.today - timedelta(days=data.stale_days)
    stale = [a for a in enabled if a.last_sign_in is not None and a.last_sign_in < cutoff]
    never = [a for a in enabled if a.never_signed_in and not (a.created and a.created >= cutoff)]
    shared = [a for a in enabled if is_shared(a.address)]
    not_on_roster = [a for a in enabled if not is_shared(a.address) and not data.roster.knows(a)] if data.roster else []
    findings = [
        _finding("admin-without-mfa", "critical", [a for a in without_mfa if a.admin]),
        _finding("no-mfa", "high", without_mfa),
        _finding("not-on-roster", "high", not_on_roster),
        _finding("stale", "medium", stale, days=data.stale_days),
        _finding("never-signed-in", "medium", never),
        _finding("shared-account", "medium", shared),
    ]
    if enabled and not known_mfa:
        findings.append(
            Finding(
                "mfa-unknown",
                "info",
                _("These files do not say who uses MFA"),
                _(
                    "Add the Entra ID user registration details report or the Google Workspace user download, which "
                    "show the second factor of each account."
                ),
                count=len(enabled),
            )
        )
    coverage = round(len(with_mfa) / len(known_mfa), 4) if known_mfa else None
    summary = {
        "total": len(data.accounts),
        "enabled": len(enabled),
        "mfa_enabled": len(with_mfa),
        "mfa_coverage": coverage,
        "formats": data.formats,
        # Columns of the files that this check does not read (shown in a notice; they never fail a file).
        "ignored_columns": data.ignored,
    }
    return CheckResult("accounts", [f for f in findings if f is not None], summary)


def _finding(finding_id: str, severity: str, accounts: list[Account], days: int = 0) -> Finding | None:
    if not accounts:
        return None
    n = len(accounts)
    title, detail = _texts(finding_id, n, days)
    return Finding(
        finding_id, severity, title, detail, count=n, extra={"accounts": sorted(a.address for a in accounts)}
    )


def _texts(finding_id: str, n: int, days: int) -> tuple[str, str]:
    """Title and what to do, in plain words an owner understands."""
    if finding_id == "admin-without-mfa":
        return (
            ngettext("%(n)s administrator signs in without MFA", "%(n)s administrators sign in without MFA", n)
            % {"n": n},
            _(
                "An administrator's password alone opens the whole company. Turn on MFA for these "
                "accounts today, with an authenticator app or a security key."
            ),
        )
    if finding_id == "no-mfa":
        return (
            ngettext("%(n)s account has no MFA", "%(n)s accounts have no MFA", n) % {"n": n},
            _(
                "A stolen password is enough to get into these accounts. Ask each person to set up MFA, then "
                "make it mandatory in the admin console."
            ),
        )
    if finding_id == "not-on-roster":
        return (
            ngettext(
                "%(n)s account belongs to no one on the staff list",
                "%(n)s accounts belong to no one on the staff list",
                n,
            )
            % {"n": n},
            _(
                "These are probably people who have left. Suspend the accounts now, hand their data over, and "
                "make closing accounts part of every leaver's last day."
            ),
        )
    if finding_id == "stale":
        return (
            ngettext("%(n)s account unused for %(days)s days", "%(n)s accounts unused for %(days)s days", n)
            % {"n": n, "days": days},
            _(
                "Unused accounts are an open door nobody watches. Confirm with their owners, then suspend or "
                "delete the ones no longer needed."
            ),
        )
    if finding_id == "never-signed-in":
        return (
            ngettext("%(n)s account has never been used", "%(n)s accounts have never been used", n) % {"n": n},
            _(
                "An account nobody has signed in to may still have its first password. Delete it, or make sure "
                "its owner signs in and sets up MFA."
            ),
        )
    return (
        ngettext("%(n)s shared account", "%(n)s shared accounts", n) % {"n": n},
        _(
            "Addresses such as info@ or sales@ used by several people share one password, and nobody can tell "
            "who did what. Turn them into groups or shared mailboxes that people open with their own accounts."
        ),
    )


CHECK = Check(
    name="accounts",
    title=gettext_noop("Accounts and MFA"),
    description=gettext_noop(
        "Upload the user export of Google Workspace, Entra ID (user registration details) or Microsoft 365 "
        "(active users), or the generic CSV; several files of one tenant are joined on the address. Add your "
        "staff list to find accounts of people who left."
    ),
    fields=(
        Field("files", gettext_noop("User exports (CSV)"), kind="files", accept=".csv,.txt"),
        Field(
            "roster",
            gettext_noop("Staff list (CSV, optional)"),
            kind="file",
            required=False,
            accept=".csv,.txt",
            help=gettext_noop("A column with names and/or e-mail addresses of everyone working here today."),
        ),
        Field(
            "stale_days",
            gettext_noop("Unused for more than (days)"),
            kind="number",
            required=False,
            initial=str(DEFAULT_STALE_DAYS),
        ),
    ),
    parse=parse,
    run=evaluate,
    questions={
        "basic-mfa": ("no-mfa", "admin-without-mfa"),
        "org-access-rights": ("not-on-roster", "stale", "never-signed-in", "shared-account"),
    },
    order=10,
)


@click.command("accounts", help=gettext("Check user exports for accounts without MFA, unused, shared or of leavers."))
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--roster",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help=gettext("Current staff list (CSV with a name and/or e-mail column)."),
)
@click.option(
    "--stale-days",
    type=int,
    default=DEFAULT_STALE_DAYS,
    show_default=True,
    help=gettext("An account unused for longer than this is stale."),
)
@today_option
@click.option("--json", "as_json", is_flag=True, help=gettext("Print JSON instead of text."))
def COMMAND(files: tuple[Path, ...], roster: Path | None, stale_days: int, today: object, as_json: bool) -> None:
    from rashinban.evidence.runner import read_uploads, run_command

    def build() -> CheckInput:
        return CheckInput(
            files={"files": read_uploads(files), "roster": read_uploads([roster] if roster else [])},
            values={"stale_days": str(stale_days)},
            today=today.date() if today else date.today(),  # type: ignore[attr-defined]
        )

    run_command(CHECK, build, as_json)
