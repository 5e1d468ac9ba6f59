"""Connected sources: every change to a company's Microsoft 365 or Google Workspace connection, and storing what a
collection found as that company's evidence (the web page, the worker and `rashinban collect --org` call these)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rashinban import crypto
from rashinban.evidence import actions
from rashinban.evidence.models import CheckRun, RunSource, Service, SourceConnection
from rashinban.evidence.registry import get_check
from rashinban.evidence.sources import google_workspace, microsoft365
from rashinban.evidence.sources.collected import Collected
from rashinban.evidence.sources.http import SourceError
from rashinban.evidence.sources.results import SERVICE_TITLES, accounts_result, devices_result
from rashinban.evidence.text import _
from rashinban.orgs.models import Organisation, User


def connect(
    organisation: Organisation,
    service: str,
    *,
    tenant: str,
    secret: str,
    client_id: str = "",
    admin_email: str = "",
    by: User | None = None,
) -> SourceConnection:
    """Keep (or replace) the company's connection to a service; the secret only encrypted."""
    connection, _created = SourceConnection.objects.update_or_create(
        organisation=organisation,
        service=service,
        defaults={
            "tenant": tenant,
            "client_id": client_id,
            "admin_email": admin_email,
            "secret": crypto.encrypt(secret, crypto.EVIDENCE_SOURCE_SECRET),
            "created_by": by,
            "created_at": timezone.now(),
            "last_error": "",
            "last_error_at": None,
        },
    )
    return connection


def disconnect(connection: SourceConnection) -> None:
    """Forget the connection and its secret; the runs it collected stay in the history."""
    connection.delete()


def collect_options() -> dict[str, Any]:
    """Retry pacing of the HTTP client (tests shorten the back-off; production keeps the defaults)."""
    options: dict[str, Any] = {}
    backoff = getattr(settings, "EVIDENCE_COLLECT_BACKOFF", None)
    if backoff is not None:
        options["backoff"] = float(backoff)
    return options


def _secret(connection: SourceConnection) -> str:
    secret = crypto.decrypt(connection.secret, crypto.EVIDENCE_SOURCE_SECRET)
    if not secret:
        raise SourceError(
            _("the stored secret cannot be read with this installation's key: connect the service again"),
            kind="auth",
        )
    return secret


def collect_from(connection: SourceConnection) -> Collected:
    """Read the service now with the stored credentials (the service addresses come from settings, never a form)."""
    secret = _secret(connection)
    if connection.service == Service.MICROSOFT365:
        config = microsoft365.Microsoft365Config(
            tenant_id=connection.tenant,
            client_id=connection.client_id,
            client_secret=secret,
            graph_url=settings.EVIDENCE_GRAPH_URL,
            login_url=settings.EVIDENCE_MS_LOGIN_URL,
        )
        return microsoft365.collect(config, **collect_options())
    try:
        account = google_workspace.read_credentials(secret.encode())
    except google_workspace.CredentialsError as error:
        raise SourceError(str(error), kind="auth") from None
    check_token_uri(account.token_uri)
    google = google_workspace.GoogleConfig(
        account, connection.admin_email, customer=connection.tenant, api_url=settings.EVIDENCE_GOOGLE_API_URL
    )
    return google_workspace.collect(google, **collect_options())


def check_token_uri(token_uri: str) -> None:
    """A key file uploaded on the web may only send its signed request to Google's own token service: anything else
    would let a form make the server call an address of the uploader's choosing."""
    if token_uri not in settings.EVIDENCE_GOOGLE_TOKEN_URIS:
        raise SourceError(
            _("the key file names a token address that is not Google's (%(uri)s)") % {"uri": token_uri[:100]},
            kind="auth",
        )


def record_collection(
    organisation: Organisation,
    collected: Collected,
    *,
    today: date | None = None,
    by: User | None = None,
    source: str = RunSource.SCHEDULE,
) -> list[CheckRun]:
    """Store what a collection found as the company's evidence, as an upload of the same data would be."""
    today = today or timezone.localdate()
    label = f"{_(SERVICE_TITLES[collected.service])}: {collected.tenant}"
    results = [("accounts", accounts_result(collected, today=today))]
    devices = devices_result(collected, today=today)
    if devices is not None:
        results.append(("devices", devices))
    runs = []
    with transaction.atomic():
        for check_name, result in results:
            check = get_check(check_name)
            assert check is not None
            runs.append(actions.record_run(organisation, check, result, by=by, source=source, input_name=label))
    return runs


def collect_connection(
    connection: SourceConnection, *, by: User | None = None, source: str = RunSource.SCHEDULE
) -> list[CheckRun]:
    """Collect now and store the runs; a failure is kept on the connection (shown on its page) and raised."""
    try:
        collected = collect_from(connection)
    except SourceError as error:
        SourceConnection.objects.filter(pk=connection.pk).update(
            last_error=error.message[:500], last_error_at=timezone.now()
        )
        raise
    runs = record_collection(connection.organisation, collected, by=by, source=source)
    SourceConnection.objects.filter(pk=connection.pk).update(
        last_collected_at=timezone.now(), last_error="", last_error_at=None
    )
    return runs
