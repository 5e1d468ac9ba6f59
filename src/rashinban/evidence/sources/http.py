"""One careful HTTP client for the cloud collectors (httpx): bearer tokens, paging, throttling, bounded answers.

- A token is fetched by the collector's `fetch_token` and renewed before it expires, or once when the service
  answers 401 (a token revoked or expired early).
- 429, a 403 that says "rate limit" and transient 5xx or network errors are tried again: after `Retry-After` when
  the service sends it (seconds or an HTTP date, capped at `max_wait`), else with exponential back-off and jitter.
  A page is only handed on once it was read whole, so nothing is lost or counted twice across retries.
- Every answer is read up to `MAX_RESPONSE_BYTES` and parsed by `load_json` through `rashinban.limits`, the bounded
  reader every upload goes through.
- Secrets (client secret, private key, tokens) never appear in an error message: messages carry the service's
  error code and its short message, nothing of the request.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from rashinban import limits
from rashinban.evidence.text import _

MAX_RESPONSE_BYTES = 32 * 1024 * 1024  # a Graph page of 999 users with sign-in activity is about 1 MB
# What one answer may hold: a Graph page of 999 users with sign-in activity is about 1 MB and 15,000 values.
SERVICE_ANSWER = limits.DEFAULT.but(max_bytes=MAX_RESPONSE_BYTES, max_items=2_000_000, max_depth=32)
MAX_PAGES = 100_000  # 50 million users at Google's 500 a page: only a looping service gets there
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Google answers 403 with these reasons when a quota per user or per minute is exhausted; they pass.
RATE_LIMIT_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded", "RESOURCE_EXHAUSTED"})


class SourceError(Exception):
    """The service refused or failed: a translated message for the owner, and a kind for the code."""

    def __init__(self, message: str, *, kind: str = "response", status: int = 0, code: str = "") -> None:
        super().__init__(message)
        self.message, self.kind, self.status, self.code = message, kind, status, code


@dataclass
class Token:
    value: str
    expires_at: float  # on the client's clock


@dataclass
class Stats:
    """What a collection cost: shown in `"source"` and by the benchmark."""

    requests: int = 0
    pages: int = 0
    retries: int = 0
    throttled: int = 0
    token_renewals: int = 0
    waited_seconds: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {**self.__dict__, "waited_seconds": round(self.waited_seconds, 3)}


def load_json(data: bytes, what: str) -> dict[str, Any]:
    """A service's JSON answer as a dict, read by the bounded reader every upload goes through (size, values,
    nesting depth, string length checked before or while parsing)."""
    try:
        value = limits.load_json(data, what, SERVICE_ANSWER)
    except limits.LimitError as error:
        raise SourceError(str(error)) from None
    except ValueError as error:
        raise SourceError(_("%(what)s did not answer JSON: %(problem)s") % {"what": what, "problem": error}) from None
    if not isinstance(value, dict):
        raise SourceError(_("%(what)s answered JSON that is not an object") % {"what": what})
    return value


def retry_after(response: httpx.Response, now: float | None = None) -> float | None:
    """Seconds the service asks us to wait (`Retry-After: 120` or an HTTP date), or None."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def error_code(body: dict[str, Any]) -> tuple[str, str]:
    """(code, message) of a Graph, Google or OAuth error body."""
    error = body.get("error")
    if isinstance(error, dict):
        reasons = [e.get("reason", "") for e in error.get("errors", []) if isinstance(e, dict)]
        code = str(error.get("code", ""))
        code = next((r for r in reasons if r), "") or str(error.get("status") or code)
        return code, str(error.get("message", ""))[:300]
    if isinstance(error, str):  # OAuth token endpoint: {"error": "invalid_client", "error_description": ...}
        return error, str(body.get("error_description", ""))[:300]
    return "", ""


