"""Organisations (会社), people and their memberships, invitations, and the second factor: TOTP devices with
encrypted seeds and hashed backup codes."""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from base64 import b32encode
from binascii import unhexlify
from datetime import timedelta
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone as djtz
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP
from django_otp.util import random_hex

from rashinban import crypto
from rashinban.orgs.choices import PREFECTURE_CHOICES, EmployeeBand, Industry, Role

logger = logging.getLogger(__name__)


def hash_token(raw: str) -> str:
    """Tokens are high-entropy random strings, so a plain SHA-256 is enough to store them safely."""
    return hashlib.sha256(raw.encode()).hexdigest()


# The e-mail address is also the username, and Django's username column holds 150 characters.
EMAIL_MAX_LENGTH = 150


class EmailUserManager(UserManager):
    def create_user(self, username=None, email=None, password=None, **extra):  # type: ignore[override]
        email = self.normalize_email(email or username).lower()
        return super().create_user(email, email, password, **extra)

    def create_superuser(self, username=None, email=None, password=None, **extra):  # type: ignore[override]
        email = self.normalize_email(email or username).lower()
        return super().create_superuser(email, email, password, **extra)


class User(AbstractUser):
    """A person who signs in; the e-mail address is the sign-in name."""

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("name"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="ja")

    objects = EmailUserManager()

    def __str__(self) -> str:
        return self.display_name or self.email


class Organisation(models.Model):
    """A company (会社) and its profile; every company-owned row points here."""

    name = models.CharField(_("company name"), max_length=200)
    industry = models.CharField(_("industry"), max_length=30, choices=Industry.choices, default=Industry.OTHER)
    employee_band = models.CharField(
        _("number of employees"), max_length=10, choices=EmployeeBand.choices, default=EmployeeBand.UPTO_20
    )
    prefecture = models.CharField(_("prefecture"), max_length=10, choices=PREFECTURE_CHOICES, default="東京都")
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Tokyo")
    # The language of what the company hands on (reports, the command line's output); pages follow the reader.
    language = models.CharField(
        _("language of reports"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="ja",
        help_text=_("Reports and the command line's output for this company are written in this language."),
    )
    slug = models.SlugField(
        _("short name"),
        max_length=50,
        unique=True,
        help_text=_("Letters, digits and hyphens; names the company in commands such as rashinban report --org."),
    )
    share_anonymised = models.BooleanField(
        _("take part in anonymised comparisons"),
        default=False,
        help_text=_(
            "Your scores count, without your name, in the comparisons with companies of the same industry and size. "
            "Figures are shown only for groups of at least five companies."
        ),
    )
    # Mails the company sends its own people (the staff survey invitation) come from the company, not from a
    # faceless tool: its name on the From line, replies to a person who can vouch for the mail (tasks/mail.py).
    mail_sender_name = models.CharField(
        _("sender name for mails to staff"),
        max_length=100,
        blank=True,
        help_text=_("Shown as the sender of survey invitations, e.g. “A商事 総務部 山田”. Empty: the company name."),
    )
    mail_reply_to = models.EmailField(
        _("reply-to address for mails to staff"),
        max_length=EMAIL_MAX_LENGTH,
        blank=True,
        help_text=_(
            "Replies go to this address (a person or a shared inbox of the company), so staff can ask "
            "whether a mail is genuine."
        ),
    )
    # Set when an owner asks to delete the company; every row is erased a grace period later (orgs/deletion.py).
    deletion_requested_at = models.DateTimeField(null=True, blank=True)
    # Raised whenever a row of the company changes (orgs/versions.py): pages cached per version stay current.
    data_version = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=djtz.now)

    class Meta:
        ordering = ["name", "id"]
        # The anonymised comparison starts from the companies of one industry and size band
        # (advisors/benchmarks.py); without it SQLite read every diagnosis of the installation to find them.
        indexes = [models.Index(fields=["industry", "employee_band"], name="organisation_peer_group")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        if not self.slug:
            self.slug = new_slug(self.name)
        if self.pk is not None and not self._state.adding and kwargs.get("update_fields") is None:
            # Never write back the data version this copy was loaded with: another request may have raised it
            # since, and a lower number could match a cached page from before (orgs/versions.py).
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "data_version"
            ]
        super().save(*args, **kwargs)


def new_slug(name: str) -> str:
    """A short ASCII name for the command line: the name's latin part, or "company", plus a random suffix."""
    base = slugify(name)[:40].strip("-") or "company"
    while True:
        slug = f"{base}-{secrets.token_hex(2)}"
        if not Organisation.objects.filter(slug=slug).exists():
            return slug


class Membership(models.Model):
    """A person's role in one organisation. Advisors' access is revocable by the owner."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=djtz.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")]
        ordering = ["organisation__name", "id"]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


class Invitation(models.Model):
    """A single-use, expiring link that lets someone join an organisation in a given role."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=djtz.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @classmethod
    def issue(cls, organisation: Organisation, email: str, role: str, by: User | None) -> tuple[Invitation, str]:
        raw = secrets.token_urlsafe(32)
        invitation = cls.objects.create(
            organisation=organisation,
            email=email.lower(),
            role=role,
            token_hash=hash_token(raw),
            invited_by=by,
            expires_at=djtz.now() + timedelta(days=settings.INVITATION_DAYS),
        )
        return invitation, raw

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.cancelled_at is None and self.expires_at > djtz.now()


