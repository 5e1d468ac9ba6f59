"""Each company's plan as last computed, kept in the database (`KeptPlan`) under the key of what it was computed
from: the company's data version (orgs/versions.py, raised by every change to its rows), its creation time, its
day, and the product's own files (a plan kept by other code or other texts is not read). The pages, reports and
mails of a company read the kept plan until one of these changes, and for at most `KEPT_FOR`: besides its rows
and its day, a plan depends on the time of day in a few places (a check's result expires at the minute it was
taken, N days later; a drill counts once its window has ended), which a kept plan shows at most that much later.

What is kept is the pickled plan, compressed and signed with this installation's secret key: a row that was not
written by this installation (another installation's database, a changed row) is computed again, never unpickled.
Derived data: not in backups or exports; an installation without it computes each plan again when first asked.
"""

from __future__ import annotations

import hashlib
import hmac
import pickle
import zlib
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

import rashinban
from rashinban.nextsteps.plan import Plan
from rashinban.orgs.fastload import RowLoader
from rashinban.orgs.models import Organisation

SALT = "rashinban.nextsteps.kept"
# How long a kept plan is read when nothing of the company changed: bounds how late an expiry within the day shows.
KEPT_FOR = timedelta(hours=1)
SIGNATURE_BYTES = 32
# The files a plan is computed from besides the database: code, the step catalogue and facts, translations.
PRODUCT_FILES = {".py", ".yaml", ".yml", ".mo", ".json"}


@cache
def product_fingerprint() -> str:
    """Name, size and modification time of every product file a plan could depend on, hashed: it changes when
    the product is upgraded or a text corrected, so no plan made by the old files is read after that."""
    root = Path(rashinban.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in PRODUCT_FILES and p.is_file()):
        stat = path.stat()
        digest.update(f"{path.relative_to(root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def key_of(organisation: Organisation, day: date) -> str | None:
    """The key a plan of `organisation` for `day` is kept under; None for a company not saved yet."""
    if organisation.pk is None or organisation.created_at is None:
        return None
    created = organisation.created_at.timestamp()
    return f"{organisation.data_version}:{created}:{day.isoformat()}:{product_fingerprint()}"


def enabled() -> bool:
    return bool(getattr(settings, "NEXTSTEPS_KEEP_PLANS", True))


def read(keys: Mapping[int, str]) -> dict[int, Plan]:
    """The kept plans (by company id) whose key is the one asked for, in one query."""
    from rashinban.nextsteps.models import KeptPlan

    if not keys or not enabled():
        return {}
    if len(keys) == 1:
        # A page's own company (most reads): its row by primary key with SQL written once (orgs/fastload.py),
        # not a queryset compiled on every page (0.3 ms of a 10 ms page, bench/README.md).
        row = _one_row().get(next(iter(keys)))
        rows = [(row.organisation_id, row.key, row.plan, row.made_at)] if row else []
    else:
        rows = KeptPlan.objects.filter(organisation_id__in=list(keys)).values_list(
            "organisation_id", "key", "plan", "made_at"
        )
    found = {}
    since = timezone.now() - KEPT_FOR
    for organisation_id, key, packed, made_at in rows:
        if key == keys[organisation_id] and made_at > since:
            plan = _unpack(bytes(packed), key)
            if plan is not None:
                found[organisation_id] = plan
    return found


@cache
def _one_row() -> RowLoader:
    from rashinban.nextsteps.models import KeptPlan

    return RowLoader(KeptPlan, [("organisation", "=")])


def keep(plans: Mapping[int, tuple[str, Plan]], made_at: datetime) -> None:
    """Keep each company's plan under its key, as of `made_at` (when its data was read), once that data is
    committed (a plan made inside a transaction that is then rolled back must not wait under a version number the
    next real change will take)."""
    if plans and enabled():
        # robust: a plan not kept is computed again; the page or job that made it does not fail for that.
        transaction.on_commit(lambda: _write(plans, made_at), robust=True)


def _write(plans: Mapping[int, tuple[str, Plan]], made_at: datetime) -> None:
    from rashinban.nextsteps.models import KeptPlan

    rows = [
        KeptPlan(organisation_id=pk, key=key, plan=_pack(plan, key), made_at=made_at)
        for pk, (key, plan) in plans.items()
    ]
    # A company deleted since its plan was made is left out: its row would break the foreign key.
    live = set(Organisation.objects.filter(pk__in=[row.organisation_id for row in rows]).values_list("pk", flat=True))
    KeptPlan.objects.bulk_create(
        [row for row in rows if row.organisation_id in live],
        update_conflicts=True,
        unique_fields=["organisation"],
        update_fields=["key", "plan", "made_at"],
    )


def _signature(body: bytes, key: str) -> bytes:
    return salted_hmac(SALT, key.encode() + b"\0" + body, algorithm="sha256").digest()


def _pack(plan: Plan, key: str) -> bytes:
    body = zlib.compress(pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL), 1)
    return _signature(body, key) + body


def _unpack(packed: bytes, key: str) -> Plan | None:
    signature, body = packed[:SIGNATURE_BYTES], packed[SIGNATURE_BYTES:]
    if not hmac.compare_digest(signature, _signature(body, key)):
        return None
    try:
        plan = pickle.loads(zlib.decompress(body))  # noqa: S301 - signed above by this installation
    except Exception:  # noqa: BLE001 - a row from an older product: computed again
        return None
    return plan if isinstance(plan, Plan) else None
