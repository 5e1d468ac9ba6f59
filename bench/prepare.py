"""The Django side of the bench, run in the bench's environment (its database and data folder).

    python bench/prepare.py count                 -> prints the number of organisations
    python bench/prepare.py sessions N OUT.json   -> signs in N owners and writes their cookies and pages
    python bench/prepare.py realistic OUT.json    -> signs in the owner of every company (bench/realistic.py)
    python bench/prepare.py daily                 -> runs the daily plan job (nextsteps.commit), prints its seconds

A session is made the way a real sign-in leaves it: the auth keys plus django-otp's device key for a
confirmed TOTP device, so the pages run every check they run for a person (sign-in, second factor,
membership), only without typing the password and the code.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rashinban.config.settings")
    import django

    django.setup()


def count() -> int:
    from rashinban.orgs.models import Organisation

    return Organisation.objects.count()


def sessions(n: int, out: Path) -> list[dict]:
    """Sign in the owners of n companies spread over the whole database; forget the previous run's sessions."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string
    from django_otp import DEVICE_ID_SESSION_KEY

    from rashinban.assessments.actions import SECURITY_CATALOG
    from rashinban.assessments.models import Diagnosis
    from rashinban.orgs import backends
    from rashinban.orgs.choices import Role
    from rashinban.orgs.models import EncryptedTOTPDevice, Membership

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore  # noqa: N806 - a class
    if out.exists():
        for old in json.loads(out.read_text()):
            SessionStore().delete(old["session"])  # from the cache too, when sessions are cached
    rng = random.Random(2026)
    owners = list(
        Membership.objects.filter(role=Role.OWNER, active=True, organisation__diagnoses__completed_at__isnull=False)
        .distinct()
        .order_by("organisation_id")
        .values_list("organisation_id", "user_id")
    )
    targets = []
    for org_id, user_id in rng.sample(owners, min(n, len(owners))):
        membership = Membership.objects.select_related("user").get(organisation_id=org_id, user_id=user_id)
        user = membership.user
        device, _ = EncryptedTOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backends.PATH
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.create()
        completed = list(
            Diagnosis.objects.filter(organisation_id=org_id, completed_at__isnull=False)
            .exclude(catalog_id=SECURITY_CATALOG)  # the DX result page (a self-check's redirects to its own)
            .values_list("id", flat=True)
        )
        targets.append(
            {
                "organisation": org_id,
                "session": session.session_key,
                # A browser also sends back the CSRF cookie it got with its first page.
                "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}="
                f"{get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)}",
                "dashboard": f"/o/{org_id}/",
                "floor": f"/bench/floor/{org_id}/",
                # Mostly the newest result (what people open), sometimes an older one.
                "result": f"/o/{org_id}/diagnoses/{completed[0] if rng.random() < 0.7 else rng.choice(completed)}/",
            }
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(targets, indent=1))
    return targets


def realistic(out: Path) -> list[dict]:
    """Sign in the owner of every company with a finished diagnosis, in bulk; forget the previous run's sessions.

    Each entry: the company, its cookie and the newest finished diagnosis (the result page)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db.models import Max
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string
    from django_otp import DEVICE_ID_SESSION_KEY

    from rashinban.assessments.actions import SECURITY_CATALOG
    from rashinban.assessments.models import Diagnosis
    from rashinban.orgs import backends
    from rashinban.orgs.choices import Role
    from rashinban.orgs.models import EncryptedTOTPDevice, Membership, User

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore  # noqa: N806 - a class
    if out.exists():
        SessionStore.get_model_class().objects.filter(
            session_key__in=[old["session"] for old in json.loads(out.read_text())]
        ).delete()
    newest = dict(
        Diagnosis.objects.filter(completed_at__isnull=False, organisation__isnull=False)
        .exclude(catalog_id=SECURITY_CATALOG)  # the DX result page (a self-check's redirects to its own)
        .values("organisation_id")
        .annotate(newest=Max("id"))
        .values_list("organisation_id", "newest")
    )
    owners = dict(
        Membership.objects.filter(role=Role.OWNER, active=True, organisation_id__in=list(newest))
        .order_by("organisation_id", "id")
        .values_list("organisation_id", "user_id")
    )
    users = {u.pk: u for u in User.objects.filter(pk__in=set(owners.values()))}
    have = set(
        EncryptedTOTPDevice.objects.filter(user_id__in=list(users), name="bench").values_list("user_id", flat=True)
    )
    EncryptedTOTPDevice.objects.bulk_create(
        [EncryptedTOTPDevice(user_id=pk, name="bench", confirmed=True) for pk in users if pk not in have],
        batch_size=500,
    )
    devices = dict(
        EncryptedTOTPDevice.objects.filter(user_id__in=list(users), name="bench").values_list("user_id", "id")
    )
    targets = []
    for org_id, user_id in sorted(owners.items()):
        user = users[user_id]
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backends.PATH
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[DEVICE_ID_SESSION_KEY] = EncryptedTOTPDevice(pk=devices[user_id]).persistent_id
        session.create()
        targets.append(
            {
                "organisation": org_id,
                "session": session.session_key,
                "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}="
                f"{get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)}",
                "result": newest[org_id],
            }
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(targets))
    return targets


def daily() -> float:
    """The daily job of the plans of next steps, as the worker runs it once a day: it stores the proposed dates
    and keeps every company's plan (nextsteps/kept.py, read for an hour), the state pages find in an installation
    whose companies are visited often."""
    import time

    from rashinban.nextsteps.jobs import commit_plans

    started = time.monotonic()
    commit_plans()
    return time.monotonic() - started


def main(argv: list[str]) -> int:
    setup()
    if argv[:1] == ["daily"]:
        print(f"{daily():.1f}")
        return 0
    if argv[:1] == ["count"]:
        print(count())
        return 0
    if argv[:1] == ["sessions"] and len(argv) == 3:
        print(len(sessions(int(argv[1]), Path(argv[2]))))
        return 0
    if argv[:1] == ["realistic"] and len(argv) == 2:
        print(len(realistic(Path(argv[1]))))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
