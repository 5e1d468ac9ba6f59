"""`/api/v1/`: the organisation of the calling token, its people, diagnoses and results, evidence checks,
KPIs and measurements, initiatives, security actions, practice drills and the ranked next steps (the routers in
`api/routers/`).

Every query starts from `request.org` (the token's organisation), so an id of another organisation's
object answers 404 exactly like an id that exists nowhere.
"""

import json
from datetime import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import StringConstraints

from rashinban.api import errors
from rashinban.api.auth import TokenAuth, require_write
from rashinban.api.common import COMMON, BoundedParser, Error, Pages, lang_of, own, problem
from rashinban.api.enums import EmployeeBand, Industry, Lang, Level, Role
from rashinban.api.routers import drills, evidence, nextsteps, planning, security
from rashinban.assessments import actions
from rashinban.assessments.models import CustomCatalog, Diagnosis
from rashinban.assessments.results import management_result
from rashinban.assessments.scoring import UnknownAnswersError, validate_answers
from rashinban.orgs.models import Membership
from rashinban.security import actions as security_actions

ShortText = Annotated[str, StringConstraints(max_length=100)]
DESCRIPTION = """DX and security guidance for small and medium companies.

Authenticate with a per-organisation token: `Authorization: Bearer rbk_...` (create one under the company's
settings, API tokens). Every list answers one page: `items` and the total `count`, with `?limit=` (1–100)
and `?offset=`. Every error answers the `Error` shape (`detail` for people, `code` for programs, `errors` for
refused input), in the language of the `Accept-Language` header (Japanese or English; Japanese otherwise):
400 a body that is not JSON, 401 no or an unknown token (with `WWW-Authenticate`), 403 a read-only token
tried to write, 404 not found (another organisation's id answers the same), 405 a method the address does
not take (with `Allow`), 409 a conflict, 422 refused input, 429 too many requests (with `Retry-After`)."""
HEADERS = {
    "401": {"WWW-Authenticate": {"description": 'The scheme to use: `Bearer realm="Rashinban API"`.',
                                 "schema": {"type": "string"}}},
    "429": {"Retry-After": {"description": "Seconds until the next request is accepted.",
                            "schema": {"type": "integer", "minimum": 1}}},
}  # fmt: skip


class RashinbanApi(NinjaAPI):
    """Ninja's API, with a tidier OpenAPI document for the clients generated from it: the headers of 401 and
    429 declared (ninja cannot say them), an enum parameter referring to its named schema instead of a copy,
    no schema nothing uses, and operation ids that are the operations' names (`organisation`, `people`)."""

    def get_openapi_operation_id(self, operation: Any) -> str:
        return str(operation.view_func.__name__)

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema["components"]["schemas"]
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    if str(status) in HEADERS:  # ninja keeps the statuses as numbers until JSON
                        response["headers"] = HEADERS[str(status)]
                for parameter in operation.get("parameters", []):
                    named = components.get(parameter["schema"].get("title", ""))
                    if named and named.get("enum") and named["enum"] == parameter["schema"].get("enum"):
                        parameter["schema"] = {"$ref": f"#/components/schemas/{parameter['schema']['title']}"}
        _drop_unused(schema)
        return schema


def _drop_unused(schema: dict[str, Any]) -> None:
    """Remove component schemas that nothing refers to (ninja lists its pagination input)."""
    components = schema["components"]["schemas"]
    while True:
        text = json.dumps({**schema, "components": {**schema["components"], "schemas": {}}}) + json.dumps(
            [body for body in components.values()]
        )
        unused = [name for name in components if f'"#/components/schemas/{name}"' not in text]
        if not unused:
            return
        for name in unused:
            del components[name]


api = RashinbanApi(
    title="Rashinban API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=TokenAuth(),
    parser=BoundedParser(),
)
errors.install(api)


class OrganisationOut(Schema):
    id: int
    name: str
    slug: str
    industry: Industry  # type: ignore[valid-type]
    employee_band: EmployeeBand  # type: ignore[valid-type]
    prefecture: str
    timezone: str


class PersonOut(Schema):
    id: int
    name: str
    email: str
    role: Role  # type: ignore[valid-type]
    active: bool

    @staticmethod
    def resolve_name(obj: Membership) -> str:
        return str(obj.user)

    @staticmethod
    def resolve_email(obj: Membership) -> str:
        return obj.user.email


class DiagnosisOut(Schema):
    id: int
    catalog: str
    catalog_version: int
    created_at: datetime
    completed_at: datetime | None
    overall: int | None
    staff_responses: int

    @staticmethod
    def resolve_catalog(obj: Diagnosis) -> str:
        return obj.catalog_id

    @staticmethod
    def resolve_staff_responses(obj: Diagnosis) -> int:
        return obj.staff_count


class DiagnosisDetail(DiagnosisOut):
    answers: dict[str, str]

    @staticmethod
    def resolve_answers(obj: Diagnosis) -> dict[str, str]:
        return obj.management_answers


class DiagnosisIn(Schema):
    catalog: Literal["dx-seven-sins", "security-selfcheck"] = "dx-seven-sins"
    custom_catalog_id: int | None = None  # the organisation's own bank instead of `catalog`


