"""Evidence checks through the API: list the checks, submit input (files as base64), read the findings."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from rashinban.api.auth import require_write
from rashinban.api.common import COMMON, Error, Pages, own
from rashinban.evidence import registry
from rashinban.evidence.actions import run_check
from rashinban.evidence.models import CheckRun

router = Router(tags=["evidence"])
MAX_FILE_BYTES = 20 * 1024 * 1024


class FieldOut(Schema):
    name: str
    kind: str
    required: bool


class CheckOut(Schema):
    name: str
    title: str
    fields: list[FieldOut]


class FileIn(Schema):
    field: str
    name: str
    content_base64: str


class RunIn(Schema):
    values: dict[str, str] = {}
    files: list[FileIn] = []


class RunOut(Schema):
    id: int
    check: str
    subject: str
    created_at: datetime
    worst: str
    failed: bool
    # Each finding: id, severity (info … critical), title, detail, count, plus the check's own lists
    # such as "accounts" or "devices" (see `rashinban check ... --json`).
    findings: list[dict[str, Any]]
    result: dict[str, Any]

    @staticmethod
    def resolve_check(obj: CheckRun) -> str:
        return obj.check_name

    @staticmethod
    def resolve_findings(obj: CheckRun) -> list[dict[str, Any]]:
        return obj.result.get("findings", [])


def _api_checks() -> list[registry.Check]:
    """Checks whose input may be stored in the history (not the password strength check)."""
    return [c for c in registry.all_checks() if c.record]


@router.get("/checks", response={200: list[CheckOut], **COMMON}, url_name="evidence_checks")
def checks(request: HttpRequest) -> Any:
    """The checks the API runs, with the input fields each one takes."""
    return [
        {
            "name": c.name,
            "title": _(c.title),
            "fields": [{"name": f.name, "kind": f.kind, "required": f.required} for f in c.fields],
        }
        for c in _api_checks()
    ]


@router.post(
    "/checks/{name}/runs",
    response={201: RunOut, 403: Error, 404: Error, **COMMON},
    url_name="evidence_run_create",
)
def run_create(request: HttpRequest, name: str, payload: RunIn) -> Any:
    """Run a check (write scope) on uploaded files (base64) and values; the run is kept in the history."""
    require_write(request)
    check = next((c for c in _api_checks() if c.name == name), None)
    if check is None:
        return Status(404, {"detail": _("There is no check named “%(name)s”.") % {"name": name}})
    inputs = registry.CheckInput(values=dict(payload.values))
    for upload in payload.files:
        try:
            data = base64.b64decode(upload.content_base64, validate=True)
        except (binascii.Error, ValueError):
            return Status(422, {"detail": _("%(file)s: content_base64 is not base64.") % {"file": upload.name}})
        if len(data) > MAX_FILE_BYTES:
            return Status(422, {"detail": _("%(file)s is larger than 20 MB.") % {"file": upload.name}})
        inputs.files.setdefault(upload.field, []).append(registry.Upload(upload.name, data))
    try:
        _result, run = run_check(request.org, check, inputs, by=request.auth.created_by, source="api")  # type: ignore[attr-defined]
    except registry.InputError as error:
        return Status(422, {"detail": str(error)})
    return Status(201, run)


@router.get("/runs", response={200: list[RunOut], **COMMON}, url_name="evidence_runs")
@paginate(Pages)
def runs(request: HttpRequest, check: str = "") -> Any:
    """The history of check runs, newest first; `?check=accounts` for one check."""
    rows = CheckRun.objects.filter(organisation=request.org).order_by("-created_at", "-id")  # type: ignore[attr-defined]
    return rows.filter(check_name=check) if check else rows


@router.get("/runs/{run_id}", response={200: RunOut, 404: Error, **COMMON}, url_name="evidence_run")
def run_detail(request: HttpRequest, run_id: int) -> Any:
    """One run with its findings (worst first) and the check's own figures in `result`."""
    return own(request, CheckRun.objects.all(), pk=run_id)
