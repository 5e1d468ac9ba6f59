"""Sample files users download from the check pages and fill in: a backup register, a devices inventory, a policy.

The shipped copies live in `static/evidence/`; `python -m rashinban.evidence.checks.samples DIR` writes them
again after a change here (tests read the shipped ones back with the checks' own readers).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from rashinban.evidence.checks.password_policy import POLICY_TEMPLATE
from rashinban.reports.xlsx import BookInfo, Sheet, build_workbook

STATIC_DIR = Path(__file__).resolve().parents[2] / "static" / "evidence"
BACKUP_REGISTER = "backup-register.xlsx"
DEVICES_INVENTORY = "devices-inventory.xlsx"
PASSWORD_POLICY = "password-policy.yaml"

BACKUP_HEADERS = [
    "データ",
    "元データの保存先",
    "頻度",
    "媒体",
    "保管場所",
    "オフライン/改ざん防止",
    "最終バックアップ日",
    "最終復元テスト日",
    "復元テストのエラー数",
]
BACKUP_ROWS = [
    ["会計データ", "サーバー", "毎日", "NAS", "社内", "いいえ", date(2026, 11, 24), date(2026, 6, 1), 0],
    ["会計データ", "サーバー", "毎日", "クラウド", "社外", "はい", date(2026, 11, 24), None, None],
    ["顧客データ", "サーバー", "毎週", "外付けHDD", "社外", "はい", date(2026, 11, 20), None, None],
]
BACKUP_NOTES = [
    "1行に1つのバックアップ先(コピー)を書きます。同じデータに複数のコピーがあれば、データ名を繰り返します。",
    "媒体: NAS、外付けHDD、クラウド、テープ、USBメモリ、DVD など。保管場所: 社内 / 社外(別拠点・自宅・クラウド)。",
    "オフライン/改ざん防止: バックアップ後に取り外す、またはクラウドの改ざん防止(オブジェクトロック)なら はい。",
    "頻度: 毎日 / 毎週 / 毎月 または日数。日付は 2026-11-20 または 2026/11/20。記入例の行は書き換えてください。",
]
DEVICE_HEADERS = [
    "端末名",
    "種類",
    "OS",
    "OSバージョン",
    "自動更新",
    "ウイルス対策/EDR",
    "ディスク暗号化",
    "利用者",
    "所有",
    "ESU期限",
]
DEVICE_ROWS = [
    [
        "PC-001",
        "ノートPC",
        "Windows 11 Pro",
        "25H2",
        "はい",
        "Microsoft Defender",
        "BitLocker",
        "山田 太郎",
        "会社",
        "",
    ],
    ["MAC-001", "ノートPC", "macOS", "15", "はい", "XProtect", "FileVault", "鈴木 花子", "会社", ""],
    ["SP-001", "スマートフォン", "iOS", "26", "はい", "", "", "山田 太郎", "私物", ""],
    ["SRV-001", "サーバー", "Windows Server 2022", "", "はい", "Microsoft Defender", "BitLocker", "", "会社", ""],
]
DEVICE_NOTES = [
    "1行に1台。OSはバージョンまで書きます(例: Windows 11 Pro 25H2、macOS 15、iOS 26、Android 15)。",
    "自動更新: はい / いいえ。ウイルス対策・暗号化: 製品名または なし。所有: 会社 / 私物。わからない欄は空欄のまま。",
    "ESU期限: Windows 10 を有償の拡張セキュリティ更新(ESU)で使っている場合だけ、その終了日(例: 2027-10-12)。それ以外は空欄。",
]
# The sheets are blank forms: filter buttons would look like one more drop-down.
NOTES_TITLE, NOTES_HEADER = "記入方法", "記入方法"
YES_NO = '"はい,いいえ"'
EMPTY_ROWS = 500  # rows the yes/no drop-downs cover


def _book(title: str, headers: list[str], rows: list[list[object]], yes_no: list[str], notes: list[str]) -> Workbook:
    widths = [max(12, len(header) * 2 + 2) for header in headers]
    book = build_workbook(
        [
            Sheet(title, headers, rows, widths=widths, filters=False),
            Sheet(NOTES_TITLE, [NOTES_HEADER], [[note] for note in notes], widths=[100], filters=False),
        ],
        BookInfo(title=title, language="ja"),
    )
    sheet = book[title]
    choices = DataValidation(type="list", formula1=YES_NO, allow_blank=True)
    sheet.add_data_validation(choices)
    for header in yes_no:
        letter = sheet.cell(1, headers.index(header) + 1).column_letter
        choices.add(f"{letter}2:{letter}{EMPTY_ROWS}")
    return book


def backup_register_workbook() -> Workbook:
    return _book("バックアップ台帳", BACKUP_HEADERS, BACKUP_ROWS, ["オフライン/改ざん防止"], BACKUP_NOTES)


def devices_inventory_workbook() -> Workbook:
    return _book("機器台帳", DEVICE_HEADERS, DEVICE_ROWS, ["自動更新"], DEVICE_NOTES)


def write_samples(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    backup_register_workbook().save(folder / BACKUP_REGISTER)
    devices_inventory_workbook().save(folder / DEVICES_INVENTORY)
    (folder / PASSWORD_POLICY).write_text(POLICY_TEMPLATE, encoding="utf-8")
    return [folder / BACKUP_REGISTER, folder / DEVICES_INVENTORY, folder / PASSWORD_POLICY]


if __name__ == "__main__":
    for written in write_samples(Path(sys.argv[1]) if len(sys.argv) > 1 else STATIC_DIR):
        print(written)
