"""`rashinban roi`: a quick ROI, payback and NPV estimate from five numbers, offline (no database).

Errors exit with status 2, a message on stderr and nothing on stdout.
"""

from __future__ import annotations

import json

import click

from rashinban.formats import yen
from rashinban.i18n import _, cli_language
from rashinban.planning.money import Figures, quick_estimate


class CommandError(click.ClickException):
    exit_code = 2

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        click.echo(_("Error: %(message)s") % {"message": self.format_message()}, err=True)


def register(group: click.Group) -> None:
    """Add this capability's commands to the `rashinban` group."""
    group.add_command(roi_command)


# Beyond these no estimate means anything, and 1e400 (infinity) or nan broke the arithmetic with a traceback.
LARGEST_AMOUNT = 10**15  # yen: a thousand trillion
LONGEST_HORIZON = 1200  # months: a hundred years


def _not_negative(_ctx: click.Context, param: click.Parameter, value: float | int | None) -> float | int | None:
    option = "--" + (param.name or "").replace("_", "-")
    if value is not None and value < 0:
        raise CommandError(
            _("%(option)s must be 0 or more (got %(value)s).") % {"option": option, "value": f"{value:g}"}
        )
    largest = LONGEST_HORIZON if param.name == "months" else LARGEST_AMOUNT
    if value is not None and not value <= largest:  # also nan, which compares false with everything
        raise CommandError(
            _("%(option)s must be at most %(largest)s (got %(value)s).")
            % {"option": option, "largest": f"{largest:,}", "value": f"{value:g}"}
        )
    return value


def _format(figures: Figures) -> list[tuple[str, str]]:
    roi = _("not defined (no net cost)") if figures.roi is None else f"{figures.roi * 100:.1f} %"
    if figures.payback_month is None:
        payback = _("never within the horizon")
    else:
        payback = _("month %(month)s") % {"month": figures.payback_month}
    lang = cli_language()  # money as yen in the reader's language: 1,000円 / ¥1,000
    return [
        (_("Total cost (after subsidy)"), yen(figures.total_cost, lang)),
        (_("Total benefit"), yen(figures.total_benefit, lang)),
        (_("Net"), yen(figures.net, lang)),
        ("ROI", roi),
        (_("Payback"), payback),
        ("NPV", yen(figures.npv, lang)),
    ]


@click.command("roi", help=_("Estimate total cost, ROI, payback month and NPV of an investment (yen)."))
@click.option("--initial", type=float, required=True, callback=_not_negative, help=_("One-off cost in month 0."))
@click.option(
    "--monthly-cost",
    type=float,
    required=True,
    callback=_not_negative,
    help=_("Running cost per month, months 1 to N."),
)
@click.option(
    "--monthly-benefit",
    type=float,
    required=True,
    callback=_not_negative,
    help=_("Expected benefit per month, months 1 to N."),
)
@click.option("--months", type=int, required=True, callback=_not_negative, help=_("Horizon in months (N)."))
@click.option(
    "--subsidy",
    type=float,
    default=0.0,
    show_default=True,
    callback=_not_negative,
    help=_("Subsidy received, counted in month 0."),
)
@click.option(
    "--discount-rate",
    type=float,
    default=0.0,
    show_default=True,
    callback=_not_negative,
    help=_("Annual discount rate R as a fraction (0.03 = 3 %), applied monthly."),
)
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON instead of a table."))
def roi_command(
    initial: float,
    monthly_cost: float,
    monthly_benefit: float,
    months: int,
    subsidy: float,
    discount_rate: float,
    as_json: bool,
) -> None:
    if discount_rate >= 10:
        raise CommandError(_("--discount-rate is a fraction: 0.03 means 3 %."))
    figures = quick_estimate(initial, monthly_cost, monthly_benefit, months, subsidy, discount_rate)
    if as_json:
        click.echo(json.dumps(figures.as_json(), ensure_ascii=False))
        return
    for label, value in _format(figures):
        click.echo(f"{label}: {value}")
