"""Practice phishing drills (標的型メール訓練): proved domains, the company's mail server, templates, drills,
their recipients and what happened to each mail.

Nothing typed on a drill landing page is stored anywhere: a submission is only an Event of kind "submitted".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rashinban.orgs.models import Organisation


class Domain(models.Model):
    """A mail domain the company proves it owns with a DNS TXT record; drills go only to proved domains."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="drill_domains")
    domain = models.CharField(_("domain"), max_length=253)
    token = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    checked_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    last_problem = models.CharField(max_length=300, blank=True)
    # Proof without DNS (docs/drills.md): a one-time code mailed by this installation to a role mailbox of the
    # domain (admin@, postmaster@, ...); only its hash is kept, for CODE_MINUTES and CODE_ATTEMPTS tries.
    code_hash = models.CharField(max_length=64, blank=True)
    code_to = models.CharField(max_length=320, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField(default=0)
    verified_by = models.CharField(max_length=10, blank=True)  # "dns" or "mail"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "domain"], name="drills_one_domain")]
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class Security(models.TextChoices):
    STARTTLS = "starttls", _("STARTTLS (usually port 587)")
    TLS = "tls", _("TLS from the start (usually port 465)")
    NONE = "none", _("None (only inside a trusted network)")


class MailSettings(models.Model):
    """The company's own outgoing mail server for drills, and how long drill data is kept."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="drill_settings")
    host = models.CharField(_("SMTP server"), max_length=253)
    port = models.PositiveIntegerField(_("port"), default=587)
    security = models.CharField(_("encryption"), max_length=10, choices=Security.choices, default=Security.STARTTLS)
    username = models.CharField(_("user name"), max_length=200, blank=True)
    # Fernet token (rashinban/crypto.py, DRILLS_SMTP_PASSWORD); never shown back, never logged.
    password_encrypted = models.TextField(blank=True)
    retention_days = models.PositiveIntegerField(_("keep drill data for (days)"), default=365)
    updated_at = models.DateTimeField(default=timezone.now)


class DrillTemplate(models.Model):
    """A company's editable copy of a lure (ルアー) from the built-in library."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="drill_templates")
    lure_id = models.CharField(max_length=40)
    language = models.CharField(max_length=5, default="ja")
    name = models.CharField(_("name"), max_length=120)
    sender_name = models.CharField(_("sender name"), max_length=120)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    signs = models.JSONField(default=list)
    lesson_id = models.CharField(max_length=40)
    has_form = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class DrillStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RUNNING = "running", _("Sending")
    STOPPED = "stopped", _("Stopped")
    FINISHED = "finished", _("Finished")


class Drill(models.Model):
    """One drill: the mail (copied from a template when planned), the plan, and the owner's confirmation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="drills")
    name = models.CharField(_("name"), max_length=120)
    template = models.ForeignKey(DrillTemplate, null=True, on_delete=models.SET_NULL, related_name="drills")
    sender_name = models.CharField(max_length=120)
    from_address = models.EmailField(_("sender address"))
    subject = models.CharField(max_length=200)
    body = models.TextField()
    signs = models.JSONField(default=list)
    lesson_id = models.CharField(max_length=40)
    has_form = models.BooleanField(default=False)
    open_pixel = models.BooleanField(_("count opened mails (an invisible image)"), default=False)
    window_start = models.DateTimeField(_("send from"))
    window_end = models.DateTimeField(_("send until"))
    rate_per_hour = models.PositiveIntegerField(_("mails per hour at most"), default=60)
    quiet_start = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_end = models.TimeField(_("quiet hours until"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=DrillStatus.choices, default=DrillStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    test_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stopped_at = models.DateTimeField(null=True, blank=True)
    # The highest event id whose recipient's verdict is stored (drills/verdicts.py catches up from here).
    classified_upto = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class Recipient(models.Model):
    """One person a drill mails. The link token is made when the mail leaves; only its SHA-256 is kept."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    email = models.EmailField()
    is_test = models.BooleanField(default=False)  # the owner's test mail: never in the results
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    scheduled_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["scheduled_at", "id"]


class EventKind(models.TextChoices):
    """Raw hits as they arrive; the classifier (drills/classify.py) decides what they mean."""

    SENT = "sent", _("Sent")
    OPENED = "opened", _("Images loaded")
    LINK = "link", _("Link fetched")
    CLICKED = "clicked", _("Page used")
    SUBMITTED = "submitted", _("Form sent")
    REPORTED = "reported", _("Report button pressed")


class Event(models.Model):
    """One hit on a drill mail's links, with only what is needed to explain its verdict: the time, the network
    address and browser it came from, and the page's interaction summary (drills/signals.py). Appended by the
    tracking endpoints, never updated; deleted with its drill at the end of the retention period."""

    raises_org_version = False  # append-only, shown on no cached page (orgs/versions.py)

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="events")
    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    at = models.DateTimeField(default=timezone.now)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True, default="")
    # The page's interaction summary (classify.Signals as a dict), or {"channel": "mailbox"} for a report read
    # from the company's mailbox; nothing typed, no cookie, no other header.
    signals = models.JSONField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["drill", "at"], name="drills_event_timeline"),
            models.Index(fields=["drill", "id"], name="drills_event_since"),
        ]


class Verdict(models.Model):
    """The classifier's stored verdict on one recipient: what the results, the lessons, the reports and the API
    read, so that no page re-judges hits. Reasons are kept structured (classify.Reason) and worded when shown."""

    raises_org_version = False  # written by tracking and the catch-up job; no cached page shows it

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="verdicts")
    recipient = models.OneToOneField(Recipient, on_delete=models.CASCADE, related_name="verdict")
    opened = models.BooleanField(default=False)
    clicked = models.BooleanField(default=False)
    submitted = models.BooleanField(default=False)
    reported = models.BooleanField(default=False)
    forwarded = models.BooleanField(default=False)
    clicks = models.PositiveIntegerField(default=0)
    set_aside = models.PositiveIntegerField(default=0)
    first_open_at = models.DateTimeField(null=True, blank=True)
    first_click_at = models.DateTimeField(null=True, blank=True)
    first_report_at = models.DateTimeField(null=True, blank=True)
    reasons = models.JSONField(default=list)
    # The same reasons worded once, one per line, for the pages and exports (drills/wording.py).
    words_ja = models.TextField(blank=True, default="")
    words_en = models.TextField(blank=True, default="")
    upto_event = models.BigIntegerField(default=0)  # the highest event id this verdict has seen
    classified_at = models.DateTimeField(default=timezone.now)
    # The lesson this verdict assigned; withdrawn (while still open) when a later verdict clears the click.
    assignment = models.ForeignKey(
        "training.Assignment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        # Covering indexes: the results page and the drills list count a drill's verdicts without reading its
        # rows (with their worded reasons), so 10,000 people count as fast as 100 (bench/drill_pages.py).
        indexes = [
            models.Index(
                fields=[
                    "drill",
                    "opened",
                    "clicked",
                    "submitted",
                    "reported",
                    "forwarded",
                    "clicks",
                    "set_aside",
                    "first_report_at",
                ],
                name="drills_verdict_figures",
            ),  # fmt: skip
            models.Index(fields=["drill", "first_click_at"], name="drills_verdict_first_click"),
        ]


class KnownScanner(models.Model):
    """A company's own addition to the list of known scanners (its mail gateway's networks, its sandbox)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="drill_scanners")
    name = models.CharField(_("name"), max_length=120)
    networks = models.TextField(_("networks (one per line, e.g. 203.0.113.0/24)"), blank=True)
    user_agents = models.TextField(_("browser identifiers (User-Agent, one per line)"), blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
