"""The `rashinban` command: manages the server and works offline on files.

Thin on purpose: each command parses options and calls into the capability folders.
"""

from __future__ import annotations

import os
import sys

import click

from rashinban.i18n import _, cli_language

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def setup_django() -> None:
    """Configure Django once, for the commands that touch the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rashinban.config.settings")
    import django

    django.setup()


def call_django(*args: str) -> None:
    setup_django()
    from django.core.management import call_command

    call_command(*args)


class CheckedGroup(click.Group):
    """The root group: an argument that cannot be stored or shown (a NUL, or bytes that are not UTF-8, which
    Python hands over as lone surrogates) is refused with exit status 2 before any command sees it."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        from rashinban.limits import text_problem

        for argument in args:
            problem = text_problem(argument)
            if problem:
                raise click.UsageError(
                    _("The argument %(argument)s cannot be used: %(problem)s")
                    % {"argument": ascii(argument)[:80], "problem": problem},
                    ctx,
                )
        return super().parse_args(ctx, args)


@click.group(
    cls=CheckedGroup, context_settings=CONTEXT_SETTINGS, help=_("Rashinban: DX and security guidance for SMEs.")
)
@click.version_option(package_name="rashinban")
def main() -> None:
    pass


def setup_django_in_cli_language() -> None:
    """Like setup_django, and Django's own messages (validators, checks) follow the locale too."""
    setup_django()
    from django.utils import translation

    translation.activate(cli_language())


@main.command(help=_("Create or update the database tables."))
def migrate() -> None:
    call_django("migrate", "--no-input", "-v", "0")
    click.echo(_("Database is up to date."))


@main.command(help=_("Serve the web application (development server for one machine)."))
@click.option("--host", default="127.0.0.1", show_default=True, help=_("Address to listen on."))
@click.option("--port", default=8000, show_default=True, help=_("Port to listen on."))
@click.option("--with-worker", is_flag=True, help=_("Also run a background worker, stopped with the server."))
def serve(host: str, port: int, with_worker: bool) -> None:
    setup_django()
    from django.core.management import call_command

    worker = None
    if with_worker:
        import signal

        from rashinban.tasks.worker import start_worker_process, stop_worker_process

        worker = start_worker_process()
        # SIGTERM ends the server through `finally`, so the worker is stopped too.
        signal.signal(signal.SIGTERM, lambda *_args: sys.exit(0))
    click.echo(_("Rashinban is running at http://%(host)s:%(port)s/") % {"host": host, "port": port})
    try:
        call_command("runserver", f"{host}:{port}", "--noreload", "--skip-checks")
    finally:
        if worker is not None:
            stop_worker_process(worker)


@main.command(help=_("Run background tasks and schedules (mails, re-checks, reports) until stopped."))
@click.option("--burst", is_flag=True, help=_("Run what is due now, then exit."))
@click.option(
    "--concurrency",
    type=click.IntRange(min=1, max=64),
    default=2,
    show_default=True,
    help=_("Tasks run at the same time."),
)
def worker(burst: bool, concurrency: int) -> None:
    setup_django_in_cli_language()
    from rashinban.tasks.worker import run_worker

    sys.exit(run_worker(concurrency=concurrency, burst=burst, echo=click.echo))


@main.command(help=_("Create the demo company if the database is empty."))
@click.option(
    "--scale",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help=_(
        "Instead, add N generated companies with two years of diagnoses (for load tests); also into a database "
        "that has data."
    ),
)
@click.option(
    "--seed", type=int, default=1, show_default=True, help=_("With --scale: the same seed gives the same data.")
)
def demo(scale: int | None, seed: int) -> None:
    setup_django_in_cli_language()
    from rashinban.orgs.demo import DEMO_EMAIL, DEMO_PASSWORD, seed_demo

    if scale is not None:
        _demo_at_scale(scale, seed)
        return
    if not seed_demo():
        # No sign-in line here: the demo account does not exist in a database that had data.
        click.echo(_("The database already has data; the demo company was not added."))
        return
    click.echo(_("Demo company created."))
    click.echo(_("Demo sign-in: %(email)s / %(password)s") % {"email": DEMO_EMAIL, "password": DEMO_PASSWORD})


