"""Every change to organisations and people goes through these functions (views, CLI and demo alike)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rashinban.orgs.choices import Role
from rashinban.orgs.models import EMAIL_MAX_LENGTH, Invitation, Membership, Organisation, User, hash_token
from rashinban.tasks.mail import queue_mail


def create_user(email: str, password: str, display_name: str = "", language: str = "ja") -> User:
    email = email.strip().lower()
    # The CLI passes whatever was typed; forms have checked already.
    validate_email(email)
    MaxLengthValidator(EMAIL_MAX_LENGTH)(email)
    if User.objects.filter(email=email).exists():
        raise ValidationError(_("An account with this e-mail address already exists."))
    user = User(username=email, email=email, display_name=display_name, language=language)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def sign_up(email: str, password: str, display_name: str, organisation_fields: dict, language: str = "ja") -> User:
    """Create an organisation and its owner in one step."""
    user = create_user(email, password, display_name, language)
    organisation = Organisation.objects.create(**{"language": language, **organisation_fields})
    Membership.objects.create(user=user, organisation=organisation, role=Role.OWNER)
    return user


@transaction.atomic
def create_user_with_organisation(
    email: str, password: str, organisation_name: str | None, superuser: bool = False
) -> User:
    user = create_user(email, password)
    if superuser:
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    if organisation_name:
        organisation = Organisation.objects.create(name=organisation_name)
        Membership.objects.create(user=user, organisation=organisation, role=Role.OWNER)
    return user


def invite(organisation: Organisation, email: str, role: str, by: User, language: str) -> Invitation:
    """Create a single-use link and mail it; only the hash of the token is kept."""
    invitation, raw = Invitation.issue(organisation, email, role, by)
    link = settings.BASE_URL + reverse("orgs:accept_invitation", args=[raw])
    with translation.override(language):
        context = {
            "organisation": organisation,
            "link": link,
            "role": invitation.get_role_display(),
            "inviter": by,
            "days": settings.INVITATION_DAYS,
        }
        # Names saved before forms kept them on one line must not break the mail header either.
        subject = _("Invitation to %(name)s on Rashinban") % {"name": " ".join(organisation.name.split())}
        body = render_to_string("orgs/mail/invitation.txt", context)
    # Sent by the worker: a slow mail server does not hold up the page, a refusing one shows on the dashboard.
    queue_mail(subject, body, [invitation.email], organisation=organisation)
    return invitation


def find_invitation(raw_token: str) -> Invitation | None:
    return Invitation.objects.select_related("organisation").filter(token_hash=hash_token(raw_token)).first()


@transaction.atomic
def accept_invitation(invitation: Invitation, user: User) -> Membership:
    """Join (or re-join) the organisation; the link can never be used again."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_usable:
        raise ValidationError(_("This invitation link has expired or has already been used."))
    if user.email.lower() != locked.email.lower():
        raise ValidationError(_("This invitation was sent to a different e-mail address."))
    locked.used_at = timezone.now()
    locked.save(update_fields=["used_at"])
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=locked.organisation, defaults={"role": locked.role}
    )
    if not created:
        membership.role = locked.role if membership.role != Role.OWNER else membership.role
        membership.active = True
        membership.revoked_at = None
        membership.save(update_fields=["role", "active", "revoked_at"])
    from rashinban.notify.hooks import advisor_access

    advisor_access(membership, granted=True)
    return membership


def revoke_membership(membership: Membership) -> None:
    """Take away someone's access (an advisor the owner no longer works with, a leaver)."""
    if (
        membership.role == Role.OWNER
        and not Membership.objects.filter(organisation=membership.organisation, role=Role.OWNER, active=True)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError(_("The last owner cannot be removed."))
    membership.active = False
    membership.revoked_at = timezone.now()
    membership.save(update_fields=["active", "revoked_at"])
    revoke_tokens_of(membership.user, membership.organisation)
    from rashinban.notify.hooks import advisor_access

    advisor_access(membership, granted=False)


def revoke_tokens_of(user: User, organisation: Organisation) -> int:
    """Mark the API tokens a person made for a company as revoked (they already stop working the moment the
    person is no longer an active owner, api.models.ApiToken.find; this makes the token list say so)."""
    from rashinban.api.models import ApiToken

    return ApiToken.objects.filter(organisation=organisation, created_by=user, revoked_at=None).update(
        revoked_at=timezone.now()
    )


def reset_second_factor(email: str) -> int:
    """For a person who lost both the authenticator and the backup codes: remove every second-factor device
    they have (of any kind django-otp knows) and end all their sessions, so that the next sign-in asks for the
    password and then sets up a new second factor. Returns how many devices were removed.

    Raises User.DoesNotExist for an unknown address. Only the operator can run it (`rashinban
    reset-second-factor`); nobody can do it from the web, where it would undo what the second factor protects.
    """
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session
    from django_otp import devices_for_user

    user = User.objects.get(email=email.strip().lower())
    with transaction.atomic():
        devices = list(devices_for_user(user, confirmed=None))
        for device in devices:
            device.delete()
        # Sessions are not indexed by person: read the live ones (an operator's command, not a page).
        ended = [
            session.pk
            for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
            if session.get_decoded().get(SESSION_KEY) == str(user.pk)
        ]
        Session.objects.filter(pk__in=ended).delete()
    return len(devices)
