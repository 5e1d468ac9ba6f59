"""Every change to diagnoses goes through these functions; views, CLI, demo and API call them alike."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rashinban.assessments.catalog import Catalog, get_catalog, load_catalog_text, localized
from rashinban.assessments.invitation import Invitation, invitation_mail
from rashinban.assessments.models import AnswerDraft, CustomCatalog, Diagnosis, StaffResponse, SurveyLink
from rashinban.assessments.scoring import score
from rashinban.orgs.models import Organisation, User, hash_token
from rashinban.tasks.mail import company_sender, queue_mail

DEFAULT_CATALOG = "dx-seven-sins"
# The security self-check is a Diagnosis too (same answers, survey and staff links); the DX pages leave it out.
SECURITY_CATALOG = "security-selfcheck"
MANAGEMENT, STAFF = "management", "staff"


class SurveyLinkError(Exception):
    """The survey link is unknown or has been used already."""


@lru_cache(maxsize=256)
def _parse_custom(pk: int, source: str) -> Catalog:
    return load_catalog_text(source, f"catalog-{pk}.yaml")


def catalog_for(diagnosis: Diagnosis) -> Catalog:
    if diagnosis.custom_catalog_id:
        custom = diagnosis.custom_catalog
        assert custom is not None
        return _parse_custom(custom.pk, custom.source)
    return get_catalog(diagnosis.catalog_id)


def cached_scores(catalog: Catalog, answers: Mapping[str, str], audience: str) -> dict:
    """The shape stored in Diagnosis.management_scores and per response before averaging."""
    result = score(catalog, answers, audience=audience)
    return {"overall": result.overall_score, "sections": {s.id: s.score for s in result.sections}}


def start_diagnosis(organisation: Organisation, by: User, custom: CustomCatalog | None = None) -> Diagnosis:
    catalog = _parse_custom(custom.pk, custom.source) if custom else get_catalog(DEFAULT_CATALOG)
    return Diagnosis.objects.create(
        organisation=organisation,
        catalog_id=catalog.id,
        catalog_version=catalog.version,
        custom_catalog=custom,
        created_by=by,
    )


def submit_management_answers(diagnosis: Diagnosis, answers: Mapping[str, str], by: User) -> Diagnosis:
    """Store management's answers (unanswered questions count as "don't know") and cache the scores."""
    catalog = catalog_for(diagnosis)
    diagnosis.management_answers = dict(answers)
    diagnosis.management_scores = cached_scores(catalog, answers, MANAGEMENT)
    diagnosis.answered_by = by
    diagnosis.completed_at = timezone.now()
    diagnosis.save(update_fields=["management_answers", "management_scores", "answered_by", "completed_at"])
    return diagnosis


def issue_survey_links(
    diagnosis: Diagnosis, count: int, emails: Iterable[str], language: str, invitation: Invitation | None = None
) -> list[str]:
    """Create one link per person; links for the given addresses are mailed, the rest returned to hand out.

    The mails come from the company (`tasks.mail.company_sender`) and name the person in `invitation`. The links
    returned exist nowhere else: only their hashes are stored, and the caller shows them once (the printed sheet)."""
    emails = list(dict.fromkeys(e.strip().lower() for e in emails if e.strip()))
    if emails and invitation is None:
        raise ValueError("mailed survey links need an invitation: who sends them and by when to answer")
    tokens = SurveyLink.issue(diagnosis, count + len(emails), invitation.answer_by if invitation else None)
    mailed, handed_out = tokens[: len(emails)], tokens[len(emails) :]
    if emails and invitation is not None:
        organisation = diagnosis.organisation
        sender = company_sender(organisation)
        title = localized(catalog_for(diagnosis).title, language)
        for email, token in zip(emails, mailed, strict=True):
            subject, body = invitation_mail(organisation, invitation, title, survey_url(token), language)
            # One job per person: an address the mail server refuses fails alone, visibly.
            queue_mail(subject, body, [email], organisation=organisation, sender=sender)
    return handed_out


def survey_url(token: str) -> str:
    return settings.BASE_URL + reverse("assessments:survey", args=[token])


def find_survey_link(token: str) -> SurveyLink:
    link = (
        SurveyLink.objects.select_related("diagnosis", "diagnosis__organisation")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if link is None:
        raise SurveyLinkError(_("This survey link is not valid. Please check the link you received."))
    if link.used_at is not None:
        raise SurveyLinkError(_("This survey link has already been used. Each link can answer once."))
    return link


@transaction.atomic
def submit_staff_response(token: str, answers: Mapping[str, str]) -> StaffResponse:
    """Record one anonymous response; the link is spent in the same transaction, so it answers once."""
    link = find_survey_link(token)
    spent = SurveyLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=timezone.now())
    if spent != 1:
        raise SurveyLinkError(_("This survey link has already been used. Each link can answer once."))
    diagnosis = link.diagnosis
    catalog = catalog_for(diagnosis)
    AnswerDraft.objects.filter(link=link).delete()  # the draft never outlives the answer
    response = StaffResponse.objects.create(
        organisation=diagnosis.organisation, diagnosis=diagnosis, answers=dict(answers)
    )
    refresh_staff_scores(diagnosis, catalog)
    from rashinban.assessments.anonymity import STAFF_MINIMUM

    if diagnosis.staff_count == STAFF_MINIMUM:  # the first time the staff results can show
        from rashinban.notify.hooks import survey_ready

        survey_ready(diagnosis, diagnosis.staff_count)
    return response


def refresh_staff_scores(diagnosis: Diagnosis, catalog: Catalog | None = None) -> None:
    """Cache the staff aggregate as it may be shown: over the released responses only (assessments.anonymity)."""
    from rashinban.assessments.anonymity import released_responses

    catalog = catalog or catalog_for(diagnosis)
    per_response = [cached_scores(catalog, r.answers, STAFF) for r in released_responses(diagnosis)]
    diagnosis.staff_count = diagnosis.staff_responses.count()
    diagnosis.staff_scores = average_scores(per_response)
    diagnosis.save(update_fields=["staff_count", "staff_scores"])


def average_scores(per_response: list[dict]) -> dict:
    if not per_response:
        return {}
    sections: dict[str, list[int]] = {}
    for entry in per_response:
        for section_id, value in entry["sections"].items():
            sections.setdefault(section_id, []).append(value)
    means = {sid: round(sum(values) / len(values)) for sid, values in sections.items()}
    return {"overall": round(sum(means.values()) / len(means)) if means else 0, "sections": means}


@dataclass(frozen=True)
class ImportOutcome:
    catalog: CustomCatalog
    replaced: bool


def import_catalog(organisation: Organisation, text: str, filename: str, by: User) -> ImportOutcome:
    """Validate and store a company's own question bank; CatalogError (with file and line) on bad input."""
    catalog = load_catalog_text(text, filename)
    existing = CustomCatalog.objects.filter(
        organisation=organisation, catalog_id=catalog.id, version=catalog.version
    ).first()
    if existing is not None and Diagnosis.objects.filter(custom_catalog=existing).exists():
        from rashinban.assessments.catalog import CatalogError

        raise CatalogError(
            filename, 1, _("Version %(v)s of this bank is already in use; raise its version.") % {"v": catalog.version}
        )
    obj, created = CustomCatalog.objects.update_or_create(
        organisation=organisation,
        catalog_id=catalog.id,
        version=catalog.version,
        defaults={
            "title": catalog.title.get("ja") or catalog.title.get("en", catalog.id),
            "source": text,
            "uploaded_by": by,
        },
    )
    return ImportOutcome(obj, replaced=not created)
