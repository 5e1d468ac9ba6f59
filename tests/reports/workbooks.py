"""Every workbook the product writes, made from the demo company as users download them.

`every_workbook()` signs in as the demo owner (and an advisor) with Django's test client and fetches each
Excel download, so the files are exactly what the views send. Call it inside a database transaction.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from rashinban.assessments.answers import write_template
from rashinban.assessments.catalog import get_catalog
from rashinban.assessments.models import Diagnosis
from rashinban.evidence.checks.samples import backup_register_workbook, devices_inventory_workbook
from rashinban.landscape.models import System
from rashinban.orgs.choices import Role
from rashinban.orgs.demo import DEMO_EMAIL, seed_demo
from rashinban.orgs.models import Membership, Organisation, User
from rashinban.reports.export import render_owner_report
from rashinban.reports.xlsx import save
from rashinban.training.models import Assignment
from tests.conftest import login, make_user

COMPANY = "株式会社みなと精工"
FORMULA_LIKE = '=HYPERLINK("http://evil.example","x")'


@dataclass
class Made:
    """A workbook as bytes, and what its printed pages must say at the top."""

    name: str
    content: bytes
    company: str = COMPANY
    tables: list[str] = field(default_factory=list)  # sheets that are tables (filter buttons on the header)
    _opened: Workbook | None = field(default=None, repr=False, compare=False)

    def open(self) -> Workbook:
        """The workbook as openpyxl reads it (read once: tests only look)."""
        if self._opened is None:
            self._opened = load_workbook(io.BytesIO(self.content))
        return self._opened


def every_workbook(tmp_path) -> list[Made]:  # type: ignore[no-untyped-def]
    assert seed_demo(force=True)
    org = Organisation.objects.get(slug="minato-seiko")
    # Someone typed a formula into the inventory: every export must show it as text.
    first = System.objects.filter(organisation=org).order_by("id").first()
    assert first is not None
    System.objects.filter(pk=first.pk).update(department=FORMULA_LIKE)
    demo_owner = User.objects.get(email=DEMO_EMAIL)
    owner = login(Client(), demo_owner)
    # Two lessons, one done: the advisor's export shows 50 %.
    for lesson, done in (("a", timezone.now()), ("b", None)):
        Assignment.objects.create(organisation=org, user=demo_owner, lesson_id=lesson, completed_at=done)
    advisor_user = make_user("advisor@example.com", "相談 役")
    Membership.objects.create(user=advisor_user, organisation=org, role=Role.ADVISOR)
    advisor = login(Client(), advisor_user)
    diagnosis = Diagnosis.objects.filter(organisation=org).exclude(catalog_id="security-selfcheck").first()
    assert diagnosis is not None

    def get(client: Client, name: str, *args: object) -> bytes:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, (name, response.status_code)
        return response.content

    english_sheet = tmp_path / "selfcheck-en.xlsx"
    write_template(get_catalog("security-selfcheck"), "xlsx", english_sheet, "en", "management")
    return [
        Made("owner-report-ja", render_owner_report(org, "xlsx", language="ja").content,
             tables=["得点", "回答", "対策計画"]),
        Made("owner-report-en", render_owner_report(org, "xlsx", language="en").content,
             tables=["Scores", "Answers", "Action plan"]),
        Made("roadmap", get(owner, "planning:roadmap_xlsx", org.id), tables=["ロードマップ", "施策"]),
        Made("clients", get(advisor, "advisors:portfolio_export"), company="相談 役", tables=["顧問先"]),
        Made("answer-sheet-ja", get(owner, "assessments:answers_template", org.id, diagnosis.id)),
        Made("answer-sheet-en", english_sheet.read_bytes(), company=""),
        Made("systems-map", get(owner, "landscape:export", org.id), tables=["システム", "連携", "ベンダー"]),
        Made("backup-register", save(backup_register_workbook()), company=""),
        Made("devices-inventory", save(devices_inventory_workbook()), company=""),
    ]  # fmt: skip