BACKUP_CODE_HEX = 16  # 64 bits, shown as four groups of four


class BackupCodeDevice(Device):
    """One-time backup codes for the second factor, stored only as hashes (django-otp keeps them in clear)."""

    def verify_token(self, token: str) -> bool:
        normalized = "".join(str(token).split()).replace("-", "").lower()
        if len(normalized) != BACKUP_CODE_HEX:
            return False
        for code in self.codes.filter(used_at__isnull=True):
            if check_password(normalized, code.code_hash):
                # One conditional UPDATE: of two requests racing with the same code, only one wins.
                return BackupCode.objects.filter(pk=code.pk, used_at__isnull=True).update(used_at=djtz.now()) > 0
        return False

    def regenerate(self, count: int = 10) -> list[str]:
        """New codes, shown once; stored with the password hasher (salted, slow), never in clear."""
        self.codes.all().delete()
        raw = [secrets.token_hex(BACKUP_CODE_HEX // 2) for _ in range(count)]
        BackupCode.objects.bulk_create(BackupCode(device=self, code_hash=make_password(code)) for code in raw)
        return ["-".join(code[i : i + 4] for i in range(0, len(code), 4)) for code in raw]

    def remaining(self) -> int:
        return self.codes.filter(used_at__isnull=True).count()


class BackupCode(models.Model):
    device = models.ForeignKey(BackupCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=200)
    used_at = models.DateTimeField(null=True, blank=True)


class SeedUnreadable(Exception):
    """No key (SECRET_KEY or SECRET_KEY_FALLBACKS) opens a TOTP seed: SECRET_KEY changed without its fallback."""


def new_totp_seed() -> str:
    """A fresh random seed of 20 bytes (django-otp's default), encrypted for storage."""
    return crypto.encrypt(random_hex(20), crypto.TOTP_SEED)


class EncryptedTOTPDevice(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app (TOTP), as django-otp's TOTPDevice but with the seed stored only encrypted
    (rashinban/crypto.py), so a database dump or a backup archive alone cannot make codes.

    The other columns, the verification (django_otp.oath.TOTP), replay protection (last_t), drift and throttling
    are django-otp's, and read the same OTP_TOTP_* settings.
    """

    seed_encrypted = models.TextField(default=new_totp_seed, editable=False)
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(choices=[(6, 6), (8, 8)], default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)  # time step of the last verified code: only later ones verify

    class Meta(Device.Meta):
        verbose_name = "TOTP device"

    @property
    def bin_key(self) -> bytes:
        """The seed, decrypted."""
        seed = crypto.decrypt(self.seed_encrypted, crypto.TOTP_SEED)
        if not seed:
            raise SeedUnreadable(f"TOTP device {self.pk}")
        return unhexlify(seed)

    def seed_readable(self) -> bool:
        return bool(crypto.decrypt(self.seed_encrypted, crypto.TOTP_SEED))

    def verify_token(self, token: Any) -> bool:
        # As django-otp 1.7's TOTPDevice.verify_token; a successful code also re-encrypts the seed under the
        # current SECRET_KEY when it was read with a fallback key.
        verify_allowed, _reason = self.verify_is_allowed()
        if not verify_allowed:
            return False
        verified = False
        try:
            code = int(token)
            key = self.bin_key
        except (TypeError, ValueError):
            pass
        except SeedUnreadable:
            logger.warning("The TOTP seed of device %s cannot be decrypted: was SECRET_KEY changed?", self.pk)
        else:
            totp = TOTP(key, self.step, self.t0, self.digits, self.drift)
            totp.time = time.time()
            verified = totp.verify(code, self.tolerance, self.last_t + 1)
            if verified:
                self.last_t = totp.t()
                if getattr(settings, "OTP_TOTP_SYNC", True):
                    self.drift = totp.drift
                self.seed_encrypted = crypto.rotate(self.seed_encrypted, crypto.TOTP_SEED)
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=False)
                self.save()
        if not verified:
            self.throttle_increment(commit=True)
        return verified

    def get_throttle_factor(self) -> int:
        return getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)

    @property
    def config_url(self) -> str:
        """The otpauth:// URL an authenticator app reads from the QR code, as django-otp writes it (issuer from
        OTP_TOTP_ISSUER; OTP_TOTP_IMAGE is not used)."""
        label = str(self.user.get_username())
        params = urlencode(
            {"secret": b32encode(self.bin_key), "algorithm": "SHA1", "digits": self.digits, "period": self.step}
        )
        issuer = getattr(settings, "OTP_TOTP_ISSUER", None)
        issuer = issuer(self) if callable(issuer) else issuer
        if isinstance(issuer, str) and issuer:
            issuer = issuer.replace(":", "")
            label = f"{issuer}:{label}"
            params += f"&issuer={quote(issuer)}"  # RFC 3986 encoding, not quote_plus
        return f"otpauth://totp/{quote(label)}?{params}"
