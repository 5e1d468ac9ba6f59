"""What the backup tests put into an installation: the demo company, plus a row in every kind of table."""

from __future__ import annotations

import os

from tests.backups.installations import Installation

# Second factors, backup codes, an invitation, survey links, a group with permissions (many-to-many
# links by id) and a sign-in session, which a backup leaves out.
EXTRAS = """
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.backends.db import SessionStore
from rashinban.assessments.models import Diagnosis, SurveyLink
from rashinban.orgs.models import BackupCodeDevice, EncryptedTOTPDevice, Invitation, Organisation, User

owner = User.objects.get(email="demo@example.com")
EncryptedTOTPDevice.objects.create(user=owner, name="phone", confirmed=True)
BackupCodeDevice.objects.create(user=owner, name="backup", confirmed=True).regenerate(3)
org = Organisation.objects.get()
Invitation.issue(org, "new@example.com", "member", owner)
SurveyLink.issue(Diagnosis.objects.filter(organisation=org).latest("created_at"), 2)
group = Group.objects.create(name="監査")
group.permissions.set(Permission.objects.filter(codename__startswith="view_").order_by("pk")[:3])
owner.groups.add(group)
owner.user_permissions.add(Permission.objects.get(codename="change_organisation"))
session = SessionStore()
session["seen"] = True
session.create()
"""

MEDIA = {
    "evidence/1/診断結果.pdf": os.urandom(200_000),
    "logos/minato.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
}


def seed_demo_company(installation: Installation) -> None:
    installation.rashinban("migrate")
    installation.rashinban("demo")
    installation.python(EXTRAS)
    for name, content in MEDIA.items():
        path = installation.media / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
