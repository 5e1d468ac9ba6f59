"""`GET /api/v1/next-steps`: the same steps, order, dates and roles as the ranking and `rashinban next-steps`;
typed in the OpenAPI document; only the token's own company."""

from __future__ import annotations

import json

from click.testing import CliRunner

from rashinban.api.models import ApiToken, Scope
from rashinban.cli import main
from rashinban.nextsteps import plan_for
from rashinban.nextsteps.content import ROLES
from rashinban.nextsteps.model import SOURCES
from rashinban.security import actions as security_actions
from tests.api.conftest import Api
from tests.security.helpers import all_answered


def answer_selfcheck(org, user, answer: str = "not-done") -> None:  # type: ignore[no-untyped-def]
    selfcheck = security_actions.start_selfcheck(org, user)
    security_actions.submit_selfcheck(selfcheck, all_answered(answer, "management"), user)


def test_lists_the_ranking_in_order_with_its_dates(read_api, org_a, alice, bob):
    answer_selfcheck(org_a, alice)
    plan = plan_for(org_a)

    page = read_api.get("/api/v1/next-steps", limit=100, lang="en").json()

    assert page["count"] == len(plan.steps) > 5
    assert page["items"] == [step.as_json("en") for step in plan.steps][:100]
    assert [item["rank"] for item in page["items"]] == list(range(1, len(page["items"]) + 1))
    assert {item["assignee_role"] for item in page["items"]} == {"owner", "member"}  # not all on the owner


def test_the_command_line_and_the_api_agree(read_api, org_a, alice, bob):
    answer_selfcheck(org_a, alice)
    org_a.language = "en"
    org_a.save()

    api = read_api.get("/api/v1/next-steps", limit=5, lang="en").json()["items"]
    cli = CliRunner().invoke(main, ["next-steps", "--org", org_a.slug, "--json", "--limit", "5"])

    assert cli.exit_code == 0, cli.output
    assert json.loads(cli.stdout)["steps"] == api


def test_pages_and_language(read_api, org_a, alice):
    answer_selfcheck(org_a, alice)
    plan = plan_for(org_a)

    second = read_api.get("/api/v1/next-steps", limit=2, offset=2).json()["items"]
    english = read_api.client.get("/api/v1/next-steps", HTTP_AUTHORIZATION=f"Bearer {read_api.raw}",
                                  HTTP_ACCEPT_LANGUAGE="en").json()["items"]  # fmt: skip

    assert [s["id"] for s in second] == [s.id for s in plan.steps[2:4]]
    assert second[0]["title"] == plan.steps[2].title["ja"]  # Japanese unless asked otherwise
    assert english[0]["title"] == plan.steps[0].title["en"]


def test_only_the_tokens_company(client, org_a, org_b, alice, mallory):
    answer_selfcheck(org_a, alice)
    _token, raw = ApiToken.issue(org_b, "other", Scope.READ, mallory)

    theirs = Api(client, raw).get("/api/v1/next-steps", limit=100).json()

    assert [s["id"] for s in theirs["items"]] == [s.id for s in plan_for(org_b).steps]
    assert theirs["items"][0]["id"] == "security:selfcheck"  # B has answered nothing; A's answers stay A's


def test_typed_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    step = schemas["NextStepOut"]["properties"]

    assert schemas[step["sources"]["items"]["$ref"].rsplit("/", 1)[1]]["enum"] == list(SOURCES)
    assert schemas[step["assignee_role"]["$ref"].rsplit("/", 1)[1]]["enum"] == list(ROLES)
    assert step["due"] == {"description": step["due"]["description"], "format": "date", "title": "Due",
                           "type": "string"}  # fmt: skip
    assert step["rank"]["minimum"] == 1
    operation = document["paths"]["/api/v1/next-steps"]["get"]
    assert {"limit", "offset", "lang"} <= {p["name"] for p in operation["parameters"]}
    assert {"400", "401", "422", "429"} <= set(operation["responses"])
