"""The demo company's security documents: contacts filled in, all three published, the policy read by staff."""

from __future__ import annotations

from rashinban.documents import actions
from rashinban.documents.models import DocumentKind
from rashinban.orgs.models import Organisation, User

# Plainly fictitious numbers (000 is no area code), so a printed demo card calls no one.
DEMO_CONTACTS = {
    "lead": {"name": "港 一郎", "phone": "000-0000-0001"},
    "deputy": {"name": "浜田 花子", "phone": "000-0000-0002"},
    "owner": {"name": "港 一郎", "phone": "000-0000-0001"},
    "it_vendor": {"name": "株式会社サンプルITサービス 保守窓口", "phone": "000-0000-0003"},
}


def seed_documents(org: Organisation, owner: User, staff: User) -> None:
    actions.save_contacts(org, DEMO_CONTACTS, owner)
    for kind in DocumentKind.values:
        version = actions.publish(actions.generate_version(org, kind, "ja", owner), owner)
        if kind == DocumentKind.POLICY:
            actions.confirm(version, staff)
