"""Checks' tests read the realistic files in files/ and build Excel files the way an SME's would look."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook

from rashinban.evidence.registry import Upload

FILES = Path(__file__).resolve().parent / "files"


def upload(name: str) -> Upload:
    return Upload(name, (FILES / name).read_bytes())


def xlsx(rows: list[list[object]], name: str = "book.xlsx", title_rows: int = 0) -> Upload:
    """An Excel file with optional title rows above the header, as people make them."""
    book = Workbook()
    sheet = book.active
    for i in range(title_rows):
        sheet.append([f"タイトル行 {i + 1}"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return Upload(name, buffer.getvalue())


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield
