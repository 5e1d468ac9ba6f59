"""Where the rest of the product announces its events. A failure here is logged and never breaks the caller:
a drill, a survey answer or a failed job must not fail because a chat room or a webhook is unreachable."""

from __future__ import annotations

import logging
from typing import Any

from django.urls import reverse

logger = logging.getLogger(__name__)


def announce(organisation: Any, event: str, data: dict, link: str = "", person: int | None = None) -> None:
    from rashinban.notify.events import emit

    try:
        emit(organisation, event, data, link=link, person=person)
    except Exception:  # noqa: BLE001 - see the module's docstring
        logger.exception("could not announce %s", event)


def job_failed(job: Any) -> None:
    """A background job failed for good (the notifications' own jobs excepted: no loop of failures)."""
    if not job.organisation_id or job.name.startswith(("notify.", "webhooks.")):
        return
    from rashinban.orgs.models import Organisation
    from rashinban.tasks.api import REGISTRY

    organisation = Organisation.objects.filter(pk=job.organisation_id).first()
    if organisation is None:
        return
    task = REGISTRY.get(job.name)
    title = {"ja": _in(task.title, "ja"), "en": _in(task.title, "en")} if task else job.name
    announce(organisation, "job.failed", {"job": job.pk, "task": job.name, "title": title},
             link=reverse("orgs:dashboard", args=[organisation.pk]))  # fmt: skip


def _in(text: Any, lang: str) -> str:
    from django.utils import translation

    with translation.override(lang):
        return str(text)


def advisor_access(membership: Any, granted: bool) -> None:
    from rashinban.orgs.choices import Role

    if membership.role != Role.ADVISOR:
        return
    user = membership.user
    announce(
        membership.organisation,
        "advisor.granted" if granted else "advisor.revoked",
        {"advisor": user.email, "name": user.display_name or user.email},
        link=reverse("orgs:dashboard", args=[membership.organisation_id]),
    )


def drill_finished(drill: Any) -> None:
    announce(drill.organisation, "drill.finished", {"drill": drill.pk, "title": drill.name},
             link=reverse("drills:detail", args=[drill.organisation_id, drill.pk]))  # fmt: skip


def survey_ready(diagnosis: Any, count: int) -> None:
    announce(diagnosis.organisation, "survey.ready", {"diagnosis": diagnosis.pk, "count": count},
             link=reverse("orgs:dashboard", args=[diagnosis.organisation_id]))  # fmt: skip
