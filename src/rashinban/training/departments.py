"""People's departments (部署) come from the landscape capability; this is the only place that reads them."""

from __future__ import annotations

from rashinban.orgs.models import Organisation
from rashinban.orgs.tenancy import scoped


def departments_of(organisation: Organisation) -> dict[int, str]:
    """user id -> department name, for the people whose department is recorded."""
    from rashinban.landscape.models import MemberProfile

    rows = scoped(MemberProfile.objects.all(), organisation).values_list("user_id", "department")
    return {user_id: department for user_id, department in rows}


def department_names(organisation: Organisation) -> list[str]:
    return sorted(set(departments_of(organisation).values()))
