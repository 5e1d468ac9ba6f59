"""A customer's questionnaire as large companies send them: a cover sheet with formulas, a question sheet with
a title block, merged section rows, merged answer cells, a formula counting the answers, styles, column widths
and a drop-down on the answer column."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

QUESTIONS = [
    ("1. 基本的な対策", None),
    ("1-1", "パソコンのOSやソフトウェアは常に最新の状態に更新されていますか。"),
    ("1-2", "全ての端末にウイルス対策ソフトを導入していますか。"),
    ("1-3", "クラウドサービスへのログインに二段階認証を必須としていますか。"),
    ("2. 組織的な対策", None),
    ("2-1", "情報セキュリティ基本方針を策定し、従業員に周知していますか。"),
    ("2-2", "重要データのバックアップを定期的に取得していますか。"),
    ("2-3", "貴社の従業員数を記入してください。"),
]
FIRST = 5  # the first question row


def customer_workbook() -> bytes:
    book = Workbook()
    cover = book.active
    cover.title = "表紙"
    cover["A1"] = "取引先セキュリティ調査票"
    cover["A1"].font = Font(bold=True, size=16)
    cover["A3"], cover["B3"] = "回答済み", "='調査票'!F2"
    cover["A4"], cover["B4"] = "設問数", f"=COUNTA('調査票'!C{FIRST}:C{FIRST + len(QUESTIONS)})"
    sheet = book.create_sheet("調査票")
    sheet.merge_cells("A1:E1")
    sheet["A1"] = "情報セキュリティ対策状況の確認"
    sheet["A1"].font = Font(bold=True)
    sheet["E2"], sheet["F2"] = "回答数", f"=COUNTA(D{FIRST}:D{FIRST + len(QUESTIONS)})"
    header = FIRST - 1
    for col, text in zip("ABCD", ("No.", "区分", "確認事項", "ご回答"), strict=True):
        cell = sheet[f"{col}{header}"]
        cell.value = text
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    row = FIRST
    for number, text in QUESTIONS:
        if text is None:
            sheet.merge_cells(f"A{row}:E{row}")
            sheet[f"A{row}"] = number
            sheet[f"A{row}"].font = Font(bold=True)
        else:
            sheet[f"A{row}"], sheet[f"C{row}"] = number, text
            sheet.merge_cells(f"D{row}:E{row}")  # the answer box spans two columns
        row += 1
    sheet.column_dimensions["C"].width = 60
    choices = DataValidation(type="list", formula1='"はい,いいえ,一部"', allow_blank=True)
    sheet.add_data_validation(choices)
    choices.add(f"D{FIRST}:D{row}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
