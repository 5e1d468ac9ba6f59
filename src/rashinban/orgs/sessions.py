"""Sessions in the database, as Django keeps them, read with one SELECT written once (orgs/fastload.py).

Settings name this module as SESSION_ENGINE; everything but the per-request read is Django's own store.
"""

from __future__ import annotations

from functools import cache

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.db import router
from django.utils import timezone

from rashinban.orgs.fastload import RowLoader


@cache
def _loader() -> RowLoader:
    return RowLoader(Session, [("session_key", "="), ("expire_date", ">")])


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Session | None:
        # As Django's: the unexpired row with this key, or none and the key forgotten (a new one is issued).
        session = _loader().get(self.session_key, timezone.now(), using=router.db_for_read(Session))
        if session is None:
            self._session_key = None
        return session  # type: ignore[return-value]
