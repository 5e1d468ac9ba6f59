"""What the generator knows about a company: plain data, no Django model.

`gather.py` fills these from the profile, the systems map and the security self-check; tests and the
demo build them by hand. Unknown stays `None`, so a rule is never tailored on a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SystemFact:
    """One system of the company's systems map, as far as the security rules care."""

    name: str
    cloud: bool = False
    customer_data: bool = False
    mfa: bool | None = None
    backup: bool | None = None
    vendor: str = ""


@dataclass(frozen=True)
class CompanyFacts:
    name: str
    prefecture: str = ""
    employees: str = ""  # the profile's band, e.g. "21-50"
    systems: tuple[SystemFact, ...] = ()
    # From the self-check: None = not answered (or no self-check yet).
    has_backup: bool | None = None
    backup_tested: bool | None = None
    mfa_enforced: bool | None = None
    remote_work: bool | None = None
    private_devices: bool | None = None
    extra_vendors: tuple[str, ...] = field(default_factory=tuple)

    @property
    def vendors(self) -> list[str]:
        names = [s.vendor for s in self.systems if s.vendor] + list(self.extra_vendors)
        return list(dict.fromkeys(n.strip() for n in names if n.strip()))

    def systems_where(self, **wanted: object) -> list[str]:
        return [s.name for s in self.systems if all(getattr(s, k) == v for k, v in wanted.items())]

    def flags(self) -> dict[str, bool]:
        """Named yes/no facts that the content's `when:` / `unless:` conditions refer to."""
        small = self.employees in {"1-5", "6-20"}
        return {
            "has_systems_map": bool(self.systems),
            "uses_cloud": any(s.cloud for s in self.systems),
            "holds_customer_data": any(s.customer_data for s in self.systems),
            "systems_without_mfa": bool(self.systems_where(mfa=False)),
            "systems_without_backup": bool(self.systems_where(backup=False)),
            "has_vendors": bool(self.vendors),
            "no_backup": self.has_backup is False,
            "backup_untested": self.has_backup is True and self.backup_tested is False,
            "mfa_not_enforced": self.mfa_enforced is False,
            "remote_work": self.remote_work is True,
            "private_devices": self.private_devices is True,
            "small_company": small,
        }

    def values(self, separator: str) -> dict[str, str]:
        """Text that the content's `{placeholders}` are filled with."""
        return {
            "company": self.name,
            "prefecture": self.prefecture,
            "systems_without_mfa": separator.join(self.systems_where(mfa=False)),
            "systems_without_backup": separator.join(self.systems_where(backup=False)),
            "customer_systems": separator.join(self.systems_where(customer_data=True)),
            "cloud_systems": separator.join(self.systems_where(cloud=True)),
            "vendors": separator.join(self.vendors),
        }
