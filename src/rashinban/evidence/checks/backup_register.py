"""The backup register (バックアップ台帳): data sets and their backup copies, from YAML or Excel/CSV.

YAML: `datasets: [{name, original, frequency, copies: [{medium, location, offline, immutable, last_backup,
last_restore_test, restore_errors}]}]`. Excel/CSV: one row per copy, the data set's name repeated; a row without
a medium is a data set that has no backup at all. Keys and headers may be Japanese (see the template).
The live data itself counts as one of the 3 copies of the 3-2-1 rule; the register lists the backups.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rashinban.evidence.checks import gettext_noop
from rashinban.evidence.checks.tabular import Row, fold, parse_date, read_table
from rashinban.evidence.checks.yamlfile import YamlDocument
from rashinban.evidence.registry import InputError, Upload
from rashinban.evidence.text import _

DEFAULT_FREQUENCY_DAYS = 7
MEDIA: dict[str, tuple[str, ...]] = {
    "cloud": (
        "cloud",
        "クラウド",
        "onedrive",
        "googledrive",
        "dropbox",
        "box",
        "s3",
        "azure",
        "backblaze",
        "wasabi",
        "icloud",
        "クラウドストレージ",
        "オンラインバックアップ",
    ),
    "nas": ("nas", "ファイルサーバー", "file server"),
    "external-disk": (
        "external disk",
        "external hdd",
        "external ssd",
        "usb hdd",
        "外付け",
        "外付けhdd",
        "外付けssd",
        "外付けディスク",
        "ポータブルhdd",
        "rdx",
    ),
    "usb-stick": ("usb stick", "usb memory", "usbメモリ", "usbメモリー"),
    "tape": ("tape", "lto", "テープ", "磁気テープ"),
    "optical": ("dvd", "bd", "blu-ray", "cd", "光ディスク"),
    "disk": (
        "disk",
        "internal disk",
        "server",
        "pc",
        "内蔵ディスク",
        "内蔵hdd",
        "サーバー",
        "サーバ",
        "パソコン",
        "社内サーバー",
    ),
}
OFFSITE = (
    "offsite",
    "off-site",
    "社外",
    "オフサイト",
    "別拠点",
    "遠隔地",
    "自宅",
    "支店",
    "倉庫",
    "データセンター",
    "貸金庫",
    "remote",
    "other site",
)
ONSITE = ("onsite", "on-site", "社内", "オンサイト", "本社", "事務所", "同じ建物", "same building", "office")
FREQUENCIES = {
    1: ("daily", "毎日", "日次", "1日1回"),
    7: ("weekly", "毎週", "週次", "週1回"),
    31: ("monthly", "毎月", "月次", "月1回"),
}
DATASET_KEYS: dict[str, tuple[str, ...]] = {
    "name": ("データ", "データ名", "対象データ", "dataset", "data set"),
    "original": ("元データの保存先", "元データ", "保存先", "original", "original medium"),
    "frequency": ("頻度", "バックアップ頻度", "frequency"),
    "copies": ("コピー", "バックアップ", "backups"),
}
COPY_KEYS: dict[str, tuple[str, ...]] = {
    "medium": ("媒体", "保存媒体", "バックアップ先", "media"),
    "location": ("保管場所", "場所", "location", "site"),
    "offline": (
        "オフライン",
        "オフライン/改ざん防止",
        "オフライン・改ざん防止",
        "offline/immutable",
        "offline or immutable",
    ),
    "immutable": ("改ざん防止", "イミュータブル", "変更不可"),
    "last_backup": ("最終バックアップ", "最終バックアップ日", "last backup", "last successful backup"),
    "last_restore_test": ("最終復元テスト", "最終復元テスト日", "復元テスト日", "last restore test", "restore test"),
    "restore_errors": ("復元エラー", "復元テストのエラー数", "エラー数", "restore errors", "errors"),
    "frequency": ("頻度", "バックアップ頻度"),
}


@dataclass(frozen=True)
class Copy:
    where: str  # "row 4" or the YAML line, for the lists in findings
    medium: str
    offsite: bool
    offline: bool
    last_backup: date | None
    last_restore_test: date | None
    restore_errors: int | None
    frequency_days: int | None = None  # None: the data set's

    def label(self, dataset: str) -> str:
        return f"{dataset} ({medium_label(self.medium)})"


@dataclass
class Dataset:
    name: str
    original: str = "disk"
    frequency_days: int = DEFAULT_FREQUENCY_DAYS
    copies: list[Copy] = field(default_factory=list)


MEDIUM_NAMES = {
    "cloud": gettext_noop("cloud"),
    "nas": gettext_noop("NAS"),
    "external-disk": gettext_noop("external disk"),
    "usb-stick": gettext_noop("USB stick"),
    "tape": gettext_noop("tape"),
    "optical": gettext_noop("DVD/Blu-ray"),
    "disk": gettext_noop("internal disk or server"),
}


def medium_label(kind: str) -> str:
    """The medium in the reader's language; an unknown one as the user wrote it."""
    return _(MEDIUM_NAMES[kind]) if kind in MEDIUM_NAMES else kind


