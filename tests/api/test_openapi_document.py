"""The OpenAPI document is valid and says exactly what the API does: enums, types, limits, pages."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_spec_validator import validate

from rashinban.api.routers.evidence import _api_checks
from rashinban.api.routers.evidence_schemas import RESULT_MODELS

FIXED_CHOICES = {"kind", "status", "level", "role", "direction", "frequency", "stage", "priority", "lang",
                 "severity", "industry", "employee_band", "code", "check", "worst", "assignee_role"}  # fmt: skip


@pytest.fixture
def document(client) -> dict[str, Any]:
    return client.get("/api/v1/openapi.json").json()


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def is_choice(document: dict[str, Any], schema: dict[str, Any]) -> bool:
    """An enum or a constant, possibly nullable."""
    options = schema.get("anyOf") or schema.get("oneOf") or [schema]
    real = [resolve(document, s) for s in options if s.get("type") != "null"]
    return bool(real) and all("enum" in s or "const" in s or "oneOf" in s for s in real)


def walk(node: Any, path: str = ""):  # type: ignore[no-untyped-def]
    """Every (path, schema) pair in the document's schemas."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{path}/{index}")


def test_the_document_is_valid_openapi(document):
    validate(document)
    assert document["openapi"].startswith("3.")


def test_every_fixed_choice_is_an_enum(document):
    seen = set()
    for name, schema in document["components"]["schemas"].items():
        for field, prop in schema.get("properties", {}).items():
            if field == "priority" and prop.get("type") == "integer":
                assert prop["minimum"] == 1, name  # a rank (1 = start here), not a choice
                continue
            if field in FIXED_CHOICES and prop.get("type") != "array":
                assert is_choice(document, prop), f"{name}.{field}"
                seen.add(field)
    for path in document["paths"].values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] in FIXED_CHOICES | {"name"}:
                    assert is_choice(document, parameter["schema"]), parameter["name"]
                    seen.add(parameter["name"])
    assert seen >= FIXED_CHOICES


def test_every_value_has_a_type(document):
    """No schema that says nothing (an `Any`), so a generated client has a type for everything."""
    typed = {"type", "$ref", "anyOf", "oneOf", "allOf", "enum", "const"}
    for where, schema in walk(document["components"]["schemas"]):
        parent = where.rsplit("/", 1)[-1]
        if parent in ("properties", "mapping", "discriminator"):
            continue
        if where.count("/properties/") and where.split("/")[-2] == "properties" or where.endswith("/items"):
            assert typed & set(schema), where


SINGLE_OBJECTS = {"organisation", "diagnosis", "diagnosis_result", "run_detail", "drill_detail"}


def test_every_list_answers_a_page(document):
    reads = [path["get"] for path in document["paths"].values() if "get" in path]
    for operation in reads:
        answer = resolve(document, operation["responses"]["200"]["content"]["application/json"]["schema"])
        assert answer.get("type") == "object", operation["operationId"]
        if operation["operationId"] not in SINGLE_OBJECTS:
            assert set(answer["properties"]) == {"items", "count"}, operation["operationId"]
            assert {p["name"] for p in operation["parameters"]} >= {"limit", "offset"}
    assert len(reads) == 15


def test_declared_limits(document):
    schemas = document["components"]["schemas"]

    assert schemas["MeasurementIn"]["properties"]["note"]["maxLength"] == 200
    assert schemas["FileIn"]["properties"]["content_base64"]["maxLength"] >= 20 * 1024 * 1024 * 4 // 3
    assert schemas["AnswersIn"]["properties"]["answers"]["maxProperties"] == 500
    values = schemas["RunIn"]["properties"]["values"]["additionalProperties"]
    assert {s.get("type") for s in values["anyOf"]} == {"string", "integer", "number"}


def test_every_check_the_api_runs_has_a_typed_result():
    typed = {model.model_fields["check"].annotation.__args__[0] for model in RESULT_MODELS}

    assert typed == {check.name for check in _api_checks()}
