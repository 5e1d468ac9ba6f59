"""The demo company's systems map: eight systems of a small manufacturer, their links, vendors and a few skills."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from rashinban.landscape.models import MemberProfile, SkillAssessment, System, SystemLink, TrainingItem, Vendor
from rashinban.orgs.models import Organisation, User

VENDORS = [
    # name, services, returns data, returns docs, someone inside can run it
    ("東海システム開発", "販売管理システムの開発と保守", False, False, False),
    ("クラウド会計サービス", "会計クラウドの提供", True, True, True),
    ("ウェブ制作スタジオ", "ネットショップの構築と更新", False, True, False),
]
SYSTEMS = [
    # name, kind, department, vendor, hosting, data kinds, MFA, backup, operators
    (
        "販売管理システム",
        "sales",
        "営業",
        "東海システム開発",
        "on_site",
        ["customer", "order", "product"],
        False,
        True,
        "",
    ),
    ("顧客リスト(Excel)", "spreadsheet", "営業", "", "on_site", ["customer"], False, False, "港 一郎"),
    (
        "ネットショップ",
        "ecommerce",
        "営業",
        "ウェブ制作スタジオ",
        "cloud",
        ["customer", "order", "product"],
        True,
        True,
        "",
    ),
    (
        "会計クラウド",
        "accounting",
        "経理",
        "クラウド会計サービス",
        "cloud",
        ["finance", "supplier"],
        True,
        True,
        "浜田 花子, 港 一郎",
    ),
    ("給与計算ソフト", "hr", "経理", "", "on_site", ["employee", "finance"], False, False, "浜田 花子"),
    ("生産管理表", "production", "製造", "", "on_site", ["order", "product", "stock"], False, True, "工藤 誠"),
    ("在庫管理表", "inventory", "製造", "", "on_site", ["stock", "product"], False, False, "工藤 誠"),
    ("グループウェア", "groupware", "総務", "", "cloud", ["employee", "document"], True, True, "浜田 花子"),
]
LINKS = [
    # from, to, method, frequency, hours a month
    ("ネットショップ", "販売管理システム", "manual", "daily", "12"),
    ("販売管理システム", "会計クラウド", "file", "monthly", "2"),
    ("販売管理システム", "生産管理表", "manual", "daily", "10"),
    ("生産管理表", "在庫管理表", "manual", "weekly", "6"),
    ("グループウェア", "給与計算ソフト", "manual", "monthly", "3"),
]
SKILLS = {  # (department, scores) of the demo owner and member
    "owner": (
        "営業",
        {"basic_it": 3, "cloud_tools": 2, "data_use": 2, "security": 1, "improvement": 3, "ownership": 1},
    ),
    "member": (
        "経理",
        {"basic_it": 2, "cloud_tools": 3, "data_use": 1, "security": 2, "improvement": 1, "ownership": 2},
    ),
}


def seed_landscape(org: Organisation, owner: User, member: User) -> None:
    """Create the demo map, two skills self-assessments and a small training plan (called from orgs.demo)."""
    vendors = {
        name: Vendor.objects.create(
            organisation=org,
            name=name,
            services=services,
            returns_data=data,
            returns_docs=docs,
            inside_can_operate=inside,
        )
        for name, services, data, docs, inside in VENDORS
    }
    systems = {
        name: System.objects.create(
            organisation=org,
            name=name,
            kind=kind,
            department=department,
            vendor=vendors.get(vendor),
            hosting=hosting,
            data_kinds=kinds,
            has_mfa=mfa,
            has_backup=backup,
            operators=operators,
        )
        for name, kind, department, vendor, hosting, kinds, mfa, backup, operators in SYSTEMS
    }
    for source, target, method, frequency, hours in LINKS:
        SystemLink.objects.create(
            organisation=org,
            source=systems[source],
            target=systems[target],
            method=method,
            frequency=frequency,
            hours_per_month=Decimal(hours),
        )
    for user, (department, scores) in ((owner, SKILLS["owner"]), (member, SKILLS["member"])):
        MemberProfile.objects.create(organisation=org, user=user, department=department)
        SkillAssessment.objects.create(organisation=org, user=user, scores=scores, updated_at=timezone.now())
    today = timezone.localdate()
    TrainingItem.objects.create(
        organisation=org,
        title="標的型メールの見分け方(全員)",
        area="security",
        audience="全員",
        planned_on=today + timedelta(days=14),
    )
    TrainingItem.objects.create(
        organisation=org,
        title="販売管理システムの設定変更を業者から習う",
        area="ownership",
        audience="営業",
        planned_on=today + timedelta(days=45),
    )
    TrainingItem.objects.create(
        organisation=org,
        title="クラウド会計の操作研修",
        area="cloud_tools",
        audience="経理",
        planned_on=today - timedelta(days=20),
        done_on=today - timedelta(days=10),
    )
