"""Known scanners (既知の自動アクセス元): the networks and clients that open drill mails and links on their own,
plus a company's own entries. Pure: no Django model.

The built-in list is `scanners.yaml` (who each scanner is and what kind); its networks and browser identifiers
are dated, sourced facts in the facts registry (`rashinban.facts`, data/scanners.yaml), read from there. A
company extends the list with its own gateway's networks (`drills.models.KnownScanner`, passed in as `Scanner`
values). The classifier asks `ScannerList.match(ip, user_agent)` for every hit.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

SCANNERS_FILE = Path(__file__).resolve().parent / "scanners.yaml"
Kind = Literal["mail-security", "image-proxy", "link-preview", "automation"]
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Names(_Model):
    ja: str = Field(min_length=1, max_length=200)
    en: str = Field(min_length=1, max_length=200)


class Scanner(_Model):
    """One known scanner: who it is, how to recognise it, and where we learned it."""

    id: str = Field(min_length=1, max_length=80)
    kind: Kind
    name: Names
    networks: tuple[str, ...] = ()
    user_agents: tuple[str, ...] = ()
    source_title: str = Field(min_length=1, max_length=300)
    source_url: str = Field(default="", max_length=500)
    as_of: date
    note: str = Field(default="", max_length=1000)

    @field_validator("networks")
    @classmethod
    def _networks_parse(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for text in value:
            ipaddress.ip_network(text, strict=False)  # raises ValueError with the bad text
        return value

    @field_validator("user_agents")
    @classmethod
    def _agents_not_blank(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if any(len(text.strip()) < 3 for text in value):
            raise ValueError("a user agent pattern needs at least three characters")
        return value

    def label(self, lang: str) -> str:
        return self.name.en if lang == "en" else self.name.ja


class ScannerFile(_Model):
    """A list of scanners written out in full (`rashinban drills classify --scanners FILE`)."""

    scanners: tuple[Scanner, ...] = Field(min_length=1)


class BuiltinEntry(_Model):
    """An entry of `scanners.yaml`: its networks or browser identifiers are a fact of the registry."""

    id: str = Field(min_length=1, max_length=80)
    kind: Kind
    name: Names
    networks_fact: str = ""
    user_agents_fact: str = ""


class BuiltinFile(_Model):
    scanners: tuple[BuiltinEntry, ...] = Field(min_length=1)


@dataclass
class ScannerList:
    """Built-in entries plus a company's own; `match` answers which scanner (if any) a hit came from."""

    scanners: tuple[Scanner, ...]
    _networks: list[tuple[Network, Scanner]] = field(default_factory=list, repr=False)
    _agents: list[tuple[str, Scanner]] = field(default_factory=list, repr=False)
    _seen: dict[tuple[str, str], Scanner | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for scanner in self.scanners:
            self._networks += [(ipaddress.ip_network(text, strict=False), scanner) for text in scanner.networks]
            self._agents += [(text.lower(), scanner) for text in scanner.user_agents]

    def extended(self, extra: tuple[Scanner, ...]) -> ScannerList:
        return ScannerList(self.scanners + tuple(extra)) if extra else self

    def get(self, scanner_id: str) -> Scanner | None:
        return next((s for s in self.scanners if s.id == scanner_id), None)

    def match(self, ip: str, user_agent: str) -> Scanner | None:
        """The scanner a hit came from, by its network first and then its user agent; None for anyone else."""
        key = (ip, user_agent)
        if key not in self._seen:
            if len(self._seen) > 50_000:  # one drill's distinct clients; never grows without bound
                self._seen.clear()
            self._seen[key] = self._network(ip) or self._agent(user_agent)
        return self._seen[key]

    def _network(self, ip: str) -> Scanner | None:
        if not ip:
            return None
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            return None
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        return next((s for network, s in self._networks if address in network), None)

    def _agent(self, user_agent: str) -> Scanner | None:
        lowered = user_agent.lower()
        return next((s for pattern, s in self._agents if pattern in lowered), None) if lowered else None


def parse(data: object) -> ScannerList:
    """A scanner list written out in full, from parsed YAML (a file given to `rashinban drills classify`)."""
    return ScannerList(ScannerFile.model_validate(data).scanners)


@cache
def builtin_scanners() -> ScannerList:
    """The built-in list, each entry's networks or browser identifiers and source from its fact."""
    from rashinban.facts import fact

    entries = BuiltinFile.model_validate(yaml.safe_load(SCANNERS_FILE.read_text(encoding="utf-8"))).scanners
    scanners = []
    for entry in entries:
        source = fact(entry.networks_fact or entry.user_agents_fact)
        values = tuple(str(v) for v in source.value) if isinstance(source.value, list) else ()
        scanners.append(Scanner(
            id=entry.id, kind=entry.kind, name=entry.name, networks=values if entry.networks_fact else (),
            user_agents=values if entry.user_agents_fact else (), source_title=source.source_title,
            source_url=source.source_url, as_of=source.as_of,
        ))  # fmt: skip
    return ScannerList(tuple(scanners))


def company_entry(pk: int, name: str, networks: list[str], user_agents: list[str], added: date) -> Scanner:
    """A company's own entry (its gateway, its sandbox) as a Scanner; the company is its source."""
    return Scanner(
        id=f"company-{pk}", kind="mail-security", name=Names(ja=name, en=name), networks=tuple(networks),
        user_agents=tuple(user_agents), source_title="added by the company", as_of=added,
    )  # fmt: skip
