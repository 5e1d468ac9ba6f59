"""The malformed-file corpus: every hostile file the bounded readers must refuse, built by code.

Bombs are small when packed and large when unpacked, so they are generated rather than committed: each
builder takes a `scale` (1 for the tests, larger for bench/limits.py, which builds the worst file within the
upload limits). `python tests/limits/corpus.py DIR` writes the whole corpus to DIR for manual tries, e.g.
uploading each file on the evidence pages.

Each entry: (file name, builder, the words its refusal must contain).
"""

from __future__ import annotations

import gzip
import io
import random
import sys
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

MIB = 1024 * 1024

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    b"</Types>"
)
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    b"</Relationships>"
)
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    b'<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    b"</Relationships>"
)
SHEET_HEAD = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def _xlsx(sheet_parts: Iterable[bytes], strings: Iterable[bytes] = (), dimension: str = "") -> bytes:
    """A minimal workbook whose sheet and shared strings are written from the given pieces, streamed."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as member:
            member.write(
                b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            for piece in strings:
                member.write(piece)
            member.write(b"</sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            member.write(SHEET_HEAD)
            if dimension:
                member.write(f'<dimension ref="{dimension}"/>'.encode())
            member.write(b"<sheetData>")
            for piece in sheet_parts:
                member.write(piece)
            member.write(b"</sheetData></worksheet>")
    return out.getvalue()


def _text(length: int) -> bytes:
    """Text that hardly compresses (hex digits of a fixed random stream), so the ratio check does not fire first."""
    return random.Random(length).randbytes((length + 1) // 2).hex().encode()[:length]


def _rows(count: int, cells_per_row: int, value: bytes = b"<v>1</v>") -> Iterable[bytes]:
    for number in range(1, count + 1):
        cells = b"".join(b"<c>" + value + b"</c>" for _ in range(cells_per_row))
        yield f'<row r="{number}">'.encode() + cells + b"</row>"


def xlsx_unpacks_too_far(scale: int = 1) -> bytes:
    """The pen test's bomb: a small file whose sheet unpacks to hundreds of MB of filler."""
    filler = b"<!-- " + b"A" * (MIB - 10) + b" -->"
    return _xlsx(filler for _ in range(40 * scale))


def xlsx_too_many_cells(scale: int = 1) -> bytes:
    return _xlsx(_rows(20_000 * scale, 20))


def xlsx_too_many_rows(scale: int = 1) -> bytes:
    return _xlsx(f'<row r="{n}"/>'.encode() for n in range(1, 120_000 * scale))


