"""Account pages: change or reset the password, see and end sessions, leave a company, delete the account.

Django's own auth views and forms where they fit (PasswordChangeView, PasswordResetView and friends); the
changes themselves are in `lifecycle.py`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rashinban.orgs import lifecycle
from rashinban.orgs.models import User
from rashinban.orgs.tenancy import org_view, second_factor_redirect


class ResetForm(PasswordResetForm):
    """Django's form, sending through our mail queue (the link sealed while it waits), to every active person
    with the address: also those who never set a password (moved in with import-org)."""

    def get_users(self, email: str) -> Any:
        return User.objects.filter(email__iexact=email.strip(), is_active=True)

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        from rashinban.tasks.mail import queue_mail

        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        queue_mail(subject, render_to_string(email_template_name, context), [to_email])


class ResetView(auth.PasswordResetView):
    """Always the same answer, whether the address is known or not, and at most a few mails an hour."""

    form_class = ResetForm
    template_name = "orgs/password_reset.html"
    email_template_name = "orgs/mail/password_reset.txt"
    subject_template_name = "orgs/mail/password_reset_subject.txt"
    success_url = reverse_lazy("orgs:password_reset_done")

    def form_valid(self, form: ResetForm) -> HttpResponse:
        if not lifecycle.reset_allowed(form.cleaned_data["email"], self.request):
            return redirect(self.success_url)  # the same page as a sent mail: reveals nothing
        return super().form_valid(form)


class ResetConfirmView(auth.PasswordResetConfirmView):
    """Setting the new password changes the hash every session carries, so every session ends with it."""

    template_name = "orgs/password_reset_confirm.html"
    success_url = reverse_lazy("orgs:password_reset_complete")


class ChangeView(auth.PasswordChangeView):
    """With the current password; this session stays signed in, every other one ends (Django's session hash)."""

    template_name = "orgs/password_change.html"
    success_url = reverse_lazy("orgs:account")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and (pending := second_factor_redirect(request)):
            return pending
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password was changed. You were signed out everywhere else."))
        return response


@login_required
@require_POST
def end_sessions(request: HttpRequest) -> HttpResponse:
    """End one other session (`key`) or all other sessions."""
    if pending := second_factor_redirect(request):
        return pending
    only = request.POST.get("key") or None
    count = lifecycle.end_sessions(request.user, keep=request.session.session_key, only=only)  # type: ignore[arg-type]
    messages.success(request, _("Signed out of %(count)s other sessions.") % {"count": count})
    return redirect("orgs:account")


@org_view()
@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    try:
        lifecycle.leave_company(request.membership)  # type: ignore[attr-defined]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("orgs:account")
    messages.success(request, _("You left %(company)s.") % {"company": request.org.name})  # type: ignore[attr-defined]
    return redirect("orgs:account")


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    """Confirmed with the password; refused, with the reason, while the person is a company's only owner."""
    if pending := second_factor_redirect(request):
        return pending
    user: User = request.user  # type: ignore[assignment]
    problem = ""
    if request.method == "POST":
        if not user.check_password(request.POST.get("password", "")) and user.has_usable_password():
            problem = _("The password is not correct.")
        else:
            try:
                lifecycle.delete_account(user)
            except ValidationError as error:
                problem = " ".join(error.messages)
            else:
                logout(request)
                messages.success(request, _("Your account was deleted."))
                return redirect("orgs:login")
    context = {"sole": lifecycle.sole_owner_of(user), "problem": problem}
    return render(request, "orgs/delete_account.html", context, status=400 if problem else 200)


@org_view(roles=["owner"])
def delete_company(request: HttpRequest) -> HttpResponse:
    """Ask for the company to be erased after the grace period (typing its name), or take the request back."""
    from rashinban.orgs import deletion

    org = request.org  # type: ignore[attr-defined]
    problem = ""
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            deletion.cancel_deletion(org)
            messages.success(request, _("The deletion was cancelled; nothing was erased."))
            return redirect("orgs:delete_company", org_id=org.id)
        if request.POST.get("name", "").strip() != org.name:
            problem = _("Type the company's name exactly as shown to confirm.")
        else:
            deletion.request_deletion(org, request.user)  # type: ignore[arg-type]
            messages.warning(
                request,
                _("%(company)s will be erased on %(date)s.")
                % {"company": org.name, "date": (timezone.localtime() + deletion.GRACE).date().isoformat()},
            )
            return redirect("orgs:delete_company", org_id=org.id)
        org.refresh_from_db()
    context = {"purge_at": deletion.purge_at(org), "grace_days": deletion.GRACE.days, "problem": problem}
    return render(request, "orgs/delete_company.html", context, status=400 if problem else 200)


@login_required
def change_email(request: HttpRequest) -> HttpResponse:
    """A new address, with the current password; confirmed by a link sent to it, noticed at the old one."""
    from django import forms

    if pending := second_factor_redirect(request):
        return pending

    class EmailForm(forms.Form):
        email = forms.EmailField(label=_("New e-mail address"), max_length=150)
        password = forms.CharField(label=_("Your password"), strip=False, widget=forms.PasswordInput)

    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not request.user.check_password(form.cleaned_data["password"]):  # type: ignore[union-attr]
            form.add_error("password", _("The password is not correct."))
        else:
            lifecycle.request_email_change(request.user, form.cleaned_data["email"])  # type: ignore[arg-type]
            messages.success(request, _("A link to confirm was sent to the new address; the old one was told."))
            return redirect("orgs:account")
    return render(request, "orgs/email_change.html", {"form": form})


def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the mail: a button, then the new address is the sign-in name."""
    problem = ""
    if request.method == "POST":
        try:
            lifecycle.confirm_email_change(token)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(request, _("Your e-mail address was changed; sign in with the new one from now on."))
            return redirect("orgs:account" if request.user.is_authenticated else "orgs:login")
    return render(request, "orgs/email_confirm.html", {"problem": problem}, status=410 if problem else 200)
