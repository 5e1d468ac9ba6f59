"""Background work of the orgs capability."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy

from rashinban.tasks.api import periodic


@periodic(every=timedelta(days=1), name="orgs.purge_deleted", title=gettext_lazy("Erase deleted companies"))
def purge_deleted() -> None:
    """Erase the companies whose owners deleted them and whose grace period is over (orgs/deletion.py)."""
    from rashinban.orgs.deletion import purge_due

    purge_due()