@dataclass
class ApiClient:
    """GET JSON from one service with a bearer token; `fetch_token(http)` returns a fresh `Token`."""

    name: str  # "Microsoft Graph", "Google Admin SDK": for messages
    fetch_token: Callable[[ApiClient], Token]
    max_attempts: int = 8
    backoff: float = 0.5  # seconds before the first retry without Retry-After; doubles each time
    max_wait: float = 60.0
    timeout: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    stats: Stats = field(default_factory=Stats)
    _token: Token | None = None
    _http: httpx.Client | None = None

    def __enter__(self) -> ApiClient:
        self._http = httpx.Client(timeout=self.timeout, follow_redirects=False, headers={"Accept": "application/json"})
        return self

    def __exit__(self, *exc: object) -> None:
        if self._http is not None:
            self._http.close()

    # ------------------------------------------------------------------ requests

    def get(self, url: str, params: dict[str, str] | None = None) -> dict[str, Any]:
        """One authenticated GET, retried as the module says; raises SourceError."""
        return self.request("GET", url, params=params, authenticated=True)

    def post_form(self, url: str, data: dict[str, str], what: str) -> dict[str, Any]:
        """A token request (no bearer); its errors name `what` and the OAuth error code only."""
        return self.request("POST", url, data=data, authenticated=False, what=what)

    def request(self, method: str, url: str, *, authenticated: bool, what: str = "", **kwargs: Any) -> dict[str, Any]:
        assert self._http is not None, "use ApiClient as a context manager"
        what = what or self.name
        attempt, renewed = 0, False
        while True:
            attempt += 1
            headers = {"Authorization": f"Bearer {self.token().value}"} if authenticated else {}
            self.stats.requests += 1
            try:
                status, response, body = self._send(method, url, headers, what, **kwargs)
            except httpx.TransportError as error:
                if attempt >= self.max_attempts:
                    raise SourceError(
                        _("%(what)s could not be reached: %(problem)s")
                        % {"what": what, "problem": type(error).__name__},
                        kind="unavailable",
                    ) from None
                self._wait(None, attempt)
                continue
            if status == 401 and authenticated and not renewed:
                self._token, renewed = None, True  # expired or revoked early: one new token, then the same request
                continue
            renewed = renewed and status == 401  # a token that worked may expire during later retries too
            if self._retryable(status, body):
                if attempt >= self.max_attempts:
                    raise self._error(status, body, what)
                self.stats.throttled += status in (403, 429)
                self._wait(retry_after(response), attempt)
                continue
            if status >= 400:
                raise self._error(status, body, what)
            return body

    def _send(
        self, method: str, url: str, headers: dict[str, str], what: str, **kwargs: Any
    ) -> tuple[int, httpx.Response, dict[str, Any]]:
        assert self._http is not None
        with self._http.stream(method, url, headers=headers, **kwargs) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
                raise SourceError(_("%(what)s sent an answer larger than allowed") % {"what": what})
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_RESPONSE_BYTES:
                    raise SourceError(_("%(what)s sent an answer larger than allowed") % {"what": what})
                chunks.append(chunk)
        data = b"".join(chunks)
        if response.status_code >= 500 and not data.strip().startswith(b"{"):
            return response.status_code, response, {}
        body = load_json(data, what) if data.strip() else {}
        return response.status_code, response, body

    def _retryable(self, status: int, body: dict[str, Any]) -> bool:
        if status in RETRY_STATUSES:
            return True
        return status == 403 and error_code(body)[0] in RATE_LIMIT_REASONS

    def _wait(self, asked: float | None, attempt: int) -> None:
        self.stats.retries += 1
        delay = asked if asked is not None else self.backoff * 2 ** (attempt - 1) * random.uniform(0.5, 1.0)
        delay = min(delay, self.max_wait)
        self.stats.waited_seconds += delay
        self.sleep(delay)

    def _error(self, status: int, body: dict[str, Any], what: str) -> SourceError:
        code, message = error_code(body)
        kind = {401: "auth", 403: "permission", 404: "not-found"}.get(status, "response")
        if status == 400 and code in {"invalid_client", "unauthorized_client", "invalid_grant"}:
            kind = "auth"
        if status in RETRY_STATUSES:
            kind = "unavailable"
        text = _("%(what)s answered %(status)s %(code)s") % {"what": what, "status": status, "code": code or ""}
        return SourceError(
            f"{text.strip()}: {message}" if message else text.strip(), kind=kind, status=status, code=code
        )

    # ------------------------------------------------------------------ tokens and pages

    def token(self) -> Token:
        if self._token is None or self.clock() >= self._token.expires_at:
            if self._token is not None or self.stats.requests:
                self.stats.token_renewals += 1
            self._token = self.fetch_token(self)
        return self._token

    def expiry(self, expires_in: Any) -> float:
        """When a token given for `expires_in` seconds is renewed: a tenth (at most a minute) before it ends."""
        try:
            seconds = max(float(expires_in), 1.0)
        except (TypeError, ValueError):
            seconds = 300.0
        return self.clock() + seconds - min(60.0, seconds / 10)

    def pages(
        self, url: str, params: dict[str, str] | None, next_page: Callable[[dict[str, Any]], tuple[str, dict] | None]
    ) -> Iterator[dict[str, Any]]:
        """Every page of a listing; `next_page(body)` gives the next (url, params) or None at the end."""
        request: tuple[str, dict[str, str] | None] | None = (url, params)
        seen: set[str] = set()
        while request is not None:
            # httpx drops a link's own query when handed params, even empty ones: a nextLink goes as it is.
            target, query = request[0], request[1] or None
            key = f"{target} {sorted(query.items()) if query else ''}"
            if key in seen or len(seen) >= MAX_PAGES:
                raise SourceError(_("%(what)s kept sending pages (the same page twice)") % {"what": self.name})
            seen.add(key)
            body = self.get(target, query)
            self.stats.pages += 1
            yield body
            request = next_page(body)
