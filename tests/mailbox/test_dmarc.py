"""DMARC aggregate reports: hand-computed summaries, every file form, bombs refused, and the CLI contract."""

from __future__ import annotations

import gzip
import json

import pytest
from click.testing import CliRunner

from rashinban.cli import main
from rashinban.limits import LimitError
from rashinban.mailbox import dmarc
from tests.mailbox.reports import CLEAN, MIXED, Row, gz, report_xml, zipped


def summary_of(*files: bytes) -> dmarc.Summary:
    summary = dmarc.Summary()
    for number, data in enumerate(files):
        for report in dmarc.parse(data, f"report{number}.xml"):
            summary.add(report)
    return summary


def test_hand_computed_mixed_report():
    data = summary_of(report_xml(MIXED)).as_json()
    assert set(data) == {"reports", "messages", "pass_rate", "sources", "findings"}
    assert data["reports"] == 1 and data["messages"] == 150
    assert data["pass_rate"] == round(100 / 150, 4)
    assert data["sources"] == [
        {"source_ip": "203.0.113.10", "messages": 100, "spf_aligned": 100, "dkim_aligned": 100, "dmarc_pass": 100,
         "disposition": "none"},
        {"source_ip": "198.51.100.5", "messages": 40, "spf_aligned": 0, "dkim_aligned": 0, "dmarc_pass": 0,
         "disposition": "none"},
        {"source_ip": "192.0.2.66", "messages": 10, "spf_aligned": 0, "dkim_aligned": 0, "dmarc_pass": 0,
         "disposition": "none"},
    ]  # fmt: skip
    findings = {f["id"]: f for f in data["findings"]}
    assert set(findings) == {"dmarc-unaligned-source", "dmarc-unauthenticated-source"}
    assert findings["dmarc-unaligned-source"]["severity"] == "medium"
    assert findings["dmarc-unaligned-source"]["items"] == ["198.51.100.5 (SendGrid)"]
    assert findings["dmarc-unauthenticated-source"]["severity"] == "low"


def test_clean_domain_on_p_none_is_ready_for_quarantine():
    data = summary_of(report_xml(CLEAN)).as_json()
    assert data["messages"] == 523 and data["pass_rate"] == round(520 / 523, 4)
    ids = {f["id"]: f["severity"] for f in data["findings"]}
    assert ids == {"dmarc-ready-for-quarantine": "info", "dmarc-unauthenticated-source": "low"}
    # Already at quarantine: nothing to move to.
    assert "dmarc-ready-for-quarantine" not in {
        f["id"] for f in summary_of(report_xml(CLEAN, policy="quarantine")).as_json()["findings"]
    }


def test_one_unaligned_service_blocks_quarantine():
    rows = [*CLEAN, Row("198.51.100.9", 1, dkim="fail", spf="fail", passes=(("spf", "mcsv.net"),))]
    ids = [f["id"] for f in summary_of(report_xml(rows)).as_json()["findings"]]
    assert "dmarc-ready-for-quarantine" not in ids and "dmarc-unaligned-source" in ids


def test_gz_zip_and_xml_say_the_same():
    xml = report_xml(MIXED)
    assert summary_of(xml).as_json() == summary_of(gz(xml)).as_json() == summary_of(zipped(xml)).as_json()


def test_the_same_report_twice_counts_once_and_sources_add_up_across_reports():
    first = report_xml(MIXED, report_id="a")
    second = report_xml([Row("203.0.113.10", 7, disposition="quarantine", dkim="fail", spf="fail")], report_id="b",
                        org="outlook.com")  # fmt: skip
    data = summary_of(first, first, second).as_json()
    assert data["reports"] == 2 and data["messages"] == 157
    top = data["sources"][0]
    assert top == {"source_ip": "203.0.113.10", "messages": 107, "spf_aligned": 100, "dkim_aligned": 100,
                   "dmarc_pass": 100, "disposition": "none"}  # fmt: skip


def test_dmarcbis_namespace_and_a_receivers_quirks():
    """Shapes seen in published samples (parsedmarc's samples/aggregate): a namespace on <feedback>, stray text
    between elements, an empty <auth_results>, IPv6 sources written in long form."""
    xml = report_xml([Row("2001:0db8:0000:0000:0000:0000:0000:0001", 2, dkim="fail", spf="fail")],
                     namespace="urn:ietf:params:xml:ns:dmarc-2.0")  # fmt: skip
    xml = xml.replace(b"<pct>100</pct>", b"11\n<pct>100</pct>")
    [source] = summary_of(xml).as_json()["sources"]
    assert source["source_ip"] == "2001:db8::1" and source["messages"] == 2 and source["dmarc_pass"] == 0


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (gzip.compress(b"<feedback>" + b" " * (80 * 1024 * 1024) + b"</feedback>"), "bomb.xml.gz"),
        (b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY a "aaaa">]><feedback>&a;</feedback>', "DTD"),
        (b"<html><body>not a report</body></html>", "feedback"),
        (b"<feedback><report_metadata>", "XML"),
        (report_xml([Row("not-an-ip", 1)]), "source_ip"),
    ],
)
def test_bad_files_are_refused_with_the_file_named(data, words):
    with pytest.raises(LimitError) as refused:
        dmarc.parse(data, "bomb.xml.gz")
    assert "bomb.xml.gz" in str(refused.value) and words.lower() in str(refused.value).lower() + "bomb.xml.gz"


@pytest.fixture
def cli(monkeypatch):
    monkeypatch.setenv("RASHINBAN_LANG", "en")
    return lambda *args: CliRunner().invoke(main, ["dmarc-report", *args], catch_exceptions=False)


def test_cli_json_contract_and_exit_codes(cli, tmp_path):
    mixed, clean = tmp_path / "mixed.xml.gz", tmp_path / "clean.zip"
    mixed.write_bytes(gz(report_xml(MIXED)))
    clean.write_bytes(zipped(report_xml(CLEAN, report_id="c")))
    result = cli(str(mixed), "--json")
    assert result.exit_code == 1 and result.stderr == ""
    data = json.loads(result.stdout)
    assert set(data) == {"reports", "messages", "pass_rate", "sources", "findings"}
    assert all(set(s) == {"source_ip", "messages", "spf_aligned", "dkim_aligned", "dmarc_pass", "disposition"}
               for s in data["sources"])  # fmt: skip
    assert cli(str(clean), "--json").exit_code == 0
    text = cli(str(mixed))
    assert "SendGrid" in text.stdout and text.exit_code == 1


def test_cli_bad_file_exits_2_naming_it(cli, tmp_path):
    bad = tmp_path / "broken.xml"
    bad.write_bytes(b"<feedback><oops>")
    result = cli(str(bad), "--json")
    assert result.exit_code == 2 and result.stdout == "" and "broken.xml" in result.stderr
    assert cli(str(tmp_path / "missing.xml")).exit_code == 2
