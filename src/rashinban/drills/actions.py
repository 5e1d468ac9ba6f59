"""Every change to drills goes through these functions; views, the worker and tests call them."""

from __future__ import annotations

import base64
import hmac
import os
import secrets
import unicodedata
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from rashinban import crypto
from rashinban.drills import dnsverify, plan, verdicts
from rashinban.drills.hits import HitInfo
from rashinban.drills.lures import builtin_lures
from rashinban.drills.models import (
    Domain,
    Drill,
    DrillStatus,
    DrillTemplate,
    Event,
    EventKind,
    KnownScanner,
    MailSettings,
    Recipient,
)
from rashinban.orgs.fastload import RowLoader
from rashinban.orgs.models import Membership, Organisation, User, hash_token
from rashinban.orgs.tenancy import scoped
from rashinban.orgs.versions import bump
from rashinban.tasks.api import enqueue
from rashinban.tasks.mail import queue_mail


class DrillRefused(Exception):
    """The drill may not go ahead; each item is a reason the owner can act on."""

    def __init__(self, reasons: Iterable[str]) -> None:
        self.reasons = [str(r) for r in reasons]
        super().__init__("; ".join(self.reasons))


# ---------------------------------------------------------------- domains and mail server


def dns_nameserver() -> str:
    return getattr(settings, "DRILLS_DNS_NAMESERVER", "") or os.environ.get("DRILLS_DNS_NAMESERVER", "")


def add_domain(organisation: Organisation, text: str) -> Domain:
    domain = dnsverify.normalise_domain(text)
    if domain is None:
        raise DrillRefused([_("“%(text)s” is not a domain name (for example example.co.jp)") % {"text": text}])
    if domain in PUBLIC_MAIL_DOMAINS:
        raise DrillRefused([_("%(domain)s is a public mail service, not your company's domain.") % {"domain": domain}])
    found, _created = Domain.objects.get_or_create(
        organisation=organisation, domain=domain, defaults={"token": dnsverify.new_token()}
    )
    return found


def verify_domain(domain: Domain) -> dnsverify.Outcome:
    outcome = dnsverify.check_domain(domain.domain, domain.token, dns_nameserver())
    domain.checked_at = timezone.now()
    domain.last_problem = outcome.problem
    if outcome.verified:
        domain.verified_at = domain.verified_at or domain.checked_at
        domain.verified_by = domain.verified_by or "dns"
    update = ["checked_at", "last_problem", "verified_at", "verified_by"]
    domain.save(update_fields=update)
    return outcome


# Proving a domain by mail (docs/drills.md, "Proving the domain without DNS"): the role mailboxes that the
# CA/Browser Forum's Baseline Requirements (3.2.2.4.4, "Constructed Email to Domain Contact") accept for proving
# control of a domain; a mail provider gives them to nobody but the domain's administrator.
ROLE_MAILBOXES = ("admin", "administrator", "postmaster", "hostmaster", "webmaster")
# Domains whose mailboxes belong to the public, not to one company: never a drill's domain, by DNS or by mail.
PUBLIC_MAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "outlook.jp", "hotmail.com", "hotmail.co.jp", "live.jp",
    "live.com", "msn.com", "yahoo.co.jp", "ymail.ne.jp", "yahoo.com", "icloud.com", "me.com", "mac.com",
    "aol.com", "docomo.ne.jp", "ezweb.ne.jp", "au.com", "softbank.ne.jp", "i.softbank.jp", "proton.me",
    "protonmail.com", "gmx.com", "mail.com", "nifty.com", "biglobe.ne.jp", "ocn.ne.jp", "so-net.ne.jp",
})  # fmt: skip
CODE_MINUTES = 30
CODE_ATTEMPTS = 5


def send_domain_code(domain: Domain, mailbox: str, language: str) -> str:
    """Mail a one-time code to mailbox@domain from this installation (never through the company's own mail server
    settings, which the person asking controls). Returns the address it went to."""
    if mailbox not in ROLE_MAILBOXES:
        raise DrillRefused([_("Choose one of the listed addresses.")])
    if domain.domain in PUBLIC_MAIL_DOMAINS:
        raise DrillRefused(
            [_("%(domain)s is a public mail service, not your company's domain.") % {"domain": domain.domain}]
        )
    code = f"{secrets.randbelow(10**8):08d}"
    address = f"{mailbox}@{domain.domain}"
    domain.code_hash, domain.code_to, domain.code_attempts = hash_token(code), address, 0
    domain.code_expires_at = timezone.now() + timedelta(minutes=CODE_MINUTES)
    domain.save(update_fields=["code_hash", "code_to", "code_attempts", "code_expires_at"])
    with translation.override(language):
        subject = _("Rashinban: code to confirm %(domain)s for practice drills") % {"domain": domain.domain}
        body = render_to_string(
            "drills/mail/domain_code.txt",
            {"code": code, "domain": domain.domain, "company": domain.organisation.name, "minutes": CODE_MINUTES},
        )
    queue_mail(subject, body, [address], organisation=domain.organisation)
    return address


