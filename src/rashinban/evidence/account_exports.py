"""Reading the user exports SMEs actually have, recognised from their header row (pure: no Django).

Formats: the Google Workspace admin console user download, the Entra ID user registration details report
(portal download or `Get-MgReportAuthenticationMethodUserRegistrationDetail | Export-Csv`), the Microsoft 365
admin center active-users export, and our generic CSV (docs/evidence.md). Files are UTF-8 (with or without
BOM) or Shift_JIS/CP932. Several files of one tenant are joined on the address by `merge_accounts`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from rashinban import limits
from rashinban.evidence.registry import InputError, Progress, Upload
from rashinban.evidence.text import _

TRUE = {"true", "yes", "y", "1", "on", "enabled", "active", "はい", "有効", "○", "◯", "済"}
FALSE = {
    "false",
    "no",
    "n",
    "0",
    "off",
    "disabled",
    "suspended",
    "archived",
    "blocked",
    "いいえ",
    "無効",
    "×",
    "未",
    "停止",
}
NEVER = {"never logged in", "never", "なし", "未ログイン", "ログインしたことがありません", "-"}
DATE_FORMATS = (
    "%Y/%m/%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d",
    "%Y-%m-%d",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y",
)
PROGRESS_STEP = 5000


@dataclass(slots=True)
class Account:
    """One account as the exports describe it; None means "this file does not say"."""

    address: str
    name: str = ""
    enabled: bool | None = None
    mfa: bool | None = None
    admin: bool | None = None
    last_sign_in: date | None = None
    never_signed_in: bool | None = None
    created: date | None = None
    sources: list[str] = field(default_factory=list)


def normalise_header(text: str) -> str:
    """'Email Address [Required]' -> 'emailaddress'; 'User principal name' -> 'userprincipalname'."""
    text = re.sub(r"\[[^\]]*\]", "", text.strip().lstrip("\ufeff"))
    return re.sub(r"[\s_\-/.()（）・]+", "", text).lower()


def decode(upload: Upload) -> str:
    """UTF-8 (with or without BOM), else Shift_JIS/CP932, as Excel on a Japanese PC saves it; bounded in size."""
    try:
        return limits.decode_text(upload.data, upload.name, limits.EVIDENCE)
    except limits.LimitError as error:
        raise InputError(error.problem, file=error.file, row=error.row) from None


def csv_rows(upload: Upload) -> tuple[list[str], Iterable[tuple[int, list[str]]]]:
    """The header (skipping PowerShell's '#TYPE' line and blank lines) and the numbered data rows.

    Rows, columns and field length are bounded as they are read (rashinban.limits).
    """
    text = decode(upload)
    first_line = next((line for line in text.split("\n", 3) if line.strip() and not line.startswith("#TYPE")), "")
    dialect = csv.excel_tab if first_line.count("\t") > first_line.count(",") else csv.excel
    reader = limits.csv_rows(text, upload.name, limits.EVIDENCE, dialect=dialect)
    header: list[str] = []
    try:
        for row in reader:
            if not any(cell.strip() for cell in row) or (row and row[0].startswith("#TYPE")):
                continue
            header = row
            break
    except limits.LimitError as error:
        raise InputError(error.problem, file=error.file, row=error.row) from None
    if not header:
        raise InputError(_("the file is empty"), file=upload.name)

    def numbered() -> Iterable[tuple[int, list[str]]]:
        try:
            for row in reader:
                if any(cell.strip() for cell in row):
                    yield reader.line_num, row
        except limits.LimitError as error:
            raise InputError(error.problem, file=error.file, row=error.row) from None

    return header, numbered()


BOOLEANS = {**{word: True for word in TRUE}, **{word: False for word in FALSE}, "": None}
ISO_LIKE = re.compile(
    r"^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?$"
)


def parse_bool(value: str) -> bool | None:
    try:
        return BOOLEANS[value.strip().lower()]
    except KeyError:
        raise ValueError(value) from None


@lru_cache(maxsize=8192)  # exports repeat the same days thousands of times
def parse_date(value: str) -> date | None:
    value = value.strip()
    if not value or value.lower() in NEVER:
        return None
    match = ISO_LIKE.match(value)
    if match:
        return date(int(match[1]), int(match[2]), int(match[3]))  # ValueError for 2026-02-30 too
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


@dataclass(frozen=True)
class Column:
    """Where one attribute is in a format: the accepted (normalised) header names and how to read it."""

    attribute: str
    names: tuple[str, ...]
    required: bool = False


@dataclass(frozen=True)
class ExportFormat:
    id: str
    label: str  # English msgid
    detect: Callable[[set[str]], bool]
    columns: tuple[Column, ...]
    defaults: dict[str, object] = field(default_factory=dict)


GENERIC_COLUMNS = (
    Column(
        "address",
        ("email", "emailaddress", "mail", "address", "メール", "メールアドレス", "upn", "userprincipalname"),
        required=True,
    ),
    Column("name", ("name", "displayname", "fullname", "氏名", "名前", "表示名")),
    Column("enabled", ("enabled", "active", "status", "有効", "状態")),
    Column("mfa", ("mfa", "2fa", "2sv", "mfaenabled", "多要素認証", "二要素認証", "2段階認証")),
    Column("admin", ("admin", "isadmin", "管理者")),
    Column("last_sign_in", ("lastsignin", "lastlogin", "lastsignindate", "最終ログイン", "最終サインイン")),
    Column("created", ("created", "createdat", "作成日")),
)

FORMATS = (
    ExportFormat(
        "google-workspace",
        "Google Workspace user download",
        lambda h: "emailaddress" in h and ("2svenrolled" in h or "lastsignin" in h or "firstname" in h),
        (
            Column("address", ("emailaddress",), required=True),
            Column("first_name", ("firstname",)),
            Column("last_name", ("lastname",)),
            Column("enabled", ("status",)),
            Column("last_sign_in", ("lastsignin",)),
            Column("mfa", ("2svenrolled",)),
            Column("admin", ("isadmin", "admin")),
            Column("admin_role", ("adminrole", "adminroles", "roles")),  # "Super Admin", "" : a role's name
        ),
    ),
    ExportFormat(
        "entra-registration",
        "Entra ID user registration details",
        lambda h: "userprincipalname" in h and bool(h & {"ismfaregistered", "mfaregistered", "ismfacapable"}),
        (
            Column("address", ("userprincipalname",), required=True),
            Column("name", ("userdisplayname", "displayname")),
            Column("admin", ("isadmin", "admin")),
            Column("mfa", ("ismfaregistered", "mfaregistered")),
            Column("mfa_capable", ("ismfacapable", "mfacapable")),
        ),
    ),
    ExportFormat(
        "m365-active-users",
        "Microsoft 365 active users",
        lambda h: "userprincipalname" in h and "blockcredential" in h,
        (
            Column("address", ("userprincipalname",), required=True),
            Column("name", ("displayname",)),
            Column("blocked", ("blockcredential",)),
            Column("created", ("whencreated",)),
        ),
    ),
    ExportFormat("generic", "Generic CSV", lambda h: bool(h & set(GENERIC_COLUMNS[0].names)), GENERIC_COLUMNS),
)


def detect_format(header: list[str], file_name: str) -> tuple[ExportFormat, dict[str, int]]:
    """The format a header row belongs to, and the column index of each attribute it has."""
    normalised = [normalise_header(cell) for cell in header]
    present = set(normalised)
    for export_format in FORMATS:
        if export_format.detect(present):
            positions = {}
            for column in export_format.columns:
                index = next((normalised.index(n) for n in column.names if n in present), None)
                if index is not None:
                    positions[column.attribute] = index
            return export_format, positions
    raise InputError(
        _(
            "the header row is not one of a Google Workspace, Entra ID or Microsoft 365 user export, nor the generic "
            "CSV (an “email” column is needed; see docs/evidence.md)"
        ),
        file=file_name,
        row=1,
    )


@dataclass(frozen=True)
class Export:
    """One export file as read: its format, its accounts, and the columns it has that we do not read."""

    format: ExportFormat
    accounts: list[Account]
    ignored: list[str]


def read_accounts(upload: Upload, progress: Progress | None = None) -> tuple[ExportFormat, list[Account]]:
    export = read_export(upload, progress)
    return export.format, export.accounts


def ignored_columns(header: list[str], positions: dict[str, int]) -> list[str]:
    """The header cells we do not read, as written (Recovery Email, Admin role, ...): they never fail a file."""
    read = set(positions.values())
    return [cell.strip().lstrip("\ufeff") for i, cell in enumerate(header) if i not in read and cell.strip()]


def read_export(upload: Upload, progress: Progress | None = None) -> Export:
    """Every account of one export file; a cell that cannot be read stops with its file, row and column.

    Only the cells of the columns we read are looked at: an extra or unknown column never makes a file fail."""
    header, rows = csv_rows(upload)
    export_format, positions = detect_format(header, upload.name)
    progress = progress or Progress()
    progress.start(max(upload.data.count(b"\n"), 1))
    # Worked out once per file: which cells to read, with which reader (100,000 rows must take under 2 s).
    plan = [
        (attribute, index, READERS.get(attribute)) for attribute, index in positions.items() if attribute != "address"
    ]
    address_at, width, has_sign_in = positions["address"], len(header), "last_sign_in" in positions
    needed = max(positions.values()) + 1  # a short row is fine as long as it has every cell we read
    accounts = []
    for count, (line, row) in enumerate(rows, start=1):
        if count % PROGRESS_STEP == 0:
            progress.advance(PROGRESS_STEP)
        if len(row) < needed or (len(row) > width and any(cell.strip() for cell in row[width:])):
            raise InputError(
                _("this row has %(found)s cells, the header %(expected)s (a stray quote or comma?)")
                % {"found": len(row), "expected": width},
                file=upload.name,
                row=line,
            )
        address = row[address_at].strip().lower()
        if "@" not in address:
            problem = (
                _("the address is empty")
                if not address
                else _("“%(value)s” is not an e-mail address") % {"value": address[:80]}
            )
            raise InputError(problem, file=upload.name, row=line, column=header[address_at])
        values: dict[str, Any] = {}
        for attribute, index, reader in plan:
            raw = row[index]
            try:
                values[attribute] = reader(raw) if reader else raw.strip()
            except ValueError:
                raise InputError(
                    _cell_problem(attribute) % {"value": raw[:80]}, file=upload.name, row=line, column=header[index]
                ) from None
        accounts.append(_account(address, export_format.id, values, has_sign_in))
    return Export(export_format, accounts, ignored_columns(header, positions))


def parse_admin_role(value: str) -> bool:
    """An admin-role cell: blank or "none" is no administrator, any role's name ("Super Admin") is one."""
    text = value.strip().lower()
    if text in {"", "none", "-", "なし", "user", "ユーザー"} or text in FALSE:
        return False
    return True


READERS: dict[str, Callable[[str], object]] = {
    "admin_role": parse_admin_role,
    "enabled": parse_bool,
    "mfa": parse_bool,
    "admin": parse_bool,
    "mfa_capable": parse_bool,
    "blocked": parse_bool,
    "last_sign_in": parse_date,
    "created": parse_date,
}


def _cell_problem(attribute: str) -> str:
    if attribute in ("last_sign_in", "created"):
        return _("“%(value)s” is not a date (use YYYY-MM-DD)")
    return _("“%(value)s” is not yes/no (true/false)")


def _account(address: str, source: str, values: dict[str, Any], has_sign_in: bool) -> Account:
    name = values.get("name") or f"{values.get('first_name') or ''} {values.get('last_name') or ''}".strip()
    enabled = values.get("enabled")
    blocked = values.get("blocked")
    if blocked is not None:
        enabled = not blocked
    last_sign_in = values.get("last_sign_in")
    return Account(
        address=address,
        name=name,
        enabled=enabled,
        mfa=values.get("mfa"),
        admin=values["admin"] if values.get("admin") is not None else values.get("admin_role"),
        last_sign_in=last_sign_in,
        never_signed_in=(last_sign_in is None) if has_sign_in else None,
        created=values.get("created"),
        sources=[source],
    )


def merge_accounts(lists: Iterable[list[Account]]) -> list[Account]:
    """Join the accounts of several files of one tenant on the address; a file that says nothing keeps the other's
    value, a block anywhere wins (disabled), MFA or admin anywhere wins, the latest sign-in wins."""
    merged: dict[str, Account] = {}
    for accounts in lists:
        for account in accounts:
            known = merged.get(account.address)
            if known is None:
                merged[account.address] = account
                continue
            known.name = known.name or account.name
            known.enabled = _either(known.enabled, account.enabled, all)
            known.mfa = _either(known.mfa, account.mfa, any)
            known.admin = _either(known.admin, account.admin, any)
            known.created = known.created or account.created
            if account.never_signed_in is not None:
                dates = [d for d in (known.last_sign_in, account.last_sign_in) if d]
                known.last_sign_in = max(dates) if dates else None
                known.never_signed_in = known.last_sign_in is None
            known.sources = [*known.sources, *account.sources]
    return list(merged.values())


def _either(first: bool | None, second: bool | None, combine: Callable[[list[bool]], bool]) -> bool | None:
    known = [value for value in (first, second) if value is not None]
    return combine(known) if known else None
