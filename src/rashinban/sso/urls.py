from django.urls import path

from rashinban.sso import views

app_name = "sso"

urlpatterns = [
    path("sign-in/<slug:provider>/", views.start, name="start"),
    path("sign-in/<slug:provider>/callback/", views.callback, name="callback"),
    path("account/sign-in/<slug:provider>/unlink/", views.unlink, name="unlink"),
    path("o/<int:org_id>/sign-in-settings/", views.company_settings, name="company_settings"),
]
