"""`rashinban doctor`: is this installation healthy and, with --deploy, ready for production?"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.db import connection

from rashinban.i18n import _


def run_doctor(deploy: bool, echo: Callable[[str], None], today: date | None = None) -> int:
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
            echo(
                _("!    database: %(vendor)s has %(n)s migrations not applied; run `rashinban migrate`.")
                % {"vendor": vendor, "n": pending}
            )
            problems += 1
        else:
            echo(_("ok   database: %(vendor)s") % {"vendor": vendor})
    problems += _check_queue(echo)
    backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]
    if backend == "console" and deploy:
        echo(_("!    mail: the console backend only prints mails; set EMAIL_BACKEND and EMAIL_HOST for production."))
        problems += 1
    else:
        echo(_("ok   mail: %(backend)s backend, host %(host)s") % {"backend": backend, "host": settings.EMAIL_HOST})
    problems += _check_pdf_font(echo)
    if deploy:
        problems += _check_base_url(echo)
    _warn_stale_facts(echo, today or date.today())
    return 1 if problems else 0


def _check_pdf_font(echo: Callable[[str], None]) -> int:
    """Every PDF embeds IPAex Gothic from the matplotlib-fontja package: without it no PDF can be written."""
    from rashinban.reports.fonts import FontMissing, font_path

    try:
        path = font_path()
    except FontMissing as error:
        echo(f"!    PDF: {error}")
        return 1
    echo(_("ok   PDF font: %(path)s (embedded in every PDF)") % {"path": path})
    return 0


def _warn_stale_facts(echo: Callable[[str], None], today: date) -> None:
    """Facts past their review-by date are a warning, never a failure: time passing must not break anything."""
    from rashinban.facts import stale_facts

    stale = stale_facts(today)
    if not stale:
        echo(_("ok   facts: every fact is within its review-by date"))
        return
    echo(
        _("warn facts: %(n)s past their review-by date; check them against their source (docs/facts.md): %(ids)s")
        % {"n": len(stale), "ids": ", ".join(f.id for f in stale)}
    )


def _check_queue(echo: Callable[[str], None]) -> int:
    """Backend, reachable, queued and failed jobs, last heartbeat; work piling up with no worker is a problem."""
    from django.utils import timezone

    from rashinban.tasks.status import queue_status

    try:
        status = queue_status()
    except Exception as error:  # noqa: BLE001 - without the tables the database line has said why
        echo(_("!    worker queue: cannot read the jobs (%(error)s)") % {"error": type(error).__name__})
        return 1
    backend = _("Redis (Dramatiq)") if status.backend == "redis" else _("database table")
    if status.error:
        echo(_("!    worker queue: %(backend)s unreachable (%(error)s)") % {"backend": backend, "error": status.error})
        return 1
    if status.last_heartbeat is None:
        seen = _("no worker has run yet")
    else:
        seconds = int((timezone.now() - status.last_heartbeat).total_seconds())
        seen = _("last worker heartbeat %(seconds)s s ago") % {"seconds": seconds}
    counts = _("%(queued)s queued, %(failed)s failed") % {"queued": status.queued, "failed": status.failed}
    stale = status.last_heartbeat is None or status.last_heartbeat < timezone.now() - timedelta(minutes=2)
    if status.queued and stale:
        echo(
            _("!    worker queue: %(backend)s, %(counts)s, %(seen)s; start one with `rashinban worker`.")
            % {"backend": backend, "counts": counts, "seen": seen}
        )
        return 1
    echo(
        _("ok   worker queue: %(backend)s, %(counts)s, %(seen)s") % {"backend": backend, "counts": counts, "seen": seen}
    )
    return 0


def _pending_migrations() -> int:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _check_base_url(echo: Callable[[str], None]) -> int:
    """Invitation and survey mails carry BASE_URL: in production it must be the public https address."""
    host = urlsplit(settings.BASE_URL).hostname or ""
    if not settings.BASE_URL.startswith("https://") or host in {"localhost", "127.0.0.1", "::1"}:
        echo(
            _("!    links: BASE_URL is %(url)s; set it to the public https address, or links in mails will not work.")
            % {"url": settings.BASE_URL}
        )
        return 1
    echo(_("ok   links: %(url)s") % {"url": settings.BASE_URL})
    return 0
