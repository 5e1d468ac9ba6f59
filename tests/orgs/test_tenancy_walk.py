"""Every URL pattern, walked: a company's pages and objects answer 404 to people of another company.

A new URL pattern fails `test_every_url_pattern_has_a_case` until it is added to one of the tables
below, so no page escapes the walk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rashinban.assessments import actions as assessment_actions
from rashinban.assessments.models import CustomCatalog, Diagnosis
from rashinban.documents import actions as document_actions
from rashinban.documents.models import Acknowledgement, DocumentVersion
from rashinban.evidence.models import CheckRun, EvidenceValidity, MailDomain, SourceConnection
from rashinban.landscape.models import SkillAssessment, System, SystemLink, TrainingItem, Vendor
from rashinban.orgs.choices import Role
from rashinban.orgs.models import Invitation, Membership, Organisation
from rashinban.questionnaires.models import Upload
from rashinban.security import actions as security_actions
from rashinban.security.models import ActionComment, ActionItem
from rashinban.tasks.models import Job, JobStatus
from rashinban.training import actions as training_actions
from tests.conftest import add_member, login, make_user
from tests.drills.walk import company_b_drill_objects
from tests.notify.walk import company_b_notify_objects, notify_rows
from tests.planning.helpers import plan_objects, plan_rows
from tests.questionnaires.workbooks import customer_workbook

# Reachable without a membership, and why that is safe.
PUBLIC = {
    "healthz": "load-balancer probe; answers only whether the database is up",
    "orgs:login": "the sign-in form names no company",
    "orgs:signup": "creates a new company; reads none",
    "orgs:set_language": "stores a language on the caller's own account or cookie",
    "orgs:accept_invitation": "the unguessable single-use token is the credential (test_invitations.py)",
    "orgs:password_reset": "asks for a mail to an address; answers the same whether it is known",
    "orgs:signup_sent": "a fixed page",
    "orgs:email_confirm": "the encrypted link names the account and both addresses (test_account_lifecycle.py)",
    "orgs:signup_confirm": "the encrypted, signed sign-up in the link is the credential (test_signup.py)",
    "orgs:password_reset_done": "a fixed page",
    "orgs:password_reset_confirm": "the signed single-use token is the credential (test_account_lifecycle.py)",
    "orgs:password_reset_complete": "a fixed page",
    "assessments:survey": "anonymous staff survey; the unguessable single-use token is the credential",
    "drills:pixel": "drill open pixel; the unguessable per-recipient token is the credential, answers the same GIF to all",
    "drills:landing": "drill landing page; the unguessable per-recipient token is the credential",
    "drills:beacon": "drill click beacon; the unguessable per-recipient token is the credential",
    "drills:submit": "drill fake form; stores only that it was submitted, never the body",
    "drills:teach": "drill teaching page; the unguessable per-recipient token is the credential",
    "drills:report": "drill report link; the unguessable per-recipient token is the credential",
    "api-v1:openapi-json": "the API's schema; names no company",
    "api-v1:openapi-view": "the API's interactive reference; names no company",
    "api-v1:api-root": "the API's root; answers 404 (nothing lives there)",
    "sso:start": "starts a sign-in at the provider; names no company (tests/sso)",
    "sso:callback": "the provider's answer; signs in only a linked identity a company allows (tests/sso)",
    "sso:unlink": "removes only the caller's own linked sign-in; anyone else is sent to sign in",
    "notify:feed": "calendar feed; the unguessable token (kept only as a hash, revocable) is the credential",
    "public_page:secret": "a company's opt-in page for customers; the unguessable token (stored hashed) is the credential, "
    "shows no findings or names (tests/frameworks/test_public_page.py)",
    "public_page:public": "a company's page for customers, only when its owner opened it publicly; shows no findings or names",
}

# API routes (token-authenticated; the token decides the company): URL kwarg -> which of B's objects fills it.
API = {
    "api-v1:organisation": {},
    "api-v1:people": {},
    "api-v1:diagnoses": {},
    "api-v1:diagnoses_create": {},
    "api-v1:diagnosis": {"diagnosis_id": "diagnosis"},
    "api-v1:diagnosis_answers": {"diagnosis_id": "diagnosis"},
    "api-v1:diagnosis_result": {"diagnosis_id": "diagnosis"},
    "api-v1:evidence_checks": {},
    "api-v1:evidence_run_create": {"name": "check_name"},
    "api-v1:evidence_runs": {},
    "api-v1:evidence_run": {"run_id": "check_run"},
    "api-v1:kpis": {},
    "api-v1:kpi_measurements": {"kpi_id": "plan_target"},
    "api-v1:kpi_measurement_create": {"kpi_id": "plan_target"},
    "api-v1:initiatives": {},
    "api-v1:actions": {},
    "api-v1:action": {"action_id": "action_item"},
    "api-v1:drills": {},
    "api-v1:drill": {"drill_id": "drill"},
    "api-v1:next_steps": {},
}

# Signed-in pages about the caller's own account: no company or object id in the URL.
OWN_ACCOUNT = {
    "orgs:home": "lists the caller's own memberships",
    "orgs:logout": "ends the caller's session",
    "orgs:mfa_setup": "the caller's own second factor",
    "orgs:mfa_verify": "the caller's own second factor",
    "orgs:backup_codes": "the caller's own backup codes",
    "orgs:account": "the caller's own account",
    "orgs:password_change": "the caller's own password",
    "orgs:email_change": "the caller's own address",
    "orgs:end_sessions": "the caller's own sessions; a key of another person's session matches none",
    "orgs:delete_account": "the caller's own account",
    "advisors:portfolio": "the companies that gave the caller advisor access (test_portfolio.py)",
    "advisors:portfolio_export": "the same rows as the portfolio, as Excel",
    "advisors:compare": "diagnoses of the caller's own companies only; others answer 404 (test_compare.py)",
}

# Company pages: URL kwarg (besides org_id) -> which of company B's objects fills it.
COMPANY = {
    "orgs:dashboard": {},
    "orgs:fold": {"name": "fold_name"},
    "orgs:people": {},
    "orgs:revoke": {"membership_id": "membership"},
    "orgs:cancel_invitation": {"invitation_id": "invitation"},
    "orgs:settings": {},
    "orgs:export": {},
    "orgs:leave": {},
    "orgs:delete_company": {},
    "assessments:list": {},
    "assessments:start": {},
    "assessments:result": {"pk": "diagnosis"},
    "assessments:answer": {"pk": "diagnosis"},
    "assessments:answers_template": {"pk": "diagnosis"},
    "assessments:answers_import": {"pk": "diagnosis"},
    "assessments:survey_links": {"pk": "diagnosis"},
    "assessments:catalog_import": {},
    "security:home": {},
    "security:start": {},
    "security:ipa_diagnosis": {},
    "security:result": {"pk": "selfcheck"},
    "security:answer": {"pk": "selfcheck"},
    "security:plan": {},
    "security:plan_refresh": {},
    "security:item": {"item_id": "action_item"},
    "security:item_complete": {"item_id": "action_item"},
    "security:item_comment": {"item_id": "action_item"},
    "reports:owner": {},
    "reports:pdf": {},
    "reports:xlsx": {},
    "reports:html": {},
    "tasks:retry": {"job_id": "job"},
    "landscape:map": {},
    "landscape:system_new": {},
    "landscape:system_edit": {"pk": "system"},
    "landscape:system_delete": {"pk": "system"},
    "landscape:link_new": {},
    "landscape:link_edit": {"pk": "link"},
    "landscape:link_delete": {"pk": "link"},
    "landscape:vendors": {},
    "landscape:vendor_new": {},
    "landscape:vendor_edit": {"pk": "vendor"},
    "landscape:vendor_delete": {"pk": "vendor"},
    "landscape:export": {},
    "landscape:import": {},
    "landscape:skills": {},
    "landscape:my_skills": {},
    "landscape:training_new": {},
    "landscape:training_edit": {"pk": "training"},
    "landscape:training_delete": {"pk": "training"},
    "documents:index": {},
    "frameworks:library": {},
    "frameworks:public_settings": {},
    "frameworks:import": {},
    "questionnaires:upload": {},
    "questionnaires:review": {"pk": "questionnaire"},
    "frameworks:detail": {"framework_id": "framework_id"},
    "frameworks:target": {"framework_id": "framework_id"},
    "frameworks:package": {"framework_id": "framework_id"},
    "frameworks:not_applicable": {"framework_id": "framework_id"},
    "documents:contacts": {},
    "documents:generate": {},
    "documents:version": {"pk": "document"},
    "documents:edit": {"pk": "document"},
    "documents:publish": {"pk": "document"},
    "documents:confirm": {"pk": "document"},
    "documents:remind": {"pk": "document"},
    "documents:export_html": {"pk": "document"},
    "documents:export_pdf": {"pk": "document"},
    "documents:export_docx": {"pk": "document"},
    "api:tokens": {},
    "advisors:audit_log": {},
    "api:revoke_token": {"token_id": "api_token"},
    "evidence:overview": {},
    "evidence:check": {"check_name": "check_name"},
    "evidence:run": {"pk": "check_run"},
    "evidence:domain_forget": {"pk": "mail_domain"},
    "evidence:validity": {},
    "sso:company_settings": {},
    "evidence:source": {"service": "service"},
    "evidence:source_collect": {"service": "service"},
    "evidence:source_disconnect": {"service": "service"},
    "training:home": {},
    "training:assign": {},
    "training:bank": {},
    "training:take": {"pk": "lesson_assignment"},
    "drills:list": {},
    "drills:domains": {},
    "drills:domain_verify": {"pk": "drill_domain"},
    "drills:domain_code": {"pk": "drill_domain"},
    "drills:domain_code_confirm": {"pk": "drill_domain"},
    "drills:first": {},
    "drills:settings": {},
    "drills:templates": {},
    "drills:template_new": {},
    "drills:template_edit": {"pk": "drill_template"},
    "drills:new": {},
    "drills:detail": {"pk": "drill"},
    "drills:test": {"pk": "drill"},
    "drills:confirm": {"pk": "drill"},
    "drills:stop": {"pk": "drill"},
    "drills:events": {"pk": "drill"},
    "drills:results_csv": {"pk": "drill"},
    "drills:scanners": {},
    "drills:scanner_delete": {"pk": "drill_scanner"},
    "planning:home": {},
    "planning:vision": {},
    "planning:target_new": {},
    "planning:target": {"pk": "plan_target"},
    "planning:target_edit": {"pk": "plan_target"},
    "planning:import": {},
    "planning:initiative_new": {},
    "planning:initiative": {"pk": "plan_initiative"},
    "planning:initiative_edit": {"pk": "plan_initiative"},
    "planning:cost_add": {"pk": "plan_initiative"},
    "planning:benefit_add": {"pk": "plan_initiative"},
    "planning:subsidy_add": {"pk": "plan_initiative"},
    "planning:money_delete": {"pk": "plan_initiative"},
    "planning:gate_new": {"pk": "plan_initiative"},
    "planning:gate_decide": {"pk": "plan_gate"},
    "planning:cycle_next": {"pk": "plan_initiative"},
    "planning:cycle": {"pk": "plan_cycle"},
    "planning:review": {},
    "planning:review_detail": {"pk": "plan_review"},
    "planning:roadmap": {},
    "planning:roadmap_item_new": {},
    "planning:roadmap_item": {"pk": "plan_roadmap_item"},
    "planning:roadmap_xlsx": {},
    "planning:roadmap_ics": {},
    "nextsteps:plan": {},
    "nextsteps:this_week": {},
    "nextsteps:move": {},
    "nextsteps:done": {},
    "nextsteps:assign": {},
    "notify:settings": {},
    "notify:choices": {},
    "notify:channel_connect": {"kind": "notify_kind"},
    "notify:channel_test": {"kind": "notify_kind"},
    "notify:channel_remove": {"kind": "notify_kind"},
    "notify:endpoint_add": {},
    "notify:endpoint": {"pk": "webhook_endpoint"},
    "notify:endpoint_action": {"pk": "webhook_endpoint", "action": "notify_action"},
    "notify:redeliver": {"pk": "webhook_endpoint", "delivery_id": "webhook_delivery"},
    "notify:feed_create": {},
    "notify:feed_revoke": {},
    "mailbox:page": {},
    "mailbox:connect": {},
    "mailbox:read": {},
    "mailbox:disconnect": {},
}

# Kwargs that name a kind of page (which check), not one of company B's objects: A's own page answers for A.
URL_PARTS = {"check_name", "service", "notify_kind", "notify_action", "framework_id", "fold_name"}


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    kwargs: frozenset[str]


def walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> list[Route]:
    routes = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            routes += walk(entry, prefix + str(entry.pattern), inner)
        else:
            assert isinstance(entry, URLPattern)
            assert entry.name, f"URL pattern {prefix}{entry.pattern} has no name; name it and give it a case"
            kwargs = frozenset(entry.pattern.regex.groupindex)
            routes.append(Route(namespace + entry.name, prefix + str(entry.pattern), kwargs))
    return routes


ROUTES = walk(get_resolver())


def test_every_url_pattern_has_a_case():
    names = [r.name for r in ROUTES]
    assert len(names) == len(set(names)), "two URL patterns share a name"
    missing = set(names) - set(PUBLIC) - set(OWN_ACCOUNT) - set(COMPANY) - set(API)
    assert not missing, f"add these URL patterns to a table in {Path(__file__).name}: {sorted(missing)}"
    stale = (set(PUBLIC) | set(OWN_ACCOUNT) | set(COMPANY) | set(API)) - set(names)
    assert not stale, f"these cases name URL patterns that no longer exist: {sorted(stale)}"
    for route in ROUTES:
        if route.name in COMPANY:
            assert route.kwargs == {"org_id", *COMPANY[route.name]}, route
        elif route.name in API:
            assert route.kwargs == set(API[route.name]), route
        else:
            assert "org_id" not in route.kwargs, f"{route.name} names a company but is listed as not company-owned"


@pytest.fixture
def company_b(org_b, mallory) -> dict[str, object]:
    """Company B with one of everything a URL can point at."""
    trent = make_user("trent@b.example", "Trent")
    source = (Path(assessment_actions.__file__).parent / "catalog" / "dx-seven-sins.yaml").read_text()
    catalog = CustomCatalog.objects.create(
        organisation=org_b, catalog_id="b-bank", version=1, title="B bank", source=source
    )
    invitation, _raw = Invitation.issue(org_b, "new@b.example", Role.ADVISOR, mallory)
    return {
        "org": org_b,
        "membership": add_member(trent, org_b, Role.MEMBER),
        "invitation": invitation,
        "diagnosis": assessment_actions.start_diagnosis(org_b, mallory),
        "selfcheck": security_actions.start_selfcheck(org_b, mallory),
        "action_item": ActionItem.objects.create(
            organisation=org_b, source_catalog="security-selfcheck", source_question="basic-mfa", step=2, owner=mallory
        ),
        "catalog": catalog,
        **_b_landscape(org_b),
        "api_token": _b_api_token(org_b, mallory),
        "document": document_actions.generate_version(org_b, "policy", "ja", mallory),
        "job": Job.objects.create(
            name="mail.send",
            organisation=org_b,
            status=JobStatus.FAILED,
            kwargs={"to": ["trent@b.example"]},
            last_error="SMTPRecipientsRefused: x",
        ),
        "check_run": CheckRun.objects.create(organisation=org_b, check_name="accounts", result={"findings": []}),
        "mail_domain": MailDomain.objects.create(organisation=org_b, domain="b.example"),
        "check_name": SimpleNamespace(pk="accounts"),  # a URL part, not an object: the page is B's all the same
        "service": SimpleNamespace(pk="microsoft365"),
        "source_connection": SourceConnection.objects.create(
            organisation=org_b, service="microsoft365", tenant="b-tenant", secret="x"
        ),
        "framework_id": SimpleNamespace(pk="security-action"),
        "fold_name": SimpleNamespace(pk="security"),
        "questionnaire": Upload.objects.create(organisation=org_b, name="b.xlsx", data=customer_workbook()),
        "lesson_assignment": training_actions.assign_lesson(org_b, trent, "updates", None)[0],
        **company_b_drill_objects(org_b, mallory),
        **plan_objects(org_b),
        **company_b_notify_objects(org_b, mallory),
    }


def _b_api_token(org_b, mallory):  # type: ignore[no-untyped-def]
    from rashinban.api.models import ApiToken, Scope

    return ApiToken.issue(org_b, "b tool", Scope.WRITE, mallory)[0]


def _b_landscape(org_b: Organisation) -> dict[str, object]:
    vendor = Vendor.objects.create(organisation=org_b, name="B保守")
    system = System.objects.create(organisation=org_b, name="B会計", department="経理", vendor=vendor)
    other = System.objects.create(organisation=org_b, name="B販売", department="営業")
    link = SystemLink.objects.create(organisation=org_b, source=other, target=system)
    training = TrainingItem.objects.create(organisation=org_b, title="B研修", planned_on="2030-01-01")
    return {"system": system, "link": link, "vendor": vendor, "training": training}


def _landscape_rows(org: Organisation) -> tuple:
    return (
        sorted(System.objects.filter(organisation=org).values_list("id", "name", "department", "has_mfa")),
        sorted(SystemLink.objects.filter(organisation=org).values_list("id", "method", "hours_per_month")),
        sorted(Vendor.objects.filter(organisation=org).values_list("id", "name", "returns_data")),
        sorted(TrainingItem.objects.filter(organisation=org).values_list("id", "title", "done_on")),
        SkillAssessment.objects.filter(organisation=org).count(),
    )


def snapshot(org: Organisation) -> tuple:
    org.refresh_from_db()
    return (
        org.name,
        org.industry,
        org.prefecture,
        sorted(Membership.objects.filter(organisation=org).values_list("id", "role", "active")),
        sorted(Invitation.objects.filter(organisation=org).values_list("id", "used_at", "cancelled_at")),
        sorted(Diagnosis.objects.filter(organisation=org).values_list("id", "completed_at", "staff_count")),
        CustomCatalog.objects.filter(organisation=org).count(),
        sorted(ActionItem.objects.filter(organisation=org).values_list("id", "status", "owner_id", "due", "risk")),
        ActionComment.objects.filter(organisation=org).count(),
        sorted(Job.objects.filter(organisation=org).values_list("id", "status", "attempts")),
        _landscape_rows(org),
        sorted(DocumentVersion.objects.filter(organisation=org).values_list("id", "body", "published_at")),
        Acknowledgement.objects.filter(organisation=org).count(),
        sorted(org.api_tokens.values_list("id", "revoked_at")),
        CheckRun.objects.filter(organisation=org).count(),
        sorted(MailDomain.objects.filter(organisation=org).values_list("id", "domain")),
        sorted(SourceConnection.objects.filter(organisation=org).values_list("id", "tenant", "secret")),
        sorted(EvidenceValidity.objects.filter(organisation=org).values_list("check_name", "days")),
        plan_rows(org),
        notify_rows(org),
    )


def post_data(company: dict[str, object]) -> dict[str, object]:
    """Plausible input for every form on the walked pages, pointing at B's objects where it can."""
    return {
        "email": "spy@a.example",
        "role": Role.OWNER,
        "name": "taken over",
        "industry": "other",
        "employee_band": "1-5",
        "prefecture": "東京都",
        "catalog": company["catalog"].pk,  # type: ignore[attr-defined]
        "count": "3",
        "emails": "spy@a.example",
        "department": "spy",
        "source": company["system"].pk,  # type: ignore[attr-defined]
        "target": company["system"].pk,  # type: ignore[attr-defined]
        "method": "manual",
        "frequency": "daily",
        "hours_per_month": "1",
        "planned_on": "2030-01-01",
        "basic_it": "4",
        "kind": "policy",
        "language": "ja",
        "title": "taken over",
        "body": "# taken over",
        "lead-name": "spy",
    }


