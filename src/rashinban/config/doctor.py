"""`rashinban doctor`: is this installation healthy and, with --deploy, ready for production?"""

from __future__ import annotations

import os
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.db import connection

from rashinban.i18n import _


def run_doctor(deploy: bool, echo: Callable[[str], None]) -> int:
    problems = 0
    messages = checks.run_checks(include_deployment_checks=deploy)
    serious = [m for m in messages if m.level >= checks.WARNING and not m.is_silenced()]
    for message in serious:
        echo(f"! {message}")
    problems += len(serious)
    if not serious:
        echo(_("ok   Django checks") + (" (--deploy)" if deploy else ""))
    vendor = connection.vendor
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        pending = _pending_migrations()
    except Exception as error:  # noqa: BLE001 - report any connection failure
        echo(_("!    database: %(vendor)s unreachable (%(error)s)") % {"vendor": vendor, "error": type(error).__name__})
        problems += 1
    else:
        if pending:
            # Reachable but without its tables, every page would fail: say so before users find out.
            echo(_("!    database: %(vendor)s has %(n)s migrations not applied; run `rashinban migrate`.")
                 % {"vendor": vendor, "n": pending})
            problems += 1
        else:
            echo(_("ok   database: %(vendor)s") % {"vendor": vendor})
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        echo(_("info worker queue: REDIS_URL is set, but this version runs tasks in the web process."))
    else:
        echo(_("ok   worker queue: tasks run in the web process (no REDIS_URL)"))
    backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]
    if backend == "console" and deploy:
        echo(_("!    mail: the console backend only prints mails; set EMAIL_BACKEND and EMAIL_HOST for production."))
        problems += 1
    else:
        echo(_("ok   mail: %(backend)s backend, host %(host)s") % {"backend": backend, "host": settings.EMAIL_HOST})
    if deploy:
        problems += _check_base_url(echo)
    return 1 if problems else 0


def _pending_migrations() -> int:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _check_base_url(echo: Callable[[str], None]) -> int:
    """Invitation and survey mails carry BASE_URL: in production it must be the public https address."""
    host = urlsplit(settings.BASE_URL).hostname or ""
    if not settings.BASE_URL.startswith("https://") or host in {"localhost", "127.0.0.1", "::1"}:
        echo(_("!    links: BASE_URL is %(url)s; set it to the public https address, or links in mails will not "
               "work.") % {"url": settings.BASE_URL})
        return 1
    echo(_("ok   links: %(url)s") % {"url": settings.BASE_URL})
    return 0
