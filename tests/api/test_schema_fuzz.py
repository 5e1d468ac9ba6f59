"""Schemathesis fuzzes every operation of the served OpenAPI document: no server errors, and every
response matches the schema (status codes, content types, bodies)."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from rashinban.api.models import ApiToken, Scope
from rashinban.assessments import actions

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# Text with a NUL cannot be stored (PostgreSQL refuses it), so the API refuses such a body with a 400 and a
# message (tests/api/test_bad_text.py); it is not "valid data" to generate.
schema.config.generation.update(allow_x00=False)


@pytest.fixture
def _keep_test_connection():  # type: ignore[no-untyped-def]
    """The raw WSGI app closes the database connection after each request (as in production); the test's
    transaction lives on that connection, so keep it open, as Django's own test client does."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def auth_headers(org_a, alice, settings, _keep_test_connection):  # type: ignore[no-untyped-def]
    settings.API_RATE_LIMIT_PER_MINUTE = 1_000_000
    # The mail-domain check may be fuzzed: its DNS questions go to a loopback port where nothing answers.
    settings.EVIDENCE_NAMESERVER, settings.EVIDENCE_DNS_TIMEOUT = "127.0.0.1:9", 0.2
    actions.start_diagnosis(org_a, alice)  # an object for the id-taking operations to find sometimes
    _token, raw = ApiToken.issue(org_a, "fuzz", Scope.WRITE, alice)
    return {"Authorization": f"Bearer {raw}"}


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_schema(case, auth_headers):  # type: ignore[no-untyped-def]
    # Unknown extra query parameters are ignored, not refused (lenient on input, strict on output); and rules
    # a schema cannot say (a check's required file, a date not in the future) refuse some valid-looking input
    # with 422, in the documented error shape.
    case.call_and_validate(headers=auth_headers, excluded_checks=[negative_data_rejection, positive_data_acceptance])
