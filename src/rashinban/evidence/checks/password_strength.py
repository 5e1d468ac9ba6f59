"""How strong one password is: zxcvbn's estimate, the length rule, common passwords, keyboard walks, Japanese words.

The rule follows current guidance (facts: password-min-length, NIST SP 800-63B-4 3.1.1.2): length first,
no rule on mixing kinds of characters, so a long passphrase of lower-case words follows it.

The password only lives in memory for the call: it is never stored, logged, put in a finding or in an
exception message. zxcvbn's feedback is English; its sentences are msgids of our catalogue, so the owner
reads them in Japanese.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any

from zxcvbn import matching, zxcvbn

from rashinban.evidence.checks import gettext_noop
from rashinban.evidence.checks.password_patterns import JAPANESE_WORDS, japanese_words, jis_keyboard_walks
from rashinban.evidence.findings import CheckResult, Finding
from rashinban.evidence.text import _, ngettext
from rashinban.facts import fact

_LENGTHS = fact("password-min-length").value
MIN_LENGTH = int(_LENGTHS["alone"])  # type: ignore[index]  # a password used alone
MFA_MIN_LENGTH = int(_LENGTHS["with_mfa"])  # type: ignore[index]  # the least, even with multi-factor authentication
# zxcvbn's matching grows fast with length and it refuses more than 72 characters: score the first 72.
ZXCVBN_MAX = 72
MIN_KEYBOARD_WALK = 4
CLASSES = ("upper", "lower", "digit", "symbol")


# A dictionary of our own beside zxcvbn's English ones, ranked in list order.
matching.RANKED_DICTIONARIES.setdefault("japanese", matching.build_ranked_dict(list(JAPANESE_WORDS)))

# Every sentence zxcvbn's feedback can produce, so makemessages puts it in our catalogue.
ZXCVBN_FEEDBACK = (
    gettext_noop("Use a few words, avoid common phrases."),
    gettext_noop("No need for symbols, digits, or uppercase letters."),
    gettext_noop("Add another word or two. Uncommon words are better."),
    gettext_noop("Straight rows of keys are easy to guess."),
    gettext_noop("Short keyboard patterns are easy to guess."),
    gettext_noop("Use a longer keyboard pattern with more turns."),
    gettext_noop('Repeats like "aaa" are easy to guess.'),
    gettext_noop('Repeats like "abcabcabc" are only slightly harder to guess than "abc".'),
    gettext_noop("Avoid repeated words and characters."),
    gettext_noop('Sequences like "abc" or "6543" are easy to guess.'),
    gettext_noop("Avoid sequences."),
    gettext_noop("Recent years are easy to guess."),
    gettext_noop("Avoid recent years."),
    gettext_noop("Avoid years that are associated with you."),
    gettext_noop("Dates are often easy to guess."),
    gettext_noop("Avoid dates and years that are associated with you."),
    gettext_noop("This is a top-10 common password."),
    gettext_noop("This is a top-100 common password."),
    gettext_noop("This is a very common password."),
    gettext_noop("This is similar to a commonly used password."),
    gettext_noop("A word by itself is easy to guess."),
    gettext_noop("Names and surnames by themselves are easy to guess."),
    gettext_noop("Common names and surnames are easy to guess."),
    gettext_noop("Capitalization doesn't help very much."),
    gettext_noop("All-uppercase is almost as easy to guess as all-lowercase."),
    gettext_noop("Reversed words aren't much harder to guess."),
    gettext_noop("Predictable substitutions like '@' instead of 'a' don't help very much."),
)


@dataclass(frozen=True)
class Assessment:
    """What we tell about a password; holds nothing from which it could be rebuilt."""

    score: int  # zxcvbn 0 (too guessable) .. 4 (very unguessable)
    guesses_log10: float
    crack_seconds: float  # offline attack on a slow hash (10^4 guesses/s): a stolen, well-stored password file
    length: int
    classes: frozenset[str]
    common: bool  # the whole password is on a list of common passwords
    keyboard_walks: int  # how many keyboard walks of 4+ keys
    japanese_words: int
    warning: str = ""
    suggestions: tuple[str, ...] = field(default_factory=tuple)

    @property
    def missing_classes(self) -> tuple[str, ...]:
        return tuple(c for c in CLASSES if c not in self.classes)

    @property
    def meets_rule(self) -> bool:
        """Length first: MIN_LENGTH or more characters, of any kinds (current guidance, facts: password-min-length)."""
        return self.length >= MIN_LENGTH


def character_classes(password: str) -> frozenset[str]:
    found = set()
    for char in password:
        if char.isupper():
            found.add("upper")
        elif char.islower():
            found.add("lower")
        elif char.isdigit():
            found.add("digit")
        elif char in string.punctuation or not char.isalnum():
            found.add("symbol")
    return frozenset(found)


def assess(password: str) -> Assessment:
    """Score one password. Pure and quick (a few milliseconds); safe to call on every keystroke."""
    scored = password[:ZXCVBN_MAX]
    result = zxcvbn(scored) if scored else None
    sequence = result["sequence"] if result else []
    common = len(sequence) == 1 and sequence[0].get("dictionary_name") in {"passwords", "japanese"}
    walks = _keyboard_walks(scored)
    words = japanese_words(scored)
    feedback = result["feedback"] if result else {"warning": "", "suggestions": []}
    return Assessment(
        score=result["score"] if result else 0,
        guesses_log10=round(float(result["guesses_log10"]), 2) if result else 0.0,
        crack_seconds=float(result["crack_times_seconds"]["offline_slow_hashing_1e4_per_second"]) if result else 0.0,
        length=len(password),
        classes=character_classes(password),
        common=common,
        keyboard_walks=len(walks),
        japanese_words=len(words),
        warning=_(feedback["warning"]) if feedback["warning"] else "",
        suggestions=tuple(_(s) for s in feedback["suggestions"]),
    )


def _keyboard_walks(password: str) -> list[str]:
    spatial = [
        m["token"]
        for m in matching.spatial_match(password)
        if m["graph"] in {"qwerty", "keypad"} and len(m["token"]) >= MIN_KEYBOARD_WALK
    ]
    return spatial + [w for w in jis_keyboard_walks(password) if not any(w in s for s in spatial)]


def crack_time_text(seconds: float) -> str:
    """Plain words for a duration: “less than a second”, “3 hours”, “centuries”."""
    if seconds < 1:
        return _("less than a second")
    minute, hour, day = 60, 3600, 86400
    month, year = day * 31, day * 365
    if seconds < minute:
        n = max(1, round(seconds))
        return ngettext("%(count)s second", "%(count)s seconds", n) % {"count": n}
    if seconds < hour:
        n = round(seconds / minute)
        return ngettext("%(count)s minute", "%(count)s minutes", n) % {"count": n}
    if seconds < day:
        n = round(seconds / hour)
        return ngettext("%(count)s hour", "%(count)s hours", n) % {"count": n}
    if seconds < month:
        n = round(seconds / day)
        return ngettext("%(count)s day", "%(count)s days", n) % {"count": n}
    if seconds < year:
        n = round(seconds / month)
        return ngettext("%(count)s month", "%(count)s months", n) % {"count": n}
    if seconds < year * 100:
        n = round(seconds / year)
        return ngettext("%(count)s year", "%(count)s years", n) % {"count": n}
    return _("centuries")


CLASS_NAMES = {
    "upper": gettext_noop("upper-case letters"),
    "lower": gettext_noop("lower-case letters"),
    "digit": gettext_noop("digits"),
    "symbol": gettext_noop("symbols"),
}


def class_list(classes: tuple[str, ...]) -> str:
    return _(", ").join(_(CLASS_NAMES[c]) for c in classes)


def findings_for(assessment: Assessment) -> list[Finding]:
    """The findings for one assessment; none when the password is strong and follows the rule."""
    findings: list[Finding] = []
    if assessment.common:
        findings.append(
            Finding(
                "password-common",
                "critical",
                _("This is a well-known password"),
                _(
                    "It is on the lists attackers try first, so it falls in seconds. Choose a new one: several unrelated "
                    "words, or a password manager's random password."
                ),
            )
        )
    if assessment.score <= 2:
        findings.append(
            Finding(
                "password-weak",
                "high" if assessment.score <= 1 else "medium",
                _("Easy to guess (strength %(score)s of 4)") % {"score": assessment.score},
                _(
                    "An attacker who steals a password file would find it in about %(time)s. Make it longer: four or more "
                    "unrelated words, or let a password manager make one."
                )
                % {"time": crack_time_text(assessment.crack_seconds)},
            )
        )
    if not assessment.meets_rule:
        findings.append(_rule_finding(assessment))
    if assessment.keyboard_walks:
        findings.append(
            Finding(
                "password-keyboard",
                "medium",
                _("Contains a keyboard pattern"),
                _(
                    'Runs of neighbouring keys (such as qwer, 1qaz or !"#$) are among the first guesses. Replace them with '
                    "something unrelated."
                ),
                count=assessment.keyboard_walks,
            )
        )
    if assessment.japanese_words:
        findings.append(
            Finding(
                "password-japanese-word",
                "low",
                _("Contains a common Japanese word or name in romaji"),
                _(
                    "Attack lists include Japanese words, names and places typed in romaji (sakura, tanaka, tokyo). "
                    "Do not build the password around them."
                ),
                count=assessment.japanese_words,
            )
        )
    return findings


def _rule_finding(assessment: Assessment) -> Finding:
    values = {"length": assessment.length, "minimum": MIN_LENGTH, "mfa_minimum": MFA_MIN_LENGTH}
    return Finding(
        "password-rule",
        "medium" if assessment.length < MFA_MIN_LENGTH else "low",
        _("Shorter than %(minimum)s characters") % values,
        _(
            "It has %(length)s characters. Current guidance puts length first: %(minimum)s or more for a password "
            "used alone, at least %(mfa_minimum)s where multi-factor authentication is also on. Mixing kinds of "
            "characters is not required: a few unrelated words make a long password that is easy to remember "
            "(NIST SP 800-63B-4)."
        )
        % values,
    )


def summary_of(assessment: Assessment) -> dict[str, Any]:
    return {
        "score": assessment.score,
        "guesses_log10": assessment.guesses_log10,
        "crack_time_seconds": assessment.crack_seconds,
        "crack_time": crack_time_text(assessment.crack_seconds),
        "length": assessment.length,
        "classes": [c for c in CLASSES if c in assessment.classes],
        "meets_rule": assessment.meets_rule,
        "feedback": {"warning": assessment.warning, "suggestions": list(assessment.suggestions)},
    }


def check_password(password: str) -> CheckResult:
    assessment = assess(password)
    return CheckResult("password", findings_for(assessment), summary_of(assessment))