def medium_kind(text: str) -> str:
    """The kind of medium ("nas", "cloud", ...); an unknown medium is its own kind, named as written."""
    folded = fold(text)
    for kind, words in MEDIA.items():
        if folded == kind or any(fold(w) == folded or (len(fold(w)) >= 3 and fold(w) in folded) for w in words):
            return kind
    return unicodedata.normalize("NFKC", text).strip().lower()


def is_offsite(medium: str, location: str) -> bool | None:
    if medium == "cloud":
        return True
    folded = fold(location)
    if not folded:
        return None
    if any(fold(w) in folded for w in OFFSITE):
        return True
    if any(fold(w) in folded for w in ONSITE):
        return False
    return None


def frequency_days(value: Any) -> int | None:
    if value is None or value == "":
        return DEFAULT_FREQUENCY_DAYS
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    folded = fold(str(value))
    for days, words in FREQUENCIES.items():
        if folded in {fold(w) for w in words}:
            return days
    return None


def read_register(upload: Upload) -> list[Dataset]:
    if upload.name.lower().endswith((".yaml", ".yml")):
        datasets = _from_yaml(YamlDocument(upload))
    else:
        datasets = _from_rows(read_table(upload, {**DATASET_KEYS, **COPY_KEYS}, required=("name",)))
    if not datasets:
        raise InputError(_("the register lists no data sets"), file=upload.name)
    return datasets


# ---------------------------------------------------------------- Excel / CSV


def _from_rows(rows: list[Row]) -> list[Dataset]:
    datasets: dict[str, Dataset] = {}
    for row in rows:
        name = row.get("name")
        if not name:
            raise row.error("name", _("the data set has no name"))
        dataset = datasets.setdefault(name, Dataset(name))
        if row.get("original"):
            dataset.original = medium_kind(row.get("original"))
        days = frequency_days(row.get("frequency"))
        if days is None:
            raise row.error("frequency", _frequency_problem(row.get("frequency")))
        if row.get("medium"):
            medium = medium_kind(row.get("medium"))
            dataset.copies.append(
                Copy(
                    where=_("row %(row)s") % {"row": row.number},
                    medium=medium,
                    offsite=bool(is_offsite(medium, row.get("location"))),
                    offline=bool(row.flag("offline")) or bool(row.flag("immutable")),
                    last_backup=row.date("last_backup"),
                    last_restore_test=row.date("last_restore_test"),
                    restore_errors=row.integer("restore_errors"),
                    frequency_days=days,
                )
            )
    return list(datasets.values())


def _frequency_problem(value: str) -> str:
    return _("“%(value)s” is not a frequency (write daily, weekly, monthly, 毎日, 毎週, 毎月 or a number of days)") % {
        "value": value
    }


# ---------------------------------------------------------------- YAML