def xlsx_huge_shared_string(scale: int = 1) -> bytes:
    """One shared string of 4 MB: openpyxl holds every shared string in memory, even read-only."""
    return _xlsx(
        [b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'], [b"<si><t>" + _text(4 * MIB * scale) + b"</t></si>"]
    )


def xlsx_rich_text_string(scale: int = 1) -> bytes:
    """A shared string of many short rich-text runs: no text node is long, the string is."""
    runs = b"".join(b"<r><t>" + _text(1000) + b"</t></r>" for _ in range(40 * scale))
    return _xlsx([b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'], [b"<si>" + runs + b"</si>"])


def xlsx_long_inline_cell(scale: int = 1) -> bytes:
    return _xlsx([b'<row r="1"><c r="A1" t="inlineStr"><is><t>' + _text(40_000 * scale) + b"</t></is></c></row>"])


def xlsx_claims_every_cell(scale: int = 1) -> bytes:
    """A dimension of the whole sheet and a cell in its last corner: openpyxl would pad a million rows."""
    return _xlsx([b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'], dimension="A1:XFD1048576")


def xlsx_many_members(scale: int = 1) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for number in range(2_000 * scale):
            archive.writestr(f"xl/media/{number}.bin", b"")
    return out.getvalue()


def xlsx_not_a_zip(scale: int = 1) -> bytes:
    return b"PK\x03\x04 this is not really a zip file" * scale


def zip_ratio_bomb(scale: int = 1) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("zeros.bin", "w", force_zip64=True) as member:
            for _ in range(20 * scale):
                member.write(bytes(MIB))
    return out.getvalue()


def zip_unsafe_name(scale: int = 1) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("../../etc/cron.d/x", b"* * * * * root true\n")
    return out.getvalue()


def gz_bomb(scale: int = 1) -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as stream:
        for _ in range(64 * scale):
            stream.write(bytes(MIB))
    return out.getvalue()


def json_deep(scale: int = 1) -> bytes:
    return b"[" * (100_000 * scale) + b"]" * (100_000 * scale)


def json_deep_mapping(scale: int = 1) -> bytes:
    return b'{"a":' * (50 * scale) + b"1" + b"}" * (50 * scale)


def json_many_values(scale: int = 1) -> bytes:
    return b"[" + b"{}," * (1_100_000 * scale) + b"{}]"


def json_lone_surrogate(scale: int = 1) -> bytes:
    return b'{"catalog": "dx-seven-sins", "answers": {"q1": "\\ud800"}}'


def json_nul_escape(scale: int = 1) -> bytes:
    return b'{"catalog": "dx-seven-sins\\u0000", "answers": {}}'


def yaml_deep(scale: int = 1) -> bytes:
    return b"a: " + b"[" * (10_000 * scale) + b"]" * (10_000 * scale) + b"\n"


def yaml_deep_block(scale: int = 1) -> bytes:
    return b"".join(b"  " * level + b"- \n" for level in range(100 * scale)) + b"  " * (100 * scale) + b"- x\n"


def yaml_billion_laughs(scale: int = 1) -> bytes:
    lines = [b'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10 + scale):
        refs = ",".join(f"*a{level - 1}" for _ in range(9)).encode()
        lines.append(f"a{level}: &a{level} [".encode() + refs + b"]")
    return b"\n".join(lines) + b"\n"


def yaml_nul(scale: int = 1) -> bytes:
    return b"catalog: dx-seven-sins\nanswers:\n  q1: yes\x00\n"


def csv_huge_field(scale: int = 1) -> bytes:
    return b"name,email\n" + b'"' + b"x" * (200 * 1024 * scale) + b'",a@example.com\n'


def csv_nul(scale: int = 1) -> bytes:
    return b"name,email\nA\x00,a@example.com\n"


def csv_too_many_columns(scale: int = 1) -> bytes:
    return b"name,email\n" + b",".join([b"x"] * 5_000 * scale) + b"\n"


def csv_too_many_rows(scale: int = 1) -> bytes:
    return b"name,email\n" + b"a,b\n" * (110_000 * scale)


def xml_billion_laughs(scale: int = 1) -> bytes:
    return (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]><lolz>&lol2;</lolz>'
    )


def xml_external_entity(scale: int = 1) -> bytes:
    return b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'


def xml_deep(scale: int = 1) -> bytes:
    return b"<a>" * (1_000 * scale) + b"</a>" * (1_000 * scale)


Builder = Callable[[int], bytes]
# (file name, builder, words the refusal contains)
CORPUS: list[tuple[str, Builder, str]] = [
    ("unpacks-too-far.xlsx", xlsx_unpacks_too_far, "unpacks to more than"),
    ("too-many-cells.xlsx", xlsx_too_many_cells, "cells"),
    ("too-many-rows.xlsx", xlsx_too_many_rows, "rows"),
    ("huge-shared-string.xlsx", xlsx_huge_shared_string, "longer than"),
    ("rich-text-string.xlsx", xlsx_rich_text_string, "longer than"),
    ("long-inline-cell.xlsx", xlsx_long_inline_cell, "longer than"),
    ("claims-every-cell.xlsx", xlsx_claims_every_cell, "columns"),
    ("many-members.xlsx", xlsx_many_members, "more than"),
    ("not-a-zip.xlsx", xlsx_not_a_zip, "not a readable"),
    ("ratio-bomb.zip", zip_ratio_bomb, "decompression bomb"),
    ("unsafe-name.zip", zip_unsafe_name, "unsafe name"),
    ("bomb.gz", gz_bomb, "decompression bomb"),
    ("deep.json", json_deep, "nested deeper"),
    ("deep-mapping.json", json_deep_mapping, "nested deeper"),
    ("many-values.json", json_many_values, "more than"),
    ("lone-surrogate.json", json_lone_surrogate, "surrogate"),
    ("nul-escape.json", json_nul_escape, "NUL"),
    ("deep.yaml", yaml_deep, "nested deeper"),
    ("deep-block.yaml", yaml_deep_block, "nested deeper"),
    ("billion-laughs.yaml", yaml_billion_laughs, "more than"),
    ("nul.yaml", yaml_nul, "NUL"),
    ("huge-field.csv", csv_huge_field, "longer than"),
    ("nul.csv", csv_nul, "NUL"),
    ("too-many-columns.csv", csv_too_many_columns, "columns"),
    ("too-many-rows.csv", csv_too_many_rows, "rows"),
    ("billion-laughs.xml", xml_billion_laughs, "DTD"),
    ("external-entity.xml", xml_external_entity, "DTD"),
    ("deep.xml", xml_deep, "nested deeper"),
]


def build(name: str, scale: int = 1) -> bytes:
    """The bytes of one corpus file by its name."""
    return next(builder for file, builder, _words in CORPUS if file == name)(scale)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "malformed-corpus")
    target.mkdir(parents=True, exist_ok=True)
    for file, builder, _words in CORPUS:
        (target / file).write_bytes(builder(1))
        print(target / file)
