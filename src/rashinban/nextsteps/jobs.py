"""The daily job that stores each company's plan as proposed (dates and people), so the plan stays put: a step
planned for a Friday stays due that Friday (and is overdue after it) instead of sliding along with today. The
dates it stores change the plans, so it keeps each company's new plan (kept.py) as it goes."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy

from rashinban.nextsteps.actions import commit_all
from rashinban.nextsteps.gather import plans_for
from rashinban.orgs.models import Organisation
from rashinban.tasks.api import periodic

BATCH = 200  # companies gathered at once (the gathering's query count does not grow with the batch)


@periodic(every=timedelta(days=1), name="nextsteps.commit", title=gettext_lazy("Store the plans of next steps"))
def commit_plans() -> int:
    """Store every company's proposed dates and people, and keep each company's new plan; returns how many steps
    got a stored date."""
    ids = list(
        Organisation.objects.filter(deletion_requested_at__isnull=True).order_by("id").values_list("id", flat=True)
    )
    stored = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        stored += commit_all(list(Organisation.objects.filter(pk__in=batch).order_by("id")))
        # Storing dates raised the versions of the companies that got new ones: their plans are made again (read
        # afresh, so under the new versions), the others' were kept by commit_all's own planning.
        plans_for(list(Organisation.objects.filter(pk__in=batch).order_by("id")))
    return stored
