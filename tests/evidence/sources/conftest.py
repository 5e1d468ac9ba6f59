from __future__ import annotations

from datetime import date

import pytest

from tests.evidence.sources.fake_cloud import CLIENT_SECRET, Device, FakeCloud, TenantUser

TODAY = date(2026, 11, 25)


def small_tenant() -> list[TenantUser]:
    return [
        TenantUser("yamada@example.co.jp", "山田 太郎", admin=True, mfa=False),
        TenantUser("sato@example.co.jp", "佐藤 花子", mfa=False, last_sign_in=date(2026, 11, 19)),
        TenantUser("suzuki@example.co.jp", "鈴木 一郎", last_sign_in=date(2026, 5, 1)),
        TenantUser("tanaka@example.co.jp", "田中 次郎", last_sign_in=None),
        TenantUser("info@example.co.jp", "お問い合わせ"),
        TenantUser("taishoku@example.co.jp", "退職 済", enabled=False, mfa=False, last_sign_in=None),
    ]


@pytest.fixture
def cloud():
    devices = [
        Device("PC-01", "Windows", "10.0.19045.5247", encrypted=False, user="yamada@example.co.jp"),
        Device("PC-02", "Windows", "10.0.26200.7171"),
        Device("iPhone-sato", "iOS", "18.1", owner_type="personal", user="sato@example.co.jp"),
    ]
    with FakeCloud(small_tenant(), devices) as server:
        server.page_size = 2  # every listing spans pages
        yield server


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(CLIENT_SECRET + "\n")
    return path
