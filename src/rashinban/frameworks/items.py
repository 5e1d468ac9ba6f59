"""The items of Rashinban a framework requirement can be mapped to, and whether each exists.

A mapping names an item as `kind:id` (library.py). `known_items()` lists every item that exists today, so
loading a framework (and a test) can prove that no mapping points to nothing.

PENDING: items another part of the product is still building (none now). `record:ipa-self-diagnosis` is the
owner's record of IPA's own 5-minute self-diagnosis (date and score, `security.IpaSelfDiagnosis`) that
SECURITY ACTION ★★ needs.
"""

from __future__ import annotations

from functools import cache

from rashinban.i18n import gettext_noop

KINDS = ("question", "check", "document", "training", "drill", "record")
DOCUMENT_KINDS = ("policy", "plan", "card")
DRILLS = ("phishing",)
PENDING: frozenset[str] = frozenset()
RECORDS = ("ipa-self-diagnosis",)
SELFCHECK = "security-selfcheck"


@cache
def known_items() -> frozenset[str]:
    from rashinban.assessments.catalog import get_catalog
    from rashinban.evidence.registry import all_checks
    from rashinban.training.bank import builtin_bank

    found = {f"question:{q.id}" for _section, q in get_catalog(SELFCHECK).all_questions()}
    found |= {f"check:{check.name}" for check in all_checks()}
    found |= {f"document:{kind}" for kind in DOCUMENT_KINDS}
    found |= {f"training:{lesson}" for lesson in builtin_bank().ids}
    found |= {f"drill:{drill}" for drill in DRILLS}
    found |= {f"record:{record}" for record in RECORDS}
    return frozenset(found | PENDING)


def existing_items() -> frozenset[str]:
    """Items that exist now, without the pending ones."""
    return known_items() - PENDING


def item_title(item: str, lang: str) -> str:
    """A short human name of an item, in `lang`."""
    from rashinban.assessments.catalog import get_catalog, localized
    from rashinban.evidence.registry import get_check
    from rashinban.i18n import gettext_in
    from rashinban.training.bank import lesson_title

    kind, _sep, key = item.partition(":")
    if kind == "question":
        question = get_catalog(SELFCHECK).question(key)
        return localized(question.text, lang) if question else key
    if kind == "check":
        check = get_check(key)
        return gettext_in(lang, check.title) if check else key
    if kind == "training":
        return lesson_title(key, lang)
    return gettext_in(lang, NAMES[item]) if item in NAMES else item


NAMES = {
    "document:policy": gettext_noop("Security policy and rules"),
    "document:plan": gettext_noop("Incident first-response plan"),
    "document:card": gettext_noop("First 30 minutes card"),
    "drill:phishing": gettext_noop("Practice phishing drill"),
    "record:ipa-self-diagnosis": gettext_noop("IPA self-diagnosis (5-minute sheet)"),
}
