from django.urls import path

from rashinban.orgs import auth_views, views

app_name = "orgs"

urlpatterns = [
    path("", views.home, name="home"),
    path("signup/", auth_views.signup, name="signup"),
    path("login/", auth_views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.sign_out, name="logout"),
    path("mfa/setup/", auth_views.mfa_setup, name="mfa_setup"),
    path("mfa/verify/", auth_views.mfa_verify, name="mfa_verify"),
    path("mfa/backup-codes/", auth_views.regenerate_backup_codes, name="backup_codes"),
    path("account/", views.account, name="account"),
    path("language/", views.set_language, name="set_language"),
    path("invite/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("o/<int:org_id>/", views.dashboard, name="dashboard"),
    path("o/<int:org_id>/people/", views.people, name="people"),
    path("o/<int:org_id>/people/<int:membership_id>/revoke/", views.revoke, name="revoke"),
    path("o/<int:org_id>/invitations/<int:invitation_id>/cancel/", views.cancel_invitation, name="cancel_invitation"),
    path("o/<int:org_id>/settings/", views.organisation_settings, name="settings"),
    path("o/<int:org_id>/export.json", views.organisation_export, name="export"),
]
