"""The demo company shows the documents finished: all three published, tailored, the policy read by staff."""

from __future__ import annotations

from rashinban.documents.models import Acknowledgement, DocumentVersion
from rashinban.documents.summary import current_versions, published_policy
from rashinban.orgs.demo import seed_demo
from rashinban.orgs.models import Organisation, User


def test_demo_company_has_its_documents_published(db):
    assert seed_demo()
    org = Organisation.objects.get(slug="minato-seiko")
    assert set(current_versions(org)) == {"policy", "plan", "card"}
    policy = published_policy(org)
    assert policy is not None
    staff = User.objects.get(email="staff@example.com")
    assert Acknowledgement.objects.filter(version=policy, user=staff).exists()
    card = DocumentVersion.objects.get(organisation=org, kind="card")
    assert "港 一郎" in card.body and "000-0000-0001" in card.body
    # Seeded after the systems map: systems without MFA are named in the rules.
    if "多要素認証を使っていないシステム" not in policy.body:
        from rashinban.landscape.summary import systems

        assert all(s.has_mfa for s in systems(org))
