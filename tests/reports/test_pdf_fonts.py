"""Every PDF the product writes embeds its Japanese font, and reads the same on a machine without any font.

`pdffonts` (poppler-utils) lists the fonts of each PDF as users download it; `pdftoppm` renders a page under a
fontconfig that knows no font at all. A PDF that only names its font (ReportLab's CID fonts, as before) is the
control: there, the same text draws nothing.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFontFace
from reportlab.pdfgen.canvas import Canvas

from rashinban.documents import actions as documents
from rashinban.orgs.models import User
from rashinban.reports import fonts
from rashinban.reports.document import Document, Paragraph
from rashinban.reports.pdf import to_pdf
from tests.reports.poppler import ink, no_fonts_env, pdffonts, render_page, require
from tests.reports.samples import every_block, pdf_pages

SRC = Path(__file__).resolve().parents[2] / "src" / "rashinban"
JAPANESE = "経営者レポート 多要素認証とバックアップから始めましょう。株式会社みなと精工"


def _pdf_downloads(client, org, user) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    """Every kind of PDF, fetched as a user downloads it: the owner's report and each security document."""
    downloads = {}
    for language in ("ja", "en"):
        User.objects.filter(pk=user.pk).update(language=language)  # the report follows its reader's language
        response = client.get(reverse("reports:pdf", kwargs={"org_id": org.id}))
        downloads[f"owner-report-{language}"] = response.content
    for kind in ("policy", "plan", "card"):
        for language in ("ja", "en") if kind == "policy" else ("ja",):
            version = documents.generate_version(org, kind, language, None)
            url = reverse("documents:export_pdf", kwargs={"org_id": org.id, "pk": version.pk})
            downloads[f"{kind}-{language}"] = client.get(url).content
    # The METI ★4 evidence package: its index and every published document in it, as PDFs inside the zip.
    url = reverse("frameworks:package", kwargs={"org_id": org.id, "framework_id": "meti-supply-chain-4"})
    with zipfile.ZipFile(io.BytesIO(client.get(url).content)) as package:
        for name in package.namelist():
            if name.endswith(".pdf"):
                downloads[f"package-{name}"] = package.read(name)
    assert "package-00_index.pdf" in downloads
    return downloads


def test_every_pdf_the_product_writes_embeds_every_font_it_names(secured_org, as_alice, alice, tmp_path):
    require("pdffonts")
    downloads = _pdf_downloads(as_alice, secured_org, alice)
    assert "Owner's report" in _text(downloads["owner-report-en"]) and "経営者レポート" in _text(
        downloads["owner-report-ja"]
    )

    for name, content in downloads.items():
        assert content.startswith(b"%PDF"), name
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(content)
        listed = pdffonts(path)
        assert listed, f"{name}: no font at all"
        not_embedded = [font.name for font in listed if not font.embedded]
        assert not not_embedded, f"{name} names fonts it does not carry: {not_embedded}"
        # Subsets of IPAex Gothic only (pdffonts writes a subset as ABCDEF+Name), never a system font.
        assert all(re.fullmatch(r"[A-Z]{6}\+IPAexGothic", font.name) for font in listed), (name, listed)


def _text(content: bytes) -> str:
    return "\n".join(pdf_pages(content))


def test_every_module_that_writes_a_pdf_is_in_the_test_above():
    # A new kind of PDF must be added to _pdf_downloads, so that its fonts are checked too.
    writers = sorted(
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "reports.pdf import" in path.read_text(encoding="utf-8") and path.name != "pdf.py"
    )
    assert writers == ["documents/views.py", "frameworks/package.py", "reports/export.py"]


def test_japanese_draws_the_same_without_any_system_font(tmp_path):
    require("pdftoppm", "fc-list")
    env = no_fonts_env(tmp_path)
    found = subprocess.run(["fc-list"], env=env, capture_output=True, text=True, check=True).stdout
    assert found.strip() == ""  # this machine, as poppler now sees it, has no font at all
    pdf = tmp_path / "embedded.pdf"
    pdf.write_bytes(to_pdf(Document(title=JAPANESE, organisation="株式会社みなと精工").add(Paragraph(JAPANESE * 3))))

    bare = render_page(pdf, tmp_path / "bare", env)
    usual = render_page(pdf, tmp_path / "usual")

    assert bare.tobytes() == usual.tobytes()  # pixel for pixel: the system's fonts play no part
    text = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "多要素認証とバックアップ" in text  # real text, not drawings of letters
    assert ink(bare) > 1500  # and drawn: a title and three lines of Japanese at 60 dpi


def test_a_pdf_that_only_names_its_font_draws_nothing_there(tmp_path):
    """The control: the same text in ReportLab's built-in CID font, which PDF readers must supply."""
    require("pdftoppm")
    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, initialFontName="HeiseiKakuGo-W5")
    canvas.setFont("HeiseiKakuGo-W5", 20)
    canvas.drawString(50, 750, JAPANESE[:20])
    canvas.save()
    named, embedded = tmp_path / "named.pdf", tmp_path / "embedded.pdf"
    named.write_bytes(buffer.getvalue())
    embedded.write_bytes(to_pdf(Document(title=JAPANESE[:20])))
    env = no_fonts_env(tmp_path)

    assert ink(render_page(named, tmp_path / "named", env)) < 20
    assert ink(render_page(embedded, tmp_path / "embedded", env)) > 300


def test_the_font_is_the_python_package_s_not_the_system_s():
    path = fonts.font_path()
    assert "site-packages" in path.parts or "dist-packages" in path.parts
    assert path.parent.parent.name == fonts.FONT_PACKAGE and path.name == "ipaexg.ttf"


def test_the_font_has_every_character_our_texts_use():
    """A character the font lacks would print as an empty box: check every text that reaches a PDF."""
    cmap = set(TTFontFace(str(fonts.font_path())).charToGlyph)
    sources = [*SRC.rglob("*.yaml"), *SRC.joinpath("reports").glob("*.py"), SRC / "documents" / "contacts.py"]
    sources.append(SRC / "locale" / "ja" / "LC_MESSAGES" / "django.po")
    # Marks only web pages and mails use, never a PDF: the self-check readiness page's ✘ (security templates), and
    # the › and ☰ of menu paths in the guides to the admin consoles (evidence, drills, notifications).
    web_only = {"✘", "›", "☰"}
    missing = {
        (char, path.name)
        for path in sources
        for char in path.read_text(encoding="utf-8")
        if ord(char) >= 32 and ord(char) not in cmap and char not in web_only
    }
    assert not missing


def test_every_block_of_a_document_uses_the_embedded_font_only(tmp_path):
    require("pdffonts")
    path = tmp_path / "blocks.pdf"
    path.write_bytes(to_pdf(every_block(language="en")))  # charts, bullets, tables, footers, English text

    assert {font.embedded for font in pdffonts(path)} == {True}


def test_a_missing_font_package_says_what_to_install(monkeypatch):
    monkeypatch.setattr(fonts, "FONT_PACKAGE", "no_such_font_package")

    with pytest.raises(fonts.FontMissing, match="matplotlib-fontja"):
        fonts.font_path()
