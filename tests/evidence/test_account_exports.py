"""Every supported export format, read from realistic fixture files; bad files name file, row and column."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rashinban.evidence.account_exports import merge_accounts, read_accounts
from rashinban.evidence.registry import InputError, Upload

FIXTURES = Path(__file__).parent / "fixtures"


def upload(name: str) -> Upload:
    return Upload(name, (FIXTURES / name).read_bytes())


def by_address(name: str) -> dict:
    export_format, accounts = read_accounts(upload(name))
    return {"format": export_format.id, **{a.address: a for a in accounts}}


def test_google_workspace_download_gives_status_sign_in_and_2sv():
    accounts = by_address("google_workspace_users.csv")
    assert accounts["format"] == "google-workspace"
    yamada = accounts["yamada@example.co.jp"]
    assert (yamada.name, yamada.enabled, yamada.mfa, yamada.last_sign_in) == (
        "太郎 山田",
        True,
        True,
        date(2026, 11, 20),
    )
    assert accounts["takahashi@example.co.jp"].enabled is False  # Suspended
    tanaka = accounts["tanaka@example.co.jp"]
    assert tanaka.never_signed_in is True and tanaka.last_sign_in is None  # "Never logged in"
    assert accounts["sato@example.co.jp"].mfa is False


def test_entra_portal_download_gives_admin_and_mfa_registration():
    accounts = by_address("entra_registration_portal.csv")
    assert accounts["format"] == "entra-registration"
    assert accounts["sato@example.co.jp"].admin is True and accounts["sato@example.co.jp"].mfa is False
    assert accounts["yamada@example.co.jp"].mfa is True
    assert (
        accounts["yamada@example.co.jp"].last_sign_in is None
        and accounts["yamada@example.co.jp"].never_signed_in is None
    )


def test_entra_export_csv_with_type_line_bom_and_quotes():
    accounts = by_address("entra_registration_export.csv")
    assert accounts["format"] == "entra-registration"
    assert len(accounts) == 5  # format + 4 accounts
    assert accounts["kobayashi@example.co.jp"].name == "Kobayashi, Ken"  # a comma inside quotes survives
    assert accounts["yamada@example.co.jp"].admin is True


def test_m365_active_users_block_credential_is_the_enabled_flag():
    accounts = by_address("m365_active_users.csv")
    assert accounts["format"] == "m365-active-users"
    assert accounts["taishoku@example.co.jp"].enabled is False
    assert accounts["yamada@example.co.jp"].enabled is True and accounts["yamada@example.co.jp"].mfa is None
    assert accounts["kobayashi@example.co.jp"].created == date(2026, 11, 15)


@pytest.mark.parametrize("name", ["generic.csv", "generic_sjis.csv"])
def test_generic_csv_in_utf8_and_shift_jis_with_japanese_headers(name):
    accounts = by_address(name)
    assert accounts["format"] == "generic"
    assert accounts["left@example.co.jp"].name == '"辞めた", 人'
    assert accounts["left@example.co.jp"].enabled is False
    assert accounts["sato@example.co.jp"].last_sign_in == date(2026, 11, 19)
    assert accounts["new@example.co.jp"].never_signed_in is True
    assert accounts["yamada@example.co.jp"].admin is True


def test_files_of_one_tenant_are_joined_on_the_address():
    lists = [read_accounts(upload(n))[1] for n in ("m365_active_users.csv", "entra_registration_portal.csv")]
    merged = {a.address: a for a in merge_accounts(lists)}
    assert len(merged) == 9  # 6 + 6 with 3 in common
    sato = merged["sato@example.co.jp"]
    assert (sato.enabled, sato.mfa, sato.admin) == (True, False, True)
    assert merged["taishoku@example.co.jp"].enabled is False
    assert sato.sources == ["m365-active-users", "entra-registration"]


def test_a_block_anywhere_wins_and_the_latest_sign_in_counts():
    first = read_accounts(Upload("a.csv", b"email,enabled,last_sign_in\nx@e.jp,yes,2026-01-01\n"))[1]
    second = read_accounts(Upload("b.csv", b"email,enabled,last_sign_in\nX@E.JP,no,2026-03-01\n"))[1]
    (merged,) = merge_accounts([first, second])
    assert merged.enabled is False and merged.last_sign_in == date(2026, 3, 1)


@pytest.mark.parametrize(
    ("name", "row", "column", "words"),
    [
        ("bad_date.csv", 3, "last_sign_in", "昨日"),
        ("bad_bool.csv", 2, "mfa", "maybe"),
        ("bad_address.csv", 3, "email", "佐藤 花子"),
        ("unknown_header.csv", 1, "", "header row"),
        ("broken_quotes.csv", 2, "", "cells"),
        ("empty.csv", None, "", "empty"),
        ("not_text.csv", None, "", "UTF-8"),
    ],
)
def test_malformed_files_name_the_file_row_and_column(name, row, column, words):
    with pytest.raises(InputError) as caught:
        read_accounts(upload(name))
    error = caught.value
    assert (error.file, error.row, error.column) == (name, row, column)
    assert words in str(error) and name in str(error)


def test_google_export_with_an_admin_role_and_unknown_columns_is_read_and_lists_them():
    """The admin console's download with two more columns: a role's name ("Super Admin") and one of its own."""
    lines = (FIXTURES / "google_workspace_users.csv").read_text(encoding="utf-8").splitlines()
    roles = ["Super Admin", "", "User Management Admin", "", "", "", "", ""]
    text = "\n".join(
        [lines[0] + ",Admin role,Cost Center [Custom]"]
        + [f"{line},{roles[i]},CC-{i}" for i, line in enumerate(lines[1:])]
    )
    from rashinban.evidence.account_exports import read_export

    export = read_export(Upload("users.csv", text.encode()))
    assert export.format.id == "google-workspace"
    accounts = {a.address: a for a in export.accounts}
    assert accounts["yamada@example.co.jp"].admin is True and accounts["sato@example.co.jp"].admin is False
    assert "Cost Center [Custom]" in export.ignored and "Recovery Email" in export.ignored
    assert "Admin role" not in export.ignored and "Email Address [Required]" not in export.ignored


def test_only_the_columns_we_read_can_fail_a_file():
    # A broken date in a column we do not read (Email Usage) is left alone; one in Last Sign In names its cell.
    header = "Email Address [Required],Last Sign In [READ ONLY],Email Usage [READ ONLY],2sv Enrolled [READ ONLY]"
    fine = read_accounts(Upload("u.csv", f"{header}\na@e.jp,2026/11/20 09:00:00,???,True\n".encode()))[1]
    assert fine[0].mfa is True
    with pytest.raises(InputError) as caught:
        read_accounts(Upload("u.csv", f"{header}\na@e.jp,yesterday,1 GB,True\n".encode()))
    assert (caught.value.row, caught.value.column) == (2, "Last Sign In [READ ONLY]")
