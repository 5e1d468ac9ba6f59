"""Frameworks of one company: the shipped library plus the ones the company or its advisor imported."""

from __future__ import annotations

from rashinban.frameworks.items import known_items
from rashinban.frameworks.library import Framework, FrameworkError, builtin_frameworks, load_framework_text
from rashinban.i18n import _


def frameworks_for(organisation) -> dict[str, Framework]:  # type: ignore[no-untyped-def]
    from rashinban.frameworks.models import OwnFramework

    found = dict(builtin_frameworks())
    for row in OwnFramework.objects.filter(organisation=organisation).order_by("framework_id"):
        try:
            found.setdefault(
                row.framework_id, load_framework_text(row.source, f"{row.framework_id}.yaml", known_items())
            )
        except FrameworkError:
            continue  # items of ours it named were renamed since: shown again once re-imported
    return found


def import_framework(organisation, text: str, name: str, user=None) -> Framework:  # type: ignore[no-untyped-def]
    """Check and store a company's own framework; FrameworkError (file and line) when it cannot be used."""
    from rashinban.frameworks.models import OwnFramework

    framework = load_framework_text(text, name, known_items())
    if framework.id in builtin_frameworks():
        raise FrameworkError(
            name, 1, _("'%(id)s' is the id of a shipped framework; choose another id") % {"id": framework.id}
        )
    OwnFramework.objects.update_or_create(
        organisation=organisation, framework_id=framework.id, defaults={"source": text, "created_by": user}
    )
    return framework
