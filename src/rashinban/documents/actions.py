"""Every change to the security documents goes through these functions (views, demo and tests alike)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rashinban.documents import review
from rashinban.documents.contacts import clean_contacts
from rashinban.documents.gather import company_facts
from rashinban.documents.generate import generate
from rashinban.documents.markup import from_markup, to_markup
from rashinban.documents.models import Acknowledgement, ContactSheet, DocumentKind, DocumentVersion
from rashinban.orgs.choices import Role
from rashinban.orgs.models import Membership, Organisation, User
from rashinban.orgs.tenancy import scoped
from rashinban.reports.document import Document, printable
from rashinban.tasks.mail import queue_mail

# Advisors are outsiders: the company's own people are the ones who must read and confirm.
READER_ROLES = (Role.OWNER, Role.MEMBER)
BODY_MAX = 100_000


class DocumentError(Exception):
    """A change that is not allowed in the document's current state (shown to the user as is)."""


def contacts_of(org: Organisation) -> dict[str, dict[str, str]]:
    sheet = ContactSheet.objects.filter(organisation=org).first()
    return dict(sheet.contacts) if sheet else {}


def save_contacts(org: Organisation, data: Mapping[str, object], by: User) -> ContactSheet:
    sheet, _created = ContactSheet.objects.get_or_create(organisation=org)
    sheet.contacts = clean_contacts(data)
    sheet.updated_at = timezone.now()
    sheet.updated_by = by
    sheet.save()
    return sheet


def generate_version(org: Organisation, kind: str, language: str, by: User | None) -> DocumentVersion:
    """A new draft version from the company's current facts and contacts."""
    document = generate(kind, company_facts(org), contacts_of(org), language)
    note = _("Generated from the company profile, systems map and self-check")
    return _add_version(
        org,
        kind,
        language,
        document.title,
        document.subtitle,
        to_markup(document.blocks),
        by,
        generated=True,
        note=note,
    )


def save_edit(version: DocumentVersion, title: str, subtitle: str, body: str, note: str, by: User) -> DocumentVersion:
    """Editing never changes a version: it adds the next one (the old text stays in the history)."""
    return _add_version(
        version.organisation,
        version.kind,
        version.language,
        title,
        subtitle,
        body[:BODY_MAX],
        by,
        generated=False,
        note=note,
    )


def _add_version(org, kind, language, title, subtitle, body, by, *, generated: bool, note: str) -> DocumentVersion:  # type: ignore[no-untyped-def]
    if kind not in DocumentKind.values:
        raise DocumentError(_("Unknown document."))
    for _attempt in range(3):  # two editors saving at once: the second takes the next number
        number = (scoped(DocumentVersion.objects.filter(kind=kind), org).aggregate(n=Max("number"))["n"] or 0) + 1
        try:
            with transaction.atomic():
                return DocumentVersion.objects.create(
                    organisation=org,
                    kind=kind,
                    number=number,
                    language=language,
                    title=title[:200],
                    subtitle=subtitle[:200],
                    body=body,
                    generated=generated,
                    note=note[:200],
                    created_by=by,
                )
        except IntegrityError:
            continue
    raise DocumentError(_("Someone else saved at the same moment. Please try again."))


def publication_check(version: DocumentVersion) -> review.PublicationCheck:
    """What is still blank in the version, and the notes to the owner that publishing leaves out."""
    return review.check(from_markup(version.body))


def contacts_changed_since(version: DocumentVersion) -> bool:
    """The contact sheet was saved after this plan or card was written: a new version would print it."""
    if version.kind not in (DocumentKind.PLAN, DocumentKind.CARD):
        return False
    sheet = ContactSheet.objects.filter(organisation=version.organisation).first()
    return sheet is not None and sheet.updated_at > version.created_at


def publish(version: DocumentVersion, by: User) -> DocumentVersion:
    if version.published_at is None:
        version.published_at = timezone.now()
        version.published_by = by
        version.save(update_fields=["published_at", "published_by"])
    return version


def published_version(org: Organisation, kind: str) -> DocumentVersion | None:
    """The version everyone must know: the one published last."""
    versions = scoped(DocumentVersion.objects.filter(kind=kind, published_at__isnull=False), org)
    return versions.order_by("-published_at", "-number").first()


def is_current(version: DocumentVersion) -> bool:
    current = published_version(version.organisation, version.kind)
    return current is not None and current.pk == version.pk


def confirm(version: DocumentVersion, user: User) -> Acknowledgement:
    if not is_current(version):
        raise DocumentError(_("Only the published version can be confirmed."))
    acknowledgement, _created = Acknowledgement.objects.get_or_create(
        organisation=version.organisation, version=version, user=user
    )
    return acknowledgement


@dataclass(frozen=True)
class ReaderStatus:
    user: User
    role: str
    confirmed_at: datetime | None


def reader_status(version: DocumentVersion) -> list[ReaderStatus]:
    """Every owner and member of the company, with when they confirmed this version (None: not yet)."""
    confirmed = dict(Acknowledgement.objects.filter(version=version).values_list("user_id", "confirmed_at"))
    memberships = scoped(Membership.objects.filter(active=True, role__in=READER_ROLES), version.organisation)
    return [
        ReaderStatus(m.user, m.role, confirmed.get(m.user_id))
        for m in memberships.select_related("user").order_by("user__display_name", "user__email")
    ]


def send_reminders(version: DocumentVersion, by: User) -> int:
    """Mail everyone who has not confirmed the published version yet (through the mail.send task)."""
    if not is_current(version):
        raise DocumentError(_("Reminders can be sent only for the published version."))
    missing = [status.user for status in reader_status(version) if status.confirmed_at is None]
    link = settings.BASE_URL.rstrip("/") + reverse(
        "documents:version", kwargs={"org_id": version.organisation_id, "pk": version.pk}
    )
    for person in missing:
        with translation.override(person.language or "ja"):
            subject = _("Please read: %(title)s (%(company)s)") % {
                "title": version.title,
                "company": version.organisation.name,
            }
            body = render_to_string(
                "documents/mail/reminder.txt",
                {"version": version, "person": person, "link": link, "sender": by},
            )
        queue_mail(subject, body, [person.email], organisation=version.organisation)
    version.reminded_at = timezone.now()
    version.save(update_fields=["reminded_at"])
    return len(missing)


def as_document(version: DocumentVersion) -> Document:
    """The version as the shared document model, for the HTML, PDF and Word exports: never the notes to the owner."""
    issued = version.published_at or version.created_at
    label = f"第{version.number}版" if version.language == "ja" else f"Version {version.number}"
    return Document(
        title=version.title,
        subtitle=" · ".join(filter(None, [version.subtitle, label])),
        organisation=version.organisation.name,
        issued=timezone.localtime(issued).date(),
        language=version.language,
        blocks=printable(from_markup(version.body)),
    )
