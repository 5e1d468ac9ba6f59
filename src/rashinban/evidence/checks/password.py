"""`rashinban check password`: how strong one password is (the logic is in password_strength.py).

The password comes from a hidden prompt or from standard input, never from an argument (arguments end
up in the shell history and in the process list). It is never stored: the check has `record=False`.
"""

from __future__ import annotations

import sys

import click

from rashinban.evidence.checks import gettext_noop
from rashinban.evidence.checks.password_strength import check_password
from rashinban.evidence.findings import CheckResult
from rashinban.evidence.registry import Check, CheckInput, Field, InputError, Progress
from rashinban.evidence.text import _
from rashinban.i18n import _ as cli_

MAX_LENGTH = 256  # longer input is not a password someone types; refuse it rather than spend time on it


def parse(inputs: CheckInput) -> str:
    password = inputs.values.get("password", "")
    if not password:
        raise InputError(_("enter a password to check"))
    if len(password) > MAX_LENGTH:
        raise InputError(_("the password is longer than %(count)s characters") % {"count": MAX_LENGTH})
    return password


def run(password: str, progress: Progress) -> CheckResult:
    return check_password(password)


CHECK = Check(
    name="password",
    title=gettext_noop("Password strength"),
    description=gettext_noop(
        "Type a password to see how long an attacker would need to guess it and whether it is long enough "
        "(length comes first; mixing kinds of characters is not required). The meter works in your browser: "
        "the password is not sent anywhere. Better still, try one that is like yours, not yours."
    ),
    fields=(Field("password", gettext_noop("Password"), kind="password"),),
    parse=parse,
    run=run,
    record=False,
    order=30,
)


def read_password() -> str:
    """From a hidden prompt on a terminal, else the first line of standard input."""
    if sys.stdin.isatty():
        return click.prompt(cli_(gettext_noop("Password")), hide_input=True, err=True)
    return sys.stdin.readline().rstrip("\r\n")


@click.command(
    "password",
    help=cli_(
        gettext_noop(
            "Check how strong a password is. It is read from a hidden prompt or from standard input, never from the "
            "command line, and is not stored."
        )
    ),
)
# Catches a password typed after the command, to refuse it without echoing it back (click would print it).
@click.argument("given", nargs=-1, metavar="")
@click.option("--json", "as_json", is_flag=True, help=cli_(gettext_noop("Print JSON instead of text.")))
def COMMAND(given: tuple[str, ...], as_json: bool) -> None:
    from rashinban.evidence.runner import fail, run_command

    if given:
        fail(
            cli_(
                gettext_noop(
                    "a password is never read from the command line (it would stay in the shell history); "
                    "type it at the prompt or give it on standard input"
                )
            )
        )
    run_command(CHECK, lambda: CheckInput(values={"password": read_password()}), as_json)
