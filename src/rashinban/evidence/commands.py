"""`rashinban check ...`: run an evidence check on files or a domain, offline, without the database.

Each check module listed in `registry.CHECK_MODULES` brings its own click command (`COMMAND`), built on
`runner.run_command`, so every check keeps the same contract (--json, exit 0/1/2, progress bar).
"""

from __future__ import annotations

import click

from rashinban.evidence import registry
from rashinban.i18n import _


@click.group("check", help=_("Check evidence: account exports, mail domains and more (see docs/evidence.md)."))
def check_group() -> None:
    pass


def register(group: click.Group) -> None:
    """Add `rashinban check` and every registered check's command to the `rashinban` group."""
    for command in registry.commands():
        check_group.add_command(command)
    group.add_command(check_group)
    from rashinban.evidence.sources.commands import register as register_collect

    register_collect(group)
