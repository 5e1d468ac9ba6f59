"""`/api/v1/`: the organisation of the calling token, its people, diagnoses and results, evidence checks,
KPIs and measurements, initiatives, security actions and practice drills (the routers in `api/routers/`).

Every query starts from `request.org` (the token's organisation), so an id of another organisation's
object answers 404 exactly like an id that exists nowhere.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from rashinban.api.auth import RateLimited, TokenAuth, require_write
from rashinban.api.common import COMMON, Error, Pages, lang_of, own
from rashinban.api.routers import drills, evidence, planning, security
from rashinban.assessments import actions
from rashinban.assessments.models import CustomCatalog, Diagnosis
from rashinban.assessments.results import management_result
from rashinban.assessments.scoring import UnknownAnswersError, validate_answers
from rashinban.orgs.models import Membership
from rashinban.security import actions as security_actions

api = NinjaAPI(
    title="Rashinban API",
    version="1",
    description="DX and security guidance for small and medium companies. Authenticate with a per-organisation "
    "token: `Authorization: Bearer rbk_...` (create one under the company's settings, API tokens).",
    urls_namespace="api-v1",
    auth=TokenAuth(),
)


@api.exception_handler(RateLimited)
def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = api.create_response(request, {"detail": _("Too many requests; try again later.")}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


class OrganisationOut(Schema):
    id: int
    name: str
    slug: str
    industry: str
    employee_band: str
    prefecture: str
    timezone: str


class PersonOut(Schema):
    id: int
    name: str
    email: str
    role: str
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
    answers: dict[str, str]


class SectionOut(Schema):
    id: str
    score: int
    level: str
    answered: int
    total: int


class OverallOut(Schema):
    score: int
    level: str


class RecommendationOut(Schema):
    section: str
    priority: int
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
        return Status(422, {"detail": str(error)})
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
def diagnosis_result(request: HttpRequest, diagnosis_id: int, lang: str = "ja") -> Any:
    """Scores per section and overall (100 is best), levels and where to start; `lang` is `ja` or `en`."""
    target = own(request, Diagnosis.objects.all(), pk=diagnosis_id)
    if target.completed_at is None:
        return Status(409, {"detail": _("This diagnosis has not been answered yet.")})
    return Status(200, management_result(target, lang_of(lang)).to_json())


api.add_router("/evidence", evidence.router)
api.add_router("", planning.router)
api.add_router("", security.router)
api.add_router("", drills.router)
