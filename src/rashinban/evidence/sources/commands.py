"""`rashinban collect microsoft365|google-workspace`: the accounts evidence read from the service itself.

The output keeps the contract of `rashinban check accounts` (one JSON object with the same keys and finding ids plus
`"source"`; exit 0, 1, or 2 with a message on stderr). Secrets are read from files, never from the command line.
With `--org` the collection is stored as that company's evidence, as an upload would be.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import click

from rashinban.evidence.accounts import DEFAULT_STALE_DAYS
from rashinban.evidence.registry import get_check
from rashinban.evidence.runner import emit_result, fail, today_option
from rashinban.evidence.sources import google_workspace, microsoft365
from rashinban.evidence.sources.collected import Collected
from rashinban.evidence.sources.http import SourceError
from rashinban.evidence.sources.results import accounts_result, devices_result
from rashinban.evidence.text import _
from rashinban.i18n import _ as gettext  # named so that makemessages finds the help texts

MAX_SECRET_BYTES = 64 * 1024


@click.group("collect", help=gettext("Collect evidence from Microsoft 365 or Google Workspace (see docs/evidence.md)."))
def collect_group() -> None:
    pass


def read_secret(path: Path, what: str) -> bytes:
    """A secret file ('-' = standard input); its name appears in messages, its content never."""
    try:
        data = sys.stdin.buffer.read(MAX_SECRET_BYTES + 1) if str(path) == "-" else path.read_bytes()
    except OSError as error:
        fail(f"{path}: {_('cannot read the file: %(problem)s') % {'problem': error.strerror or error}}")
    if len(data) > MAX_SECRET_BYTES:
        fail(f"{path}: {_('the file is too large for %(what)s') % {'what': what}}")
    if not data.strip():
        fail(f"{path}: {_('the file is empty')}")
    return data


def common_options(command: Callable) -> Callable:
    command = click.option("--json", "as_json", is_flag=True, help=gettext("Print JSON instead of text."))(command)
    command = today_option(command)
    command = click.option(
        "--stale-days",
        type=click.IntRange(1, 3650),
        default=DEFAULT_STALE_DAYS,
        show_default=True,
        help=gettext("An account unused for longer than this is stale."),
    )(command)
    return click.option(
        "--org",
        "slug",
        default=None,
        help=gettext("Store the result as this company's evidence (its short name, its id or its exact name)."),
    )(command)


def finish(
    collected: Collected, *, slug: str | None, today: datetime | None, stale_days: int, show: str, as_json: bool
):
    day: date = today.date() if today else date.today()
    result = accounts_result(collected, today=day, stale_days=stale_days)
    devices = devices_result(collected, today=day)
    if slug:
        _store(slug, collected, day)
    if show == "devices":
        if devices is None:
            fail(_("no devices were collected: %(reason)s") % {"reason": collected.reasons.get("devices", "-")})
        result = devices
    check = get_check(result.check)
    assert check is not None
    emit_result(check, result, as_json)


def _store(slug: str, collected: Collected, day: date) -> None:
    from rashinban.cli import setup_django_in_cli_language

    setup_django_in_cli_language()
    from rashinban.evidence.connections import record_collection
    from rashinban.evidence.models import RunSource
    from rashinban.orgs.lookup import OrganisationNotFound, organisation_for

    try:
        organisation = organisation_for(slug)
    except OrganisationNotFound as problem:
        fail(problem.message)
        raise  # unreachable: fail exits
    record_collection(organisation, collected, today=day, source=RunSource.CLI)


def collect_or_fail(run: Callable[[], Collected]) -> Collected:
    try:
        return run()
    except SourceError as error:
        fail(error.message)
        raise  # unreachable: fail exits


@collect_group.command(
    "microsoft365", help=gettext("Read users, admin roles, MFA and Intune devices through Microsoft Graph.")
)
@click.option("--tenant-id", required=True, help=gettext("The directory (tenant) ID of your Microsoft 365."))
@click.option("--client-id", required=True, help=gettext("The application (client) ID of the app registration."))
@click.option(
    "--client-secret-file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
    help=gettext("File holding the client secret ('-' reads standard input); never give the secret itself."),
)
@click.option(
    "--graph-url", default=microsoft365.GRAPH_URL, show_default=True, help=gettext("Microsoft Graph address.")
)
@click.option(
    "--login-url", default=microsoft365.LOGIN_URL, show_default=True, help=gettext("Microsoft sign-in address.")
)
@click.option(
    "--show",
    type=click.Choice(["accounts", "devices"]),
    default="accounts",
    show_default=True,
    help=gettext("Which result to print: the accounts, or the Intune devices."),
)
@common_options
def microsoft365_command(
    tenant_id: str, client_id: str, client_secret_file: Path, graph_url: str, login_url: str, show: str,
    slug: str | None, stale_days: int, today: datetime | None, as_json: bool,
) -> None:  # fmt: skip
    secret = read_secret(client_secret_file, _("a client secret")).decode("utf-8", "replace").strip()
    config = microsoft365.Microsoft365Config(tenant_id, client_id, secret, graph_url=graph_url, login_url=login_url)
    collected = collect_or_fail(lambda: microsoft365.collect(config))
    finish(collected, slug=slug, today=today, stale_days=stale_days, show=show, as_json=as_json)


@collect_group.command(
    "google-workspace", help=gettext("Read users, admins, 2-Step Verification and last logins through the Admin SDK.")
)
@click.option(
    "--credentials",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
    help=gettext("The service account's key file (JSON)."),
)
@click.option("--admin-email", required=True, help=gettext("An administrator the service account acts for."))
@click.option("--customer", default="my_customer", show_default=True, help=gettext("Customer ID of the Workspace."))
@click.option("--api-url", default=google_workspace.API_URL, show_default=True, help=gettext("Admin SDK address."))
@common_options
def google_workspace_command(
    credentials: Path, admin_email: str, customer: str, api_url: str,
    slug: str | None, stale_days: int, today: datetime | None, as_json: bool,
) -> None:  # fmt: skip
    try:
        account = google_workspace.read_credentials(read_secret(credentials, _("a service account key")))
    except google_workspace.CredentialsError as error:
        fail(f"{credentials}: {error}")
    config = google_workspace.GoogleConfig(account, admin_email, customer=customer, api_url=api_url)
    collected = collect_or_fail(lambda: google_workspace.collect(config))
    finish(collected, slug=slug, today=today, stale_days=stale_days, show="accounts", as_json=as_json)


def register(group: click.Group) -> None:
    group.add_command(collect_group)
