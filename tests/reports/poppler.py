"""poppler-utils from the tests: which fonts a PDF names, and what a page looks like without any system font.

Missing tools skip the test with their name, except under CI=true (.ci/run installs them), where they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from tests.services import in_ci

# A fontconfig configuration that knows no font directory at all: what a phone or a bare server offers a
# PDF that does not carry its own glyphs.
NO_FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>{empty}</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


def require(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if not missing:
        return
    reason = f"{', '.join(missing)} not installed (apt-get install poppler-utils fontconfig)"
    if in_ci():
        pytest.fail(f"CI=true: {reason}")
    pytest.skip(reason)


@dataclass(frozen=True)
class PdfFont:
    name: str
    type: str
    embedded: bool


def pdffonts(pdf: Path) -> list[PdfFont]:
    """Every font the PDF names, as `pdffonts` lists it (one row per font object)."""
    require("pdffonts")
    lines = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout.splitlines()
    header = lines[0]
    emb = header.index(" emb ") + 1  # the columns are fixed-width; names may contain spaces
    type_at, encoding_at = header.index("type"), header.index("encoding")
    return [
        PdfFont(line[:type_at].strip(), line[type_at:encoding_at].strip(), line[emb : emb + 3].strip() == "yes")
        for line in lines[2:]
        if line.strip()
    ]


def no_fonts_env(tmp_path: Path) -> dict[str, str]:
    """The environment for a poppler command that can find no font on this machine."""
    empty, cache = tmp_path / "no-fonts", tmp_path / "fc-cache"
    empty.mkdir(exist_ok=True)
    cache.mkdir(exist_ok=True)
    conf = tmp_path / "fonts.conf"
    conf.write_text(NO_FONTS_CONF.format(empty=empty, cache=cache), encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf), "FONTCONFIG_PATH": str(tmp_path)}


def render_page(pdf: Path, out: Path, env: dict[str, str] | None = None, dpi: int = 60) -> Image.Image:
    """Page 1 as a greyscale image, rendered by pdftoppm."""
    require("pdftoppm")
    subprocess.run(
        ["pdftoppm", "-gray", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(out)],
        check=True,
        capture_output=True,
        env=env,
    )
    return Image.open(out.with_suffix(".png")).convert("L")


def ink(image: Image.Image) -> int:
    """How many pixels are darker than mid-grey: text drawn in a font shows up here, missing glyphs do not."""
    return sum(image.histogram()[:128])
