"""The classifier's reasons in words, in the reader's language (the web request's, or the locale's on the CLI).

Kept apart from `classify.py` so that stored verdicts keep structured reasons (`Reason`) and every reader (the
results page, the CLI, the API) words them the same way at the moment it shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, partial

from rashinban.drills.classify import Reason
from rashinban.drills.scanners import ScannerList
from rashinban.evidence.text import gettext_noop

Translate = Callable[[str], str]


@lru_cache(maxsize=1024)
def _translated(lang: str, msgid: str) -> str:
    """One translation, looked up once per language: a results page words thousands of reasons."""
    from django.conf import settings

    if settings.configured:
        from django.utils import translation

        with translation.override(lang):
            return translation.gettext(msgid)
    from rashinban.i18n import _translations

    return _translations(lang).gettext(msgid)


EVENTS = {
    "open": gettext_noop("the mail's images were loaded"),
    "landing": gettext_noop("the link was opened"),
    "interaction": gettext_noop("the page was used"),
    "submit": gettext_noop("the fake form was sent"),
    "report": gettext_noop("the report button was pressed"),
}


def _event(event: str, _: Translate) -> str:
    return _(EVENTS[event]) if event in EVENTS else event


def _seconds(value: float | None, _: Translate) -> str:
    """A duration as people say it: 0.4 s, 12 s, 33 min, 5.2 h."""
    if value is None:
        return "?"
    if abs(value) < 10:
        return _("%(n)s s") % {"n": f"{value:.1f}"}
    if abs(value) < 120:
        return _("%(n)s s") % {"n": f"{value:.0f}"}
    if abs(value) < 7200:
        return _("%(n)s min") % {"n": f"{value / 60:.0f}"}
    return _("%(n)s h") % {"n": f"{value / 3600:.1f}"}


def _detail(text: str, _: Translate) -> str:
    name, _sep, value = text.partition(":")
    number = float(value) if value.replace(".", "", 1).lstrip("-").isdigit() else 0.0
    if name == "quick":
        return _("pressed %(s)s after the page appeared") % {"s": _seconds(number / 1000, _)}
    if name == "no_approach":
        return _("the pointer jumped onto the button without travelling there")
    if name == "centred":
        return _("pressed at the exact centre of the button")
    if name == "instant":
        return _("held down for only %(ms)s ms") % {"ms": f"{number:.0f}"}
    if name == "soon":
        return _("%(s)s after delivery") % {"s": _seconds(number, _)}
    if name == "no_script":
        return _("the page's script did not run")
    if name == "after":
        return _("pressed after %(s)s on the page") % {"s": _seconds(number / 1000, _)}
    if name == "left":
        return _("left the page after using it, without pressing")
    if name == "input":
        return {"mouse": _("with a mouse"), "touch": _("by touch"), "pen": _("with a pen"),
                "key": _("with the keyboard")}.get(value, value)  # fmt: skip
    return text


def describe(reason: Reason, scanners: ScannerList, lang: str) -> str:
    """One sentence in `lang`: counted or set aside, and why ("set aside: the link was opened 0.4 s after …")."""
    lang = "en" if lang.startswith("en") else "ja"
    _ = partial(_translated, lang)
    scanner = scanners.get(reason.scanner) if reason.scanner else None
    name = scanner.label(lang) if scanner else reason.scanner
    what, age = _event(reason.event, _), _seconds(reason.seconds, _)
    details = (", " if lang == "en" else "、").join(_detail(d, _) for d in reason.details)
    code = reason.code
    if code == "known_scanner":
        text = _("set aside: %(what)s %(age)s after delivery by a known mail-security network or client (%(name)s)")
    elif code == "image_proxy":
        text = _("set aside: %(what)s by %(name)s, which loads images without the person opening the mail")
    elif code == "too_soon":
        text = _("set aside: %(what)s %(age)s after delivery; nobody reads and acts that fast")
    elif code == "open_unconfirmed":
        text = _("opened: %(what)s %(age)s after delivery (an image load proves little: mail apps load them too)")
    elif code == "landing_only":
        text = _("not counted: %(what)s, but nothing on the page was used (scanners fetch every link)")
    elif code == "webdriver":
        text = _("set aside: %(what)s by a browser that said automation software was driving it")
    elif code == "synthetic":
        text = _("set aside: %(what)s by a script on the page, not by a hand")
    elif code == "machine_like":
        text = _("set aside: %(what)s as a machine would: %(details)s")
    elif code == "person":
        text = _("counted: %(what)s (%(details)s)") if details else _("counted: %(what)s")
    elif code == "same_client_as_scan":
        text = _("set aside: %(what)s from the same network and browser as a scan %(age)s apart")
    elif code == "every_button":
        text = _(
            "set aside: %(what)s by a browser that pressed both the link's button and the report button within "
            "%(age)s, as a sandbox pressing every button does"
        )
    elif code == "after_report":
        text = _(
            "not counted for this person: %(what)s from another device %(age)s after their report "
            "(whoever received the report, or its automatic check)"
        )
    elif code == "other_device":
        text = _(
            "forwarded: %(what)s from a second device or browser (a forward, or the same person on another "
            "device); not counted again"
        )
    elif code == "report_mailbox":
        text = _("counted: reported through the company's report mailbox")
    else:
        text = "%(what)s"
    return text % {"what": what, "age": age, "name": name, "details": details}


def describe_all(reasons: list[tuple[Reason, int]], scanners: ScannerList, lang: str) -> list[str]:
    """Every reason in words; a folded run says how many hits it stands for ("×15")."""
    return [describe(r, scanners, lang) + (f" (×{n})" if n > 1 else "") for r, n in reasons]
