"""The security self-check in a real browser: answer it, open the plan, complete an item, see it on the next check.

Selectors are ids, names, hrefs and form actions only: the wording is translated.
"""

from __future__ import annotations

import pytest
from django.conf import settings

from rashinban.nextsteps import plan_for
from rashinban.security.models import ActionItem, Status
from tests.conftest import login

pytestmark = pytest.mark.browser

# What the owner clicks, question by question (the rest are "done").
WEAK = {
    "basic-mfa": "not-done",
    "org-backups": "partly",
    "org-incident": "unknown",
    "staff-mail": "partly",
    "basic-sharing": "not-done",
    "org-restore-test": "not-done",
    "org-policy": "not-done",
}


def signed_in_page(client, new_context, live_url, user):  # type: ignore[no-untyped-def]
    login(client, user)
    context = new_context()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_url}])
    return context.new_page()


def test_answer_the_selfcheck_open_the_plan_and_complete_an_item(
    live_url, new_context, console, shoot, client, alice, org_a
):  # type: ignore[no-untyped-def]
    page = signed_in_page(client, new_context, live_url, alice)
    page.goto(f"{live_url}/o/{org_a.id}/")
    page.locator("#fold-security > summary").click()  # the dashboard's other cards are one tap away
    page.locator("#fold-security[data-state=loaded]").wait_for()  # its body is fetched when it opens
    page.locator(f'#security-panel a[href="/o/{org_a.id}/security/"]').click()
    page.locator("#start-selfcheck").click()
    page.wait_for_url(f"{live_url}/o/{org_a.id}/security/checks/*/answer/")
    questions = page.locator("form.answers .question")
    assert questions.count() == 25
    for index in range(questions.count()):
        qid = questions.nth(index).get_attribute("id").removeprefix("q-")
        choice = WEAK.get(qid, "done")
        questions.nth(index).locator(f'input[value="{choice}"]').check()
    shoot(page, "security-01-selfcheck")
    page.locator('form.answers button[type="submit"]').click()

    page.wait_for_url(f"{live_url}/o/{org_a.id}/security/checks/*/")
    # 18 done (72) + partly x2 (4) + not done x4 (0) + don't know (-1) = 75 of 100.
    assert page.locator("#overall-score").inner_text() == "75"
    assert page.locator("#threat-table tbody tr").count() == 5
    assert page.locator("#step-table tbody tr").count() == 5
    shoot(page, "security-02-result", full_page=True)

    page.locator("#open-plan").click()
    page.wait_for_url(f"{live_url}/o/{org_a.id}/security/plan/")
    # The security steps of the one ranking, in its order (every weak answer is one).
    ranked = plan_for(org_a).with_source("security-check", "evidence")
    rows = page.locator("#security-steps .ranked-step")
    assert [rows.nth(i).get_attribute("data-step") for i in range(rows.count())] == [s.id for s in ranked]
    assert {f"security:{qid.replace('_', '-')}" for qid in WEAK} <= {s.id for s in ranked}
    assert page.locator("#security-action").count() == 1
    mfa = ActionItem.objects.get(organisation=org_a, source_question="basic-mfa")
    shoot(page, "security-03-plan", full_page=True)

    page.locator('li[data-step="security:basic-mfa"] form[action$="/steps/done/"] button').click()
    page.wait_for_url(f"{live_url}/o/{org_a.id}/security/plan/")
    assert page.locator('li[data-step="security:basic-mfa"]').count() == 0
    mfa.refresh_from_db()
    assert mfa.status == Status.DONE and mfa.completed_by == alice

    # A comment on another item, then the next self-check shows the completed one as reported done.
    backups = ActionItem.objects.get(organisation=org_a, source_question="org-backups")
    page.goto(f"{live_url}/o/{org_a.id}/security/plan/{backups.id}/")
    page.fill("#id_text", "NASの設定を確認中")
    page.locator(f'form[action="/o/{org_a.id}/security/plan/{backups.id}/comment/"] button').click()
    assert page.locator("#comments li").first.inner_text().startswith("NASの設定を確認中")
    shoot(page, "security-04-item", full_page=True)

    page.goto(f"{live_url}/o/{org_a.id}/security/")
    page.locator("#start-selfcheck").click()
    page.wait_for_url(f"{live_url}/o/{org_a.id}/security/checks/*/answer/")
    assert page.locator("#q-basic-mfa .reported-done").count() == 1
    assert console.take() == []