def company_urls(company: dict[str, object], org_id: int) -> list[tuple[str, str]]:
    urls = []
    for route in ROUTES:
        if route.name in COMPANY:
            kwargs = {kwarg: company[obj].pk for kwarg, obj in COMPANY[route.name].items()}  # type: ignore[attr-defined]
            urls.append((route.name, reverse(route.name, kwargs={"org_id": org_id, **kwargs})))
    return urls


@pytest.mark.parametrize("persona", ["alice", "bob", "carol"])
def test_people_of_company_a_get_404_on_every_page_of_company_b(client, request, org_a, company_b, persona):
    user = request.getfixturevalue(persona)
    login(client, user)
    before = snapshot(company_b["org"])  # type: ignore[arg-type]
    urls = company_urls(company_b, company_b["org"].pk)  # type: ignore[attr-defined]
    assert {name for name, _url in urls} == set(COMPANY)

    for name, url in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url, post_data(company_b) if method == "post" else None)
            assert response.status_code == 404, f"{persona} {method.upper()} {url} ({name})"
            assert "B工業" not in readable_text(response)

    assert snapshot(company_b["org"]) == before  # type: ignore[arg-type]
    assert not mail.outbox


def test_owner_of_a_cannot_reach_b_objects_through_a_urls(as_alice, org_a, company_b):
    """The company in the URL is A's, the object id is B's: still 404, and nothing changes."""
    before = snapshot(company_b["org"])  # type: ignore[arg-type]
    a_before = snapshot(org_a)
    mixed = [(n, u) for n, u in company_urls(company_b, org_a.pk) if set(COMPANY[n].values()) - URL_PARTS]
    assert mixed

    for name, url in mixed:
        response = as_alice.post(url, post_data(company_b))
        assert response.status_code == 404, f"alice POST {url} ({name})"
        # A POST-only page may answer GET with 405, but exactly as it does for an id that exists nowhere.
        nowhere = reverse(name, kwargs={"org_id": org_a.pk, **{k: 999_999 for k in COMPANY[name]}})
        status = as_alice.get(url).status_code
        assert status in (404, 405) and status == as_alice.get(nowhere).status_code, f"alice GET {url}"

    assert snapshot(company_b["org"]) == before  # type: ignore[arg-type]
    assert snapshot(org_a) == a_before


