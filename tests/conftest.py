"""Shared personas: two companies, so every view test can also try the trespasser.

Company A (alice owner, bob member, carol advisor) and company B (mallory owner).
`login(client, user)` signs in with the second factor already passed, as after a real sign-in.
"""

from __future__ import annotations

import os

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from rashinban.orgs import backends
from rashinban.orgs.choices import Role
from rashinban.orgs.models import EncryptedTOTPDevice, Membership, Organisation, User

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the test database is a file, so that worker subprocesses (tests/tasks/) open the same one."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("sqlite") / "test_rashinban.sqlite3")


@pytest.fixture(autouse=True)
def _isolated_settings(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; Argon2 is tested apart
    settings.AXES_ENABLED = True
    # Mails and other tasks run at enqueue time, through a job row; tests/tasks/ runs real workers instead.
    settings.TASKS_EAGER = True
    # Every comparison reads its peer group's versions: a test sees another company's change at once
    # (tests/advisors/test_benchmarks.py tests the seconds a group is used without reading them).
    settings.PEER_GROUP_FRESH_SECONDS = 0


def make_user(email: str, name: str) -> User:
    return User.objects.create_user(email=email, password=PASSWORD, display_name=name)


def add_member(user: User, org: Organisation, role: str) -> Membership:
    return Membership.objects.create(user=user, organisation=org, role=role)


@pytest.fixture
def org_a(db) -> Organisation:
    return Organisation.objects.create(name="A商事")


@pytest.fixture
def org_b(db) -> Organisation:
    return Organisation.objects.create(name="B工業")


@pytest.fixture
def alice(org_a) -> User:
    user = make_user("alice@a.example", "Alice")
    add_member(user, org_a, Role.OWNER)
    return user


@pytest.fixture
def bob(org_a) -> User:
    user = make_user("bob@a.example", "Bob")
    add_member(user, org_a, Role.MEMBER)
    return user


@pytest.fixture
def carol(org_a) -> User:
    user = make_user("carol@advisor.example", "Carol")
    add_member(user, org_a, Role.ADVISOR)
    return user


@pytest.fixture
def mallory(org_b) -> User:
    user = make_user("mallory@b.example", "Mallory")
    add_member(user, org_b, Role.OWNER)
    return user


def login(client: Client, user: User, verified: bool = True) -> Client:
    """Sign in; with `verified`, as if the TOTP code had been entered too."""
    client.force_login(user, backend=backends.PATH)
    if verified:
        device, _ = EncryptedTOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def as_alice(client, alice) -> Client:
    return login(client, alice)


def on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


# Fixtures through which a test reaches the database (pytest-django's, and everything built on them).
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    """The PostgreSQL pass of `make test` tests what depends on the database: a test that reaches no database
    (no database fixture, no django_db mark, and a module that never names DATABASE_URL or on_postgres) gives the
    same answer on both, so the SQLite pass has run it already."""
    if not on_postgres():
        return
    skip = pytest.mark.skip(reason="reaches no database: run once, in the SQLite pass")
    uses_env: dict[str, bool] = {}
    for item in items:
        if set(getattr(item, "fixturenames", ())) & DATABASE_FIXTURES or item.get_closest_marker("django_db"):
            continue
        path = str(item.path)
        if path not in uses_env:
            text = item.path.read_text(encoding="utf-8")
            uses_env[path] = "DATABASE_URL" in text or "on_postgres" in text
        if not uses_env[path]:
            item.add_marker(skip)
