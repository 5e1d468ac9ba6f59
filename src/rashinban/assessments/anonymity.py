"""What of the anonymous staff survey may reach an owner: aggregates only, released in steps of k responses.

A page that showed the average of all responses after each new one would let an owner compute the newest
person's answers by difference: with n responses averaging A(n), the (n+1)-th answered (n+1)·A(n+1) − n·A(n).
So the aggregate shown anywhere (result page, security summary, report, export, API) is always the aggregate
of the first m responses by arrival, where m is the largest multiple of k = STAFF_MINIMUM not above the number
received. Two views then differ by at least k whole responses, or not at all, and the difference of any
sequence of views is a sum over a group of at least k people: never one person's answers. The argument, and
what it does not cover, is in docs/security.md ("Anonymity of the staff survey").
"""

from __future__ import annotations

from django.db.models import QuerySet

from rashinban.assessments.models import Diagnosis, StaffResponse

STAFF_MINIMUM = 3  # k: the smallest group whose aggregate is shown, and the step in which it grows


def released_count(received: int) -> int:
    """How many of `received` responses the shown aggregate covers: the largest multiple of k, or 0."""
    return received - received % STAFF_MINIMUM


def released_responses(diagnosis: Diagnosis) -> QuerySet[StaffResponse]:
    """The responses the shown aggregate is computed from: the first released_count() by arrival."""
    responses = StaffResponse.objects.filter(diagnosis=diagnosis).order_by("pk")
    return responses[: released_count(responses.count())]
