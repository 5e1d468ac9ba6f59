from django.contrib.auth import views as django_auth
from django.urls import path

from rashinban.orgs import account_views, auth_views, views

app_name = "orgs"

urlpatterns = [
    path("", views.home, name="home"),
    path("signup/", auth_views.signup, name="signup"),
    path("signup/sent/", auth_views.signup_sent, name="signup_sent"),
    path("signup/confirm/<str:token>/", auth_views.signup_confirm, name="signup_confirm"),
    path("login/", auth_views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.sign_out, name="logout"),
    path("mfa/setup/", auth_views.mfa_setup, name="mfa_setup"),
    path("mfa/verify/", auth_views.mfa_verify, name="mfa_verify"),
    path("mfa/backup-codes/", auth_views.regenerate_backup_codes, name="backup_codes"),
    path("account/", views.account, name="account"),
    path("account/password/", account_views.ChangeView.as_view(), name="password_change"),
    path("account/email/", account_views.change_email, name="email_change"),
    path("account/email/confirm/<str:token>/", account_views.confirm_email, name="email_confirm"),
    path("account/sessions/end/", account_views.end_sessions, name="end_sessions"),
    path("account/delete/", account_views.delete_account, name="delete_account"),
    path("password-reset/", account_views.ResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        django_auth.PasswordResetDoneView.as_view(template_name="orgs/password_reset_done.html"),
        name="password_reset_done",
    ),
    path("password-reset/<uidb64>/<token>/", account_views.ResetConfirmView.as_view(), name="password_reset_confirm"),
    path(
        "password-reset/done/",
        django_auth.PasswordResetCompleteView.as_view(template_name="orgs/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("o/<int:org_id>/leave/", account_views.leave, name="leave"),
    path("o/<int:org_id>/delete/", account_views.delete_company, name="delete_company"),
    path("language/", views.set_language, name="set_language"),
    path("invite/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("o/<int:org_id>/", views.dashboard, name="dashboard"),
    path("o/<int:org_id>/more/<slug:name>/", views.fold, name="fold"),
    path("o/<int:org_id>/people/", views.people, name="people"),
    path("o/<int:org_id>/people/<int:membership_id>/revoke/", views.revoke, name="revoke"),
    path("o/<int:org_id>/invitations/<int:invitation_id>/cancel/", views.cancel_invitation, name="cancel_invitation"),
    path("o/<int:org_id>/settings/", views.organisation_settings, name="settings"),
    path("o/<int:org_id>/export.json", views.organisation_export, name="export"),
]
