"""Translation for checkers, which run both on the command line (no Django set up) and in the web app.

Checkers write `from rashinban.evidence.text import _, ngettext` and English msgids; the text comes out in
the web request's language, or in the locale's language on the command line (see `rashinban.i18n`).
"""

from __future__ import annotations


def _django_ready() -> bool:
    from django.conf import settings

    return settings.configured


def _(message: str) -> str:
    if _django_ready():
        from django.utils.translation import gettext

        return gettext(message)
    from rashinban.i18n import _ as cli_gettext

    return cli_gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    if _django_ready():
        from django.utils.translation import ngettext as django_ngettext

        return django_ngettext(singular, plural, count)
    from rashinban.i18n import _translations, cli_language

    return _translations(cli_language()).ngettext(singular, plural, count)


def gettext_noop(message: str) -> str:
    """Mark a msgid for extraction (titles in the registry); translated where it is shown."""
    return message
