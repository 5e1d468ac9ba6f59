"""Subsidy lines and the rules that lose owners their subsidy, from the facts registry (facts/data/subsidies.yaml).

The IT subsidy's name, fiscal year, rate and amounts change every year, so a subsidy line names the
programme and the fiscal year its rules were checked for. The plan follows the rules whose breach loses the
subsidy: one-off costs are ordered and paid only after the grant decision (交付決定), the tool comes from a
registered IT vendor, gBizID Prime and SECURITY ACTION are prepared beforehand, and hardware is outside the
standard track. The ROI timeline puts the subsidy's arrival after the payment it reimburses.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from fractions import Fraction

from django.utils import translation
from django.utils.translation import gettext as _

from rashinban.facts import fact
from rashinban.formats import long_date, yen
from rashinban.planning import money
from rashinban.planning.models import Cost, Initiative, Subsidy

# Facts an owner must read before counting on the subsidy, in the order they matter.
RULES = (
    "it-subsidy-order-after-decision",
    "it-subsidy-registered-vendor",
    "it-subsidy-prerequisites",
    "it-subsidy-hardware",
)
# Words that mark a cost line as hardware (not eligible in the standard track).
HARDWARE_WORDS = (
    "パソコン",
    "ノートpc",
    "タブレット",
    "プリンター",
    "複合機",
    "サーバー",
    "ルーター",
    "ハードウェア",
    "機器",
    "端末",
    "nas",
    "pc",
    "laptop",
    "tablet",
    "printer",
    "server",
    "router",
    "hardware",
    "device",
)


def programme_name(lang: str) -> str:
    """「デジタル化・AI導入補助金2026(2026年度の条件で確認)」: the programme and the fiscal year checked."""
    name = fact("it-subsidy-programme").value_text(lang)
    year = fact("it-subsidy-fiscal-year").value_text(lang)
    if lang == "ja":
        return f"{name}({year}年度の条件で確認)"
    return f"{name} (rules checked for fiscal {year})"


def rate() -> Fraction:
    return Fraction(str(fact("it-subsidy-normal-rate").value))


def amount_for(one_off_paid: int) -> int | None:
    """The subsidy on these one-off costs at the standard rate, capped; None below the programme's minimum."""
    limits = fact("it-subsidy-normal-amount").value
    amount = min(round(one_off_paid * rate()), int(limits["max_yen"]))  # type: ignore[index]
    return amount if amount >= int(limits["min_yen"]) else None  # type: ignore[index]


def is_hardware(label: str) -> bool:
    folded = label.lower()
    return any(word in folded for word in HARDWARE_WORDS)


def month_of(initiative: Initiative, day: date) -> int:
    start = initiative.starts_on
    return money.months_between(start.year, start.month, day.year, day.month)


def last_payment_month(costs: Iterable[Cost]) -> int | None:
    """The month of the last one-off payment (what a subsidy reimburses), or None."""
    months = [c.start_month for c in costs if c.recurrence == "once"]
    return max(months) if months else None


def arrival_month(initiative: Initiative, subsidy: Subsidy, costs: Iterable[Cost]) -> int:
    """The month the subsidy arrives on the timeline: never before the month after the last one-off payment."""
    expected = month_of(initiative, subsidy.expected_on)
    paid = last_payment_month(costs)
    return max(expected, paid + 1) if paid is not None else expected


def warnings(initiative: Initiative, costs: list[Cost], subsidies: list[Subsidy], lang: str) -> list[str]:
    """What in this plan would lose the subsidy or misplace it on the timeline, in `lang`; [] without subsidies."""
    if not subsidies:
        return []
    with translation.override(lang):
        return _warnings(initiative, costs, subsidies, lang)


def _warnings(initiative: Initiative, costs: list[Cost], subsidies: list[Subsidy], lang: str) -> list[str]:
    found: list[str] = []
    once = [c for c in costs if c.recurrence == "once"]
    for subsidy in subsidies:
        if subsidy.decision_on is None:
            found.append(
                _(
                    "“%(name)s”: enter the expected date of the grant decision (交付決定). Nothing may be ordered or "
                    "paid before it."
                )
                % {"name": subsidy.name}
            )
        else:
            decision = month_of(initiative, subsidy.decision_on)
            for cost in once:
                if cost.start_month < decision:
                    found.append(
                        _(
                            "“%(cost)s” is planned for month %(month)s, before the grant decision (交付決定) of "
                            "%(date)s: a purchase ordered or paid before the decision is not reimbursed. Move it after "
                            "the decision."
                        )
                        % {"cost": cost.label, "month": cost.start_month, "date": long_date(subsidy.decision_on, lang)}
                    )
        paid = last_payment_month(once)
        if paid is not None and month_of(initiative, subsidy.expected_on) <= paid:
            found.append(
                _(
                    "“%(name)s” is expected before the payment it reimburses; the timeline counts it in month "
                    "%(month)s, after the payment. A subsidy is paid after the payment and the report on what was done."
                )
                % {"name": subsidy.name, "month": paid + 1}
            )
    for cost in costs:
        if is_hardware(cost.label):
            found.append(
                _("“%(cost)s” looks like hardware: %(rule)s")
                % {"cost": cost.label, "rule": fact("it-subsidy-hardware").text(lang)}
            )
    limits = fact("it-subsidy-normal-amount").value
    for subsidy in subsidies:
        if subsidy.amount > int(limits["max_yen"]):  # type: ignore[index]
            found.append(
                _("“%(name)s” is above the standard track's ceiling of %(max)s.")
                % {"name": subsidy.name, "max": yen(int(limits["max_yen"]), lang)}  # type: ignore[index]
            )
    return found
