"""What the systems map says: silos, data kept in unlinked places, re-keying hours, bus factor, MFA and backups.

Plain Python on plain data (no Django model): tests build maps by hand, `summary.py` feeds it rows.
Each finding says what to do, in the current language (`rashinban.evidence.findings.Finding`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from rashinban.evidence.findings import RANK, Finding

AUTOMATIC = ("api", "file")
MONTHS = 12


@dataclass(frozen=True)
class SystemData:
    name: str
    department: str = ""
    kind: str = "other"
    vendor: str = ""
    hosting: str = "cloud"
    data_kinds: tuple[str, ...] = ()
    has_mfa: bool = False
    has_backup: bool = False
    operators: tuple[str, ...] = ()  # people inside who can run and change it

    @property
    def bus_factor(self) -> int:
        return len(self.operators)


@dataclass(frozen=True)
class LinkData:
    source: str  # system name
    target: str
    method: str = "manual"  # api | file | manual
    frequency: str = "daily"
    hours_per_month: Decimal = Decimal(0)


@dataclass(frozen=True)
class VendorData:
    name: str
    services: str = ""
    returns_data: bool = False
    returns_docs: bool = False
    inside_can_operate: bool = False


@dataclass(frozen=True)
class DataSpread:
    """One kind of data held in more than one unlinked group of systems."""

    data_kind: str
    groups: tuple[tuple[str, ...], ...]  # system names per connected group


@dataclass
class Analysis:
    silos: list[str] = field(default_factory=list)
    spreads: list[DataSpread] = field(default_factory=list)
    rekey_hours_month: Decimal = Decimal(0)
    rekey_links: list[LinkData] = field(default_factory=list)  # manual links, most hours first
    no_operator: list[str] = field(default_factory=list)  # bus factor 0
    one_operator: list[str] = field(default_factory=list)  # bus factor 1
    no_mfa: list[str] = field(default_factory=list)
    no_backup: list[str] = field(default_factory=list)
    dependent_vendors: list[str] = field(default_factory=list)  # nobody inside, no data or docs back
    findings: list[Finding] = field(default_factory=list)

    @property
    def rekey_hours_year(self) -> Decimal:
        return self.rekey_hours_month * MONTHS

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: (-RANK[f.severity], f.id))


def groups(systems: Sequence[SystemData], links: Iterable[LinkData]) -> dict[str, int]:
    """Connected groups of systems, whatever the direction or method: system name -> group number."""
    parent = {s.name: s.name for s in systems}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    for link in links:
        if link.source in parent and link.target in parent:
            parent[root(link.source)] = root(link.target)
    numbers: dict[str, int] = {}
    return {s.name: numbers.setdefault(root(s.name), len(numbers)) for s in systems}


def silos(systems: Sequence[SystemData], links: Sequence[LinkData]) -> list[str]:
    """Systems with no link at all, in or out; a single system is not called a silo."""
    if len(systems) < 2:
        return []
    linked = {link.source for link in links} | {link.target for link in links}
    return [s.name for s in systems if s.name not in linked]


def data_spreads(systems: Sequence[SystemData], links: Sequence[LinkData]) -> list[DataSpread]:
    """Kinds of data kept in two or more groups of systems that no link joins: no single record of them."""
    group_of = groups(systems, links)
    holders: dict[str, dict[int, list[str]]] = {}
    for system in systems:
        for kind in dict.fromkeys(system.data_kinds):
            holders.setdefault(kind, {}).setdefault(group_of[system.name], []).append(system.name)
    return [
        DataSpread(kind, tuple(tuple(names) for names in by_group.values()))
        for kind, by_group in holders.items()
        if len(by_group) > 1
    ]


def rekey_links(links: Sequence[LinkData]) -> list[LinkData]:
    """Links where people type data in again, most hours first."""
    manual = [link for link in links if link.method == "manual"]
    return sorted(manual, key=lambda link: (-link.hours_per_month, link.source, link.target))


def analyse(
    systems: Sequence[SystemData],
    links: Sequence[LinkData],
    vendors: Sequence[VendorData] = (),
    data_labels: dict[str, str] | None = None,
) -> Analysis:
    """Every figure and finding of one company's map; `data_labels` names data kinds in the reader's language."""
    labels = data_labels or {}
    manual = rekey_links(links)
    result = Analysis(
        silos=silos(systems, links),
        spreads=data_spreads(systems, links),
        rekey_hours_month=sum((link.hours_per_month for link in manual), Decimal(0)),
        rekey_links=manual,
        no_operator=[s.name for s in systems if s.bus_factor == 0],
        one_operator=[s.name for s in systems if s.bus_factor == 1],
        no_mfa=[s.name for s in systems if not s.has_mfa and s.kind not in OFFLINE_KINDS],
        no_backup=[s.name for s in systems if not s.has_backup],
        dependent_vendors=[v.name for v in vendors if fully_dependent(v)],
    )
    result.findings = _findings(result, systems, vendors, labels)
    return result


# A paper ledger or a local spreadsheet has no sign-in to protect with a second factor.
OFFLINE_KINDS = ("spreadsheet",)


def fully_dependent(vendor: VendorData) -> bool:
    """Nobody inside can run what they run, and the contract gives back neither our data nor the documents."""
    return not vendor.inside_can_operate and not (vendor.returns_data or vendor.returns_docs)


def _names(names: Iterable[str]) -> str:
    return _(", ").join(names)


def _findings(
    result: Analysis, systems: Sequence[SystemData], vendors: Sequence[VendorData], labels: dict[str, str]
) -> list[Finding]:
    findings: list[Finding] = []
    if result.silos:
        findings.append(
            Finding(
                "silo",
                "medium",
                _("%(n)s systems are not linked to any other") % {"n": len(result.silos)},
                _(
                    "%(names)s: data goes neither in nor out, so it is typed in or looked up twice. Decide which system "
                    "each should exchange data with, and check whether it can export or import a file (CSV) or has an "
                    "API."
                )
                % {"names": _names(result.silos)},
                count=len(result.silos),
                extra={"systems": result.silos},
            )
        )
    for spread in result.spreads:
        label = labels.get(spread.data_kind, spread.data_kind)
        places = [_names(group) for group in spread.groups]
        severity = "high" if spread.data_kind == "customer" else "medium"
        findings.append(
            Finding(
                f"data-spread-{spread.data_kind}",
                severity,
                _("%(data)s are kept in %(n)s unlinked places") % {"data": label, "n": len(spread.groups)},
                _(
                    "Kept separately in: %(places)s. Nobody sees one complete record, and the copies drift apart. "
                    "Choose one system as the master record of %(data)s and let the others read from it or receive "
                    "it automatically."
                )
                % {"places": " / ".join(places), "data": label},
                count=len(spread.groups),
                extra={"data_kind": spread.data_kind, "groups": [list(g) for g in spread.groups]},
            )
        )
    if result.rekey_links:
        top = result.rekey_links[0]
        hours = result.rekey_hours_month
        findings.append(
            Finding(
                "rekeying",
                "high" if hours >= 20 else "medium",
                _("%(month)s hours a month (%(year)s a year) go into typing data in again")
                % {"month": _number(hours), "year": _number(result.rekey_hours_year)},
                _(
                    "%(n)s links are re-keyed by hand; the largest is %(source)s → %(target)s (%(hours)s h a month). "
                    "Automate the largest first: an export file the other system imports, or an API link. Ask the "
                    "vendor what each system can export."
                )
                % {
                    "n": len(result.rekey_links),
                    "source": top.source,
                    "target": top.target,
                    "hours": _number(top.hours_per_month),
                },
                count=len(result.rekey_links),
                extra={"hours_per_month": float(hours)},
            )
        )
    if result.no_operator:
        findings.append(
            Finding(
                "bus-factor-0",
                "high",
                _("Nobody inside can run %(n)s systems") % {"n": len(result.no_operator)},
                _(
                    "%(names)s: only the vendor can change or repair them. Name one person inside for each, have the "
                    "vendor teach them the everyday changes, and keep the procedures in the company."
                )
                % {"names": _names(result.no_operator)},
                count=len(result.no_operator),
                extra={"systems": result.no_operator},
            )
        )
    if result.one_operator:
        findings.append(
            Finding(
                "bus-factor-1",
                "low",
                _("%(n)s systems depend on one person") % {"n": len(result.one_operator)},
                _(
                    "%(names)s: when that person is away or leaves, nobody can run them. Name a deputy for each "
                    "and let them practise."
                )
                % {"names": _names(result.one_operator)},
                count=len(result.one_operator),
                extra={"systems": result.one_operator},
            )
        )
    if result.no_mfa:
        findings.append(
            Finding(
                "no-mfa",
                "high",
                _("%(n)s systems can be entered with a password alone") % {"n": len(result.no_mfa)},
                _(
                    "%(names)s: a stolen password is enough to get in. Turn on a second factor (an authenticator app "
                    "or a security key), first for administrators and for systems reachable from the internet."
                )
                % {"names": _names(result.no_mfa)},
                count=len(result.no_mfa),
                extra={"systems": result.no_mfa},
            )
        )
    if result.no_backup:
        findings.append(
            Finding(
                "no-backup",
                "high",
                _("%(n)s systems have no regular backup") % {"n": len(result.no_backup)},
                _(
                    "%(names)s: ransomware or a broken disk would take their data for good. Back them up on a "
                    "schedule by the 3-2-1 rule (three copies, two kinds of media, one off site) and test a restore."
                )
                % {"names": _names(result.no_backup)},
                count=len(result.no_backup),
                extra={"systems": result.no_backup},
            )
        )
    for vendor in vendors:
        if fully_dependent(vendor):
            findings.append(
                Finding(
                    "vendor-lock",
                    "high",
                    _("Fully dependent on %(vendor)s") % {"vendor": vendor.name},
                    _(
                        "Nobody inside can run what they run for you, and the contract gives back neither your data nor "
                        "the documents. At the next renewal, add data return in a usable format, delivered manuals and "
                        "settings, and training for one person inside."
                    ),
                    extra={"vendor": vendor.name},
                )
            )
        elif not vendor.inside_can_operate:
            findings.append(
                Finding(
                    "vendor-skills",
                    "medium",
                    _("Nobody inside has learned what %(vendor)s runs") % {"vendor": vendor.name},
                    _(
                        "Ask the vendor to train one person inside on daily operation and first checks, and to attend "
                        "every meeting with them and keep notes."
                    ),
                    extra={"vendor": vendor.name},
                )
            )
    return findings


def _number(value: Decimal) -> str:
    """Hours as people write them: 12, 7.5."""
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:.1f}"
