"""The Japanese font every PDF embeds: IPAex Gothic, installed from PyPI, never from the operating system.

A PDF that only *names* a Japanese font (ReportLab's built-in CID fonts) shows boxes or a substitute on a
phone, a Linux viewer or in an archive, because the reader must supply the glyphs. So every PDF embeds the
subset of a TrueType font it uses. The font comes from `matplotlib-fontja` (pinned in pyproject.toml), a
well-kept package that ships IPAex Gothic (ipaexg.ttf, TrueType outlines, which ReportLab's `TTFont` can
subset; CFF/OpenType fonts such as Noto Sans CJK it cannot). IPAex's licence (IPA Font License v1.0) allows
embedding it in documents and redistributing it. We only read the file: importing that package would import
matplotlib, so it is located without being imported. IPAex has no bold face: headings differ by size and colour.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_PACKAGE = "matplotlib_fontja"
FONT_FILE = ("fonts", "ipaexg.ttf")
GOTHIC = "IPAexGothic"
LICENCE = "IPA Font License Agreement v1.0"


class FontMissing(RuntimeError):
    """The font package is not installed (a broken install): say what to install instead of a traceback."""


def font_path() -> Path:
    """Where the installed package keeps the font file (found without importing the package)."""
    spec = importlib.util.find_spec(FONT_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        path = Path(location).joinpath(*FONT_FILE)
        if path.is_file():
            return path
    raise FontMissing(
        _("The Japanese font for PDFs is missing: install the Python package %(package)s (pip install -e . does).")
        % {"package": "matplotlib-fontja"}
    )


@cache
def register_fonts() -> str:
    """Register the font with ReportLab once per process (reading it takes about 0.3 s); its name."""
    # subfontSize: ReportLab embeds a TrueType font in subsets of this many glyphs; the largest size keeps a
    # Japanese page to a few font objects instead of dozens.
    pdfmetrics.registerFont(TTFont(GOTHIC, str(font_path())))
    return GOTHIC
