"""A client generated from the served OpenAPI document with openapi-python-client, used as it comes out (no
hand edits) against the live test server: a read, a write, paging and every error shape, all typed objects."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
import typing
from pathlib import Path

import httpx
import pytest

from rashinban.api.models import ApiToken, Scope
from rashinban.assessments import actions
from tests.conftest import add_member, make_user
from tests.planning.helpers import make_kpi

PACKAGE = "rashinban_client"
CONFIG = "post_hooks: []\nproject_name_override: rashinban-client\npackage_name_override: rashinban_client\n"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """The folder that holds the generated package (made once per run from the document the server serves)."""
    from django.test import Client

    folder = tmp_path_factory.mktemp("client")
    (folder / "openapi.json").write_bytes(Client().get("/api/v1/openapi.json").content)
    (folder / "config.yaml").write_text(CONFIG, encoding="utf-8")
    tool = Path(sys.executable).with_name("openapi-python-client")
    done = subprocess.run(
        [str(tool), "generate", "--path", "openapi.json", "--meta", "none", "--output-path", PACKAGE,
         "--config", "config.yaml"],
        cwd=folder, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0 and "Warning" not in done.stdout + done.stderr, done.stdout + done.stderr
    sys.path.insert(0, str(folder))
    yield folder
    sys.path.remove(str(folder))
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[name]


def module(name: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(f"{PACKAGE}.{name}")


def test_every_operation_answers_typed_objects_only(generated):
    """Each operation's `sync_detailed` returns Response[A | B ...] of generated model classes, never Any."""
    models = module("models")
    operations = [p for p in (generated / PACKAGE / "api").glob("*/*.py") if p.name != "__init__.py"]
    assert len(operations) == 20
    for path in operations:
        operation = module(f"api.{path.parent.name}.{path.stem}")
        answer = typing.get_type_hints(operation.sync_detailed)["return"]
        parsed = typing.get_args(answer)[0]
        for kind in typing.get_args(parsed) or (parsed,):
            assert inspect.isclass(kind) and getattr(models, kind.__name__) is kind, (path.stem, kind)


@pytest.mark.django_db(transaction=True)
def test_read_write_paging_and_every_error_through_the_generated_client(generated, live_server, org_a, alice, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 1000
    models = module("models")
    client_module = module("client")
    _token, raw = ApiToken.issue(org_a, "generated", Scope.WRITE, alice)
    _read, read_raw = ApiToken.issue(org_a, "reader", Scope.READ, alice)
    for n in range(3):
        add_member(make_user(f"p{n}@a.example", f"P{n}"), org_a, "member")
    client = client_module.AuthenticatedClient(base_url=live_server.url, token=raw)
    english = client_module.AuthenticatedClient(base_url=live_server.url, token=raw, headers={"Accept-Language": "en"})

    # A read.
    organisation = module("api.organisation.organisation").sync_detailed(client=client)
    assert organisation.status_code == 200 and isinstance(organisation.parsed, models.OrganisationOut)
    assert organisation.parsed.name == "A商事" and isinstance(organisation.parsed.industry, models.Industry)

    # Paging.
    people = module("api.organisation.people")
    first, second = (people.sync(client=client, limit=2, offset=offset) for offset in (0, 2))
    assert isinstance(first, models.PagedPersonOut) and first.count == 4 and len(first.items) == 2
    assert [p.email for p in second.items] == ["p1@a.example", "p2@a.example"]
    assert all(isinstance(p.role, models.Role) for p in first.items + second.items)

    # A write, then its result typed down to the enums.
    kpi = make_kpi(org_a)
    measurement = module("api.planning.measurement_create").sync_detailed(
        kpi.id, client=client, body=models.MeasurementIn(measured_on=kpi.baseline_on, value=12.5, note="API")
    )
    assert measurement.status_code == 201 and isinstance(measurement.parsed, models.MeasurementOut)
    assert measurement.parsed.value == 12.5
    kpis = module("api.planning.kpis").sync(client=client)
    assert isinstance(kpis.items[0].status, models.KpiStatus) and isinstance(kpis.items[0].kind, models.TargetKind)

    def error(response, status: int, code: str):  # type: ignore[no-untyped-def]
        assert response.status_code == status, response.content
        assert isinstance(response.parsed, models.Error) and response.parsed.code == models.ErrorCode(code)
        return response

    # 401 with its challenge, in Japanese by default.
    anonymous = client_module.Client(base_url=live_server.url)
    unauthenticated = error(
        module("api.organisation.organisation").sync_detailed(client=anonymous), 401, "unauthenticated"
    )
    assert (
        unauthenticated.headers["WWW-Authenticate"].startswith("Bearer") and "トークン" in unauthenticated.parsed.detail
    )
    # 403, 404, 409 and 422 (a note longer than declared), in English when asked.
    reader = client_module.AuthenticatedClient(base_url=live_server.url, token=read_raw)
    error(
        module("api.diagnoses.diagnosis_create").sync_detailed(client=reader, body=models.DiagnosisIn()),
        403,
        "forbidden",
    )
    error(module("api.diagnoses.diagnosis").sync_detailed(999_999, client=english), 404, "not_found")
    diagnosis = actions.start_diagnosis(org_a, alice)
    error(module("api.diagnoses.diagnosis_result").sync_detailed(diagnosis.id, client=client), 409, "conflict")
    too_long = models.MeasurementIn(measured_on=kpi.baseline_on, value=1, note="x" * 201)
    invalid = error(
        module("api.planning.measurement_create").sync_detailed(kpi.id, client=english, body=too_long), 422, "invalid"
    )
    assert (
        invalid.parsed.errors[0].field == "body.note" and invalid.parsed.errors[0].message == "At most 200 characters."
    )

    # What the typed operations cannot send (a language that does not exist, a wrong method, a broken body) still
    # answers the same shape, read with the generated model.
    raw_http: httpx.Client = client.get_httpx_client()
    for response, status, code in (
        (raw_http.get(f"/api/v1/diagnoses/{diagnosis.id}/result", params={"lang": "fr"}), 422, "invalid"),
        (raw_http.delete("/api/v1/diagnoses"), 405, "method_not_allowed"),
        (raw_http.post("/api/v1/diagnoses", content=b"{", headers={"Content-Type": "application/json"}), 400, "bad_request"),
    ):  # fmt: skip
        assert response.status_code == status
        assert models.Error.from_dict(response.json()).code == models.ErrorCode(code)

    # 429 with Retry-After.
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    organisation_call = module("api.organisation.organisation")
    answers = [organisation_call.sync_detailed(client=reader) for _ in range(2)]
    limited = error(answers[1], 429, "rate_limited")
    assert int(limited.headers["Retry-After"]) >= 1
