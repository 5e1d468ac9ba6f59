"""The map analysis on hand-built maps: silos, data kept in unlinked places, re-keying hours, bus factor."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from rashinban.landscape.analysis import LinkData, SystemData, VendorData, analyse, data_spreads, groups, silos

# A shop: the POS and the online shop both hold customers, the CRM is fed from the POS by hand.
SHOP = [
    SystemData("POS", "店舗", "pos", data_kinds=("customer", "order"), operators=("佐藤",), has_mfa=True),
    SystemData(
        "ネットショップ", "EC", "ecommerce", data_kinds=("customer", "order", "product"), has_backup=True, has_mfa=True
    ),
    SystemData("顧客台帳", "営業", "crm", data_kinds=("customer",), operators=("田中", "鈴木"), has_backup=True),
    SystemData(
        "会計ソフト", "経理", "accounting", data_kinds=("finance",), operators=("山本",), has_mfa=True, has_backup=True
    ),
    SystemData("在庫表", "倉庫", "spreadsheet", data_kinds=("stock", "product")),
]
SHOP_LINKS = [
    LinkData("POS", "顧客台帳", "manual", "daily", Decimal("12.5")),
    LinkData("POS", "会計ソフト", "file", "monthly", Decimal("2")),
    LinkData("会計ソフト", "顧客台帳", "manual", "weekly", Decimal("4")),
]


def finding_ids(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.id for f in result.findings]


def test_systems_with_no_link_are_silos():
    assert silos(SHOP, SHOP_LINKS) == ["ネットショップ", "在庫表"]


def test_one_system_alone_is_not_a_silo():
    assert silos(SHOP[:1], []) == []


def test_customer_data_in_two_unlinked_groups_is_a_high_finding():
    result = analyse(SHOP, SHOP_LINKS, data_labels={"customer": "顧客"})

    customer = next(f for f in result.findings if f.id == "data-spread-customer")
    assert customer.severity == "high"
    assert customer.count == 2
    assert customer.extra["groups"] == [["POS", "顧客台帳"], ["ネットショップ"]]
    assert "顧客" in customer.title
    # Orders too (POS and the shop), products (shop and the stock sheet); finance is in one place only.
    assert {s.data_kind for s in result.spreads} == {"customer", "order", "product"}


def test_a_link_in_either_direction_joins_the_records():
    linked = [*SHOP_LINKS, LinkData("ネットショップ", "POS", "api", "realtime")]

    spreads = {s.data_kind for s in data_spreads(SHOP, linked)}

    assert "customer" not in spreads and "order" not in spreads
    assert "product" in spreads  # the stock sheet is still on its own


def test_rekeying_hours_count_manual_links_only_per_month_and_year():
    result = analyse(SHOP, SHOP_LINKS)

    assert result.rekey_hours_month == Decimal("16.5")
    assert result.rekey_hours_year == Decimal("198")
    assert [(link.source, link.target) for link in result.rekey_links] == [
        ("POS", "顧客台帳"),
        ("会計ソフト", "顧客台帳"),
    ]
    rekeying = next(f for f in result.findings if f.id == "rekeying")
    assert "16.5" in rekeying.title and "198" in rekeying.title
    assert rekeying.severity == "medium"  # under 20 hours a month


def test_twenty_hours_of_rekeying_a_month_is_high():
    heavy = [LinkData("POS", "顧客台帳", "manual", "daily", Decimal("20"))]
    assert next(f for f in analyse(SHOP, heavy).findings if f.id == "rekeying").severity == "high"


def test_bus_factor_zero_and_one():
    result = analyse(SHOP, SHOP_LINKS)

    assert result.no_operator == ["ネットショップ", "在庫表"]
    assert result.one_operator == ["POS", "会計ソフト"]
    assert {"bus-factor-0", "bus-factor-1"} <= set(finding_ids(result))


def test_missing_mfa_and_backup_but_a_spreadsheet_needs_no_mfa():
    result = analyse(SHOP, SHOP_LINKS)

    assert result.no_mfa == ["顧客台帳"]
    assert result.no_backup == ["POS", "在庫表"]


def test_vendor_without_people_inside_or_anything_returned_is_full_dependence():
    vendors = [
        VendorData("A社", returns_data=False, returns_docs=False, inside_can_operate=False),
        VendorData("B社", returns_data=True, returns_docs=False, inside_can_operate=False),
        VendorData("C社", returns_data=True, returns_docs=True, inside_can_operate=True),
    ]

    result = analyse(SHOP, SHOP_LINKS, vendors)

    assert result.dependent_vendors == ["A社"]
    by_vendor = {f.extra.get("vendor"): f.id for f in result.findings if f.id.startswith("vendor")}
    assert by_vendor == {"A社": "vendor-lock", "B社": "vendor-skills"}


def test_a_well_kept_map_has_no_findings():
    tidy = [
        SystemData("CRM", "営業", "crm", data_kinds=("customer",), has_mfa=True, has_backup=True, operators=("a", "b")),
        SystemData(
            "会計", "経理", "accounting", data_kinds=("customer",), has_mfa=True, has_backup=True, operators=("c", "d")
        ),
    ]
    assert analyse(tidy, [LinkData("CRM", "会計", "api", "realtime")]).findings == []


def test_every_finding_says_what_to_do():
    for finding in analyse(SHOP, SHOP_LINKS, [VendorData("A社")]).findings:
        assert len(finding.detail) > 40, finding.id


names = st.lists(st.sampled_from("ABCDEFGH"), min_size=1, max_size=8, unique=True)


@given(names, st.data())
def test_groups_are_exactly_the_connected_components(system_names, data):
    systems = [SystemData(name) for name in system_names]
    pairs = data.draw(st.lists(st.tuples(st.sampled_from(system_names), st.sampled_from(system_names)), max_size=10))
    links = [LinkData(a, b) for a, b in pairs if a != b]

    group_of = groups(systems, links)

    for link in links:  # linked systems share a group
        assert group_of[link.source] == group_of[link.target]
    # a system with no link is alone in its group
    lonely = set(silos(systems, links)) if len(systems) > 1 else set()
    for name in lonely:
        assert [n for n, g in group_of.items() if g == group_of[name]] == [name]


@given(st.lists(st.decimals(min_value=0, max_value=500, places=1), max_size=12))
def test_rekeying_year_is_twelve_months(hours):
    systems = [SystemData(f"S{i}") for i in range(len(hours) + 1)]
    links = [LinkData(f"S{i}", f"S{i + 1}", "manual", "daily", h) for i, h in enumerate(hours)]

    result = analyse(systems, links)

    assert result.rekey_hours_month == sum(hours, Decimal(0))
    assert result.rekey_hours_year == result.rekey_hours_month * 12
