"""The drill plan: who may receive it (safety checks) and when each mail leaves. Pure: no Django model."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Refusal:
    address: str
    reason: str

    def __str__(self) -> str:
        return f"{self.address}: {self.reason}"


def domain_of(address: str) -> str:
    return address.rsplit("@", 1)[-1].lower()


def refusals(
    addresses: Iterable[str], member_addresses: Iterable[str], verified_domains: Iterable[str]
) -> list[Refusal]:
    """Why each address may not receive a drill: not a member of the company, or its domain is not proved."""
    members = {a.lower() for a in member_addresses}
    domains = {d.lower() for d in verified_domains}
    found = []
    for address in addresses:
        if address.lower() not in members:
            found.append(Refusal(address, _("not a member of this company")))
        elif domain_of(address) not in domains:
            found.append(Refusal(address, _("the domain %(domain)s is not verified") % {"domain": domain_of(address)}))
    return found


def in_quiet_hours(moment: datetime, quiet_start: time | None, quiet_end: time | None, tz: ZoneInfo) -> bool:
    """Whether `moment` falls in the quiet hours (local time); a span like 19:00–08:00 crosses midnight."""
    if quiet_start is None or quiet_end is None or quiet_start == quiet_end:
        return False
    local = moment.astimezone(tz).time()
    if quiet_start < quiet_end:
        return quiet_start <= local < quiet_end
    return local >= quiet_start or local < quiet_end


def _after_quiet(moment: datetime, quiet_end: time, tz: ZoneInfo) -> datetime:
    local = moment.astimezone(tz)
    end = local.replace(hour=quiet_end.hour, minute=quiet_end.minute, second=0, microsecond=0)
    if end <= local:
        end += timedelta(days=1)
    return end.astimezone(moment.tzinfo)


def schedule(
    count: int,
    start: datetime,
    end: datetime,
    rate_per_hour: int,
    tz: ZoneInfo,
    quiet_start: time | None = None,
    quiet_end: time | None = None,
) -> list[datetime]:
    """Send times for `count` mails: spread evenly over the window, never faster than the rate, never in
    quiet hours (a mail that would fall in them waits until they end). Past the window's end the rate wins."""
    if count <= 0:
        return []
    step = max((end - start) / count, timedelta(hours=1) / max(1, rate_per_hour))
    times, moment = [], start
    for _index in range(count):
        if in_quiet_hours(moment, quiet_start, quiet_end, tz):
            moment = _after_quiet(moment, quiet_end, tz)  # type: ignore[arg-type]
        times.append(moment)
        moment = moment + step
    return times
