"""An owner deletes the company: a grace period, then every row and file of it is erased.

During the grace period (GRACE, 14 days) any owner can take the request back; the dashboard says when the
company goes. Then the daily task `orgs.purge_deleted` erases it: files under MEDIA_ROOT/orgs/<id>/, its
queued and finished jobs, and every row that belongs to it, by deleting the organisation (every company
table references it with ON DELETE CASCADE, directly or through a row that does; a test walks them all and
proves nothing remains). Cached pages are keyed by the company and its data version and expire within
5 minutes; from the purge on, every request for the company is a 404 before any cache is read. People's
accounts stay: they are people, not the company's data (they may serve other companies).
Backups taken before the purge still hold the company until they age out (docs/backup.md).
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rashinban.orgs.models import Organisation, User
from rashinban.orgs.versions import bump

GRACE = timedelta(days=14)


def request_deletion(organisation: Organisation, by: User) -> None:
    Organisation.objects.filter(pk=organisation.pk, deletion_requested_at__isnull=True).update(
        deletion_requested_at=timezone.now()
    )
    bump(organisation.pk)


def cancel_deletion(organisation: Organisation) -> None:
    Organisation.objects.filter(pk=organisation.pk).update(deletion_requested_at=None)
    bump(organisation.pk)


def purge_at(organisation: Organisation) -> object:
    """When the company will be erased, or None when no deletion is asked for."""
    requested = organisation.deletion_requested_at
    return requested + GRACE if requested else None


def company_files(organisation_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "orgs" / str(organisation_id)


@transaction.atomic
def purge(organisation: Organisation) -> None:
    """Erase the company now: its jobs, its rows (cascading from the organisation) and then its files."""
    from rashinban.tasks.models import Job

    organisation_id = organisation.pk
    Job.objects.filter(organisation_id=organisation_id).delete()
    Organisation.objects.filter(pk=organisation_id).delete()
    transaction.on_commit(lambda: shutil.rmtree(company_files(organisation_id), ignore_errors=True))


def purge_due(now: object = None) -> int:
    """Erase every company whose grace period is over; returns how many."""
    moment = now or timezone.now()
    due = list(Organisation.objects.filter(deletion_requested_at__lte=moment - GRACE))  # type: ignore[operator]
    for organisation in due:
        purge(organisation)
    return len(due)
