"""The product's own middleware: the second factor (SecondFactorMiddleware) and the language.

Language: Japanese first. A signed-in user's choice wins, then the language cookie, then Japanese.

We deliberately ignore the browser's Accept-Language: most staff phones and PCs in Japan
are set up in English by vendors, and the product speaks Japanese unless asked otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from functools import cache
from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

from rashinban.orgs.fastload import RowLoader

SUPPORTED = {code for code, _ in settings.LANGUAGES}


class UserLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = settings.LANGUAGE_CODE
        user = getattr(request, "user", None)
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if user is not None and user.is_authenticated and user.language in SUPPORTED:
            language = user.language
        elif cookie in SUPPORTED:
            language = cookie
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class SecondFactorMiddleware(OTPMiddleware):
    """django-otp's middleware (request.user.otp_device, is_verified()), with the device named in the session
    read by one SELECT written once per device type (orgs/fastload.py) instead of a compiled queryset."""

    def _verify_user_sync(self, request: HttpRequest, user: Any) -> Any:
        """As django-otp, and a sign-in whose identity provider's token proved MFA (`amr`) counts as verified for
        that session (rashinban/sso: the key is set right after that sign-in and dies with the session)."""
        user = super()._verify_user_sync(request, user)
        if user.is_authenticated and not user.is_verified():
            proved = request.session.get("sso_mfa")
            if isinstance(proved, dict) and proved.get("user") == user.pk:
                user.is_verified = lambda: True
        return user

    def _device_from_persistent_id(self, persistent_id: str) -> Device | None:
        persistent_id = self._normalize_persistent_id(persistent_id)
        # As Device.from_persistent_id: a malformed id or an unknown model means no device.
        with suppress(ValueError, LookupError):
            model_label, device_id = persistent_id.rsplit("/", 1)
            model = apps.get_model(model_label)
            if issubclass(model, Device):
                return _device_loader(model).get(int(device_id))  # type: ignore[return-value]
        return None


@cache
def _device_loader(model: type[Device]) -> RowLoader:
    return RowLoader(model, [("id", "=")])
