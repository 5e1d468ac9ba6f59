"""Language for the command line: the same translations as the web, chosen by the locale."""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def cli_language() -> str:
    """'ja' when the locale (RASHINBAN_LANG, LC_ALL, LC_MESSAGES, LANG) says Japanese, else 'en'."""
    for name in ("RASHINBAN_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name, "")
        if value and value not in {"C", "POSIX"} and not value.startswith("C."):
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"


@lru_cache(maxsize=4)
def _translations(lang: str) -> _gettext.NullTranslations:
    return _gettext.translation("django", LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    """Translate a command-line message into the locale's language."""
    return _translations(cli_language()).gettext(message)


@contextmanager
def in_cli_language() -> Iterator[None]:
    """Shared code speaks Django's active language once Django is set up (as in tests): make that the locale's."""
    from django.conf import settings

    if not settings.configured:
        yield
        return
    from django.utils import translation

    with translation.override(cli_language()):
        yield


def translate(message: str) -> str:
    """Translate in Django's active language when Django is set up (web, worker), else in the locale's (CLI).

    For pure modules that run on both sides, such as `rashinban.limits` and the evidence checkers.
    """
    from django.conf import settings

    if settings.configured:
        from django.utils.translation import gettext

        return gettext(message)
    return _(message)


def gettext_noop(message: str) -> str:
    """Mark a msgid for extraction (makemessages knows this name); translate it later with `gettext_in`."""
    return message


def gettext_in(lang: str, message: str) -> str:
    """`message` in `lang` ("ja" or "en"), from the same catalogue as the web, without Django."""
    return _translations(lang).gettext(message)
