"""`rashinban doctor` says whether the font every PDF embeds is installed, and what to install if not."""

from __future__ import annotations

from rashinban.config.doctor import run_doctor
from rashinban.reports import fonts


def test_doctor_names_the_pdf_font(db):
    lines: list[str] = []
    run_doctor(deploy=False, echo=lines.append)

    assert any(line.startswith("ok   PDF font") and "ipaexg.ttf" in line for line in lines)


def test_doctor_fails_without_the_font_package(db, monkeypatch):
    monkeypatch.setattr(fonts, "FONT_PACKAGE", "no_such_font_package")
    lines: list[str] = []

    assert run_doctor(deploy=False, echo=lines.append) == 1
    assert any(line.startswith("!    PDF") and "matplotlib-fontja" in line for line in lines)
