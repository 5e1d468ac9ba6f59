"""Benchmark of the bounded readers: the worst file of each container type within the upload limits is refused
in under 2 s, with the process's memory growing by under 100 MB.

    .venv/bin/python bench/limits.py [--scale full|small] [--only NAME]

Each case builds its file first, then reads it in a fresh subprocess through the reader its upload path uses
(`rashinban.limits`) and reports the seconds until the refusal and the growth of the peak resident memory
(VmHWM, reset just before reading) over what the process held then. `xlsx-largest-accepted` is not a refusal: it is
the largest honest workbook the evidence profile accepts, read to the end, for comparison. Exits 1 when a
refusal misses a target.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from targets import time_met

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.limits import corpus  # noqa: E402

TARGET_SECONDS, TARGET_MB = 2.0, 100
MIB = 1024 * 1024

# How one case is read in the child: the profile and the reader of its upload path.
CHILD = r"""
import json, sys, time
from pathlib import Path
from rashinban import limits
import defusedxml, openpyxl, yaml  # imported before the baseline: their code is not what is measured
from openpyxl.reader import excel
kind, profile_name, path = sys.argv[1:4]
profile = getattr(limits, profile_name)
data = Path(path).read_bytes()
def status(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])
open("/proc/self/clear_refs", "w").write("5")  # reset the peak (VmHWM) to the present size
before = status("VmRSS")
started = time.perf_counter()
outcome = "accepted"
try:
    if kind == "xlsx":
        with limits.read_workbook(data, path, profile) as book:
            for sheet in book.worksheets:
                for _row in limits.sheet_rows(sheet, path, profile):
                    pass
    elif kind == "zip":
        with limits.open_zip(data, path, profile) as archive:
            for info in archive.infolist():
                limits.read_member(archive, info, path, profile)
    elif kind == "gz":
        limits.read_gzip(data, path, profile)
    elif kind == "json":
        limits.load_json(data, path, profile)
    elif kind == "yaml":
        limits.load_yaml(data.decode("utf-8"), path, profile)
    elif kind == "csv":
        for _row in limits.csv_rows(limits.decode_text(data, path, profile), path, profile):
            pass
except limits.LimitError as error:
    outcome = "refused: " + error.problem