def confirm_domain_code(domain: Domain, code: str) -> bool:
    """True when `code` is the one mailed, in time and within the tries; the domain is then verified."""
    if not domain.code_hash or domain.code_expires_at is None or domain.code_expires_at < timezone.now():
        raise DrillRefused([_("The code has expired or was never sent: send a new one.")])
    if domain.code_attempts >= CODE_ATTEMPTS:
        raise DrillRefused([_("Too many wrong codes: send a new one.")])
    Domain.objects.filter(pk=domain.pk).update(code_attempts=F("code_attempts") + 1)
    typed = "".join(ch for ch in unicodedata.normalize("NFKC", code) if ch.isdigit())
    if not hmac.compare_digest(hash_token(typed), domain.code_hash):
        return False
    now = timezone.now()
    domain.verified_at, domain.verified_by, domain.checked_at, domain.last_problem = now, "mail", now, ""
    domain.code_hash, domain.code_expires_at = "", None
    domain.save(update_fields=["verified_at", "verified_by", "checked_at", "last_problem", "code_hash",
                               "code_expires_at"])  # fmt: skip
    return True


def verified_domains(organisation: Organisation) -> list[str]:
    return list(scoped(Domain.objects.filter(verified_at__isnull=False), organisation).values_list("domain", flat=True))


def save_mail_settings(organisation: Organisation, values: dict, password: str) -> MailSettings:
    """Store the server; a blank password keeps the stored one (it is never shown back)."""
    current = MailSettings.objects.filter(organisation=organisation).first() or MailSettings(organisation=organisation)
    for name, value in values.items():
        setattr(current, name, value)
    if password:
        current.password_encrypted = crypto.encrypt(password, crypto.DRILLS_SMTP_PASSWORD)
    current.updated_at = timezone.now()
    current.save()
    return current


# ---------------------------------------------------------------- templates and plans


def template_from_lure(organisation: Organisation, lure_id: str, lang: str) -> DrillTemplate:
    lure = builtin_lures().get(lure_id)
    if lure is None:
        raise DrillRefused([_("unknown template")])
    text = lure.text(lang)
    return DrillTemplate.objects.create(
        organisation=organisation, lure_id=lure.id, language="en" if lang == "en" else "ja", name=text.name,
        sender_name=text.sender_name, subject=text.subject, body=text.body, signs=list(text.signs),
        lesson_id=lure.lesson, has_form=lure.form,
    )  # fmt: skip


def members(organisation: Organisation) -> list[User]:
    return [m.user for m in scoped(Membership.objects.select_related("user"), organisation).filter(active=True)
            if m.role != "advisor"]  # fmt: skip


@transaction.atomic
def plan_drill(
    organisation: Organisation,
    template: DrillTemplate,
    *,
    by: User,
    name: str,
    from_address: str,
    window_start: datetime,
    window_end: datetime,
    rate_per_hour: int,
    quiet_start: time | None = None,
    quiet_end: time | None = None,
    open_pixel: bool = False,
    excluded: Iterable[int] = (),
    addresses: Iterable[str] = (),
) -> Drill:
    """A draft drill to the company's members (minus exclusions) or to listed addresses, which must all be
    members on proved domains: anything else is refused with every reason at once."""
    people = {u.email.lower(): u for u in members(organisation)}
    listed = [a.strip().lower() for a in addresses if a.strip()]
    skip = set(excluded)
    chosen = listed or [email for email, user in people.items() if user.pk not in skip]
    problems = plan.refusals(chosen, people, verified_domains(organisation))
    if not chosen:
        problems.append(plan.Refusal("—", _("nobody is left to receive the drill")))
    if window_end <= window_start:
        problems.append(plan.Refusal("—", _("the sending window must end after it starts")))
    if problems:
        raise DrillRefused(problems)
    drill = Drill.objects.create(
        organisation=organisation, name=name, template=template, sender_name=template.sender_name,
        from_address=from_address, subject=template.subject, body=template.body, signs=template.signs,
        lesson_id=template.lesson_id, has_form=template.has_form, open_pixel=open_pixel,
        window_start=window_start, window_end=window_end, rate_per_hour=rate_per_hour,
        quiet_start=quiet_start, quiet_end=quiet_end, created_by=by,
    )  # fmt: skip
    Recipient.objects.bulk_create(
        Recipient(organisation=organisation, drill=drill, user=people[email], email=email) for email in chosen
    )
    return drill