def _demo_at_scale(count: int, seed: int) -> None:
    import time

    from rashinban.orgs.demo import DEMO_PASSWORD
    from rashinban.orgs.demo_scale import ScaleError, generate

    started = time.monotonic()
    # click shows the bar on a terminal only; in a pipe or a log it prints the label once.
    with click.progressbar(length=count, label=_("Generating companies")) as bar:
        try:
            outcome = generate(count, seed=seed, progress=bar.update)
        except ScaleError as error:
            click.echo(
                _("Error: %(message)s")
                % {"message": _("%(email)s already exists; nothing was added.") % {"email": error}},
                err=True,
            )
            sys.exit(2)
    click.echo(
        _(
            "Added %(organisations)s companies, %(users)s people, %(diagnoses)s diagnoses, %(responses)s staff "
            "responses, %(actions)s security actions, %(measurements)s KPI values, %(runs)s evidence uploads and "
            "%(drills)s drills to %(recipients)s people in %(seconds)s s."
        )
        % {
            "organisations": outcome.organisations,
            "users": outcome.users,
            "diagnoses": outcome.diagnoses,
            "responses": outcome.staff_responses,
            "actions": outcome.action_items,
            "measurements": outcome.measurements,
            "runs": outcome.evidence_runs,
            "drills": outcome.drills,
            "recipients": outcome.drill_recipients,
            "seconds": round(time.monotonic() - started, 1),
        }
    )
    click.echo(
        _(
            "Every generated person signs in with the password %(password)s (e.g. %(email)s); owners and advisors "
            "set up a second factor at their first sign-in."
        )
        % {"password": DEMO_PASSWORD, "email": outcome.owner_emails[0]}
    )


@main.command(help=_("Create a user and, optionally, a new organisation they own."))
@click.option("--email", required=True, help=_("E-mail address used to sign in."))
@click.option("--organisation", "organisation", default="", help=_("Name of a new organisation to own."))
@click.option("--superuser", is_flag=True, help=_("Give the user access to the admin site."))
@click.password_option(help=_("Password (at least 12 characters)."))
def createuser(email: str, organisation: str, superuser: bool, password: str) -> None:
    setup_django_in_cli_language()
    from django.core.exceptions import ValidationError

    from rashinban.orgs.actions import create_user_with_organisation

    try:
        user = create_user_with_organisation(email, password, organisation or None, superuser=superuser)
    except ValidationError as error:
        for message in error.messages:
            click.echo(_("Error: %(message)s") % {"message": message}, err=True)
        sys.exit(2)
    click.echo(_("User %(email)s created.") % {"email": user.email})


@main.command(
    "reset-second-factor",
    help=_(
        "Remove a person's second factor (authenticator app and backup codes) and sign them out everywhere, "
        "for someone who lost both; they set up a new one at their next sign-in."
    ),
)
@click.option("--email", required=True, help=_("E-mail address used to sign in."))
def reset_second_factor(email: str) -> None:
    setup_django_in_cli_language()
    from rashinban.orgs.actions import reset_second_factor as reset
    from rashinban.orgs.models import User

    try:
        removed = reset(email)
    except User.DoesNotExist:
        click.echo(_("Error: nobody signs in with %(email)s.") % {"email": email}, err=True)
        sys.exit(1)
    click.echo(
        _(
            "Removed %(count)s second-factor devices of %(email)s and signed them out; at the next sign-in they "
            "set up a new one."
        )
        % {"count": removed, "email": email.strip().lower()}
    )


@main.command(help=_("Check the installation: settings, database, worker queue and mail."))
@click.option("--deploy", is_flag=True, help=_("Also run Django's production deployment checks."))
def doctor(deploy: bool) -> None:
    setup_django_in_cli_language()
    from rashinban.config.doctor import run_doctor

    sys.exit(run_doctor(deploy=deploy, echo=click.echo))


def _register_capability_commands() -> None:
    from rashinban.assessments.commands import register

    register(main)
    from rashinban.backups.commands import register as register_backups

    register_backups(main)
    from rashinban.evidence.commands import register as register_evidence

    register_evidence(main)
    from rashinban.facts.commands import register as register_facts

    register_facts(main)
    from rashinban.planning.commands import register as register_planning

    register_planning(main)
    from rashinban.reports.commands import register as register_reports

    register_reports(main)
    from rashinban.drills.commands import register as register_drills

    register_drills(main)
    from rashinban.frameworks.commands import register as register_frameworks

    register_frameworks(main)
    from rashinban.questionnaires.commands import register as register_questionnaires

    register_questionnaires(main)
    from rashinban.nextsteps.commands import register as register_next_steps

    register_next_steps(main)
    from rashinban.mailbox.commands import register as register_mailbox

    register_mailbox(main)


_register_capability_commands()

if __name__ == "__main__":
    main()
