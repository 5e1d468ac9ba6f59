"""Evidence checks through the API: list the checks, submit input (files as base64), read the findings."""

import base64
import binascii
import enum
from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import StringConstraints

from rashinban.api.auth import require_write
from rashinban.api.common import COMMON, Error, Pages, own, problem
from rashinban.api.enums import FieldKind, Severity
from rashinban.api.routers.evidence_schemas import CheckResultOut, FindingOut
from rashinban.evidence import registry
from rashinban.evidence.actions import run_check
from rashinban.evidence.models import CheckRun

router = Router(tags=["evidence"])
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_BASE64_CHARS = (MAX_FILE_BYTES + 2) // 3 * 4
MAX_FILES = 20
Name = Annotated[str, StringConstraints(max_length=100)]
Value = Annotated[str, StringConstraints(max_length=1000)] | int | float


def _api_checks() -> list[registry.Check]:
    """Checks whose input may be stored in the history (not the password strength check)."""
    return [c for c in registry.all_checks() if c.record]


CheckName = enum.StrEnum(  # type: ignore[misc]
    "CheckName", [(c.name.upper().replace("-", "_"), c.name) for c in _api_checks()], module=__name__
)
CheckName.__doc__ = "An evidence check the API runs."


class FieldOut(Schema):
    name: str
    kind: FieldKind  # type: ignore[valid-type]
    required: bool
    label: str
    help: str


class CheckOut(Schema):
    name: CheckName  # type: ignore[valid-type]
    title: str
    fields: list[FieldOut]


class FileIn(Schema):
    field: Name = Field(description="The input field the file is for (see the check's fields).")
    name: Name = Field(description="The file name, for messages and to tell the format (.csv, .xlsx, ...).")
    content_base64: str = Field(max_length=MAX_BASE64_CHARS, description="The file, base64-encoded, 20 MB at most.")


class RunIn(Schema):
    values: dict[Name, Value] = Field(
        default_factory=dict, max_length=20, description='Values by field name, e.g. {"domain": "example.co.jp"}.'
    )
    files: list[FileIn] = Field(default_factory=list, max_length=MAX_FILES)


class RunOut(Schema):
    id: int
    check: CheckName  # type: ignore[valid-type]
    subject: str
    created_at: datetime
    worst: Severity | None = Field(description="The worst finding's severity; null without findings.")  # type: ignore[valid-type]
    failed: bool = Field(description="Any finding medium or worse.")
    findings: list[FindingOut] = Field(description="Worst first.")
    result: CheckResultOut = Field(description="The check's own figures, told apart by `check`.")

    @staticmethod
    def resolve_check(obj: CheckRun) -> str:
        return obj.check_name

    @staticmethod
    def resolve_worst(obj: CheckRun) -> str | None:
        return obj.worst or None

    @staticmethod
    def resolve_findings(obj: CheckRun) -> list[dict[str, Any]]:
        return obj.result.get("findings", [])


def _text(value: str | int | float) -> str:
    """A value as the check's parser reads it (the web form's text)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@router.get("/checks", response={200: list[CheckOut], **COMMON}, url_name="evidence_checks")
@paginate(Pages)
def checks(request: HttpRequest) -> Any:
    """The checks the API runs, with the input fields each one takes."""
    return [
        {
            "name": c.name,
            "title": _(c.title),
            "fields": [
                {"name": f.name, "kind": f.kind, "required": f.required, "label": _(f.label),
                 "help": _(f.help) if f.help else ""}
                for f in c.fields
            ],
        }
        for c in _api_checks()
    ]  # fmt: skip


@router.post(
    "/checks/{name}/runs",
    response={201: RunOut, 403: Error, 404: Error, **COMMON},
    url_name="evidence_run_create",
)
def run_create(request: HttpRequest, name: CheckName, payload: RunIn) -> Any:  # type: ignore[valid-type]
    """Run a check (write scope) on uploaded files (base64) and values; the run is kept in the history."""
    require_write(request)
    check = next(c for c in _api_checks() if c.name == name.value)
    inputs = registry.CheckInput(values={key: _text(value) for key, value in payload.values.items()})
    for upload in payload.files:
        try:
            data = base64.b64decode(upload.content_base64, validate=True)
        except (binascii.Error, ValueError):
            return problem(422, _("%(file)s: content_base64 is not base64.") % {"file": upload.name})
        if len(data) > MAX_FILE_BYTES:
            return problem(422, _("%(file)s is larger than 20 MB.") % {"file": upload.name})
        inputs.files.setdefault(upload.field, []).append(registry.Upload(upload.name, data))
    try:
        _result, run = run_check(request.org, check, inputs, by=request.auth.created_by, source="api")  # type: ignore[attr-defined]
    except registry.InputError as error:
        return problem(422, str(error))
    return Status(201, run)


@router.get("/runs", response={200: list[RunOut], **COMMON}, url_name="evidence_runs")
@paginate(Pages)
def runs(request: HttpRequest, check: CheckName | None = None) -> Any:  # type: ignore[valid-type]
    """The history of check runs, newest first; `?check=accounts` for one check."""
    rows = CheckRun.objects.filter(organisation=request.org).order_by("-created_at", "-id")  # type: ignore[attr-defined]
    return rows.filter(check_name=check.value) if check else rows


@router.get("/runs/{run_id}", response={200: RunOut, 404: Error, **COMMON}, url_name="evidence_run")
def run_detail(request: HttpRequest, run_id: int) -> Any:
    """One run with its findings (worst first) and the check's own figures in `result`."""
    return own(request, CheckRun.objects.all(), pk=run_id)
