"""Which company a command means: every `--org` of the command line goes through `organisation_for`.

A value names a company by its short name (slug), its numeric id or its exact registered name (Japanese
included; spaces around it and Unicode width variants do not matter, e.g. "ＡＢＣ商事" is "ABC商事"). A value
that fits no company, or more than one, is refused with the candidates named, never guessed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rashinban.i18n import _
from rashinban.orgs.models import Organisation

MAX_CANDIDATES = 10  # named in a message; more are counted


@dataclass
class OrganisationNotFound(Exception):
    """No company, or more than one, fits the value; `message` names the candidates in the CLI's language."""

    message: str
    candidates: Sequence[Organisation] = ()

    def __str__(self) -> str:
        return self.message


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _describe(candidates: Sequence[Organisation], total: int | None = None) -> str:
    """ "slug (id 3: name), ..." for the first few, then how many more."""
    shown = [f"{org.slug} (id {org.pk}: {org.name})" for org in candidates[:MAX_CANDIDATES]]
    more = (len(candidates) if total is None else total) - len(shown)
    if more > 0:
        shown.append(_("and %(n)s more") % {"n": more})
    return ", ".join(shown)


def matches(value: str) -> list[Organisation]:
    """Every company the value could mean: the one with that slug, that id, or exactly that name."""
    text = _normal(value)
    if not text:
        return []
    by_slug = list(Organisation.objects.filter(slug=text))
    if by_slug:
        return by_slug  # slugs are unique: a slug always means its company
    found: dict[int, Organisation] = {}
    if text.isascii() and text.isdigit() and len(text) <= 18:  # an id fits a 64-bit integer
        found.update((org.pk, org) for org in Organisation.objects.filter(pk=int(text)))
    # Names are compared after NFKC normalisation; the query narrows by the raw and the normalised value first.
    for org in Organisation.objects.filter(name__in={value.strip(), text}):
        found[org.pk] = org
    if not found:
        for org in Organisation.objects.filter(name__icontains=text[:50]).order_by("id")[:50]:
            if _normal(org.name) == text:
                found[org.pk] = org
    return sorted(found.values(), key=lambda org: org.pk)


def similar(value: str) -> list[Organisation]:
    """Companies whose slug or name contains the value, to suggest when nothing fits exactly."""
    from django.db.models import Q

    text = _normal(value)[:50]
    if not text:
        return []
    return list(
        Organisation.objects.filter(Q(slug__icontains=text) | Q(name__icontains=text)).order_by("id")[:MAX_CANDIDATES]
    )


def organisation_for(value: str) -> Organisation:
    """The one company `value` means; `OrganisationNotFound` (naming the candidates) otherwise."""
    found = matches(value)
    if len(found) == 1:
        return found[0]
    if found:
        raise OrganisationNotFound(
            _("'%(value)s' fits more than one company: %(candidates)s. Use the short name.")
            % {"value": value, "candidates": _describe(found)},
            found,
        )
    near = similar(value)
    if near:
        raise OrganisationNotFound(
            _("no company is called '%(value)s' (short name, id or exact name). Did you mean: %(candidates)s?")
            % {"value": value, "candidates": _describe(near, len(near))},
            near,
        )
    known = list(Organisation.objects.order_by("id")[:MAX_CANDIDATES])
    if not known:
        raise OrganisationNotFound(_("no company is called '%(value)s': there is no company yet.") % {"value": value})
    raise OrganisationNotFound(
        _("no company is called '%(value)s' (short name, id or exact name). Companies: %(candidates)s.")
        % {"value": value, "candidates": _describe(known, Organisation.objects.count())},
        known,
    )


def cli_organisation(value: str) -> Organisation:
    """`organisation_for` for a command: a value that fits no company or several exits 2 with the message."""
    from rashinban.backups.commands import CommandError

    try:
        return organisation_for(value)
    except OrganisationNotFound as problem:
        raise CommandError(problem.message) from None
