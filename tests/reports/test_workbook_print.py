"""Every workbook the product writes, printed as LibreOffice prints it: one page wide, no text cut off.

All files are converted in one `soffice --headless --convert-to pdf` run (a few seconds), with a profile of
its own so that parallel runs do not share LibreOffice's lock. Page i of a PDF belongs to the sheet whose
page header (title · sheet) it shows. A text is cut when it does not appear whole in its sheet's pages:
LibreOffice leaves out what does not fit into a cell (`test_the_check_sees_cut_text` proves it).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Alignment
from pypdf import PdfReader

from rashinban.reports.xlsx import save
from tests.reports.workbooks import Made
from tests.services import in_ci

pytestmark = pytest.mark.django_db
SOFFICE = shutil.which("soffice")
CUT = "cut-on-purpose"
LONG_TEXT = "行の高さが足りないと、折り返した日本語の終わりが印刷で切れてしまいます。最後の言葉はおわり。"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def cut_on_purpose() -> bytes:
    """A sheet whose second row is one line high for three lines of text: the check must notice."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["見出し"])
    sheet.append([LONG_TEXT])
    sheet["A2"].alignment = Alignment(wrap_text=True)
    sheet.column_dimensions["A"].width = 20
    sheet.row_dimensions[2].height = 15
    return save(book)


@pytest.fixture(scope="module")
def printed(workbooks: list[Made], tmp_path_factory) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """{workbook name: the text of each PDF page}."""
    if SOFFICE is None:
        reason = "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"
        if in_ci():
            pytest.fail(f"CI=true: {reason}", pytrace=False)
        pytest.skip(reason)
    folder: Path = tmp_path_factory.mktemp("print")
    files = {made.name: made.content for made in workbooks} | {CUT: cut_on_purpose()}
    for name, content in files.items():
        (folder / f"{name}.xlsx").write_bytes(content)
    profile = (folder / "profile").as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf"]
    subprocess.run(
        [*command, "--outdir", str(folder), *(str(folder / f"{n}.xlsx") for n in files)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    save_screenshots(folder / "owner-report-ja.pdf")
    return {
        name: [page.extract_text() for page in PdfReader(io.BytesIO((folder / f"{name}.pdf").read_bytes())).pages]
        for name in files
    }


def save_screenshots(pdf: Path) -> None:
    """With RASHINBAN_SCREENSHOTS=DIR: the owner's report workbook as LibreOffice prints it (docs/reports.md)."""
    target = os.environ.get("RASHINBAN_SCREENSHOTS")
    if not target or not shutil.which("pdftoppm"):
        return
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages]
    plan = next(n for n, text in enumerate(pages, start=1) if "対策計画" in text.split("\n", 1)[0])
    for number, name in ((1, "report-xlsx-1-summary"), (plan, "report-xlsx-2-plan")):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "70", "-f", str(number), "-l", str(number), "-singlefile", str(pdf),
             str(Path(target) / name)],
            check=True, timeout=60,
        )  # fmt: skip


def sheets_and_pages(made: Made, pages: list[str]) -> dict[str, list[str]]:
    """{visible sheet title: the text of its pages}, told by the page header every sheet prints."""
    sheets = [s for s in made.open().worksheets if s.sheet_state == "visible"]
    found: dict[str, list[str]] = {s.title: [] for s in sheets}
    for page in pages:
        text = squeeze(page)
        owners = [s for s in sheets if squeeze(s.oddHeader.center.text or "") in text]
        assert owners, (made.name, page[:200])
        owner = max(owners, key=lambda s: len(s.oddHeader.center.text or ""))  # "回答" is also in "回答 · 得点"...
        found[owner.title].append(text)
    return found


def missing_texts(sheet_texts: list[str], pages: list[str]) -> list[str]:
    """The texts that do not appear whole on the pages."""
    printed = "".join(pages)
    return [text for text in sheet_texts if squeeze(text) not in printed]


def test_the_check_sees_cut_text(printed):
    assert missing_texts([LONG_TEXT], printed[CUT]) == [LONG_TEXT]
    assert missing_texts(["見出し"], printed[CUT]) == []


def test_every_page_is_one_sheet_wide_with_the_header_row_repeated(printed, workbooks):
    for made in workbooks:
        for title, pages in sheets_and_pages(made, printed[made.name]).items():
            sheet = made.open()[title]
            assert pages, (made.name, title)
            header = [str(c.value) for c in sheet[1] if c.value is not None]
            for number, page in enumerate(pages, start=1):
                # Every column's header on every page: nothing was pushed onto a page to the right.
                assert missing_texts(header, [page]) == [], (made.name, title, number)


def test_no_text_is_cut_off(printed, workbooks):
    for made in workbooks:
        for title, pages in sheets_and_pages(made, printed[made.name]).items():
            sheet = made.open()[title]
            texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
            assert missing_texts(texts, pages) == [], (made.name, title)


def test_the_owners_report_prints_on_few_pages(printed, workbooks):
    """Summary and scores on one page each; 80 answers and the plan in a few more (was 11 pages, labels
    and values on different pages)."""
    report = next(made for made in workbooks if made.name == "owner-report-ja")
    pages = sheets_and_pages(report, printed["owner-report-ja"])

    assert len(pages["概要"]) == 1 and len(pages["得点"]) <= 2
    assert sum(len(p) for p in pages.values()) <= 12