seconds = time.perf_counter() - started
peak = status("VmHWM")  # not ru_maxrss: Linux keeps the parent's across fork and exec
print(json.dumps({"seconds": seconds, "grew_mb": max(0, peak - before) / 1024, "outcome": outcome}))
"""


def xlsx_scan_worst(limit_rows: int, limit_cells: int, member_bytes: int) -> bytes:
    """As much XML as the profile lets the scan read, in the smallest pieces, rows and cells just under their
    limits, and the one violation (a cell too long) at the very end: the scan must read everything to find it."""
    width = max(1, limit_cells // limit_rows - 1)
    rows = limit_rows - 2
    filler_bytes = member_bytes - rows * (width * 15 + 20) - 400_000
    # Small empty elements with varying names: the most pieces per byte for the scan, and packed no more
    # than the ratio allows (an attacker within the limits must keep it under max_ratio too).
    filler = b"".join(b"<" + name + b"/>" for name in _names(MIB // 8))

    def parts():  # type: ignore[no-untyped-def]
        for row in range(1, rows + 1):
            yield f'<row r="{row}">'.encode() + b"<c><v>1</v></c>" * width + b"</row>"
        for _ in range(max(0, filler_bytes // len(filler))):
            yield filler
        yield b'<row r="999999"><c t="inlineStr"><is><t>' + corpus._text(40_000) + b"</t></is></c></row>"

    return corpus._xlsx(parts())


def _names(count: int) -> list[bytes]:
    letters = corpus._text(count * 5)
    return [b"x" + letters[n * 5 : n * 5 + 5] for n in range(count)]


def xlsx_largest_accepted(limit_rows: int, limit_cells: int) -> bytes:
    width = max(1, limit_cells // limit_rows - 1)
    return corpus._xlsx(corpus._rows(limit_rows - 2, width, value=b"<v>12345</v>"))


def zip_many_members(count: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for number in range(count):
            archive.writestr(f"{number}.txt", b"x")
    return out.getvalue()


def gz_within_upload(size: int) -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as stream:
        block = bytes(MIB)
        written = 0
        while out.tell() < size and written < 2_048 * MIB:  # zeros pack about 1,000:1; the bound stops at 32 MiB anyway
            stream.write(block)
            written += MIB
    return out.getvalue()


def json_values_then_nul(values: int) -> bytes:
    return b"[" + b"0," * values + b'"\\u0000"]'


def yaml_values_then_nul(values: int) -> bytes:
    return b"".join(f"k{n}: v\n".encode() for n in range(values)) + b'last: "\\0"\n'


Case = tuple[str, str, str, Callable[[], bytes]]


def cases(small: bool) -> list[Case]:
    from rashinban import limits

    sheet = limits.EVIDENCE_SHEET
    scale = 1 if small else None

    def pick(small_value: int, full_value: int) -> int:
        return small_value if scale else full_value

    return [
        ("xlsx-pen-test-bomb", "xlsx", "EVIDENCE_SHEET", lambda: corpus.xlsx_unpacks_too_far(pick(1, 6))),
        (
            "xlsx-scan-worst",
            "xlsx",
            "EVIDENCE_SHEET",
            lambda: xlsx_scan_worst(
                pick(2_000, sheet.max_rows), pick(20_000, sheet.max_cells), pick(4 * MIB, sheet.max_member_bytes)
            ),
        ),
        ("xlsx-huge-shared-string", "xlsx", "EVIDENCE_SHEET", lambda: corpus.xlsx_huge_shared_string(pick(1, 5))),
        ("xlsx-claims-every-cell", "xlsx", "EVIDENCE_SHEET", lambda: corpus.xlsx_claims_every_cell(1)),
        (
            "xlsx-largest-accepted",
            "xlsx",
            "EVIDENCE_SHEET",
            lambda: xlsx_largest_accepted(pick(2_000, sheet.max_rows), pick(20_000, sheet.max_cells)),
        ),
        ("zip-ratio-bomb", "zip", "DEFAULT", lambda: corpus.zip_ratio_bomb(pick(1, 50))),
        ("zip-many-members", "zip", "DEFAULT", lambda: zip_many_members(pick(2_000, 200_000))),
        ("gz-bomb", "gz", "DEFAULT", lambda: gz_within_upload(pick(64 * 1024, limits.DEFAULT.max_bytes))),
        ("json-deep", "json", "DEFAULT", lambda: corpus.json_deep(pick(1, 4))),
        ("json-values-then-nul", "json", "DEFAULT", lambda: json_values_then_nul(pick(10_000, 999_000))),
        ("yaml-billion-laughs", "yaml", "DEFAULT", lambda: corpus.yaml_billion_laughs(pick(1, 20))),
        ("yaml-deep", "yaml", "DEFAULT", lambda: corpus.yaml_deep(pick(1, 10))),
        (
            "yaml-values-then-nul",
            "yaml",
            "SETTINGS_FILE",
            lambda: yaml_values_then_nul(pick(1_000, limits.SETTINGS_FILE.max_bytes // 10 - 100)),
        ),
        (
            "csv-field-at-the-end",
            "csv",
            "EVIDENCE",
            lambda: b"a,b\n" + b"x,y\n" * pick(1_000, 90_000) + b'z,"' + b"w" * 200_000 + b'"\n',
        ),
    ]


def run_case(name: str, kind: str, profile: str, data: bytes, folder: Path) -> dict[str, object]:
    path = folder / f"{name}.{kind}"
    path.write_bytes(data)
    result = subprocess.run(
        [sys.executable, "-c", CHILD, kind, profile, str(path)],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src"), "LANG": "C"},
    )
    figures = json.loads(result.stdout)
    return {"case": name, "file_mb": len(data) / MIB, **figures}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=("full", "small"), default="full")
    parser.add_argument("--only", default="", help="run only the case with this name")
    options = parser.parse_args()
    failed = False
    print(f"{'case':<26} {'file MB':>8} {'seconds':>8} {'grew MB':>8}  outcome")
    with tempfile.TemporaryDirectory() as folder:
        for name, kind, profile, build in cases(options.scale == "small"):
            if options.only and name != options.only:
                continue
            row = run_case(name, kind, profile, build(), Path(folder))
            refused = str(row["outcome"]).startswith("refused")
            missed = refused and (float(row["seconds"]) > TARGET_SECONDS or float(row["grew_mb"]) > TARGET_MB)
            expected_refusal = name != "xlsx-largest-accepted"
            failed |= not time_met(not missed) or (expected_refusal and not refused)
            print(
                f"{name:<26} {row['file_mb']:>8.2f} {row['seconds']:>8.2f} {row['grew_mb']:>8.1f}  {row['outcome']}"
                + ("  << MISSED" if missed or (expected_refusal and not refused) else "")
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
