"""The devices inventory (CSV or Excel): PCs, phones and servers, their OS, updates, protection, encryption, owner.

Findings: `os-eol` (no more security updates, from the dated table in eol.yaml), `os-esu` (past the vendor's
end but enrolled in Extended Security Updates until the inventory's `ESU期限` date: replace or upgrade before it),
`os-feature-update` (a supported Windows 11 on a feature update whose servicing ended: install the current one,
free), `os-eol-soon` (within EOL_SOON_DAYS), `updates-off`, `no-antimalware`, `no-encryption`, `byod` (private devices used for work),
`os-unknown` and `devices-incomplete` (what the inventory does not say). A blank cell is "unknown", never "no".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import click

from rashinban.evidence.checks import gettext_noop
from rashinban.evidence.checks.eol import EolTable, OsInfo, parse_os, table_with
from rashinban.evidence.checks.tabular import Row, fold, read_table
from rashinban.evidence.findings import CheckResult, Finding
from rashinban.evidence.registry import Check, CheckInput, Column, Field, InputError, Progress, Upload
from rashinban.evidence.runner import today_option
from rashinban.evidence.text import _, ngettext
from rashinban.i18n import _ as cli_

EOL_SOON_DAYS = 180
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": (
        "端末名",
        "機器名",
        "資産名",
        "名前",
        "ホスト名",
        "コンピューター名",
        "device",
        "device name",
        "hostname",
        "asset",
        "asset name",
    ),
    "kind": ("種類", "種別", "機器の種類", "type", "device type", "kind"),
    "os": ("OS", "オペレーティングシステム", "operating system"),
    "os_version": ("OSバージョン", "バージョン", "os version", "version"),
    "auto_update": ("自動更新", "自動アップデート", "automatic updates", "auto update", "updates"),
    "antimalware": (
        "ウイルス対策",
        "ウイルス対策ソフト",
        "ウイルス対策/EDR",
        "セキュリティソフト",
        "EDR",
        "antivirus",
        "anti-malware",
        "anti-malware/EDR",
        "antimalware",
    ),
    "encryption": ("ディスク暗号化", "暗号化", "disk encryption", "encryption"),
    "owner": ("利用者", "使用者", "担当者", "owner", "user"),
    "ownership": ("所有", "所有区分", "会社/私物", "会社支給/私物", "ownership", "owned by"),
    # Optional: the last day of Extended Security Updates the device is enrolled in (a date).
    "esu_until": ("ESU期限", "ESU終了日", "ESU until", "ESU end", "ESU"),
}
KIND_WORDS = {
    "server": ("server", "サーバー", "サーバ", "nas"),
    "mobile": (
        "phone",
        "smartphone",
        "mobile",
        "tablet",
        "iphone",
        "ipad",
        "スマートフォン",
        "スマホ",
        "携帯",
        "携帯電話",
        "タブレット",
    ),
    "pc": (
        "pc",
        "laptop",
        "notebook",
        "desktop",
        "computer",
        "パソコン",
        "ノートpc",
        "ノートパソコン",
        "デスクトップ",
        "デスクトップpc",
        "mac",
    ),
}
PRIVATE_WORDS = ("私物", "個人", "個人所有", "個人端末", "byod", "private", "personal", "employee")
COMPANY_WORDS = ("会社", "会社支給", "会社所有", "社有", "貸与", "company", "corporate", "company-owned")


@dataclass(frozen=True)
class Device:
    name: str
    row: int
    kind: str  # pc | mobile | server
    os_text: str
    os: OsInfo | None
    auto_update: bool | None
    antimalware: bool | None
    encryption: bool | None
    private: bool | None
    owner: str = ""
    esu_until: date | None = None


def read_inventory(upload: Upload) -> list[Device]:
    return [_device(row) for row in read_table(upload, COLUMNS, required=("name", "os"))]


def _device(row: Row) -> Device:
    os_text = " ".join(p for p in (row.get("os"), row.get("os_version")) if p)
    os = parse_os(row.get("os"), row.get("os_version"))
    return Device(
        name=row.get("name") or _("(row %(row)s)") % {"row": row.number},
        row=row.number,
        kind=_kind(row, os),
        os_text=os_text,
        os=os,
        auto_update=row.flag("auto_update"),
        antimalware=row.presence("antimalware"),
        encryption=row.presence("encryption"),
        private=_private(row),
        owner=row.get("owner"),
        esu_until=_esu_until(row),
    )


def _esu_until(row: Row) -> date | None:
    """The ESU end the inventory gives, never later than the programme's own end (facts: windows10-esu-...)."""
    from rashinban.facts import fact

    until = row.date("esu_until")
    if until is None:
        return None
    latest = fact("windows10-esu-commercial-end").value
    return min(until, latest) if isinstance(latest, date) else until