class AnswersIn(Schema):
    answers: dict[ShortText, ShortText] = Field(
        max_length=500, description='Question id → option id; questions left out count as "don\'t know".'
    )


class SectionOut(Schema):
    id: str
    score: int
    level: Level  # type: ignore[valid-type]
    answered: int
    total: int


class OverallOut(Schema):
    score: int
    level: Level  # type: ignore[valid-type]


class RecommendationOut(Schema):
    section: str
    priority: int = Field(ge=1, description="Where to start: 1 first.")
    title: str
    lesson: str
    steps: list[str]
    principles: list[int]


class ResultOut(Schema):
    catalog: str
    version: int
    overall: OverallOut
    sections: list[SectionOut]
    recommendations: list[RecommendationOut]


@api.get("/organisation", response={200: OrganisationOut, **COMMON}, url_name="organisation", tags=["organisation"])
def organisation(request: HttpRequest) -> Any:
    """The organisation the token belongs to."""
    return request.org  # type: ignore[attr-defined]


@api.get("/people", response={200: list[PersonOut], **COMMON}, url_name="people", tags=["organisation"])
@paginate(Pages)
def people(request: HttpRequest) -> Any:
    """Members, owners and advisors of the organisation (revoked ones with `active: false`)."""
    return Membership.objects.filter(organisation=request.org).select_related("user").order_by("id")  # type: ignore[attr-defined]


@api.get("/diagnoses", response={200: list[DiagnosisOut], **COMMON}, url_name="diagnoses", tags=["diagnoses"])
@paginate(Pages)
def diagnoses(request: HttpRequest) -> Any:
    """Diagnoses of the organisation, newest first."""
    return Diagnosis.objects.filter(organisation=request.org).order_by("-created_at", "-id")  # type: ignore[attr-defined]


@api.post(
    "/diagnoses",
    response={201: DiagnosisDetail, 403: Error, 404: Error, **COMMON},
    url_name="diagnoses_create",
    tags=["diagnoses"],
)
def diagnosis_create(request: HttpRequest, payload: DiagnosisIn) -> Any:
    """Start a DX diagnosis or a security self-check (write scope), or a round of the organisation's own bank."""
    require_write(request)
    if payload.catalog == actions.SECURITY_CATALOG and payload.custom_catalog_id is None:
        return Status(201, security_actions.start_selfcheck(request.org, request.auth.created_by))  # type: ignore[attr-defined]
    custom = None
    if payload.custom_catalog_id is not None:
        custom = own(request, CustomCatalog.objects.all(), pk=payload.custom_catalog_id)
    diagnosis = actions.start_diagnosis(request.org, request.auth.created_by, custom)  # type: ignore[attr-defined]
    return Status(201, diagnosis)


@api.get(
    "/diagnoses/{diagnosis_id}",
    response={200: DiagnosisDetail, 404: Error, **COMMON},
    url_name="diagnosis",
    tags=["diagnoses"],
)
def diagnosis(request: HttpRequest, diagnosis_id: int) -> Any:
    """One diagnosis with management's answers (question id → option id)."""
    return own(request, Diagnosis.objects.all(), pk=diagnosis_id)


@api.put(
    "/diagnoses/{diagnosis_id}/answers",
    response={200: DiagnosisDetail, 403: Error, 404: Error, **COMMON},
    url_name="diagnosis_answers",
    tags=["diagnoses"],
)
def diagnosis_answers(request: HttpRequest, diagnosis_id: int, payload: AnswersIn) -> Any:
    """Replace management's answers (write scope); unanswered questions count as "don't know"."""
    require_write(request)
    target = own(request, Diagnosis.objects.all(), pk=diagnosis_id)
    catalog = actions.catalog_for(target)
    try:
        validate_answers(catalog, payload.answers)
    except UnknownAnswersError as error:
        return problem(422, str(error))
    submit = (
        security_actions.submit_selfcheck
        if target.catalog_id == actions.SECURITY_CATALOG
        else actions.submit_management_answers
    )
    submit(target, payload.answers, request.auth.created_by)  # type: ignore[attr-defined]
    return Status(200, target)


@api.get(
    "/diagnoses/{diagnosis_id}/result",
    response={200: ResultOut, 404: Error, 409: Error, **COMMON},
    url_name="diagnosis_result",
    tags=["diagnoses"],
)
def diagnosis_result(request: HttpRequest, diagnosis_id: int, lang: Lang | None = None) -> Any:  # type: ignore[valid-type]
    """Scores per section and overall (100 is best), levels and where to start; texts in `lang` (by default
    the Accept-Language header's, else Japanese)."""
    target = own(request, Diagnosis.objects.all(), pk=diagnosis_id)
    if target.completed_at is None:
        return problem(409, _("This diagnosis has not been answered yet."))
    return Status(200, management_result(target, lang_of(lang)).to_json())


api.add_router("/evidence", evidence.router)
api.add_router("", planning.router)
api.add_router("", security.router)
api.add_router("", drills.router)
api.add_router("", nextsteps.router)
