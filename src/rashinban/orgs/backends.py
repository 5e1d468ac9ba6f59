"""Sign-in by e-mail address and password, as Django's ModelBackend does it, with the user every signed-in
request looks up read by one SELECT written once (orgs/fastload.py)."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from rashinban.orgs.fastload import RowLoader

# What login() and force_login() name when they sign a person in.
PATH = "rashinban.orgs.backends.UserBackend"


@cache
def _loader() -> RowLoader:
    model = get_user_model()
    return RowLoader(model, [(model._meta.pk.name, "=")])


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        try:
            user = _loader().get(user_id)
        except (TypeError, ValueError):  # not a key of ours: as signed out, like ModelBackend's DoesNotExist
            return None
        return user if user is not None and self.user_can_authenticate(user) else None
