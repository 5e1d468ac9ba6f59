"""Sign-up, sign-in, the TOTP second factor and backup codes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token

from rashinban.orgs import backends
from rashinban.orgs.forms import EmailAuthenticationForm, OrganisationForm, SignUpForm, TokenForm
from rashinban.orgs.models import BackupCodeDevice, EncryptedTOTPDevice, new_totp_seed
from rashinban.orgs.tenancy import has_second_factor, requires_second_factor
from rashinban.qr import qr_svg

SESSION_NEXT = "rashinban_next"


def _safe_next(request: HttpRequest, candidate: str | None) -> str | None:
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return None


def signup(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None, prefix="user")
    org_form = OrganisationForm(request.POST or None, prefix="org")
    if request.method == "POST" and form.is_valid() and org_form.is_valid():
        from rashinban.orgs.signup import request_sign_up

        request_sign_up(form.cleaned_data, org_form.cleaned_data)  # a link to confirm, or "you have an account"
        return redirect("orgs:signup_sent")
    return render(request, "orgs/signup.html", {"form": form, "org_form": org_form})


def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "orgs/signup_sent.html")


def signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the mail: a button (mail scanners that open links create nothing), then the account."""
    from rashinban.orgs.signup import SignUpLinkError, confirm_sign_up, read_link

    try:
        payload = read_link(token)
        if request.method == "POST":
            user = confirm_sign_up(token)
            login(request, user, backend=backends.PATH)
            messages.success(request, _("Your company is registered. Next, protect your account with a second factor."))
            return redirect("orgs:mfa_setup")
    except SignUpLinkError as error:
        return render(request, "orgs/signup_confirm.html", {"problem": str(error)}, status=410)
    return render(
        request,
        "orgs/signup_confirm.html",
        {"organisation": payload["organisation"].get("name", ""), "email": payload["email"]},
    )


class SignInView(LoginView):
    template_name = "orgs/login.html"
    authentication_form = EmailAuthenticationForm

    def form_valid(self, form: EmailAuthenticationForm) -> HttpResponse:
        user = form.get_user()
        login(self.request, user)
        next_url = _safe_next(self.request, self.request.POST.get("next") or self.request.GET.get("next"))
        if next_url:
            self.request.session[SESSION_NEXT] = next_url
        if has_second_factor(user):
            return redirect("orgs:mfa_verify")
        if requires_second_factor(user):
            return redirect("orgs:mfa_setup")
        return redirect(self.request.session.pop(SESSION_NEXT, None) or "orgs:home")


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("orgs:login")


@never_cache  # the page shows the TOTP key, then the backup codes
@login_required
def mfa_setup(request: HttpRequest) -> HttpResponse:
    """Enrol a TOTP app: show the QR code, confirm with one code, then hand out backup codes once."""
    user = request.user
    if has_second_factor(user) and not request.user.is_verified():  # type: ignore[union-attr]
        return redirect("orgs:mfa_verify")
    device = EncryptedTOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = EncryptedTOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    elif not device.seed_readable():  # SECRET_KEY changed since the page was first shown: start afresh
        device.seed_encrypted = new_totp_seed()
        device.save(update_fields=["seed_encrypted"])
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            EncryptedTOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            backup, _created = BackupCodeDevice.objects.get_or_create(user=user, defaults={"name": "backup"})
            codes = backup.regenerate()
            # Where sign-in was heading (an invitation link, say) before enrolment got in the way.
            next_url = request.session.pop(SESSION_NEXT, None) or reverse("orgs:home")
            return render(request, "orgs/backup_codes.html", {"codes": codes, "next_url": next_url})
        form.add_error("token", _("That code is not right. Check the time on your phone and try the newest code."))
    import base64

    raw_secret = base64.b32encode(device.bin_key).decode()
    secret = " ".join(raw_secret[i : i + 4] for i in range(0, len(raw_secret), 4))  # easier to type
    context = {"form": form, "qr_svg": mark_safe(qr_svg(device.config_url)), "secret": secret}  # noqa: S308
    return render(request, "orgs/mfa_setup.html", context)


@never_cache
@login_required
def mfa_verify(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in: a code from the app or one backup code (django-otp throttles guesses)."""
    if not has_second_factor(request.user):
        return redirect("orgs:mfa_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, BackupCodeDevice):
                messages.warning(
                    request,
                    _("You used a backup code; %(n)s remain.") % {"n": device.remaining()},
                )
            return redirect(request.session.pop(SESSION_NEXT, None) or "orgs:home")
        form.add_error("token", _("That code is not right, or too many attempts were made. Wait and try again."))
    return render(request, "orgs/mfa_verify.html", {"form": form})


@never_cache
@login_required
@require_POST
def regenerate_backup_codes(request: HttpRequest) -> HttpResponse:
    if not request.user.is_verified():  # type: ignore[union-attr]
        return redirect("orgs:mfa_verify")
    backup, _created = BackupCodeDevice.objects.get_or_create(user=request.user, defaults={"name": "backup"})
    context = {"codes": backup.regenerate(), "next_url": reverse("orgs:account")}
    return render(request, "orgs/backup_codes.html", context)
