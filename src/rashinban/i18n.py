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