def _keyed(doc: YamlDocument, path: tuple[Any, ...], value: Any, keys: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """A mapping with its keys turned into our names; an unknown key is an error at its line."""
    aliases = {fold(alias): key for key, names in keys.items() for alias in (key, *names)}
    result: dict[str, Any] = {}
    for raw_key, item in doc.mapping(path, value).items():
        key = aliases.get(fold(str(raw_key)))
        if key is None:
            raise doc.error(
                (*path, raw_key),
                _("unknown key “%(key)s”; known keys: %(known)s") % {"key": raw_key, "known": ", ".join(keys)},
            )
        result[key] = (item, (*path, raw_key))
    return result


def _from_yaml(doc: YamlDocument) -> list[Dataset]:
    data = doc.data
    if isinstance(data, dict):
        top = {fold(str(k)): k for k in data}
        key = top.get("datasets") or top.get(fold("データ一覧"))
        if key is None:
            raise doc.error((), _("the register needs a list “datasets:”"))
        items, path = data[key], (key,)
    else:
        items, path = data, ()
    if not isinstance(items, list):
        raise doc.error(path, _("“datasets” must be a list of data sets"))
    return [_dataset(doc, (*path, i), item) for i, item in enumerate(items)]


def _dataset(doc: YamlDocument, path: tuple[Any, ...], value: Any) -> Dataset:
    fields = _keyed(doc, path, value, DATASET_KEYS)
    name, name_path = fields.get("name", (None, path))
    if not isinstance(name, str | int) or not str(name).strip():
        raise doc.error(name_path, _("the data set has no name"))
    dataset = Dataset(str(name).strip())
    if "original" in fields:
        dataset.original = medium_kind(str(fields["original"][0]))
    if "frequency" in fields:
        dataset.frequency_days = _yaml_frequency(doc, fields)
    copies, copies_path = fields.get("copies", ([], path))
    if copies is None:
        copies = []
    if not isinstance(copies, list):
        raise doc.error(copies_path, _("“copies” must be a list of backup copies"))
    dataset.copies = [_copy(doc, (*copies_path, i), item) for i, item in enumerate(copies)]
    return dataset


def _copy(doc: YamlDocument, path: tuple[Any, ...], value: Any) -> Copy:
    fields = _keyed(doc, path, value, COPY_KEYS)
    medium_text, medium_path = fields.get("medium", (None, path))
    if not medium_text:
        raise doc.error(medium_path, _("the copy has no medium (NAS, external disk, cloud, tape, ...)"))
    medium = medium_kind(str(medium_text))
    location = str(fields.get("location", ("", path))[0] or "")
    return Copy(
        where=_("line %(line)s") % {"line": doc.line(path)},
        medium=medium,
        offsite=bool(is_offsite(medium, location)),
        offline=_yaml_flag(doc, fields, "offline") or _yaml_flag(doc, fields, "immutable"),
        last_backup=_yaml_date(doc, fields, "last_backup"),
        last_restore_test=_yaml_date(doc, fields, "last_restore_test"),
        restore_errors=_yaml_count(doc, fields, "restore_errors"),
        frequency_days=_yaml_frequency(doc, fields) if "frequency" in fields else None,
    )


def _yaml_frequency(doc: YamlDocument, fields: dict[str, Any]) -> int:
    value, path = fields["frequency"]
    days = frequency_days(value)
    if days is None:
        raise doc.error(path, _frequency_problem(str(value)))
    return days


def _yaml_flag(doc: YamlDocument, fields: dict[str, Any], key: str) -> bool:
    if key not in fields or fields[key][0] is None:
        return False
    value, path = fields[key]
    if not isinstance(value, bool):
        raise doc.error(path, _("write true or false"))
    return value


def _yaml_date(doc: YamlDocument, fields: dict[str, Any], key: str) -> date | None:
    if key not in fields or fields[key][0] in (None, "", "never", "なし", "未実施"):
        return None
    value, path = fields[key]
    parsed = parse_date(value)
    if parsed is None:
        raise doc.error(path, _("“%(value)s” is not a date (write 2026-11-20 or 2026/11/20)") % {"value": value})
    return parsed


def _yaml_count(doc: YamlDocument, fields: dict[str, Any], key: str) -> int | None:
    if key not in fields or fields[key][0] is None:
        return None
    value, path = fields[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise doc.error(path, _("write a whole number (0 or more)"))
    return value