def test_object_ids_in_a_form_body_are_scoped_too(as_alice, org_a, company_b):
    response = as_alice.post(f"/o/{org_a.id}/diagnoses/new/", {"catalog": company_b["catalog"].pk})  # type: ignore[attr-defined]

    assert response.status_code == 404
    assert not Diagnosis.objects.filter(organisation=org_a).exists()


def test_own_account_pages_show_nothing_of_another_company(as_alice, org_a, company_b):
    for name in sorted(OWN_ACCOUNT):
        response = as_alice.get(reverse(name), follow=True)
        assert response.status_code in (200, 405), name
        page = readable_text(response)
        assert "B工業" not in page and "trent@b.example" not in page, name


def readable_text(response) -> str:  # type: ignore[no-untyped-def]
    """The page's text; for an Excel download, the text of every cell."""
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        import io

        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(response.content))
        return "\n".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row)
    return response.content.decode("utf-8", "replace")  # an image (the drill pixel) reads as noise


def test_public_pages_answer_without_a_server_error(client, company_b):
    for route in ROUTES:
        if route.name not in PUBLIC:
            continue
        url = reverse(route.name, kwargs={k: "x" * 43 for k in route.kwargs})
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code < 500, f"{method.upper()} {url}"
            assert "B工業" not in readable_text(response)


