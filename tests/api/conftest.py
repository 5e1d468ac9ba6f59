from __future__ import annotations

import pytest
from django.test import Client

from rashinban.api.models import ApiToken, Scope


class Api:
    """A test client that sends one token's Authorization header with every request."""

    def __init__(self, client: Client, raw: str) -> None:
        self.client, self.raw = client, raw

    def _headers(self) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.raw}"}

    def get(self, path: str, **params):  # type: ignore[no-untyped-def]
        return self.client.get(path, params, **self._headers())

    def post(self, path: str, body: object):  # type: ignore[no-untyped-def]
        return self.client.post(path, body, content_type="application/json", **self._headers())

    def put(self, path: str, body: object):  # type: ignore[no-untyped-def]
        return self.client.put(path, body, content_type="application/json", **self._headers())


@pytest.fixture
def write_api(client, org_a, alice) -> Api:
    _token, raw = ApiToken.issue(org_a, "script", Scope.WRITE, alice)
    return Api(client, raw)


@pytest.fixture
def read_api(client, org_a, alice) -> Api:
    _token, raw = ApiToken.issue(org_a, "dashboard", Scope.READ, alice)
    return Api(client, raw)
