"""The incident contact tree: who is called, in what order, and how to reach them (plain data)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rashinban.documents.content import CARD_ROLES, contact_roles

# Shown where the company has not filled a contact in yet: a line to write on, so the gap shows on paper.
BLANK = {"ja": "＿＿＿＿＿＿", "en": "__________"}
FIELD_MAX = 120


@dataclass(frozen=True)
class ContactRow:
    role: str
    label: str
    name: str
    phone: str
    when: str


def clean_contacts(data: Mapping[str, object]) -> dict[str, dict[str, str]]:
    """Keep only known roles and the two text fields, trimmed and bounded (stored as JSON)."""
    known = {role.id for role in contact_roles()}
    cleaned: dict[str, dict[str, str]] = {}
    for role_id, entry in data.items():
        if role_id not in known or not isinstance(entry, Mapping):
            continue
        cleaned[role_id] = {f: str(entry.get(f) or "").strip()[:FIELD_MAX] for f in ("name", "phone")}
    return cleaned


def contact_rows(
    data: Mapping[str, Mapping[str, str]], language: str, prefecture: str = "", roles: tuple[str, ...] | None = None
) -> list[ContactRow]:
    """The contact tree in calling order; `roles` limits it (the card lists only the first calls)."""
    blank = BLANK["en" if language == "en" else "ja"]
    rows = []
    for role in contact_roles():
        if roles is not None and role.id not in roles:
            continue
        entry = data.get(role.id, {})
        default = role.name.pick(language).format(prefecture=prefecture or "") if role.name else ""
        rows.append(
            ContactRow(
                role=role.id,
                label=role.label.pick(language),
                name=entry.get("name") or default or blank,
                phone=entry.get("phone") or blank,
                when=role.when.pick(language),
            )
        )
    return rows


def card_rows(data: Mapping[str, Mapping[str, str]], language: str, prefecture: str = "") -> list[ContactRow]:
    return contact_rows(data, language, prefecture, CARD_ROLES)
