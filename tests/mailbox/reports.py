"""DMARC aggregate reports written for the tests, in the RFC 7489 appendix C shape."""

from __future__ import annotations

import gzip
import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    ip: str
    count: int
    dkim: str = "pass"  # policy_evaluated: aligned
    spf: str = "pass"
    disposition: str = "none"
    passes: tuple[tuple[str, str], ...] = ()  # auth_results that passed: (kind, domain)


def report_xml(rows: list[Row], *, domain: str = "a.example", policy: str = "none", org: str = "google.com",
               report_id: str = "r1", namespace: str = "") -> bytes:  # fmt: skip
    ns = f' xmlns="{namespace}"' if namespace else ""
    records = []
    for row in rows:
        auth = "".join(f"<{kind}><domain>{d}</domain><result>pass</result></{kind}>" for kind, d in row.passes)
        records.append(
            f"<record><row><source_ip>{row.ip}</source_ip><count>{row.count}</count><policy_evaluated>"
            f"<disposition>{row.disposition}</disposition><dkim>{row.dkim}</dkim><spf>{row.spf}</spf>"
            f"</policy_evaluated></row><identifiers><header_from>{domain}</header_from></identifiers>"
            f"<auth_results>{auth}</auth_results></record>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><feedback{ns}><report_metadata><org_name>{org}</org_name>'
        f"<email>noreply-dmarc-support@{org}</email><report_id>{report_id}</report_id><date_range>"
        f"<begin>1775433600</begin><end>1775519999</end></date_range></report_metadata><policy_published>"
        f"<domain>{domain}</domain><adkim>r</adkim><aspf>r</aspf><p>{policy}</p><sp>{policy}</sp><pct>100</pct>"
        f"</policy_published>{''.join(records)}</feedback>"
    ).encode()


def gz(data: bytes) -> bytes:
    return gzip.compress(data)


def zipped(data: bytes, name: str = "google.com!a.example!1775433600!1775519999.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


# Hand-computed case: 100 aligned, 40 from SendGrid authenticated as sendgrid.net only, 10 passing nothing.
MIXED = [
    Row("203.0.113.10", 100, passes=(("dkim", "a.example"), ("spf", "a.example"))),
    Row("198.51.100.5", 40, dkim="fail", spf="fail", passes=(("dkim", "sendgrid.net"), ("spf", "sendgrid.net"))),
    Row("192.0.2.66", 10, dkim="fail", spf="fail", disposition="none"),
]
# Everything of the company's own passes; only an impostor fails.
CLEAN = [
    Row("203.0.113.10", 500, passes=(("dkim", "a.example"),)),
    Row("203.0.113.11", 20, dkim="fail", spf="pass", passes=(("spf", "a.example"),)),
    Row("192.0.2.66", 3, dkim="fail", spf="fail"),
]
