"""A version number per organisation, raised whenever any of its rows changes, so that a page cached under
(organisation, version, ...) is never served after the company's data changed.

Every model with an `organisation` foreign key raises it on save and delete (signals, connected in
OrgsConfig.ready), unless it declares `raises_org_version = False`; a person's save raises the version of each of
their companies (their name shows there and the plan gives them steps); code that changes such rows with
QuerySet.update() calls `bump()` itself (the task runner does, for failed jobs shown on the dashboard; so do the
drill's status changes and the plan's own date moves). Cached pages also expire after `PAGE_CACHE_SECONDS`, and
the kept plan of next steps (nextsteps/kept.py) is read for at most an hour: that bounds what a forgotten path
could leave stale (tests/nextsteps/test_plan_cache.py).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

PAGE_CACHE_SECONDS = 300


def bump(organisation_id: int | None) -> None:
    if organisation_id is None:
        return
    from rashinban.orgs.models import Organisation

    Organisation.objects.filter(pk=organisation_id).update(data_version=F("data_version") + 1)


# A person's saves that change nothing a company's pages show (each sign-in writes `last_login`).
UNSHOWN_USER_FIELDS = frozenset({"last_login", "password"})


def bump_for_user(user_id: int) -> None:
    """Raise the version of every company the person belongs to: their name and whether they can still sign in
    show on its pages and decide who the plan gives steps to."""
    from rashinban.orgs.models import Membership, Organisation

    companies = Membership.objects.filter(user_id=user_id).values("organisation_id")
    Organisation.objects.filter(pk__in=companies).update(data_version=F("data_version") + 1)


def on_change(sender: type, instance: Any, **kwargs: Any) -> None:
    from rashinban.orgs.models import Organisation, User

    if kwargs.get("raw") or not getattr(sender, "raises_org_version", True):
        # Loading fixtures or a restore (nothing is cached yet), or an append-only log no cached page shows
        # (drill events, the advisor audit log, the task queue): one UPDATE per row would only slow them down.
        return
    if isinstance(instance, User):
        fields = kwargs.get("update_fields")
        if instance.pk is not None and not (fields and set(fields) <= UNSHOWN_USER_FIELDS):
            bump_for_user(instance.pk)
        return
    if isinstance(instance, Organisation):
        # The profile itself changed (name, time zone, ...): raise the version without saving the row again.
        bump(instance.pk)
        return
    organisation_id = getattr(instance, "organisation_id", None)
    if organisation_id is not None:
        bump(organisation_id)


def page_key(request: HttpRequest, page: str) -> str | None:
    """Cache key of a signed-in company page for this session, or None when it must not come from a cache."""
    org = getattr(request, "org", None)
    session_key = request.session.session_key
    if org is None or not session_key or request.method != "GET" or _messages_pending(request):
        return None
    # One entry per session (the page carries its CSRF token), never the session key itself.
    session = hashlib.sha256(session_key.encode()).hexdigest()[:24]
    day = timezone.localdate().isoformat()  # "overdue" and "due this week" change at midnight
    return f"page:{page}:{org.pk}:{org.data_version}:{session}:{request.LANGUAGE_CODE}:{day}"  # type: ignore[attr-defined]


def _messages_pending(request: HttpRequest) -> bool:
    """A message waits to be shown (cookie or session storage): the page must be rendered to show it."""
    return "messages" in request.COOKIES or "_messages" in request.session


def cached_page(request: HttpRequest, page: str, render: Any) -> HttpResponse:
    """The page from the cache when this session saw it at the current version today, else render and keep it."""
    key = page_key(request, page)
    if key is not None:
        body = caches[settings.CACHE_PAGES].get(key)
        if body is not None:
            return HttpResponse(body)
    response = render()
    if key is not None and response.status_code == 200 and not response.streaming:
        caches[settings.CACHE_PAGES].set(key, response.content, PAGE_CACHE_SECONDS)
    return response
