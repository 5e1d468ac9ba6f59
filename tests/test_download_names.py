"""Every download is named for people: the company's name (Japanese included), what it is, its date or version.

The header is read back with Python's e-mail parser (RFC 2231, the same encoding as RFC 5987's `filename*`),
an implementation independent of ours; as RFC 6266 says, `filename*` wins over `filename` where both are given.
"""

from __future__ import annotations

from datetime import date
from email.message import Message
from email.utils import collapse_rfc2231_value

import pytest
from django.urls import reverse
from django.utils import timezone

from rashinban.assessments import actions as assessments
from rashinban.documents import actions as documents
from rashinban.downloads import ascii_fallback, content_disposition, download_name
from tests.conftest import login


def filename_in(header: str) -> str:
    message = Message()
    message["Content-Disposition"] = header
    params = message.get_params(header="content-disposition") or []
    encoded = [value for name, value in params if name == "filename" and isinstance(value, tuple)]
    assert len(encoded) == 1, header
    return collapse_rfc2231_value(encoded[0])


def ascii_name_in(header: str) -> str:
    return header.split('filename="', 1)[1].split('"', 1)[0]


def test_a_japanese_name_round_trips_through_an_independent_parser():
    name = download_name("株式会社みなと精工", "経営者レポート", "pdf", date(2026, 5, 1))
    header = content_disposition(name)

    assert name == "株式会社みなと精工_経営者レポート_2026-05-01.pdf"
    assert filename_in(header) == name
    assert header.startswith("attachment; ") and ascii_name_in(header) == "rashinban-2026-05-01.pdf"


def test_characters_no_file_system_accepts_are_replaced():
    name = download_name('A/B:商事 "本社"?*<>|\\', "方針\n草案", "docx", label="第2版")

    assert name == "A-B-商事 -本社_方針-草案_第2版.docx"
    assert filename_in(content_disposition(name)) == name


def test_a_very_long_company_name_still_fits_a_file_system():
    name = download_name("株" * 300, "経営者レポート" * 20, "xlsx", date(2026, 5, 1))

    assert len(name.encode("utf-8")) <= 200 and name.endswith(".xlsx")


def test_an_english_name_keeps_a_readable_ascii_fallback():
    name = download_name("Minato Seiko", "Owner's report", "pdf", date(2026, 5, 1))

    assert name == "Minato Seiko_Owner's report_2026-05-01.pdf"
    assert ascii_fallback(name) == "minato-seiko-owners-report-2026-05-01.pdf"


def test_decomposed_kana_from_a_mac_is_composed():
    assert download_name("ハ\u309aソコン", "台帳", "csv") == "パソコン_台帳.csv"


@pytest.fixture
def downloads(org_a, alice):  # type: ignore[no-untyped-def]
    """Every download URL of company A with the name it must carry (today's date where it is dated)."""
    org_a.name = "株式会社みなと精工"
    org_a.save()
    today = timezone.localdate().isoformat()
    diagnosis = assessments.start_diagnosis(org_a, alice)
    policy = documents.generate_version(org_a, "policy", "ja", alice)
    card = documents.generate_version(org_a, "card", "en", alice)

    def url(name: str, **kwargs: int) -> str:
        return reverse(name, kwargs={"org_id": org_a.id, **kwargs})

    company = "株式会社みなと精工"
    return {
        url("reports:pdf"): f"{company}_経営者レポート_{today}.pdf",
        url("reports:xlsx"): f"{company}_経営者レポート_{today}.xlsx",
        url("reports:html"): f"{company}_経営者レポート_{today}.html",
        url("documents:export_pdf", pk=policy.pk): f"{company}_情報セキュリティ基本方針と社内ルール_第1版.pdf",
        url("documents:export_docx", pk=policy.pk): f"{company}_情報セキュリティ基本方針と社内ルール_第1版.docx",
        url("documents:export_html", pk=policy.pk)
        + "?download=1": f"{company}_情報セキュリティ基本方針と社内ルール_第1版.html",
        url("documents:export_pdf", pk=card.pk): f"{company}_The first 30 minutes_version 1.pdf",
        url("planning:roadmap_xlsx"): f"{company}_ロードマップ_{today}.xlsx",
        url("planning:roadmap_ics"): f"{company}_ロードマップ_{today}.ics",
        url("orgs:export"): f"{company}_会社データの書き出し_{today}.json",
        url(
            "assessments:answers_template", pk=diagnosis.pk
        ): f"{company}_DXつまずき診断(7つの失敗パターン)_回答シート.xlsx",
        url("landscape:export"): f"{company}_システム構成図_{today}.xlsx",
        url("landscape:export") + "?format=csv&table=systems": f"{company}_システム構成図 システム_{today}.csv",
    }


def test_every_download_carries_the_company_s_name(client, alice, downloads):
    login(client, alice)

    for url, expected in downloads.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert filename_in(response["Content-Disposition"]) == expected, url


def test_another_company_gets_no_download(client, mallory, downloads):
    login(client, mallory)

    for url in downloads:
        assert client.get(url).status_code == 404, url


def test_the_advisor_s_client_list_is_named_for_what_it_is(client, carol, org_a):
    response = login(client, carol).get(reverse("advisors:portfolio_export"))

    assert filename_in(response["Content-Disposition"]) == f"顧問先一覧_{timezone.localdate().isoformat()}.xlsx"
