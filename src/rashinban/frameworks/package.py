"""The evidence package (証拠パッケージ) for a framework, above all METI ★4, where a third party evaluates: what an
evaluator would ask to see, collected in one zip.

    00_index.pdf                       the index: company, framework and its source, each requirement with its
                                       state and the records that show it, with their dates (PDF, embedded font)
    index.json                         the same index for machines
    documents/<kind>_v<N>.pdf          every published document (policy, plan, card) as currently published
    checks/<check>.json                each check's latest run: date, valid until, verdict and finding counts

Only what a customer's evaluator may see: check runs go in as summaries (date, verdict, counts), never their raw
rows (names, mail addresses, device lists). Bounded: at most MAX_BYTES in all; a larger package is refused.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from rashinban.frameworks.gather import company_state
from rashinban.frameworks.items import item_title
from rashinban.frameworks.library import Framework, localized
from rashinban.frameworks.readiness import readiness
from rashinban.i18n import gettext_in, gettext_noop
from rashinban.reports.document import Document, Heading, KeyValues, Paragraph, Table

MAX_BYTES = 25 * 1024 * 1024


class PackageTooLarge(ValueError):
    pass


@dataclass(frozen=True)
class Package:
    content: bytes
    names: list[str]


def _t(lang: str, message: str) -> str:
    return gettext_in(lang, message)


STATUS = {
    "proven": gettext_noop("Proven by a record"),
    "claimed": gettext_noop("Answered, not proven"),
    "missing": gettext_noop("Not met yet"),
    "not-applicable": gettext_noop("Not applicable"),
    "contradicted": gettext_noop("A record says otherwise"),
}


def _day(at: datetime | None) -> str:
    return timezone.localtime(at).date().isoformat() if at else ""


def build_package(organisation, framework: Framework, lang: str = "ja", now: datetime | None = None) -> Package:  # type: ignore[no-untyped-def]
    from rashinban.documents.actions import as_document
    from rashinban.documents.models import DocumentVersion
    from rashinban.evidence.freshness import validity_days
    from rashinban.evidence.models import CheckRun
    from rashinban.reports.pdf import to_pdf

    now = now or timezone.now()
    state = company_state(organisation, now)
    result = readiness(framework, state)
    files: dict[str, bytes] = {}

    documents = []
    published = DocumentVersion.objects.filter(organisation=organisation, published_at__isnull=False).order_by(
        "kind", "-published_at"
    )
    seen = set()
    for version in published:
        if version.kind in seen:
            continue
        seen.add(version.kind)
        name = f"documents/{version.kind}_v{version.number}.pdf"
        files[name] = to_pdf(as_document(version))
        documents.append(
            {
                "kind": version.kind,
                "title": version.title,
                "version": version.number,
                "published": _day(version.published_at),
                "file": name,
            }
        )

    checks = []
    days = validity_days(organisation)
    latest: dict[str, CheckRun] = {}
    for run in CheckRun.objects.filter(organisation=organisation).order_by("check_name", "-created_at", "-id"):
        latest.setdefault(run.check_name, run)
    for name, run in sorted(latest.items()):
        valid_until = run.created_at + timedelta(days=days.get(name, 90))
        summary = {
            "check": name,
            "title": item_title(f"check:{name}", lang),
            "checked": _day(run.created_at),
            "valid_until": _day(valid_until),
            "within_validity": valid_until >= now,
            "passed": not run.failed,
            "findings": run.finding_count,
            "worst": run.worst,
        }
        file = f"checks/{name}.json"
        files[file] = json.dumps(summary, ensure_ascii=False, indent=2).encode()
        checks.append(summary | {"file": file})

    requirements = []
    for r in result.requirements:
        requirements.append(
            {
                "id": r.requirement.id,
                "summary": localized(r.requirement.summary, lang),
                "status": r.status,
                "reason": r.reason,
                "shown_by": [
                    {"item": i.item, "title": item_title(i.item, lang), "status": i.status, "date": _day(i.at)}
                    for i in r.items
                    if i.status in ("proven", "claimed")
                ],
            }
        )
    index = {
        "company": organisation.name,
        "framework": framework.id,
        "title": localized(framework.title, lang),
        "version": framework.version,
        "source": {"title": framework.source.title, "url": framework.source.url, "as_of": framework.as_of.isoformat()},
        "draft": framework.status == "draft",
        "generated": _day(now),
        "ready": result.ready,
        "missing": result.missing,
        "requirements": requirements,
        "documents": documents,
        "checks": checks,
    }
    files["index.json"] = json.dumps(index, ensure_ascii=False, indent=2).encode()
    files["00_index.pdf"] = to_pdf(_index_document(organisation.name, framework, index, lang, now))

    buffer = io.BytesIO()
    total = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            total += len(files[name])
            if total > MAX_BYTES:
                raise PackageTooLarge(name)
            archive.writestr(name, files[name])
    return Package(buffer.getvalue(), sorted(files))


def _index_document(company: str, framework: Framework, index: dict, lang: str, now: datetime) -> Document:
    t = lambda message: _t(lang, message)  # noqa: E731
    title = localized(framework.title, lang)
    doc = Document(
        title=t(gettext_noop("Evidence package")) + f": {title}",
        subtitle=framework.version,
        organisation=company,
        issued=timezone.localtime(now).date(),
        language=lang,
    )
    facts = [
        (t(gettext_noop("Company")), company),
        (t(gettext_noop("Framework")), f"{title} ({framework.version})"),
        (t(gettext_noop("Source")), f"{framework.source.title} {framework.as_of.isoformat()} {framework.source.url}"),
        (t(gettext_noop("Prepared on")), index["generated"]),
        (t(gettext_noop("Requirements not met yet")), ", ".join(index["missing"]) or "—"),
    ]
    if framework.status == "draft" and framework.draft_date:
        facts.append(
            (
                t(gettext_noop("Note")),
                t(gettext_noop("This is a draft of %(date)s; the final text may change."))
                % {"date": framework.draft_date},
            )
        )
    doc.add(KeyValues(facts))
    doc.add(Heading(t(gettext_noop("Requirements")), 2))
    rows = []
    for r in index["requirements"]:
        shown = "; ".join(f"{s['title']} {s['date']}".strip() for s in r["shown_by"]) or (r["reason"] or "—")
        rows.append([r["id"], r["summary"], t(STATUS.get(r["status"], r["status"])), shown])
    doc.add(
        Table(
            [
                t(gettext_noop("No.")),
                t(gettext_noop("Requirement (our summary)")),
                t(gettext_noop("State")),
                t(gettext_noop("Shown by")),
            ],
            rows,
            widths=[1, 4, 2, 4],
        )
    )
    doc.add(Heading(t(gettext_noop("Documents in this package")), 2))
    if index["documents"]:
        doc.add(
            Table(
                [t(gettext_noop("Document")), t(gettext_noop("Published")), t(gettext_noop("File"))],
                [[d["title"], d["published"], d["file"]] for d in index["documents"]],
                widths=[4, 2, 4],
            )
        )
    else:
        doc.add(Paragraph(t(gettext_noop("No document is published yet."))))
    doc.add(Heading(t(gettext_noop("Check results in this package")), 2))
    if index["checks"]:
        doc.add(
            Table(
                [
                    t(gettext_noop("Check")),
                    t(gettext_noop("Checked on")),
                    t(gettext_noop("Valid until")),
                    t(gettext_noop("Result")),
                    t(gettext_noop("File")),
                ],
                [
                    [
                        c["title"],
                        c["checked"],
                        c["valid_until"],
                        t(gettext_noop("passed")) if c["passed"] else t(gettext_noop("findings to fix")),
                        c["file"],
                    ]
                    for c in index["checks"]
                ],
                widths=[3, 2, 2, 2, 3],
            )
        )
    else:
        doc.add(Paragraph(t(gettext_noop("No check has been run yet."))))
    doc.add(
        Paragraph(
            t(
                gettext_noop(
                    "Summaries of requirements are in our own words; the official text is at the source above."
                )
            ),
            "note",
        )
    )
    return doc