def send_test(drill: Drill, owner: User) -> Recipient:
    """The mail exactly as recipients will get it, to the owner first; its events never count."""
    if not MailSettings.objects.filter(organisation=drill.organisation).exists():
        raise DrillRefused([_("Set up the company's mail server first.")])
    test = Recipient.objects.create(
        organisation=drill.organisation, drill=drill, user=owner, email=owner.email, is_test=True,
        scheduled_at=timezone.now(),
    )  # fmt: skip
    Drill.objects.filter(pk=drill.pk).update(test_sent_at=timezone.now())
    from rashinban.drills.jobs import send_drill_mail

    enqueue(send_drill_mail, organisation=drill.organisation, recipient_id=test.pk)
    return test


def confirm_drill(drill: Drill, by: User, confirmed: bool) -> int:
    """Start sending after the owner's confirmation; re-checks every safety rule. Returns the mails planned."""
    problems = []
    if drill.status != DrillStatus.DRAFT:
        problems.append(_("This drill was already started."))
    if not confirmed:
        problems.append(_("Tick the box to confirm that you, the owner, approve this drill."))
    if drill.test_sent_at is None:
        problems.append(_("Send the test mail to yourself first and check it."))
    if not MailSettings.objects.filter(organisation=drill.organisation).exists():
        problems.append(_("Set up the company's mail server first."))
    recipients = list(drill.recipients.filter(is_test=False))
    people = [u.email for u in members(drill.organisation)]
    problems += [
        str(r) for r in plan.refusals([r.email for r in recipients], people, verified_domains(drill.organisation))
    ]
    if problems:
        raise DrillRefused(problems)
    return _start(drill, by, recipients)


@transaction.atomic
def _start(drill: Drill, by: User, recipients: list[Recipient]) -> int:
    from rashinban.drills.jobs import send_drill_mail

    now = timezone.now()
    # Shuffled, so that the order of sending says nothing about anyone.
    secrets.SystemRandom().shuffle(recipients)
    tz = ZoneInfo(drill.organisation.timezone)
    start = max(drill.window_start, now)
    times = plan.schedule(len(recipients), start, max(drill.window_end, start + timedelta(minutes=1)),
                          drill.rate_per_hour, tz, drill.quiet_start, drill.quiet_end)  # fmt: skip
    Drill.objects.filter(pk=drill.pk).update(status=DrillStatus.RUNNING, confirmed_at=now, confirmed_by=by)
    bump(drill.organisation_id)  # an UPDATE raises no version: the company's pages must show the drill running
    drill.status = DrillStatus.RUNNING
    for recipient, when in zip(recipients, times, strict=True):
        recipient.scheduled_at = when
    Recipient.objects.bulk_update(recipients, ["scheduled_at"])
    for recipient in recipients:
        enqueue(send_drill_mail, organisation=drill.organisation, delay=max(timedelta(), recipient.scheduled_at - now),
                recipient_id=recipient.pk)  # fmt: skip
    return len(recipients)


def stop_drill(drill: Drill) -> None:
    """The stop button: no further mail leaves (each send checks the status first)."""
    Drill.objects.filter(pk=drill.pk, status__in=[DrillStatus.DRAFT, DrillStatus.RUNNING]).update(
        status=DrillStatus.STOPPED, stopped_at=timezone.now()
    )
    bump(drill.organisation_id)


# ---------------------------------------------------------------- tracking (the hot path)


def new_link_token() -> tuple[str, str]:
    raw = secrets.token_urlsafe(24)  # 192 bits
    return raw, hash_token(raw)