def test_anonymous_visitor_is_sent_to_sign_in_from_every_company_page(client, company_b):
    for name, url in company_urls(company_b, company_b["org"].pk):  # type: ignore[attr-defined]
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith("/login/?next=")


def test_a_token_of_company_a_reaches_nothing_of_company_b(client, org_a, alice, company_b):
    """Every API route, with A's write token and B's object ids: 404, or A's own data only; B unchanged."""
    from rashinban.api.models import ApiToken, Scope

    _token, raw = ApiToken.issue(org_a, "walk", Scope.WRITE, alice)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    before = snapshot(company_b["org"])  # type: ignore[arg-type]
    walked = set()
    for route in ROUTES:
        if route.name not in API:
            continue
        walked.add(route.name)
        kwargs = {kwarg: company_b[obj].pk for kwarg, obj in API[route.name].items()}  # type: ignore[attr-defined]
        url = reverse(route.name, kwargs=kwargs)
        for method in ("get", "post", "put", "patch", "delete"):
            response = getattr(client, method)(url, {"answers": {}}, content_type="application/json", **headers)
            names_b_object = any(not isinstance(company_b[obj], SimpleNamespace) for obj in API[route.name].values())
            if names_b_object:
                # Input the schema refuses is refused before any lookup (422), exactly as for an id that exists nowhere.
                nowhere = reverse(route.name, kwargs={k: 999_999 for k in kwargs})
                same = getattr(client, method)(nowhere, {"answers": {}}, content_type="application/json", **headers)
                assert response.status_code in (404, 405, 422), f"{method.upper()} {url} ({route.name})"
                assert response.status_code == same.status_code, f"{method.upper()} {url} ({route.name})"
            assert response.status_code < 500, f"{method.upper()} {url}"
            page = readable_text(response)
            assert "B工業" not in page and "trent@b.example" not in page, f"{method.upper()} {url}"
    assert walked == set(API)
    assert snapshot(company_b["org"]) == before  # type: ignore[arg-type]
