"""Bearer-token authentication and a per-token rate limit for the API."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer

from rashinban.api.models import ApiToken, Scope

# last_used_at is written at most this often per token, so that a busy client does not write on every request.
LAST_USED_RESOLUTION_SECONDS = 60


def now_seconds() -> float:
    return time.time()


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after


class TokenAuth(HttpBearer):
    """`Authorization: Bearer rbk_...`; the token decides the organisation, so no URL names one."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = ApiToken.find(token)
        if api_token is None:
            return None
        check_rate(api_token)
        now = timezone.now()
        if (
            api_token.last_used_at is None
            or (now - api_token.last_used_at).total_seconds() > LAST_USED_RESOLUTION_SECONDS
        ):
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.org = api_token.organisation  # type: ignore[attr-defined]
        return api_token


def check_rate(api_token: ApiToken) -> None:
    """A fixed one-minute window per token, counted in the cache (Redis when configured, else per process)."""
    limit = settings.API_RATE_LIMIT_PER_MINUTE
    now = now_seconds()
    window = int(now // 60)
    key = f"api-rate:{api_token.token_hash[:20]}:{window}"  # not the id: ids come back after a delete
    cache.add(key, 0, timeout=70)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=70)
        count = 1
    if count > limit:
        raise RateLimited(retry_after=60 - int(now % 60))


def require_write(request: HttpRequest) -> None:
    token: Any = request.auth  # type: ignore[attr-defined]
    if token.scope != Scope.WRITE:
        raise HttpError(403, _("This token may only read; create a token with the write scope."))