def link_token_for(recipient_id: int) -> tuple[str, str]:
    """The recipient's link token, the same on every attempt to send their mail (an HMAC of the id under
    SECRET_KEY, like Django's password-reset tokens; 192 bits). A worker killed after the SMTP server took the mail
    but before it noted the mail as sent leaves the job to be run again: the second attempt then sends the very
    same mail (same links, same Message-ID, which mailboxes treat as one), not a second mail whose links would
    replace the first one's."""
    digest = salted_hmac("rashinban.drills.link", str(recipient_id), algorithm="sha256").digest()
    raw = base64.urlsafe_b64encode(digest[:24]).decode()
    return raw, hash_token(raw)


# Every link hit looks its recipient up: one SELECT written once (orgs/fastload.py). Compiling the queryset cost
# more than running it when a whole company clicks at once (bench/drill_events.py).
_RECIPIENT = RowLoader(Recipient, [("token_hash", "=")], related="drill")


def find_recipient(token: str) -> Recipient | None:
    if not token or len(token) > 64:
        return None
    return _RECIPIENT.get(hash_token(token))  # type: ignore[return-value]


def record(recipient: Recipient, kind: str, hit: HitInfo | None = None) -> None:
    """Append one event: a single INSERT, so that a whole company clicking at once loses nothing."""
    _insert_event(recipient.pk, recipient.organisation_id, recipient.drill_id, kind, hit)


def record_by_token(token: str, kind: str, hit: HitInfo | None = None) -> bool:
    """The cheapest path (open pixel): one indexed SELECT of three ids, one INSERT; False for an unknown token."""
    if not token or len(token) > 64:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, organisation_id, drill_id FROM {Recipient._meta.db_table} WHERE token_hash = %s",
            [hash_token(token)],
        )
        ids = cursor.fetchone()
    if ids is None:
        return False
    _insert_event(*ids, kind, hit)
    return True


_SIGNALS = Event._meta.get_field("signals")


def _insert_event(recipient_id: int, organisation_id: int, drill_id: int, kind: str, hit: HitInfo | None) -> None:
    """Plain SQL on the model's own table and columns: building the ORM's INSERT cost more than running it.
    Events raise no data version and have no other signal receivers (Event.raises_org_version)."""
    at = Event._meta.get_field("at").get_db_prep_value(timezone.now(), connection)
    ip, agent, signals = (hit.ip or None, hit.user_agent, hit.signals) if hit else (None, "", None)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Event._meta.db_table}"
            " (recipient_id, organisation_id, drill_id, kind, at, ip, user_agent, signals)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            [recipient_id, organisation_id, drill_id, kind, at, ip, agent,
             _SIGNALS.get_db_prep_value(signals, connection)],
        )  # fmt: skip


def record_press(recipient: Recipient, kind: str, hit: HitInfo | None = None) -> None:
    """A press on a drill page (「続行」, the fake form, the report button): stored, then its person judged at once,
    so that the lesson follows the verdict (drills/verdicts.py), not the raw hit."""
    record(recipient, kind, hit)
    verdicts.judge_recipient(recipient)


def record_mailbox_report(recipient: Recipient) -> None:
    """A drill mail the person forwarded to the company's report address (the shared mailbox, issue 19): a
    report from the person's own mail client, which always counts and is never a click."""
    record_press(recipient, EventKind.REPORTED, HitInfo(signals={"channel": "mailbox"}))


# ---------------------------------------------------------------- known scanners


def add_known_scanner(organisation: Organisation, values: dict) -> KnownScanner:
    """The company's own scanner entry; its recent drills are judged again with it."""
    entry = KnownScanner.objects.create(organisation=organisation, **values)
    _judge_recent_again(organisation)
    return entry


def remove_known_scanner(entry: KnownScanner) -> None:
    organisation = entry.organisation
    entry.delete()
    _judge_recent_again(organisation)


def _judge_recent_again(organisation: Organisation) -> None:
    from rashinban.drills.jobs import judge_drill_again

    for drill in verdicts.recent_drills().filter(organisation=organisation):
        enqueue(judge_drill_again, organisation=organisation, drill_id=drill.pk)


# ---------------------------------------------------------------- retention


def delete_expired(now: datetime | None = None) -> int:
    """Drop drills (with their recipients and events) older than each company's retention; returns how many."""
    now = now or timezone.now()
    deleted = 0
    for mail_settings in MailSettings.objects.all():
        cutoff = now - timedelta(days=mail_settings.retention_days)
        old = Drill.objects.filter(organisation_id=mail_settings.organisation_id, created_at__lt=cutoff)
        deleted += old.count()
        old.delete()
    return deleted
