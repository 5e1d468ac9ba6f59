"""The overview, a version page and the dashboard panel run a fixed number of queries, however much history."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rashinban.documents import actions
from rashinban.orgs.choices import Role
from tests.conftest import add_member, make_user


def grow(org, owner, size: int) -> None:  # type: ignore[no-untyped-def]
    for n in range(size):
        add_member(make_user(f"staff{size}-{n}@a.example", f"Staff {n}"), org, Role.MEMBER)
        for kind in ("policy", "plan"):
            version = actions.publish(actions.generate_version(org, kind, "ja", owner), owner)
            actions.confirm(version, owner)


def queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_pages_do_not_grow_with_history(as_alice, org_a, alice):
    pages = {
        "index": lambda: reverse("documents:index", kwargs={"org_id": org_a.id}),
        "version": lambda: reverse(
            "documents:version", kwargs={"org_id": org_a.id, "pk": actions.published_version(org_a, "policy").pk}
        ),
        "dashboard": lambda: reverse("orgs:dashboard", kwargs={"org_id": org_a.id}),
    }
    grow(org_a, alice, 2)
    small = {name: queries(as_alice, url()) for name, url in pages.items()}
    grow(org_a, alice, 8)
    large = {name: queries(as_alice, url()) for name, url in pages.items()}
    assert large == small