def _feature_update(os: OsInfo | None, entry) -> bool:  # type: ignore[no-untyped-def]
    """A Windows 11 whose end comes from its feature update (24H2 ...), not from Windows 11 itself."""
    return os is not None and os.family == "windows" and os.version == "11" and bool(entry.release)


def _folded(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(fold(w) for w in words)


FOLDED_KINDS = {kind: _folded(words) for kind, words in KIND_WORDS.items()}
FOLDED_PRIVATE, FOLDED_COMPANY = _folded(PRIVATE_WORDS), _folded(COMPANY_WORDS)


def _kind(row: Row, os: OsInfo | None) -> str:
    folded = fold(row.get("kind"))
    for kind, words in FOLDED_KINDS.items():
        if folded and any(w in folded for w in words):
            return kind
    if os is not None and os.family in {"ios", "android"}:
        return "mobile"
    return "server" if os is not None and os.family == "windows-server" else "pc"


def _private(row: Row) -> bool | None:
    folded = fold(row.get("ownership"))
    if not folded:
        return None
    if any(w in folded for w in FOLDED_PRIVATE):
        return True
    if any(w in folded for w in FOLDED_COMPANY):
        return False
    raise row.error(
        "ownership",
        _("“%(value)s” is neither company-owned (会社) nor private (私物)") % {"value": row.get("ownership")},
    )


def check_devices(devices: list[Device], today: date, table: EolTable) -> CheckResult:
    ends = {d.row: table.end_of(d.os) if d.os else None for d in devices}
    past = [d for d in devices if ends[d.row] and ends[d.row].end < today]
    feature = [d for d in past if _feature_update(d.os, ends[d.row])]
    esu = [d for d in past if d not in feature and d.esu_until is not None and today <= d.esu_until]
    eol = [d for d in past if d not in feature and d not in esu]
    soon = [d for d in devices if ends[d.row] and today <= ends[d.row].end <= today + timedelta(days=EOL_SOON_DAYS)]
    updates_off = [d for d in devices if d.auto_update is False]
    # Phones and tablets have protection and encryption built into the OS: only an explicit "no" on a PC or server.
    unprotected = [d for d in devices if d.antimalware is False and d.kind != "mobile"]
    unencrypted = [d for d in devices if d.encryption is False]
    weak = {d.row for d in (*eol, *feature, *updates_off, *unprotected, *unencrypted)}
    private = [d for d in devices if d.private]
    findings = [
        _eol_finding(eol, ends),
        _esu_finding(esu),
        _feature_update_finding(feature, ends),
        _soon_finding(soon, ends),
        _finding(
            "updates-off",
            "high",
            updates_off,
            ngettext(
                "%(count)s device does not install updates automatically",
                "%(count)s devices do not install updates automatically",
                len(updates_off),
            ),
            _(
                "Most attacks use flaws that already have a fix. Turn on automatic updates for the OS, the browser "
                "and Office, and check once a month that they ran."
            ),
        ),
        _finding(
            "no-antimalware",
            "high",
            unprotected,
            ngettext(
                "%(count)s PC or server has no anti-malware",
                "%(count)s PCs or servers have no anti-malware",
                len(unprotected),
            ),
            _(
                "Turn on the anti-malware that comes with the OS (Microsoft Defender) or install the company's "
                "product (EDR where you can), and keep it updated."
            )
            + " "
            + _jargon("edr"),
        ),
        _finding(
            "no-encryption",
            "medium",
            unencrypted,
            ngettext(
                "%(count)s device has no disk encryption", "%(count)s devices have no disk encryption", len(unencrypted)
            ),
            _(
                "A lost or stolen device then gives away every file on it. Turn on BitLocker (Windows), FileVault "
                "(Mac) or the phone's own encryption with a screen lock, and keep the recovery key safe."
            ),
        ),
        _finding(
            "byod",
            "medium" if any(d.row in weak for d in private) else "low",
            private,
            ngettext(
                "%(count)s private device is used for work", "%(count)s private devices are used for work", len(private)
            ),
            _(
                "Private devices are outside the company's control. Write rules for them (screen lock, updates, "
                "no company data stored locally, what happens when the person leaves) or provide company devices; "
                "the ones that also fail a check above need attention first."
            ),
        ),
        _finding(
            "os-unknown",
            "info",
            [d for d in devices if d.os is None],
            ngettext(
                "%(count)s device has an OS the end-of-life table does not know",
                "%(count)s devices have an OS the end-of-life table does not know",
                sum(1 for d in devices if d.os is None),
            ),
            _(
                "Write the OS with its version (for example “Windows 11 Pro 24H2”, “macOS 15”, “iOS 18”) so its "
                "end of support can be checked, or add it to your own end-of-life table."
            ),
        ),
        _finding(
            "devices-incomplete",
            "info",
            _incomplete(devices),
            ngettext(
                "%(count)s device has blank cells", "%(count)s devices have blank cells", len(_incomplete(devices))
            ),
            _(
                "Updates, anti-malware, encryption or ownership are blank: unknown is not the same as done. "
                "Find out and fill them in."
            ),
        ),
    ]
    summary = {
        "devices_total": len(devices),
        "kinds": dict(Counter(d.kind for d in devices)),
        "eol_table_updated": table.updated.isoformat(),
        "today": today.isoformat(),
    }
    return CheckResult("devices", [f for f in findings if f is not None], summary)


def _jargon(term_id: str) -> str:
    """The glossary's one sentence for a jargon term, in the reader's language."""
    from django.utils.translation import get_language

    from rashinban.glossary import term

    item = term(term_id)
    return f"{item.name(get_language() or 'ja')}: {item.explanation(get_language() or 'ja')}"


def _incomplete(devices: list[Device]) -> list[Device]:
    """Devices with blank cells that matter; phones have protection and encryption built in."""

    def unknown(device: Device) -> bool:
        asked = (device.auto_update, device.private)
        if device.kind != "mobile":
            asked += (device.antimalware, device.encryption)
        return None in asked

    return [d for d in devices if unknown(d)]


def _label(device: Device) -> str:
    return f"{device.name} ({device.owner})" if device.owner else device.name


def _finding(
    finding_id: str, severity: str, devices: list[Device], title: str, detail: str, notes: dict[int, str] | None = None
) -> Finding | None:
    if not devices:
        return None
    listed = [f"{_label(d)}: {notes[d.row]}" if notes else _label(d) for d in devices]
    return Finding(
        finding_id,
        severity,
        title % {"count": len(devices)},
        detail,
        count=len(devices),
        extra={"devices": [d.name for d in devices], "items": listed},
    )


def _eol_finding(devices: list[Device], ends: dict) -> Finding | None:
    notes = {
        d.row: _("%(os)s, updates ended %(date)s") % {"os": d.os.label(), "date": ends[d.row].end.isoformat()}
        for d in devices
        if d.os
    }
    return _finding(
        "os-eol",
        "high",
        devices,
        ngettext(
            "%(count)s device runs an OS that no longer gets security updates",
            "%(count)s devices run an OS that no longer gets security updates",
            len(devices),
        ),
        _(
            "New flaws in these systems are never fixed. Upgrade them (for example to Windows 11) or replace the "
            "device; until then keep them off the internet and away from important data."
        ),
        notes,
    )


def _esu_finding(devices: list[Device]) -> Finding | None:
    notes = {
        d.row: _("%(os)s, Extended Security Updates until %(date)s") % {"os": d.os.label(), "date": d.esu_until}
        for d in devices
        if d.os and d.esu_until
    }
    last = min(d.esu_until for d in devices if d.esu_until) if devices else None
    return _finding(
        "os-esu",
        "medium",
        devices,
        ngettext(
            "%(count)s device gets security updates only through paid Extended Security Updates",
            "%(count)s devices get security updates only through paid Extended Security Updates",
            len(devices),
        ),
        _(
            "They still get fixes, but only until the ESU date. Replace them or upgrade them (for example to "
            "Windows 11) before %(date)s; the first one ends then."
        )
        % {"date": last},
        notes,
    )


def _feature_update_finding(devices: list[Device], ends: dict) -> Finding | None:
    notes = {
        d.row: _("%(os)s, this feature update's fixes ended %(date)s") % {"os": d.os.label(), "date": ends[d.row].end}
        for d in devices
        if d.os
    }
    return _finding(
        "os-feature-update",
        "medium",
        devices,
        ngettext(
            "%(count)s Windows 11 PC is on a feature update that no longer gets fixes",
            "%(count)s Windows 11 PCs are on a feature update that no longer gets fixes",
            len(devices),
        ),
        _(
            "Windows 11 itself is supported: install the current feature update through Windows Update "
            "(Settings > Windows Update). It is free; no new PC or licence is needed."
        ),
        notes,
    )


def _soon_finding(devices: list[Device], ends: dict) -> Finding | None:
    notes = {
        d.row: _("%(os)s, updates end %(date)s") % {"os": d.os.label(), "date": ends[d.row].end.isoformat()}
        for d in devices
        if d.os
    }
    return _finding(
        "os-eol-soon",
        "low",
        devices,
        ngettext(
            "%(count)s device stops getting security updates within six months",
            "%(count)s devices stop getting security updates within six months",
            len(devices),
        ),
        _("Plan the upgrade or the replacement now, so that it is done before the date."),
        notes,
    )


# ---------------------------------------------------------------- the check: web form and `rashinban check devices`


@dataclass(frozen=True)
class DevicesInput:
    devices: list[Device]
    today: date
    table: EolTable


def parse(inputs: CheckInput) -> DevicesInput:
    uploads = inputs.uploads("inventory")
    if not uploads:
        raise InputError(_("fill in at least one row, or choose the filled-in devices inventory (Excel)"))
    overrides = inputs.uploads("eol_table")
    table = table_with(overrides[0] if overrides else None)
    return DevicesInput(read_inventory(uploads[0]), inputs.today or date.today(), table)


def run(data: DevicesInput, progress: Progress) -> CheckResult:
    return check_devices(data.devices, data.today, data.table)


CHECK = Check(
    name="devices",
    title=gettext_noop("Devices and software"),
    description=gettext_noop(
        "Fill in your PCs, phones and servers below, or upload your inventory (download the Excel template below): "
        "OS and version, automatic updates, anti-malware, disk encryption, user, company-owned or private. Operating "
        "systems past their end of support are found from a dated table."
    ),
    fields=(
        Field(
            "rows",
            gettext_noop("Your PCs, phones and servers, one row each"),
            kind="table",
            into="inventory",
            rows=10,
            help=gettext_noop(
                "The OS and its version are on the device: Windows: Settings › System › About; Mac: Apple menu › "
                "About This Mac; phones: Settings › About. Leave a cell blank when you do not know."
            ),
            columns=(
                Column("name", "端末名", gettext_noop("Device name")),
                Column(
                    "kind",
                    "種類",
                    gettext_noop("Kind"),
                    "choice",
                    (
                        ("pc", gettext_noop("PC")),
                        ("phone", gettext_noop("phone or tablet")),
                        ("server", gettext_noop("server or NAS")),
                    ),
                ),
                Column("os", "OS", gettext_noop("OS (e.g. Windows, macOS, iOS)")),
                Column("os_version", "OSバージョン", gettext_noop("OS version (e.g. 11 23H2)")),
                Column("auto_update", "自動更新", gettext_noop("Automatic updates on"), "yesno"),
                Column("antimalware", "ウイルス対策", gettext_noop("Anti-malware"), "yesno"),
                Column("encryption", "ディスク暗号化", gettext_noop("Disk encrypted"), "yesno"),
                Column("owner", "利用者", gettext_noop("Used by")),
                Column(
                    "ownership",
                    "所有",
                    gettext_noop("Owned by"),
                    "choice",
                    (("会社", gettext_noop("the company")), ("私物", gettext_noop("the person (private)"))),
                ),
            ),
        ),
        Field(
            "inventory",
            gettext_noop("Devices inventory (Excel or CSV)"),
            kind="file",
            required=False,
            accept=".csv,.xlsx",
        ),
    ),
    parse=parse,
    run=run,
    questions={
        "basic-updates": ("os-eol", "os-feature-update", "updates-off"),
        "basic-antimalware": ("no-antimalware",),
        "staff-devices": ("no-encryption", "byod"),
        "org-assets": ("os-eol",),
    },
    order=50,
)


@click.command(
    "devices", help=cli_(gettext_noop("Check a devices inventory (CSV or Excel) for old systems, updates, protection."))
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@today_option
@click.option(
    "--eol-table",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help=cli_(gettext_noop("Your own end-of-life table (YAML), added to the shipped one.")),
)
@click.option("--json", "as_json", is_flag=True, help=cli_(gettext_noop("Print JSON instead of text.")))
def COMMAND(file: Path, today: datetime | None, eol_table: Path | None, as_json: bool) -> None:
    from rashinban.evidence.runner import read_uploads, run_command

    def build() -> CheckInput:
        return CheckInput(
            files={"inventory": read_uploads([file]), "eol_table": read_uploads([eol_table] if eol_table else [])},
            today=today.date() if today else date.today(),
        )

    run_command(CHECK, build, as_json)
